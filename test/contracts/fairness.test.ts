// Contracts v2 fairness: what a hostile seller, bidder or operator key tries, and why it fails.
// Each test is the attack first; the assertions are what the victim would notice.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sealedCommitment as commitmentFor } from "@gavel/sdk";
import { network } from "hardhat";
import { type Address, type Hex, keccak256, maxUint256, toHex } from "viem";
import {
  DAY,
  dutchParams,
  englishParams,
  type Gavel,
  gavelFixtures,
  HOUR,
  ListingStatus,
  listingParams,
  MINUTE,
  Pricing,
  rollingParams,
  sealedCommitment,
  sealedParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, expectMoves, tokenBalances } = gavelFixtures(connection);
const TRACKING = keccak256(toHex("tracking"));
const now = async () => BigInt(await networkHelpers.time.latest());
const salt = (label: string): Hex => keccak256(toHex(`salt ${label}`));

/** Ships and confirms deal `id` on `house`: the seller's proceeds land in the seller's wallet. */
async function completeDeal(g: Gavel, houseAddress: Address, id: bigint, buyer: Gavel["alice"]) {
  // Every house has the same deal functions (DealEscrow); the English house's ABI speaks for all.
  const house = await viem.getContractAt("EnglishAuctionHouse", houseAddress);
  await house.write.ship([id, TRACKING], { account: g.seller.account });
  await house.write.confirm([id], { account: buyer.account });
}

describe("No registration change freezes money", () => {
  it("test_Attack_AdminUnregistersHouseMidListing_EveryRoundStillSettles_NothingLeftInTheHouse", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const HOUSE_ROLE = await g.config.read.HOUSE_ROLE();
    const listingId = await g.config.read.nextAuctionId();
    await g.rolling.write.createAuction([listingParams(), rollingParams({ units: 3 })], {
      account: g.seller.account,
    });
    // An English listing in the English house, which is unregistered too.
    const englishId = await g.config.read.nextAuctionId();
    await g.house.write.createAuction([listingParams(), englishParams(await now())], {
      account: g.seller.account,
    });
    await g.house.write.bid([englishId, usdc(120)], { account: g.carol.account });

    // Round 1 sells, then the admin migrates away from both houses.
    await g.rolling.write.bid([listingId, usdc(110)], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.rolling.write.settle([listingId]);
    await g.config.write.revokeRole([HOUSE_ROLE, g.rolling.address]);
    await g.config.write.revokeRole([HOUSE_ROLE, g.house.address]);
    assert.equal(await g.config.read.hasRole([HOUSE_ROLE, g.rolling.address]), false);
    assert.equal(await g.config.read.isKnownHouse([g.rolling.address]), true);

    // New listings are refused…
    await viem.assertions.revertWithCustomError(
      g.rolling.write.createAuction([listingParams(), rollingParams()], { account: g.seller.account }),
      g.config,
      "AccessControlUnauthorizedAccount",
    );
    // …but the listing that exists runs to its end: rounds 2 and 3 settle, each opening the next.
    const sold: { round: bigint; buyer: Gavel["alice"]; price: bigint }[] = [
      { round: listingId, buyer: g.alice, price: usdc(100) },
    ];
    for (const buyer of [g.bob, g.dave]) {
      const { currentRoundId } = await g.rolling.read.getRolling([listingId]);
      await g.rolling.write.bid([currentRoundId, usdc(130)], { account: buyer.account });
      await networkHelpers.time.increase(DAY);
      await g.rolling.write.settle([currentRoundId]);
      sold.push({ round: currentRoundId, buyer, price: usdc(100) });
    }
    assert.equal((await g.rolling.read.getListing([listingId])).status, ListingStatus.Settled);
    assert.equal((await g.rolling.read.getRolling([listingId])).unitsSold, 3);
    // The English auction settles into its deal as before.
    await g.house.write.settle([englishId]);
    assert.equal((await g.house.read.getDeal([englishId])).buyer.toLowerCase(), g.carol.account.address);

    // Every unit's money reaches its deal and then the seller's wallet; the house ends empty.
    const [sellerBefore] = await tokenBalances(g, [g.seller.account.address]);
    for (const { round, buyer, price } of sold) {
      assert.equal((await g.rolling.read.getDeal([round])).amount, price);
      await completeDeal(g, g.rolling.address, round, buyer);
    }
    const [sellerAfter] = await tokenBalances(g, [g.seller.account.address]);
    assert.equal(sellerAfter! - sellerBefore!, 3n * usdc("97.5"));
    await g.rolling.write.sweepFees([g.treasury.account.address]);
    assert.equal(await g.usdc.read.balanceOf([g.rolling.address]), 0n);
  });
});

