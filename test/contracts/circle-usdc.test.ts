// Gavel on Circle's real USDC (FiatTokenV2_2 behind its proxy, initialised like mainnet's): every
// format's money path to the seller's wallet, one-transaction permit bids, and what Circle's
// blacklist and pause do to an auction. Balances are checked to the unit and each house is
// solvent at the end. The token's refusals are its own revert strings, not custom errors.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, toHex } from "viem";
import { buildSafeTx, deploySafe, execSafeTx, signSafeTx } from "../../scripts/lib/safe.ts";
import {
  assertSolvent,
  type CircleGavel,
  circleFixtures,
  claim,
  feeOn,
  type House,
  sealedCommitment,
} from "./circle.ts";
import {
  DAY,
  DealStatus,
  dutchParams,
  englishParams,
  listingParams,
  Pricing,
  rollingParams,
  STARTING_BALANCE,
  sealedParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployCircleGavel, signPermit } = circleFixtures(connection);

const BLACKLISTED = "Blacklistable: account is blacklisted";
const PAUSED = "Pausable: paused";
const tracking = keccak256(toHex("tracking"));

describe("Gavel on Circle's USDC", () => {
  let g: CircleGavel;
  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployCircleGavel);
  });

  const wallet = (w: { account: { address: `0x${string}` } }) => g.usdc.read.balanceOf([w.account.address]);
  const now = async () => BigInt(await networkHelpers.time.latest());

  async function english(listing = {}, params = {}) {
    const id = await g.config.read.nextAuctionId();
    await g.house.write.createAuction([listingParams(listing), englishParams(await now(), params)], {
      account: g.seller.account,
    });
    return id;
  }

  /** Ships deal `id` of `house` and has the buyer confirm it. */
  async function shipAndConfirm(house: House, id: bigint, buyer = g.alice) {
    await house.write.ship([id, tracking], { account: g.seller.account });
    await house.write.confirm([id], { account: buyer.account });
  }

  it("English: two proxy bidders, the outbid one refunded in full, the seller paid price minus fee", async () => {
    const id = await english({ reservePrice: usdc(100) }, { startPrice: usdc(100) });
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account });
    await g.house.write.bid([id, usdc(200)], { account: g.bob.account });
    assert.equal(await wallet(g.alice), STARTING_BALANCE, "the outbid maximum went straight back");
    await assertSolvent(g, g.house, { escrowedBids: usdc(200), openDeals: 0n });

    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    const price = usdc("157.5"); // one 5 % increment above alice's 150
    assert.equal((await g.house.read.getDeal([id])).amount, price);
    await claim(g.house, g.bob);
    assert.equal(await wallet(g.bob), STARTING_BALANCE - price, "bob paid the price, not his maximum");
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: price });

    await shipAndConfirm(g.house, id, g.bob);
    await claim(g.house, g.seller);
    assert.equal(await wallet(g.seller), STARTING_BALANCE + price - feeOn(price));
    await g.house.write.sweepFees([g.treasury.account.address]);
    assert.equal(await wallet(g.treasury), feeOn(price));
    assert.equal(await g.usdc.read.balanceOf([g.house.address]), 0n);
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n });
  });

  it("Dutch: bought at the falling price mid-way, released after the confirm window", async () => {
    const t = await now();
    const params = dutchParams(t);
    const id = await g.config.read.nextAuctionId();
    await g.dutch.write.createAuction([listingParams(), params], { account: g.seller.account });
    // Half-way down from 200 to the 100 floor.
    await networkHelpers.time.setNextBlockTimestamp(BigInt(params.startTime) + DAY / 2n);
    await g.dutch.write.buy([id, usdc(200)], { account: g.alice.account });
    const price = usdc(150);
    assert.equal(await wallet(g.alice), STARTING_BALANCE - price);
    await assertSolvent(g, g.dutch, { escrowedBids: 0n, openDeals: price });

    await g.dutch.write.ship([id, tracking], { account: g.seller.account });
    await networkHelpers.time.increase(8n * DAY);
    await g.dutch.write.release([id], { account: g.stranger.account });
    await claim(g.dutch, g.seller);
    assert.equal(await wallet(g.seller), STARTING_BALANCE + price - feeOn(price));
    await assertSolvent(g, g.dutch, { escrowedBids: 0n, openDeals: 0n });
  });

  for (const pricing of [Pricing.FirstPrice, Pricing.SecondPrice]) {
    const name = pricing === Pricing.FirstPrice ? "first" : "second";
    it(`sealed ${name} price: collateral back to the unit, an unrevealed bid penalised, the seller paid`, async () => {
      const chainId = await g.publicClient.getChainId();
      const id = await g.config.read.nextAuctionId();
      await g.sealed.write.createAuction([listingParams(), sealedParams(await now(), { pricing })], {
        account: g.seller.account,
      });
      const bids = [
        { who: g.alice, amount: usdc("123.456789"), collateral: usdc(300) },
        { who: g.bob, amount: usdc("110.000001"), collateral: usdc(150) },
        { who: g.carol, amount: usdc(500), collateral: usdc("200.000007") }, // never revealed
      ];
      const salt = keccak256(toHex("salt"));
      for (const b of bids) {
        const commitment = sealedCommitment({
          chainId,
          house: g.sealed.address,
          auctionId: id,
          bidder: b.who.account.address,
          amount: b.amount,
          salt,
        });
        await g.sealed.write.commit([id, commitment, b.collateral], { account: b.who.account });
      }
      await networkHelpers.time.increase(DAY);
      for (const b of bids.slice(0, 2)) {
        await g.sealed.write.reveal([id, b.amount, salt], { account: b.who.account });
      }
      await networkHelpers.time.increase(DAY);
      await g.sealed.write.settle([id]);
      const price = pricing === Pricing.FirstPrice ? bids[0]!.amount : bids[1]!.amount;
      await g.sealed.write.returnCollateral([id, g.bob.account.address]);
      await g.sealed.write.returnCollateral([id, g.carol.account.address]);
      const penalty = (bids[2]!.collateral * 1000n) / 10_000n;
      for (const who of [g.alice, g.bob, g.carol]) await claim(g.sealed, who);
      assert.equal(
        await wallet(g.alice),
        STARTING_BALANCE - price,
        "the winner paid the price, the rest returned",
      );
      assert.equal(await wallet(g.bob), STARTING_BALANCE, "the loser's collateral came back whole");
      assert.equal(
        await wallet(g.carol),
        STARTING_BALANCE - penalty,
        "the unrevealed bid lost only the penalty",
      );

      await shipAndConfirm(g.sealed, id);
      const sellerGot = (await claim(g.sealed, g.seller)) + 0n;
      const sellerWallet = await wallet(g.seller);
      // Who receives the penalty is the contracts' business (the seller today, the treasury in
      // v2); the seller's proceeds are exact either way and no unit is lost.
      const proceeds = price - feeOn(price);
      assert.ok(
        sellerWallet === STARTING_BALANCE + proceeds ||
          sellerWallet === STARTING_BALANCE + proceeds + penalty,
        `seller wallet ${sellerWallet} (withdrew ${sellerGot})`,
      );
      await claim(g.sealed, g.treasury);
      await g.sealed.write.sweepFees([g.treasury.account.address]);
      assert.equal(
        sellerWallet + (await wallet(g.treasury)),
        STARTING_BALANCE + proceeds + feeOn(price) + penalty,
        "seller and treasury received the price and the penalty, to the unit",
      );
      assert.equal(await g.usdc.read.balanceOf([g.sealed.address]), 0n);
      await assertSolvent(g, g.sealed, { escrowedBids: 0n, openDeals: 0n });
    });
  }

  it("rolling: two rounds sold, each deal paid to the seller", async () => {
    const id = await g.config.read.nextAuctionId();
    await g.rolling.write.createAuction([listingParams(), rollingParams({ units: 2 })], {
      account: g.seller.account,
    });
    let round = (await g.rolling.read.getRolling([id])).currentRoundId;
    const deals: bigint[] = [];
    for (const buyer of [g.alice, g.bob]) {
      await g.rolling.write.bid([round, usdc(120)], { account: buyer.account });
      await networkHelpers.time.increase(DAY);
      await g.rolling.write.settle([round]);
      deals.push(round);
      round = (await g.rolling.read.getRolling([id])).currentRoundId;
    }
    const price = usdc(100); // a lone bid pays the reserve
    for (const [i, buyer] of [g.alice, g.bob].entries()) {
      assert.equal((await g.rolling.read.getDeal([deals[i]!])).amount, price);
      await claim(g.rolling, buyer);
      assert.equal(await wallet(buyer), STARTING_BALANCE - price);
    }
    await assertSolvent(g, g.rolling, { escrowedBids: 0n, openDeals: 2n * price });
    await shipAndConfirm(g.rolling, deals[0]!, g.alice);
    await shipAndConfirm(g.rolling, deals[1]!, g.bob);
    await claim(g.rolling, g.seller);
    assert.equal(await wallet(g.seller), STARTING_BALANCE + 2n * (price - feeOn(price)));
    await assertSolvent(g, g.rolling, { escrowedBids: 0n, openDeals: 0n });
  });

  describe("bidWithPermit", () => {
    let id: bigint;
    beforeEach(async () => {
      id = await english();
      await g.usdc.write.approve([g.house.address, 0n], { account: g.alice.account });
    });
    const deadline = async () => (await now()) + 3600n;

    it("one transaction: the permit signed over the token's own domain grants exactly the bid", async () => {
      const d = await deadline();
      const { v, r, s } = await signPermit(g, g.alice, g.house.address, usdc(50), d);
      const nonce = await g.usdc.read.nonces([g.alice.account.address]);
      await g.house.write.bidWithPermit([id, usdc(50), d, v, r, s], { account: g.alice.account });
      assert.equal(await wallet(g.alice), STARTING_BALANCE - usdc(50));
      assert.equal(await g.usdc.read.allowance([g.alice.account.address, g.house.address]), 0n);
      assert.equal(await g.usdc.read.nonces([g.alice.account.address]), nonce + 1n);
      assert.equal((await g.house.read.getAuction([id])).leader, getAddress(g.alice.account.address));
    });

    it("a permit submitted first by someone else does not stop the bid", async () => {
      const d = await deadline();
      const { v, r, s } = await signPermit(g, g.alice, g.house.address, usdc(50), d);
      await g.usdc.write.permit([g.alice.account.address, g.house.address, usdc(50), d, v, r, s], {
        account: g.stranger.account,
      });
      await g.house.write.bidWithPermit([id, usdc(50), d, v, r, s], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).leaderMax, usdc(50));
      assert.equal(await wallet(g.alice), STARTING_BALANCE - usdc(50));
    });

    it("a permit by the wrong owner and no allowance: Circle's allowance error", async () => {
      const d = await deadline();
      const { v, r, s } = await signPermit(g, g.bob, g.house.address, usdc(50), d);
      await viem.assertions.revertWith(
        g.house.write.bidWithPermit([id, usdc(50), d, v, r, s], { account: g.alice.account }),
        "ERC20: transfer amount exceeds allowance",
      );
    });
  });

  it("a blacklisted leader is outbid: the refund is credited and withdrawable once unblacklisted", async () => {
    const id = await english();
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.alice.account.address]);
    await g.house.write.bid([id, usdc(200)], { account: g.bob.account });
    assert.equal((await g.house.read.getAuction([id])).leader, getAddress(g.bob.account.address));
    assert.equal(await g.house.read.withdrawable([g.alice.account.address]), usdc(150));
    assert.equal(await wallet(g.alice), STARTING_BALANCE - usdc(150));
    await assertSolvent(g, g.house, { escrowedBids: usdc(200), openDeals: 0n });
    await viem.assertions.revertWith(g.house.write.withdraw({ account: g.alice.account }), BLACKLISTED);

    await g.usdc.write.unBlacklist([g.alice.account.address]);
    await g.house.write.withdraw({ account: g.alice.account });
    assert.equal(await wallet(g.alice), STARTING_BALANCE);
    assert.equal(await g.house.read.withdrawable([g.alice.account.address]), 0n);
    await assertSolvent(g, g.house, { escrowedBids: usdc(200), openDeals: 0n });
  });

  it("a blacklisted seller: the deal still completes; the proceeds wait until unblacklisted", async () => {
    const id = await english({ reservePrice: usdc(100) }, { startPrice: usdc(100) });
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    await g.house.write.ship([id, tracking], { account: g.seller.account });
    await g.usdc.write.blacklist([g.seller.account.address]);
    await g.house.write.confirm([id], { account: g.alice.account });
    assert.equal((await g.house.read.getDeal([id])).status, DealStatus.Completed);
    const proceeds = usdc(100) - feeOn(usdc(100));
    assert.equal(await g.house.read.withdrawable([g.seller.account.address]), proceeds);
    assert.equal(await wallet(g.seller), STARTING_BALANCE);
    await viem.assertions.revertWith(g.house.write.withdraw({ account: g.seller.account }), BLACKLISTED);
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n });

    await g.usdc.write.unBlacklist([g.seller.account.address]);
    await claim(g.house, g.seller);
    assert.equal(await wallet(g.seller), STARTING_BALANCE + proceeds);
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n });
  });

  it("the house itself blacklisted: no bid gets in, nothing is lost, all resumes when lifted", async () => {
    const id = await english();
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.house.address]);
    await viem.assertions.revertWith(
      g.house.write.bid([id, usdc(200)], { account: g.bob.account }),
      BLACKLISTED,
    );
    assert.equal(await wallet(g.bob), STARTING_BALANCE);
    await networkHelpers.time.increase(DAY);
    // Settling needs no transfer in: alice's 150 stays as the deal (reserve 100 → price 100), the
    // 50 above the price cannot leave a blacklisted house, so it is credited.
    await g.house.write.settle([id]);
    assert.equal(await g.house.read.withdrawable([g.alice.account.address]), usdc(50));
    await viem.assertions.revertWith(g.house.write.withdraw({ account: g.alice.account }), BLACKLISTED);
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: usdc(100) });

    await g.usdc.write.unBlacklist([g.house.address]);
    await claim(g.house, g.alice);
    await shipAndConfirm(g.house, id);
    await claim(g.house, g.seller);
    assert.equal(await wallet(g.alice), STARTING_BALANCE - usdc(100));
    assert.equal(await wallet(g.seller), STARTING_BALANCE + usdc(100) - feeOn(usdc(100)));
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n });
  });

  it("the token paused mid-auction: bids stop with Circle's reason, settling still works, all resumes", async () => {
    const id = await english();
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account });
    await g.usdc.write.pause();
    await viem.assertions.revertWith(g.house.write.bid([id, usdc(200)], { account: g.bob.account }), PAUSED);
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    // The 50 above the price cannot move while the token is paused: credited, not lost.
    assert.equal(await g.house.read.withdrawable([g.alice.account.address]), usdc(50));
    await viem.assertions.revertWith(g.house.write.withdraw({ account: g.alice.account }), PAUSED);
    await g.usdc.write.unpause();
    await claim(g.house, g.alice);
    await shipAndConfirm(g.house, id);
    await claim(g.house, g.seller);
    assert.equal(await wallet(g.alice), STARTING_BALANCE - usdc(100));
    assert.equal(await wallet(g.seller), STARTING_BALANCE + usdc(100) - feeOn(usdc(100)));
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n });
  });

  it("a dispute ruled through a real 2-of-3 Safe pays both sides to the unit", async () => {
    const wallets = await viem.getWalletClients();
    const owners = [wallets[11]!, wallets[12]!, wallets[13]!];
    const safe = await deploySafe(
      g.deployer,
      g.publicClient,
      owners.map((o) => o.account.address),
      2,
    );
    await g.config.write.grantRole([await g.config.read.ARBITER_ROLE(), safe]);
    const id = await english({ reservePrice: usdc("100.000003") }, { startPrice: usdc("100.000003") });
    await g.house.write.bid([id, usdc("100.000003")], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    await g.house.write.ship([id, tracking], { account: g.seller.account });
    await g.house.write.openDispute([id, keccak256(toHex("evidence")), "ipfs://evidence"], {
      account: g.alice.account,
    });

    const data = encodeFunctionData({ abi: g.house.abi, functionName: "rule", args: [id, 7000] });
    const tx = await buildSafeTx(g.publicClient, safe, g.house.address, data);
    const signatures = await signSafeTx(await g.publicClient.getChainId(), safe, tx, [
      owners[0]!,
      owners[2]!,
    ]);
    const receipt = await execSafeTx(g.deployer, g.publicClient, safe, tx, signatures);
    assert.equal(receipt.status, "success");
    assert.equal((await g.house.read.getDeal([id])).status, DealStatus.Resolved);

    const amount = usdc("100.000003");
    const buyerShare = (amount * 7000n) / 10_000n; // 70.000002, rounded down
    const sellerShare = amount - buyerShare;
    await claim(g.house, g.alice);
    await claim(g.house, g.seller);
    assert.equal(await wallet(g.alice), STARTING_BALANCE - amount + buyerShare);
    assert.equal(await wallet(g.seller), STARTING_BALANCE + sellerShare - feeOn(sellerShare));
    await g.house.write.sweepFees([g.treasury.account.address]);
    assert.equal(await wallet(g.treasury), feeOn(sellerShare));
    assert.equal(await g.usdc.read.balanceOf([g.house.address]), 0n);
    await assertSolvent(g, g.house, { escrowedBids: 0n, openDeals: 0n }, [safe]);
  });
});
