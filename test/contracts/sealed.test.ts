// Long on purpose: every branch of the sealed-bid house (commit, reveal, settle, return, penalties), one test each.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { decodeFunctionData, getAddress, type Hex, keccak256, toHex, zeroAddress, zeroHash } from "viem";
import {
  CommitmentStatus,
  DAY,
  DealStatus,
  type Gavel,
  gavelFixtures,
  HOUR,
  ListingStatus,
  listingParams,
  MINUTE,
  Pricing,
  sealedCommitment,
  sealedParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, expectMoves, signPermit } = gavelFixtures(connection);

const salt = (who: string): Hex => keccak256(toHex(`salt of ${who}`));

// Default: reserve 100, commit phase 1 day, reveal phase 1 day, 10 % penalty, second price.
describe("SealedBidAuctionHouse", () => {
  let g: Gavel;
  let id: bigint;
  let commitEnd: bigint;
  let revealEnd: bigint;

  async function fixture() {
    const g = await deployGavel();
    const now = BigInt(await networkHelpers.time.latest());
    const id = await g.config.read.nextAuctionId();
    await g.sealed.write.createAuction([listingParams(), sealedParams(now)], { account: g.seller.account });
    const a = await g.sealed.read.getAuction([id]);
    return { g, id, commitEnd: a.commitEnd, revealEnd: a.revealEnd };
  }

  beforeEach(async () => {
    ({ g, id, commitEnd, revealEnd } = await networkHelpers.loadFixture(fixture));
  });

  const create = async (listing = {}, sealed = {}) => {
    const now = BigInt(await networkHelpers.time.latest());
    return g.sealed.write.createAuction([listingParams(listing), sealedParams(now, sealed)], {
      account: g.seller.account,
    });
  };
  const commit = (who: Gavel["alice"], amount: bigint, collateral: bigint, auction = id) =>
    g.sealed.write.commit(
      [
        auction,
        sealedCommitment(g.sealed.address, auction, who.account.address, amount, salt(who.account.address)),
        collateral,
      ],
      {
        account: who.account,
      },
    );
  const reveal = (who: Gavel["alice"], amount: bigint, auction = id) =>
    g.sealed.write.reveal([auction, amount, salt(who.account.address)], { account: who.account });
  const toReveal = () => networkHelpers.time.increaseTo(commitEnd);
  const toEnd = () => networkHelpers.time.increaseTo(revealEnd);
  /** A returned commitment is deleted (its storage refunded): every field reads as zero again. */
  const assertDeleted = async (auction: bigint, bidder: Hex) =>
    assert.deepEqual(await g.sealed.read.getCommitment([auction, bidder]), {
      commitment: zeroHash,
      collateral: 0n,
      order: 0n,
      status: CommitmentStatus.None,
    });

  describe("createAuction", () => {
    it("test_Create_StoresPhasesAndEmits", async () => {
      const a = await g.sealed.read.getAuction([id]);
      assert.equal(a.revealEnd - a.commitEnd, DAY);
      assert.equal(a.unrevealedPenaltyBps, 1000);
      assert.equal(a.pricing, Pricing.SecondPrice);
      assert.equal(a.leader, zeroAddress);
      assert.equal(a.price, 0n);
      const now = BigInt(await networkHelpers.time.latest());
      const p = sealedParams(now + 1n, { pricing: Pricing.FirstPrice, unrevealedPenaltyBps: 2500 });
      await viem.assertions.emitWithArgs(
        g.sealed.write.createAuction([listingParams(), p], { account: g.seller.account }),
        g.sealed,
        "SealedAuctionCreated",
        [2n, BigInt(p.commitEnd), BigInt(p.revealEnd), Pricing.FirstPrice, 2500],
      );
    });

    it("test_RevertWhen_ParametersOutOfBounds", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const at = now + 1n; // the next block
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({ reservePrice: usdc(1) - 1n }),
        g.sealed,
        "SealedInvalidReserve",
        [usdc(1) - 1n, usdc(1)],
      );
      const t = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(t + 5n * MINUTE - 1n) }),
        g.sealed,
        "SealedInvalidCommitDuration",
        [5n * MINUTE - 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(at - 10n) }),
        g.sealed,
        "SealedInvalidCommitDuration",
        [0n],
      );
      const t2 = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(t2);
      const far = t2 + 30n * DAY + 1n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(far), revealEnd: Number(far + DAY) }),
        g.sealed,
        "SealedInvalidCommitDuration",
        [30n * DAY + 1n],
      );
      const ce = BigInt(await networkHelpers.time.latest()) + DAY;
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(ce), revealEnd: Number(ce + HOUR - 1n) }),
        g.sealed,
        "SealedInvalidRevealDuration",
        [HOUR - 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(ce), revealEnd: Number(ce - 1n) }),
        g.sealed,
        "SealedInvalidRevealDuration",
        [0n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { commitEnd: Number(ce), revealEnd: Number(ce + 7n * DAY + 1n) }),
        g.sealed,
        "SealedInvalidRevealDuration",
        [7n * DAY + 1n],
      );
      for (const bps of [999, 10_001, 0]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          create({}, { unrevealedPenaltyBps: bps }),
          g.sealed,
          "SealedInvalidPenalty",
          [BigInt(bps)],
        );
      }
      // The bounds themselves are accepted.
      await create({}, { unrevealedPenaltyBps: 1_000 });
      await create({}, { unrevealedPenaltyBps: 10_000 });
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(create(), g.sealed, "AuctionPaused");
    });

    it("test_Views_RevertGiven_DoesNotExist_CommitmentOfStrangerIsEmpty", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.read.getAuction([9n]),
        g.sealed,
        "AuctionNotFound",
        [9n],
      );
      const c = await g.sealed.read.getCommitment([id, g.stranger.account.address]);
      assert.equal(c.status, CommitmentStatus.None);
      assert.equal(c.collateral, 0n);
    });
  });

  describe("commit", () => {
    it("test_Commit_EscrowsCollateral_EventCarriesNoAmount", async () => {
      const c = sealedCommitment(
        g.sealed.address,
        id,
        g.alice.account.address,
        usdc(150),
        salt(g.alice.account.address),
      );
      await expectMoves(
        g,
        () => g.sealed.write.commit([id, c, usdc(300)], { account: g.alice.account }),
        [
          { who: g.alice.account.address, token: -usdc(300) },
          { who: g.sealed.address, token: usdc(300) },
        ],
        g.sealed,
      );
      const v = await g.sealed.read.getCommitment([id, g.alice.account.address]);
      assert.deepEqual(
        [v.commitment, v.collateral, v.order, v.status],
        [c, usdc(300), 1n, CommitmentStatus.Committed],
      );
      assert.equal((await g.sealed.read.getAuction([id])).commitments, 1n);
      const logs = await g.sealed.getEvents.SealedBidCommitted();
      assert.equal(logs.length, 1);
      assert.deepEqual(logs[0]!.args, {
        auctionId: id,
        bidder: getAddress(g.alice.account.address),
        commitment: c,
        collateral: usdc(300),
        replaced: false,
      });
    });

    it("test_Commit_AddCollateral_SameCommitmentKeepsOrder", async () => {
      await commit(g.alice, usdc(150), usdc(100));
      await commit(g.bob, usdc(150), usdc(200));
      await viem.assertions.emitWithArgs(
        commit(g.alice, usdc(150), usdc(50)),
        g.sealed,
        "SealedBidCommitted",
        [
          id,
          getAddress(g.alice.account.address),
          sealedCommitment(
            g.sealed.address,
            id,
            g.alice.account.address,
            usdc(150),
            salt(g.alice.account.address),
          ),
          usdc(150),
          false,
        ],
      );
      const v = await g.sealed.read.getCommitment([id, g.alice.account.address]);
      assert.equal(v.order, 1n);
      assert.equal(v.collateral, usdc(150));
      assert.equal((await g.sealed.read.getAuction([id])).commitments, 2n);
    });

    it("test_Commit_Replace_NewCommitmentRanksLater_ZeroAddedAllowed", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(150), usdc(200));
      const replacement = sealedCommitment(
        g.sealed.address,
        id,
        g.alice.account.address,
        usdc(180),
        salt(g.alice.account.address),
      );
      await expectMoves(
        g,
        () => g.sealed.write.commit([id, replacement, 0n], { account: g.alice.account }),
        [{ who: g.alice.account.address }, { who: g.sealed.address }],
        g.sealed,
      );
      const v = await g.sealed.read.getCommitment([id, g.alice.account.address]);
      assert.deepEqual([v.commitment, v.collateral, v.order], [replacement, usdc(200), 3n]);
      const logs = await g.sealed.getEvents.SealedBidCommitted({ bidder: g.alice.account.address });
      assert.equal(logs.at(-1)!.args.replaced, true);
      assert.equal((await g.sealed.read.getAuction([id])).commitments, 2n);
    });

    it("test_CommitWithPermit_ApprovesAndCommits", async () => {
      await g.usdc.write.approve([g.sealed.address, 0n], { account: g.alice.account });
      const deadline = commitEnd;
      const { v, r, s } = await signPermit(g, g.alice, g.sealed.address, usdc(120), deadline);
      const c = sealedCommitment(g.sealed.address, id, g.alice.account.address, usdc(110), salt("a"));
      await expectMoves(
        g,
        () =>
          g.sealed.write.commitWithPermit([id, c, usdc(120), deadline, v, r, s], {
            account: g.alice.account,
          }),
        [
          { who: g.alice.account.address, token: -usdc(120) },
          { who: g.sealed.address, token: usdc(120) },
        ],
      );
    });

    it("test_RevertWhen_CommitmentIsZero", async () => {
      // Zero marks a revealed commitment: committing it would read as revealed with no reveal.
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.commit([id, zeroHash, usdc(200)], { account: g.alice.account }),
        g.sealed,
        "SealedEmptyCommitment",
        [id],
      );
      await commit(g.alice, usdc(150), usdc(200));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.commit([id, zeroHash, 0n], { account: g.alice.account }),
        g.sealed,
        "SealedEmptyCommitment",
        [id],
      );
      assert.equal(
        (await g.sealed.read.getCommitment([id, g.alice.account.address])).status,
        CommitmentStatus.Committed,
      );
    });

    it("test_RevertWhen_CollateralBelowReserveOrAbove96Bits", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.alice, usdc(99), usdc(100) - 1n),
        g.sealed,
        "SealedCollateralBelowReserve",
        [id, usdc(100) - 1n, usdc(100)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.alice, usdc(99), 2n ** 96n),
        g.sealed,
        "SealedCollateralTooHigh",
        [id, 2n ** 96n],
      );
    });

    it("test_RevertWhen_SellerCommits_PhaseOver_Paused_Unknown_Cancelled", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.seller, usdc(100), usdc(100)),
        g.sealed,
        "SealedSellerCannotBid",
        [id],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.alice, usdc(100), usdc(100), 9n),
        g.sealed,
        "AuctionNotFound",
        [9n],
      );
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(
        commit(g.alice, usdc(100), usdc(100)),
        g.sealed,
        "AuctionPaused",
      );
      await g.config.write.unpause();
      await create();
      await g.sealed.write.cancel([2n], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.alice, usdc(100), usdc(100), 2n),
        g.sealed,
        "AuctionNotActive",
        [2n, ListingStatus.Cancelled],
      );
      // The pause above stopped the commit clock: the phase ends later by exactly the pause.
      const pausedTotal = await g.config.read.pausedTotal();
      const shifted = (await g.sealed.read.getAuction([id])).commitEnd;
      assert.equal(shifted, commitEnd + pausedTotal);
      await networkHelpers.time.setNextBlockTimestamp(shifted);
      await viem.assertions.revertWithCustomErrorWithArgs(
        commit(g.alice, usdc(100), usdc(100)),
        g.sealed,
        "SealedCommitPhaseOver",
        [id, shifted],
      );
    });

    it("test_RevertGiven_CancelWithCommitments", async () => {
      await commit(g.alice, usdc(100), usdc(100));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.cancel([id], { account: g.seller.account }),
        g.sealed,
        "AuctionHasBids",
        [id],
      );
    });
  });

  describe("reveal", () => {
    beforeEach(async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(180), usdc(180));
    });

    it("test_Reveal_UpdatesLeaderAndMovesNoTokens", async () => {
      await toReveal();
      await expectMoves(
        g,
        () => reveal(g.alice, usdc(150)),
        [{ who: g.alice.account.address }, { who: g.sealed.address }],
        g.sealed,
      );
      await viem.assertions.emitWithArgs(reveal(g.bob, usdc(180)), g.sealed, "SealedBidRevealed", [
        id,
        getAddress(g.bob.account.address),
        getAddress(g.bob.account.address),
        usdc(180),
      ]);
      const a = await g.sealed.read.getAuction([id]);
      assert.equal(a.leader.toLowerCase(), g.bob.account.address);
      assert.equal(a.leaderAmount, usdc(180));
      assert.equal(a.reveals, 2n);
      assert.equal(a.price, usdc(150)); // second price
      assert.equal(
        (await g.sealed.read.getCommitment([id, g.alice.account.address])).status,
        CommitmentStatus.Revealed,
      );
    });

    it("test_RevertWhen_RevealBeforeOrAfterThePhase", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.alice, usdc(150)),
        g.sealed,
        "SealedNotRevealPhase",
        [id, commitEnd, revealEnd],
      );
      await networkHelpers.time.setNextBlockTimestamp(revealEnd);
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.alice, usdc(150)),
        g.sealed,
        "SealedNotRevealPhase",
        [id, commitEnd, revealEnd],
      );
    });

    it("test_RevertWhen_WrongAmountOrSalt", async () => {
      await toReveal();
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.alice, usdc(151)),
        g.sealed,
        "SealedCommitmentMismatch",
        [id, getAddress(g.alice.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.reveal([id, usdc(150), salt("other")], { account: g.alice.account }),
        g.sealed,
        "SealedCommitmentMismatch",
        [id, getAddress(g.alice.account.address)],
      );
    });

    it("test_Security_CommitmentReplayedByAnotherBidder_Fails", async () => {
      // Carol copies alice's commitment and collateral from the mempool, then her salt and amount at reveal.
      const aliceCommitment = sealedCommitment(
        g.sealed.address,
        id,
        g.alice.account.address,
        usdc(150),
        salt(g.alice.account.address),
      );
      await g.sealed.write.commit([id, aliceCommitment, usdc(200)], { account: g.carol.account });
      await toReveal();
      await reveal(g.alice, usdc(150));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.reveal([id, usdc(150), salt(g.alice.account.address)], { account: g.carol.account }),
        g.sealed,
        "SealedCommitmentMismatch",
        [id, getAddress(g.carol.account.address)],
      );
    });

    it("test_Security_CommitmentReplayedAcrossAuctions_Fails", async () => {
      await create();
      const second = 2n;
      const fromFirst = sealedCommitment(
        g.sealed.address,
        id,
        g.alice.account.address,
        usdc(150),
        salt(g.alice.account.address),
      );
      await g.sealed.write.commit([second, fromFirst, usdc(200)], { account: g.alice.account });
      await networkHelpers.time.increaseTo((await g.sealed.read.getAuction([second])).commitEnd);
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.alice, usdc(150), second),
        g.sealed,
        "SealedCommitmentMismatch",
        [second, getAddress(g.alice.account.address)],
      );
    });

    it("test_Security_CommitCalldataRevealsNothingButTheCollateral", async () => {
      const amount = usdc("153.17");
      const c = sealedCommitment(g.sealed.address, id, g.carol.account.address, amount, salt("carol"));
      const hash = await g.sealed.write.commit([id, c, usdc(400)], { account: g.carol.account });
      const tx = await g.publicClient.getTransaction({ hash });
      const { functionName, args } = decodeFunctionData({ abi: g.sealed.abi, data: tx.input });
      assert.equal(functionName, "commit");
      assert.deepEqual(args, [id, c, usdc(400)]);
      // No 32-byte word of the calldata or of the logs equals the amount.
      const word = amount.toString(16).padStart(64, "0");
      assert.equal(tx.input.includes(word), false);
      const receipt = await g.publicClient.getTransactionReceipt({ hash });
      for (const log of receipt.logs) assert.equal(log.data.includes(word), false);
      // Without the salt, trying every cent up to the collateral finds nothing.
      for (let cents = 10_000n; cents <= 40_000n; cents += 1n) {
        if (
          sealedCommitment(g.sealed.address, id, g.carol.account.address, cents * 10_000n, salt("guess")) ===
          c
        )
          assert.fail("found");
      }
    });

    it("test_RevertWhen_AmountAboveCollateral", async () => {
      const c = sealedCommitment(
        g.sealed.address,
        id,
        g.carol.account.address,
        usdc(300),
        salt(g.carol.account.address),
      );
      await g.sealed.write.commit([id, c, usdc(200)], { account: g.carol.account });
      await toReveal();
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.carol, usdc(300)),
        g.sealed,
        "SealedAmountAboveCollateral",
        [id, usdc(300), usdc(200)],
      );
    });

    it("test_RevertGiven_RevealTwiceOrWithoutCommitment", async () => {
      await toReveal();
      await reveal(g.alice, usdc(150));
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.alice, usdc(150)),
        g.sealed,
        "SealedInvalidCommitmentStatus",
        [id, getAddress(g.alice.account.address), CommitmentStatus.Revealed],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        reveal(g.carol, usdc(150)),
        g.sealed,
        "SealedInvalidCommitmentStatus",
        [id, getAddress(g.carol.account.address), CommitmentStatus.None],
      );
    });

    it("test_Reveal_WorksWhilePaused", async () => {
      await toReveal();
      await g.config.write.pause();
      await reveal(g.alice, usdc(150));
    });
  });

  describe("pricing and settlement", () => {
    it("test_Settle_SecondPrice_WinnerPaysSecondHighest_ExcessReturned", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(180), usdc(250));
      await commit(g.carol, usdc(120), usdc(120));
      await toReveal();
      await reveal(g.alice, usdc(150));
      await reveal(g.bob, usdc(180));
      await reveal(g.carol, usdc(120));
      // Everyone revealed: settle early, before the reveal end.
      await expectMoves(
        g,
        () => g.sealed.write.settle([id], { account: g.stranger.account }),
        [
          { who: g.bob.account.address, token: usdc(100) }, // 250 collateral − 150 price
          { who: g.sealed.address, token: -usdc(100) },
          { who: g.alice.account.address },
          { who: g.seller.account.address },
        ],
        g.sealed,
      );
      const d = await g.sealed.read.getDeal([id]);
      assert.deepEqual(
        [d.amount, d.buyer.toLowerCase(), d.status],
        [usdc(150), g.bob.account.address, DealStatus.Paid],
      );
      await assertDeleted(id, g.bob.account.address);
      // The losers take their collateral back in full.
      await expectMoves(g, () => g.sealed.write.returnCollateral([id, g.alice.account.address]), [
        { who: g.alice.account.address, token: usdc(200) },
        { who: g.sealed.address, token: -usdc(200) },
      ]);
      await g.sealed.write.returnCollateral([id, g.carol.account.address]);
      assert.equal(await g.usdc.read.balanceOf([g.sealed.address]), usdc(150)); // only the deal
    });

    it("test_Settle_EmitsAuctionSettledDealOpenedEscrowReturned", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await toReveal();
      await reveal(g.alice, usdc(150));
      const tx = g.sealed.write.settle([id]);
      await viem.assertions.emitWithArgs(tx, g.sealed, "AuctionSettled", [
        id,
        getAddress(g.alice.account.address),
        id,
        usdc(100),
      ]);
      const returned = await g.sealed.getEvents.EscrowReturned();
      assert.deepEqual(returned[0]!.args, {
        auctionId: id,
        bidder: getAddress(g.alice.account.address),
        amount: usdc(100),
        pushed: true,
      });
    });

    it("test_Settle_SecondPrice_AloneOrRunnerUpBelowReserve_PaysReserve", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(50), usdc(100));
      await toReveal();
      await reveal(g.bob, usdc(50));
      await reveal(g.alice, usdc(150));
      await g.sealed.write.settle([id]);
      assert.equal((await g.sealed.read.getDeal([id])).amount, usdc(100));
    });

    it("test_Settle_FirstPrice_WinnerPaysOwnAmount", async () => {
      await create({}, { pricing: Pricing.FirstPrice });
      await commit(g.alice, usdc(150), usdc(200), 2n);
      await commit(g.bob, usdc(180), usdc(250), 2n);
      await networkHelpers.time.increaseTo((await g.sealed.read.getAuction([2n])).commitEnd);
      await reveal(g.alice, usdc(150), 2n);
      await reveal(g.bob, usdc(180), 2n);
      assert.equal((await g.sealed.read.getAuction([2n])).price, usdc(180));
      await expectMoves(g, () => g.sealed.write.settle([2n]), [
        { who: g.bob.account.address, token: usdc(70) },
        { who: g.sealed.address, token: -usdc(70) },
      ]);
      assert.equal((await g.sealed.read.getDeal([2n])).amount, usdc(180));
    });

    it("test_Tie_EarlierCommitmentWins_EvenIfRevealedLater_PriceIsTheTie", async () => {
      await commit(g.alice, usdc(150), usdc(150));
      await commit(g.bob, usdc(150), usdc(150));
      await toReveal();
      await reveal(g.bob, usdc(150));
      await viem.assertions.emitWithArgs(reveal(g.alice, usdc(150)), g.sealed, "SealedBidRevealed", [
        id,
        getAddress(g.alice.account.address),
        getAddress(g.alice.account.address),
        usdc(150),
      ]);
      await g.sealed.write.settle([id]);
      const d = await g.sealed.read.getDeal([id]);
      assert.deepEqual([d.buyer.toLowerCase(), d.amount], [g.alice.account.address, usdc(150)]);
    });

    it("test_Tie_ReplacedCommitmentRanksAfterLaterOnes", async () => {
      await commit(g.alice, usdc(140), usdc(150));
      await commit(g.bob, usdc(150), usdc(150));
      await commit(g.alice, usdc(150), 0n); // replaced: now later than bob's
      await toReveal();
      await reveal(g.alice, usdc(150));
      await reveal(g.bob, usdc(150));
      assert.equal((await g.sealed.read.getAuction([id])).leader.toLowerCase(), g.bob.account.address);
    });

    it("test_RevertWhen_SettleEarlyWithAnUnrevealedCommitment_ThenAfterRevealEnd", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(180), usdc(250));
      await toReveal();
      await reveal(g.alice, usdc(150));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.settle([id]),
        g.sealed,
        "SealedNotSettleable",
        [id, revealEnd],
      );
      await toEnd();
      await g.sealed.write.settle([id]);
      const d = await g.sealed.read.getDeal([id]);
      assert.deepEqual([d.buyer.toLowerCase(), d.amount], [g.alice.account.address, usdc(100)]);
    });

    it("test_RevertWhen_SettleDuringCommitPhase_EvenWithoutCommitments", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.settle([id]),
        g.sealed,
        "SealedNotSettleable",
        [id, revealEnd],
      );
    });

    it("test_Settle_NoCommitments_AfterCommitEnd_NoSale", async () => {
      await toReveal();
      await viem.assertions.emitWithArgs(g.sealed.write.settle([id]), g.sealed, "AuctionSettled", [
        id,
        zeroAddress,
        0n,
        0n,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.settle([id]),
        g.sealed,
        "AuctionNotActive",
        [id, ListingStatus.Settled],
      );
    });

    it("test_Settle_LeaderBelowReserve_NoSale_CollateralReturned", async () => {
      await commit(g.alice, usdc(90), usdc(100));
      await toReveal();
      await reveal(g.alice, usdc(90));
      assert.equal((await g.sealed.read.getAuction([id])).price, 0n);
      await expectMoves(g, () => g.sealed.write.settle([id]), [
        { who: g.alice.account.address, token: usdc(100) },
        { who: g.sealed.address, token: -usdc(100) },
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.read.getDeal([id]),
        g.sealed,
        "DealNotFound",
        [id],
      );
    });

    it("test_Settle_NobodyRevealed_NoSale_UnrevealedPenalised", async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await toEnd();
      await viem.assertions.emitWithArgs(g.sealed.write.settle([id]), g.sealed, "AuctionSettled", [
        id,
        zeroAddress,
        0n,
        0n,
      ]);
      await expectMoves(
        g,
        () => g.sealed.write.returnCollateral([id, g.alice.account.address], { account: g.stranger.account }),
        [
          { who: g.alice.account.address, token: usdc(180) },
          { who: g.seller.account.address },
          { who: g.sealed.address, token: -usdc(180) },
        ],
        g.sealed,
      );
    });

    it("test_Settle_WinnerCollateralEqualsPrice_NothingReturned", async () => {
      await create({}, { pricing: Pricing.FirstPrice });
      await commit(g.alice, usdc(150), usdc(150), 2n);
      await networkHelpers.time.increaseTo((await g.sealed.read.getAuction([2n])).commitEnd);
      await reveal(g.alice, usdc(150), 2n);
      await expectMoves(g, () => g.sealed.write.settle([2n]), [
        { who: g.alice.account.address },
        { who: g.sealed.address },
      ]);
    });

    it("test_RevertGiven_SettleUnknown", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.settle([9n]),
        g.sealed,
        "AuctionNotFound",
        [9n],
      );
    });
  });

  describe("returnCollateral", () => {
    beforeEach(async () => {
      await commit(g.alice, usdc(150), usdc(200));
      await commit(g.bob, usdc(180), usdc(250));
      await commit(g.carol, usdc(170), usdc(333));
    });

    it("test_Return_RevealedLoser_AtOnceInFull", async () => {
      await toReveal();
      await reveal(g.alice, usdc(150));
      await reveal(g.bob, usdc(180));
      await viem.assertions.emitWithArgs(
        g.sealed.write.returnCollateral([id, g.alice.account.address], { account: g.stranger.account }),
        g.sealed,
        "EscrowReturned",
        [id, getAddress(g.alice.account.address), usdc(200), true],
      );
      await assertDeleted(id, g.alice.account.address);
    });

    it("test_RevertWhen_ReturnLeaderBeforeSettlement", async () => {
      await toReveal();
      await reveal(g.bob, usdc(180));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([id, g.bob.account.address]),
        g.sealed,
        "SealedLeaderCollateralLocked",
        [id, getAddress(g.bob.account.address)],
      );
    });

    it("test_RevertWhen_ReturnUnrevealedBeforeRevealEnd", async () => {
      await toReveal();
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([id, g.carol.account.address]),
        g.sealed,
        "SealedRevealPhaseNotOver",
        [id, revealEnd],
      );
    });

    it("test_Return_UnrevealedAfterRevealEnd_PenaltyToTreasuryNeverSeller_RoundedDown", async () => {
      await toReveal();
      await reveal(g.bob, usdc(180));
      await toEnd();
      // 10 % of 333 USDC = 33.3 USDC; the rest goes back.
      await expectMoves(
        g,
        () => g.sealed.write.returnCollateral([id, g.carol.account.address]),
        [
          { who: g.carol.account.address, token: usdc("299.7") },
          { who: g.seller.account.address },
          { who: g.sealed.address, token: -usdc("299.7") },
        ],
        g.sealed,
      );
      assert.equal(await g.sealed.read.unsweptFees([g.treasury.account.address]), usdc("33.3"));
      const logs = await g.sealed.getEvents.SealedBidPenalized();
      assert.deepEqual(logs[0]!.args, {
        auctionId: id,
        bidder: getAddress(g.carol.account.address),
        treasury: getAddress(g.treasury.account.address),
        penalty: usdc("33.3"),
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([id, g.carol.account.address]),
        g.sealed,
        "SealedInvalidCommitmentStatus",
        [id, getAddress(g.carol.account.address), CommitmentStatus.None],
      );
    });

    it("test_Return_FullPenalty_NothingBack", async () => {
      await create({}, { unrevealedPenaltyBps: 10_000 });
      await commit(g.alice, usdc(150), usdc(200), 2n);
      await networkHelpers.time.increaseTo((await g.sealed.read.getAuction([2n])).revealEnd);
      await expectMoves(g, () => g.sealed.write.returnCollateral([2n, g.alice.account.address]), [
        { who: g.alice.account.address },
        { who: g.seller.account.address },
        { who: g.sealed.address },
      ]);
      assert.equal(await g.sealed.read.unsweptFees([g.treasury.account.address]), usdc(200));
      assert.equal((await g.sealed.getEvents.EscrowReturned()).length, 0);
    });

    it("test_Return_BlacklistedBidder_Credited", async () => {
      await toReveal();
      await reveal(g.alice, usdc(150));
      await reveal(g.bob, usdc(180));
      await g.usdc.write.blacklist([g.alice.account.address]);
      await expectMoves(
        g,
        () => g.sealed.write.returnCollateral([id, g.alice.account.address]),
        [{ who: g.alice.account.address, credit: usdc(200) }, { who: g.sealed.address }],
        g.sealed,
      );
    });

    it("test_RevertGiven_ReturnUnknownAuctionOrNoCommitment_OrWinnerAfterSettle", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([9n, g.alice.account.address]),
        g.sealed,
        "AuctionNotFound",
        [9n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([id, g.dave.account.address]),
        g.sealed,
        "SealedInvalidCommitmentStatus",
        [id, getAddress(g.dave.account.address), CommitmentStatus.None],
      );
      await toReveal();
      await reveal(g.bob, usdc(180));
      await toEnd();
      await g.sealed.write.settle([id]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.sealed.write.returnCollateral([id, g.bob.account.address]),
        g.sealed,
        "SealedInvalidCommitmentStatus",
        [id, getAddress(g.bob.account.address), CommitmentStatus.None],
      );
    });

    it("test_Accounting_EveryUnitAccountedFor", async () => {
      await toReveal();
      await reveal(g.alice, usdc(150));
      await reveal(g.bob, usdc(180));
      await toEnd();
      await g.sealed.write.settle([id]);
      await g.sealed.write.returnCollateral([id, g.alice.account.address]);
      await g.sealed.write.returnCollateral([id, g.carol.account.address]);
      // Left: the deal (the second-highest revealed amount, 150) and carol's penalty, kept for the treasury.
      assert.equal(await g.usdc.read.balanceOf([g.sealed.address]), usdc(150) + usdc("33.3"));
      assert.equal(await g.sealed.read.unsweptFees([g.treasury.account.address]), usdc("33.3"));
      assert.equal(await g.sealed.read.withdrawable([g.seller.account.address]), 0n);
    });
  });
});