describe("A sealed-bid seller cannot profit from shill bids", () => {
  const LADDER = [150, 200, 250, 300, 350, 400, 450, 550, 600, 650].map((n) => usdc(n));
  const HONEST_WINNER = usdc(500);
  const HONEST_RUNNER_UP = usdc(200);

  /** One second-price auction at the default 25 % penalty; returns how much the seller's side gained. */
  async function run(shill: boolean): Promise<{ sellerSide: bigint; price: bigint; treasury: bigint }> {
    const g = await networkHelpers.loadFixture(deployGavel);
    const wallets = await viem.getWalletClients();
    const shills = wallets.slice(10, 10 + LADDER.length);
    const penaltyBps = Number(await g.sealed.read.DEFAULT_PENALTY_BPS());
    assert.equal(penaltyBps, 2500);
    const sellerSide: Address[] = [g.seller.account.address, ...shills.map((w) => w.account.address)];
    const [...before] = await tokenBalances(g, sellerSide);

    const id = await g.config.read.nextAuctionId();
    const t = await now();
    await g.sealed.write.createAuction(
      [listingParams(), sealedParams(t, { pricing: Pricing.SecondPrice, unrevealedPenaltyBps: penaltyBps })],
      { account: g.seller.account },
    );
    const commit = async (who: Gavel["alice"], amount: bigint, collateral: bigint) =>
      g.sealed.write.commit(
        [
          id,
          sealedCommitment(g.sealed.address, id, who.account.address, amount, salt(who.account.address)),
          collateral,
        ],
        { account: who.account },
      );
    await commit(g.alice, HONEST_WINNER, usdc(800));
    await commit(g.bob, HONEST_RUNNER_UP, usdc(300));
    if (shill) {
      // The seller funds ten addresses and commits a ladder, each fully collateralised so any rung can be revealed.
      for (const [i, w] of shills.entries()) {
        const amount = LADDER[i]!;
        await g.usdc.write.transfer([w.account.address, amount], { account: g.seller.account });
        await g.usdc.write.approve([g.sealed.address, maxUint256], { account: w.account });
        await commit(w, amount, amount);
      }
    }
    const { commitEnd, revealEnd } = await g.sealed.read.getAuction([id]);
    await networkHelpers.time.increaseTo(commitEnd);
    const reveal = (who: Gavel["alice"], amount: bigint) =>
      g.sealed.write.reveal([id, amount, salt(who.account.address)], { account: who.account });
    await reveal(g.alice, HONEST_WINNER);
    await reveal(g.bob, HONEST_RUNNER_UP);
    let revealed: Gavel["alice"] | undefined;
    if (shill) {
      // Having seen the honest reveals, the seller reveals only the rung just under the winner.
      const rung = LADDER.filter((a) => a < HONEST_WINNER).at(-1)!;
      revealed = shills[LADDER.indexOf(rung)]!;
      await reveal(revealed, rung);
    }
    await networkHelpers.time.increaseTo(revealEnd);
    await g.sealed.write.settle([id]);
    const bidders = [g.bob, ...(shill ? shills : [])];
    for (const b of bidders) await g.sealed.write.returnCollateral([id, b.account.address]);
    const price = (await g.sealed.read.getDeal([id])).amount;
    await completeDeal(g, g.sealed.address, id, g.alice);
    const after = await tokenBalances(g, sellerSide);
    const sellerSideGain = after.reduce((sum, b, i) => sum + b - before[i]!, 0n);
    assert.equal(
      await g.sealed.read.withdrawable([g.seller.account.address]),
      0n,
      "the seller is never credited a penalty",
    );
    return {
      sellerSide: sellerSideGain,
      price,
      treasury: await g.sealed.read.unsweptFees([g.treasury.account.address]),
    };
  }

  it("test_Attack_SellerShillLadder_RevealsTheRungUnderTheWinner_EndsWithLessThanHonest", async () => {
    const honest = await run(false);
    const shilled = await run(true);
    // Honest: Vickrey price = the runner-up's 200; the seller keeps 97.5 %.
    assert.equal(honest.price, HONEST_RUNNER_UP);
    assert.equal(honest.sellerSide, (HONEST_RUNNER_UP * 9750n) / 10_000n);
    // The shill lifted the price to 450 …
    assert.equal(shilled.price, usdc(450));
    // … but the nine unrevealed rungs lost 25 % of their collateral to the treasury, never to the seller.
    const unrevealed = LADDER.filter((a) => a !== usdc(450)).reduce((s, a) => s + a, 0n);
    const penalties = (unrevealed * 2500n) / 10_000n;
    assert.equal(shilled.treasury, penalties + (usdc(450) * 250n) / 10_000n);
    assert.equal(shilled.sellerSide, (usdc(450) * 9750n) / 10_000n - penalties);
    assert.ok(
      shilled.sellerSide < honest.sellerSide,
      `shilling paid off: ${shilled.sellerSide} ≥ ${honest.sellerSide}`,
    );
  });

  it("test_Attack_CommitmentReplayedOnAnotherChainOrHouse_NeverReveals", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const id = await g.config.read.nextAuctionId();
    await g.sealed.write.createAuction([listingParams(), sealedParams(await now())], {
      account: g.seller.account,
    });
    const bid = { auctionId: id, bidder: g.alice.account.address, amount: usdc(150), salt: salt("alice") };
    const chainId = await g.publicClient.getChainId();
    const right = commitmentFor({ ...bid, chainId, house: g.sealed.address });
    assert.equal(await g.sealed.read.commitmentOf([id, bid.bidder, bid.amount, bid.salt]), right);
    // The same bid committed for another chain or another deployment is a different hash.
    const otherChain = commitmentFor({ ...bid, chainId: 8453, house: g.sealed.address });
    const otherHouse = commitmentFor({ ...bid, chainId, house: g.house.address });
    assert.notEqual(otherChain, right);
    assert.notEqual(otherHouse, right);
    for (const [who, commitment] of [
      [g.alice, otherChain],
      [g.bob, otherHouse],
    ] as const) {
      await g.sealed.write.commit([id, commitment, usdc(200)], { account: who.account });
    }
    await networkHelpers.time.increaseTo((await g.sealed.read.getAuction([id])).commitEnd);
    for (const who of [g.alice, g.bob]) {
      await viem.assertions.revertWithCustomError(
        g.sealed.write.reveal([id, bid.amount, bid.salt], { account: who.account }),
        g.sealed,
        "SealedCommitmentMismatch",
      );
    }
  });
});

describe("A pause never decides an auction", () => {
  it("test_PauseForADay_AcrossEnglishEnd_DutchDecay_SealedCommitEnd_EachResumesWhereItStopped", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const t0 = await now();
    const englishId = await g.config.read.nextAuctionId();
    await g.house.write.createAuction([listingParams(), englishParams(t0)], { account: g.seller.account });
    const dutchId = await g.config.read.nextAuctionId();
    await g.dutch.write.createAuction([listingParams(), dutchParams(t0)], { account: g.seller.account });
    const sealedId = await g.config.read.nextAuctionId();
    await g.sealed.write.createAuction([listingParams(), sealedParams(t0)], { account: g.seller.account });

    await g.house.write.bid([englishId, usdc(150)], { account: g.alice.account });
    const english = await g.house.read.getAuction([englishId]);
    const dutch = await g.dutch.read.getAuction([dutchId]);
    const sealed = await g.sealed.read.getAuction([sealedId]);

    // Two hours before the English end (and mid-way down the Dutch schedule), the pauser pauses for a day.
    await networkHelpers.time.setNextBlockTimestamp(english.endTime - 2n * HOUR);
    await g.config.write.pause();
    const pausedAt = await g.config.read.pausedAt();
    const priceAtPause = await g.dutch.read.currentPrice([dutchId]);
    assert.ok(priceAtPause > dutch.floorPrice && priceAtPause < dutch.startPrice);
    const clockAtPause = await g.config.read.clock();
    await networkHelpers.time.increaseTo(pausedAt + DAY - 1n);

    // While paused: the clocks stand still, so nothing is decided by the pause.
    assert.equal(await g.config.read.clock(), clockAtPause);
    assert.equal(await g.dutch.read.currentPrice([dutchId]), priceAtPause);
    await viem.assertions.revertWithCustomError(
      g.house.write.settle([englishId]),
      g.house,
      "EnglishNotEnded",
    );
    await viem.assertions.revertWithCustomError(
      g.sealed.write.reveal([sealedId, usdc(150), salt("x")], { account: g.alice.account }),
      g.sealed,
      "SealedNotRevealPhase",
    );
    await viem.assertions.revertWithCustomError(
      g.house.write.bid([englishId, usdc(300)], { account: g.bob.account }),
      g.house,
      "AuctionPaused",
    );

    await networkHelpers.time.setNextBlockTimestamp(pausedAt + DAY);
    await g.config.write.unpause();
    const pausedFor = DAY;
    assert.equal(await g.config.read.pausedTotal(), pausedFor);
    // Every time that had not come moved by exactly the pause.
    assert.equal((await g.house.read.getAuction([englishId])).endTime, english.endTime + pausedFor);
    const dutchAfter = await g.dutch.read.getAuction([dutchId]);
    assert.deepEqual(
      [dutchAfter.startTime, dutchAfter.floorTime, dutchAfter.endTime],
      [dutch.startTime + pausedFor, dutch.floorTime + pausedFor, dutch.endTime + pausedFor],
    );
    const sealedAfter = await g.sealed.read.getAuction([sealedId]);
    assert.deepEqual(
      [sealedAfter.commitEnd, sealedAfter.revealEnd],
      [sealed.commitEnd + pausedFor, sealed.revealEnd + pausedFor],
    );

    // The Dutch price resumes where it stopped.
    assert.equal(await g.dutch.read.currentPrice([dutchId]), priceAtPause);
    // A bid that would have won before the pause still can, with the time that was left.
    await g.house.write.bid([englishId, usdc(300)], { account: g.bob.account });
    assert.equal((await g.house.read.getAuction([englishId])).leader.toLowerCase(), g.bob.account.address);
    // Sealed commits are still open, for the time that was left.
    await g.sealed.write.commit(
      [
        sealedId,
        sealedCommitment(g.sealed.address, sealedId, g.carol.account.address, usdc(150), salt("c")),
        usdc(200),
      ],
      { account: g.carol.account },
    );
    // And the English auction ends two hours (plus anti-sniping) after the unpause, not at once.
    const { endTime } = await g.house.read.getAuction([englishId]);
    await networkHelpers.time.setNextBlockTimestamp(endTime - 1n);
    await viem.assertions.revertWithCustomError(
      g.house.write.settle([englishId]),
      g.house,
      "EnglishNotEnded",
    );
    await networkHelpers.time.setNextBlockTimestamp(endTime);
    await g.house.write.settle([englishId]);
    assert.equal((await g.house.read.getDeal([englishId])).buyer.toLowerCase(), g.bob.account.address);
  });

  it("test_DealDeadlinesKeepRunningWhilePaused", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const id = await g.config.read.nextAuctionId();
    await g.house.write.createAuction([listingParams(), englishParams(await now())], {
      account: g.seller.account,
    });
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    const { shipBy } = await g.house.read.getDeal([id]);
    await g.config.write.pause();
    await networkHelpers.time.increaseTo(shipBy + 1n);
    // Deal actions work while paused, on wall-clock deadlines: the buyer reclaims.
    await expectMoves(g, () => g.house.write.reclaim([id], { account: g.alice.account }), [
      { who: g.alice.account.address, credit: usdc(100) },
    ]);
    assert.equal((await g.house.read.getDeal([id])).shipBy, shipBy);
  });

  it("test_OnlyTheConfigPushesThePauseState", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.syncPause([true, 1, 0], { account: g.stranger.account }),
      g.house,
      "AuctionNotConfig",
      [g.stranger.account.address],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.config.write.allocateRoundId({ account: g.stranger.account }),
      g.config,
      "GavelConfigUnknownHouse",
      [g.stranger.account.address],
    );
  });
});

describe("Free bids cannot switch off anti-sniping (rolling rounds)", () => {
  it("test_Attack_LosingBidsInTheWindowUseNoExtension_TheSnipeStillLeavesAFullWindow", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const id = await g.config.read.nextAuctionId();
    await g.rolling.write.createAuction([listingParams(), rollingParams({ maxExtensions: 2 })], {
      account: g.seller.account,
    });
    await g.rolling.write.bid([id, usdc(400)], { account: g.alice.account });
    const { endTime } = await g.rolling.read.getRound([id]);
    for (let i = 0n; i < 5n; i++) {
      await networkHelpers.time.setNextBlockTimestamp(endTime - 5n * MINUTE + i * 30n);
      const min = await g.rolling.read.minimumBid([id]);
      await g.rolling.write.bid([id, min], { account: g.stranger.account });
    }
    let round = await g.rolling.read.getRound([id]);
    assert.deepEqual([round.endTime, round.extensions], [endTime, 0]);
    await networkHelpers.time.setNextBlockTimestamp(endTime - 1n);
    await g.rolling.write.bid([id, usdc(500)], { account: g.bob.account });
    round = await g.rolling.read.getRound([id]);
    assert.equal(round.endTime, endTime - 1n + 10n * MINUTE);
    await networkHelpers.time.setNextBlockTimestamp(round.endTime - 1n);
    await g.rolling.write.bid([id, usdc(600)], { account: g.alice.account });
    assert.equal((await g.rolling.read.getRound([id])).leader.toLowerCase(), g.alice.account.address);
  });
});
