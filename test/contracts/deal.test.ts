// Long on purpose: every branch and deadline edge of the deal escrow (ship, confirm, extend, release, dispute, rule, reviews), one test each.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { keccak256, parseEventLogs, toHex } from "viem";
import { DAY, DealStatus, DISPUTE_TIMEOUT, type Gavel, gavelFixtures, usdc } from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, openDeal, expectMoves, createAuction, tokenBalances } = gavelFixtures(connection);

const TRACKING = keccak256(toHex("DHL 00340434161234567890"));
const EVIDENCE = keccak256(toHex("photos of a broken lens"));
const PRICE = usdc(100);
const FEE = usdc("2.5"); // 2.5 % of 100
const SHIP = 3n * DAY;
const CONFIRM = 7n * DAY;
const DISPUTE = 5n * DAY;

describe("DealEscrow", () => {
  let g: Gavel;
  let dealId: bigint;
  let openedAt: bigint;

  async function fixture() {
    const g = await deployGavel();
    const { dealId } = await openDeal(g); // alice bought from seller at 100 USDC
    return { g, dealId };
  }

  beforeEach(async () => {
    ({ g, dealId } = await networkHelpers.loadFixture(fixture));
    openedAt = (await g.house.read.getDeal([dealId])).openedAt;
  });

  const ship = () => g.house.write.ship([dealId, TRACKING], { account: g.seller.account });
  const dispute = (who = g.alice) =>
    g.house.write.openDispute([dealId, EVIDENCE, "ipfs://evidence"], { account: who.account });

  it("test_GetDeal_RevertGiven_DoesNotExist", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(g.house.read.getDeal([9n]), g.house, "DealNotFound", [
      9n,
    ]);
  });

  describe("ship", () => {
    it("test_Ship_BySellerBeforeShipBy_StartsWindows", async () => {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + SHIP); // the last allowed second
      await viem.assertions.emitWithArgs(ship(), g.house, "DealShipped", [
        dealId,
        TRACKING,
        openedAt + SHIP + CONFIRM,
        openedAt + SHIP + DISPUTE,
      ]);
      const d = await g.house.read.getDeal([dealId]);
      assert.equal(d.status, DealStatus.Shipped);
      assert.equal(d.shippedAt, openedAt + SHIP);
      assert.equal(d.confirmDeadline, openedAt + SHIP + CONFIRM);
      assert.equal(d.disputeDeadline, openedAt + SHIP + DISPUTE);
    });

    it("test_RevertWhen_ShipAfterShipBy", async () => {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + SHIP + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(ship(), g.house, "DealShipDeadlinePassed", [
        dealId,
        openedAt + SHIP,
      ]);
    });

    it("test_RevertWhen_ShipByNonSeller", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.ship([dealId, TRACKING], { account: g.alice.account }),
        g.house,
        "DealNotSeller",
        [dealId, g.alice.account.address],
      );
    });

    it("test_RevertGiven_ShipTwice", async () => {
      await ship();
      await viem.assertions.revertWithCustomErrorWithArgs(ship(), g.house, "DealInvalidStatus", [
        dealId,
        DealStatus.Shipped,
      ]);
    });

    it("test_RevertGiven_ShipUnknownDeal", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.ship([9n, TRACKING], { account: g.seller.account }),
        g.house,
        "DealNotFound",
        [9n],
      );
    });
  });

  describe("confirm and release", () => {
    beforeEach(async () => {
      await ship();
    });

    it("test_Confirm_ByBuyer_PaysSellerWalletMinusFee_AccruesFee", async () => {
      await expectMoves(g, () => g.house.write.confirm([dealId], { account: g.alice.account }), [
        { who: g.seller.account.address, token: PRICE - FEE },
        { who: g.alice.account.address },
        { who: g.house.address, token: -(PRICE - FEE) },
        { who: g.treasury.account.address },
      ]);
      assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), FEE);
      assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Completed);
    });

    it("test_Confirm_EmitsDealCompletedPaid", async () => {
      const tx = await g.house.write.confirm([dealId], { account: g.alice.account });
      await viem.assertions.emitWithArgs(tx, g.house, "DealCompleted", [
        dealId,
        g.alice.account.address,
        true,
        PRICE - FEE,
        FEE,
        true,
      ]);
      const receipt = await (await viem.getPublicClient()).getTransactionReceipt({ hash: tx });
      const credited = parseEventLogs({ abi: g.house.abi, logs: receipt.logs, eventName: "BalanceCredited" });
      assert.deepEqual(credited, [], "nothing credited: the seller was paid");
    });

    it("test_Confirm_BlacklistedSeller_ProceedsCreditedNotLost", async () => {
      await g.usdc.write.blacklist([g.seller.account.address]);
      const tx = g.house.write.confirm([dealId], { account: g.alice.account });
      await expectMoves(g, () => tx, [
        { who: g.seller.account.address, credit: PRICE - FEE },
        { who: g.house.address },
      ]);
      await viem.assertions.emitWithArgs(tx, g.house, "DealCompleted", [
        dealId,
        g.alice.account.address,
        true,
        PRICE - FEE,
        FEE,
        false,
      ]);
    });

    it("test_RevertWhen_ConfirmByNonBuyer", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.confirm([dealId], { account: g.seller.account }),
        g.house,
        "DealNotBuyer",
        [dealId, g.seller.account.address],
      );
    });

    it("test_RevertGiven_ConfirmTwice", async () => {
      await g.house.write.confirm([dealId], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.confirm([dealId], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Completed],
      );
    });

    it("test_Release_ByAnyoneAfterConfirmWindow", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + 1n);
      const tx = await g.house.write.release([dealId], { account: g.stranger.account });
      await viem.assertions.emitWithArgs(tx, g.house, "DealCompleted", [
        dealId,
        g.stranger.account.address,
        false,
        PRICE - FEE,
        FEE,
        true,
      ]);
      assert.equal(await g.house.read.withdrawable([g.seller.account.address]), 0n);
    });

    it("test_RevertWhen_ReleaseAtConfirmDeadline", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([dealId], { account: g.stranger.account }),
        g.house,
        "DealConfirmWindowOpen",
        [dealId, confirmDeadline],
      );
    });

    it("test_RevertGiven_ReleaseBeforeShipping", async () => {
      const second = await openDeal(g);
      await networkHelpers.time.increase(30n * DAY);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([second.dealId]),
        g.house,
        "DealInvalidStatus",
        [second.dealId, DealStatus.Paid],
      );
    });
  });

  describe("a seller who ships nothing cannot collect", () => {
    it("test_Attack_FakeTrackingHash_BuyerDisputesOnDayTwo_ReleaseReverts_RulingRefunds", async () => {
      // The seller "ships" a tracking number that does not exist; nothing arrives.
      await g.house.write.ship([dealId, keccak256(toHex("no such parcel"))], { account: g.seller.account });
      const { shippedAt, confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(shippedAt + 2n * DAY);
      await dispute();
      // The seller waits out the window and tries to collect: refused, the money stays in escrow.
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([dealId], { account: g.seller.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Disputed],
      );
      await expectMoves(g, () => g.house.write.rule([dealId, 10_000], { account: g.arbiter.account }), [
        { who: g.alice.account.address, token: PRICE },
        { who: g.seller.account.address },
        { who: g.house.address, token: -PRICE },
      ]);
    });

    it("test_RevertWhen_ReleaseBeforeTheWindowEnds", async () => {
      await ship();
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([dealId], { account: g.seller.account }),
        g.house,
        "DealConfirmWindowOpen",
        [dealId, confirmDeadline],
      );
    });

    it("test_ConfirmWindowFloorIsThreeDays", async () => {
      assert.equal(await g.house.read.MIN_CONFIRM_WINDOW(), Number(3n * DAY));
    });
  });

  describe("extendConfirmWindow (parcel not here yet)", () => {
    beforeEach(async () => {
      await ship();
    });

    it("test_Extend_ByBuyerOnce_MovesTheReleaseByTheExtension", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      const tx = g.house.write.extendConfirmWindow([dealId, CONFIRM], { account: g.alice.account });
      await viem.assertions.emitWithArgs(tx, g.house, "ConfirmWindowExtended", [
        dealId,
        g.alice.account.address,
        CONFIRM,
        confirmDeadline + CONFIRM,
      ]);
      const d = await g.house.read.getDeal([dealId]);
      assert.equal(d.confirmDeadline, confirmDeadline + CONFIRM);
      assert.equal(d.confirmExtension, CONFIRM);
      // The seller's dispute deadline does not move.
      assert.equal(d.disputeDeadline, d.shippedAt + DISPUTE);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([dealId], { account: g.stranger.account }),
        g.house,
        "DealConfirmWindowOpen",
        [dealId, confirmDeadline + CONFIRM],
      );
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + CONFIRM + 1n);
      await expectMoves(g, () => g.house.write.release([dealId], { account: g.stranger.account }), [
        { who: g.seller.account.address, token: PRICE - FEE },
      ]);
    });

    it("test_Extend_AtTheDeadlineItself_Allowed", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline);
      await g.house.write.extendConfirmWindow([dealId, 1n], { account: g.alice.account });
      assert.equal((await g.house.read.getDeal([dealId])).confirmDeadline, confirmDeadline + 1n);
    });

    it("test_RevertWhen_ExtendedTwice", async () => {
      await g.house.write.extendConfirmWindow([dealId, DAY], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.extendConfirmWindow([dealId, DAY], { account: g.alice.account }),
        g.house,
        "DealConfirmWindowAlreadyExtended",
        [dealId],
      );
    });

    it("test_RevertWhen_ExtensionZeroOrLongerThanTheWindow", async () => {
      for (const extension of [0n, CONFIRM + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.extendConfirmWindow([dealId, extension], { account: g.alice.account }),
          g.house,
          "DealInvalidExtension",
          [extension, CONFIRM],
        );
      }
    });

    it("test_RevertWhen_ExtendedByTheSellerOrAStranger", async () => {
      for (const who of [g.seller, g.stranger]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.extendConfirmWindow([dealId, DAY], { account: who.account }),
          g.house,
          "DealNotBuyer",
          [dealId, who.account.address],
        );
      }
    });

    it("test_RevertWhen_ExtendedAfterTheDeadline", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.extendConfirmWindow([dealId, DAY], { account: g.alice.account }),
        g.house,
        "DealConfirmWindowClosed",
        [dealId, confirmDeadline],
      );
    });

    it("test_RevertGiven_NotShipped", async () => {
      const second = await openDeal(g);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.extendConfirmWindow([second.dealId, DAY], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [second.dealId, DealStatus.Paid],
      );
    });
  });

  describe("reclaim (missed ship-by)", () => {
    it("test_Reclaim_ByBuyerAfterShipBy_CreditsFullAmount", async () => {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + SHIP + 1n);
      await expectMoves(g, () => g.house.write.reclaim([dealId], { account: g.alice.account }), [
        { who: g.alice.account.address, credit: PRICE },
        { who: g.seller.account.address },
      ]);
      assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Refunded);
      assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), 0n);
    });

    it("test_Reclaim_EmitsDealRefunded", async () => {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + SHIP + 1n);
      await viem.assertions.emitWithArgs(
        g.house.write.reclaim([dealId], { account: g.alice.account }),
        g.house,
        "DealRefunded",
        [dealId, g.alice.account.address, false, PRICE],
      );
    });

    it("test_RevertWhen_ReclaimAtShipBy", async () => {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + SHIP);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.reclaim([dealId], { account: g.alice.account }),
        g.house,
        "DealShipDeadlineNotPassed",
        [dealId, openedAt + SHIP],
      );
    });

    it("test_RevertWhen_ReclaimByNonBuyer", async () => {
      await networkHelpers.time.increase(SHIP + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.reclaim([dealId], { account: g.stranger.account }),
        g.house,
        "DealNotBuyer",
        [dealId, g.stranger.account.address],
      );
    });

    it("test_RevertGiven_ReclaimAfterShipped", async () => {
      await ship();
      await networkHelpers.time.increase(SHIP + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.reclaim([dealId], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Shipped],
      );
    });
  });

  describe("refund (seller)", () => {
    it("test_Refund_FromPaid", async () => {
      await expectMoves(g, () => g.house.write.refund([dealId], { account: g.seller.account }), [
        { who: g.alice.account.address, credit: PRICE },
        { who: g.seller.account.address },
      ]);
    });

    it("test_Refund_FromShipped_EmitsDealRefunded", async () => {
      await ship();
      await viem.assertions.emitWithArgs(
        g.house.write.refund([dealId], { account: g.seller.account }),
        g.house,
        "DealRefunded",
        [dealId, g.seller.account.address, true, PRICE],
      );
    });

    it("test_Refund_FromDisputed_SellerConcedes", async () => {
      await ship();
      await dispute();
      await g.house.write.refund([dealId], { account: g.seller.account });
      assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Refunded);
      assert.equal(await g.house.read.withdrawable([g.alice.account.address]), PRICE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.rule([dealId, 0], { account: g.arbiter.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Refunded],
      );
    });

    it("test_RevertWhen_RefundByNonSeller", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.refund([dealId], { account: g.alice.account }),
        g.house,
        "DealNotSeller",
        [dealId, g.alice.account.address],
      );
    });

    it("test_RevertGiven_RefundAfterCompleted", async () => {
      await ship();
      await g.house.write.confirm([dealId], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.refund([dealId], { account: g.seller.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Completed],
      );
    });

    it("test_RevertGiven_RefundTwice", async () => {
      await g.house.write.refund([dealId], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.refund([dealId], { account: g.seller.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Refunded],
      );
    });

    it("test_RevertGiven_RefundUnknownDeal", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.refund([9n], { account: g.seller.account }),
        g.house,
        "DealNotFound",
        [9n],
      );
    });
  });

  describe("disputes", () => {
    beforeEach(async () => {
      await ship();
    });

    it("test_OpenDispute_ByBuyer_SnapshotsArbiterDeadline", async () => {
      const t = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await viem.assertions.emitWithArgs(dispute(), g.house, "DisputeOpened", [
        dealId,
        g.alice.account.address,
        EVIDENCE,
        "ipfs://evidence",
        t + DISPUTE_TIMEOUT,
      ]);
      // A later change of the timeout does not move an open dispute's deadline.
      await g.config.write.setDisputeTimeout([Number(30n * DAY)]);
      const d = await g.house.read.getDeal([dealId]);
      assert.equal(d.status, DealStatus.Disputed);
      assert.equal(d.arbiterDeadline, t + DISPUTE_TIMEOUT);
    });

    it("test_OpenDispute_BySellerAtLastSecond", async () => {
      const { disputeDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(disputeDeadline);
      await dispute(g.seller);
      assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Disputed);
    });

    it("test_RevertWhen_SellerDisputesAfterWindow", async () => {
      const { disputeDeadline } = await g.house.read.getDeal([dealId]);
      await networkHelpers.time.setNextBlockTimestamp(disputeDeadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        dispute(g.seller),
        g.house,
        "DealDisputeWindowClosed",
        [dealId, disputeDeadline],
      );
    });

    it("test_Dispute_BuyerAfterDisputeWindowAndConfirmDeadline_UntilReleased", async () => {
      const { confirmDeadline } = await g.house.read.getDeal([dealId]);
      // Past the confirm deadline, nobody released yet: the buyer can still stop the release.
      await networkHelpers.time.setNextBlockTimestamp(confirmDeadline + 1n);
      await dispute();
      assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Disputed);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.release([dealId], { account: g.stranger.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Disputed],
      );
    });

    it("test_RevertWhen_DisputeByStranger", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(dispute(g.stranger), g.house, "DealNotParty", [
        dealId,
        g.stranger.account.address,
      ]);
    });

    it("test_RevertWhen_EvidenceURITooLong", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.openDispute([dealId, EVIDENCE, "x".repeat(257)], { account: g.alice.account }),
        g.house,
        "DealURITooLong",
        [257n],
      );
    });

    it("test_RevertGiven_DisputeBeforeShipping", async () => {
      const second = await openDeal(g);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.openDispute([second.dealId, EVIDENCE, ""], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [second.dealId, DealStatus.Paid],
      );
    });

    it("test_RevertGiven_ConfirmWhileDisputed", async () => {
      await dispute();
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.confirm([dealId], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Disputed],
      );
    });

    describe("rule", () => {
      beforeEach(async () => {
        await dispute();
      });

      it("test_Rule_SplitsBuyerShareAndSellerShareMinusFee", async () => {
        // 70 % to the buyer: 70; seller's 30 carries the fee of 0.75.
        await expectMoves(g, () => g.house.write.rule([dealId, 7000], { account: g.arbiter.account }), [
          { who: g.alice.account.address, token: usdc(70) },
          { who: g.seller.account.address, token: usdc("29.25") },
          { who: g.house.address, token: -usdc("99.25") },
        ]);
        assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), usdc("0.75"));
        assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Resolved);
      });

      it("test_Rule_EmitsDisputeResolved", async () => {
        await viem.assertions.emitWithArgs(
          g.house.write.rule([dealId, 7000], { account: g.arbiter.account }),
          g.house,
          "DisputeResolved",
          [dealId, g.arbiter.account.address, false, 7000, usdc(70), usdc("29.25"), usdc("0.75")],
        );
      });

      it("test_Rule_AllToBuyer_NoFee", async () => {
        await expectMoves(g, () => g.house.write.rule([dealId, 10_000], { account: g.arbiter.account }), [
          { who: g.alice.account.address, token: PRICE },
          { who: g.seller.account.address },
        ]);
        assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), 0n);
      });

      it("test_Rule_AllToSeller_FullFee", async () => {
        await expectMoves(g, () => g.house.write.rule([dealId, 0], { account: g.arbiter.account }), [
          { who: g.alice.account.address },
          { who: g.seller.account.address, token: PRICE - FEE },
        ]);
      });

      it("test_Rule_AfterArbiterDeadlineStillAllowedUntilSomeoneSplits", async () => {
        await networkHelpers.time.increase(DISPUTE_TIMEOUT + 1n);
        await g.house.write.rule([dealId, 10_000], { account: g.arbiter.account });
        assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Resolved);
      });

      it("test_RevertWhen_RuleByNonArbiter", async () => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.rule([dealId, 5000], { account: g.deployer.account }),
          g.house,
          "DealNotArbiter",
          [g.deployer.account.address],
        );
      });

      it("test_RevertWhen_BuyerShareAbove100Percent", async () => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.rule([dealId, 10_001], { account: g.arbiter.account }),
          g.house,
          "DealInvalidBuyerShare",
          [10_001n],
        );
      });

      it("test_RevertGiven_RuleTwice", async () => {
        await g.house.write.rule([dealId, 5000], { account: g.arbiter.account });
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.rule([dealId, 5000], { account: g.arbiter.account }),
          g.house,
          "DealInvalidStatus",
          [dealId, DealStatus.Resolved],
        );
      });

      it("test_ResolveAfterTimeout_SplitsFiftyFifty", async () => {
        const { arbiterDeadline } = await g.house.read.getDeal([dealId]);
        await networkHelpers.time.setNextBlockTimestamp(arbiterDeadline + 1n);
        await expectMoves(
          g,
          () => g.house.write.resolveAfterTimeout([dealId], { account: g.stranger.account }),
          [
            { who: g.alice.account.address, token: usdc(50) },
            { who: g.seller.account.address, token: usdc("48.75") },
          ],
        );
        assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), usdc("1.25"));
      });

      it("test_ResolveAfterTimeout_EmitsDisputeResolvedByTimeout", async () => {
        await networkHelpers.time.increase(DISPUTE_TIMEOUT + 1n);
        await viem.assertions.emitWithArgs(
          g.house.write.resolveAfterTimeout([dealId], { account: g.stranger.account }),
          g.house,
          "DisputeResolved",
          [dealId, g.stranger.account.address, true, 5000, usdc(50), usdc("48.75"), usdc("1.25")],
        );
      });

      it("test_RevertWhen_ResolveAtArbiterDeadline", async () => {
        const { arbiterDeadline } = await g.house.read.getDeal([dealId]);
        await networkHelpers.time.setNextBlockTimestamp(arbiterDeadline);
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.resolveAfterTimeout([dealId]),
          g.house,
          "DealArbiterTimeNotElapsed",
          [dealId, arbiterDeadline],
        );
      });

      it("test_RevertGiven_ResolveNotDisputed", async () => {
        await g.house.write.rule([dealId, 5000], { account: g.arbiter.account });
        await networkHelpers.time.increase(DISPUTE_TIMEOUT + 1n);
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.resolveAfterTimeout([dealId]),
          g.house,
          "DealInvalidStatus",
          [dealId, DealStatus.Resolved],
        );
      });
    });
  });

  describe("odd amounts", () => {
    it("test_ResolveAfterTimeout_OddAmount_SellerGetsTheOddUnit_EverythingAccountedFor", async () => {
      const price = usdc(100) + 1n;
      const auctionId = await createAuction(g, { reservePrice: price }, { startPrice: price });
      await g.house.write.bid([auctionId, price], { account: g.bob.account });
      await networkHelpers.time.increase(DAY + 1n);
      const id = auctionId; // a deal's id is its auction's id
      await g.house.write.settle([auctionId]);
      await g.house.write.ship([id, TRACKING], { account: g.seller.account });
      await g.house.write.openDispute([id, EVIDENCE, ""], { account: g.bob.account });
      await networkHelpers.time.increase(DISPUTE_TIMEOUT + 1n);
      const [bobBefore, sellerBefore] = await tokenBalances(g, [
        g.bob.account.address,
        g.seller.account.address,
      ]);
      await g.house.write.resolveAfterTimeout([id]);
      const [bobAfter, sellerAfter] = await tokenBalances(g, [
        g.bob.account.address,
        g.seller.account.address,
      ]);
      const buyer = bobAfter! - bobBefore!;
      const seller = sellerAfter! - sellerBefore!;
      const fee = await g.house.read.unsweptFees([g.treasury.account.address]);
      assert.equal(buyer, 50_000_000n);
      assert.equal(fee, 1_250_000n); // 2.5 % of 50_000_001, rounded down
      assert.equal(seller, 48_750_001n);
      assert.equal(buyer + seller + fee, price);
    });
  });

  describe("reviews", () => {
    const HASH = keccak256(toHex("Great seller, fast shipping"));

    async function complete() {
      await ship();
      await g.house.write.confirm([dealId], { account: g.alice.account });
    }

    it("test_Review_EachPartyOnceAfterCompleted", async () => {
      await complete();
      await viem.assertions.emitWithArgs(
        g.house.write.review([dealId, 5, HASH, "ipfs://review-1"], { account: g.alice.account }),
        g.house,
        "ReviewSubmitted",
        [dealId, g.alice.account.address, g.seller.account.address, 5, HASH, "ipfs://review-1"],
      );
      await viem.assertions.emitWithArgs(
        g.house.write.review([dealId, 1, HASH, ""], { account: g.seller.account }),
        g.house,
        "ReviewSubmitted",
        [dealId, g.seller.account.address, g.alice.account.address, 1, HASH, ""],
      );
      const d = await g.house.read.getDeal([dealId]);
      assert.equal(d.buyerReviewed, true);
      assert.equal(d.sellerReviewed, true);
    });

    it("test_Review_AfterResolved", async () => {
      await ship();
      await dispute();
      await g.house.write.rule([dealId, 5000], { account: g.arbiter.account });
      await g.house.write.review([dealId, 3, HASH, ""], { account: g.seller.account });
    });

    it("test_RevertGiven_BuyerReviewsTwice", async () => {
      await complete();
      await g.house.write.review([dealId, 5, HASH, ""], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 4, HASH, ""], { account: g.alice.account }),
        g.house,
        "DealAlreadyReviewed",
        [dealId, g.alice.account.address],
      );
    });

    it("test_RevertGiven_SellerReviewsTwice", async () => {
      await complete();
      await g.house.write.review([dealId, 5, HASH, ""], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 4, HASH, ""], { account: g.seller.account }),
        g.house,
        "DealAlreadyReviewed",
        [dealId, g.seller.account.address],
      );
    });

    it("test_RevertWhen_ReviewByStranger", async () => {
      await complete();
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 5, HASH, ""], { account: g.stranger.account }),
        g.house,
        "DealNotParty",
        [dealId, g.stranger.account.address],
      );
    });

    it("test_RevertWhen_RatingOutOfRange", async () => {
      await complete();
      for (const rating of [0, 6]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          g.house.write.review([dealId, rating, HASH, ""], { account: g.alice.account }),
          g.house,
          "DealInvalidRating",
          [rating],
        );
      }
    });

    it("test_RevertWhen_ReviewURITooLong", async () => {
      await complete();
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 5, HASH, "x".repeat(257)], { account: g.alice.account }),
        g.house,
        "DealURITooLong",
        [257n],
      );
    });

    it("test_RevertGiven_ReviewBeforeFinished", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 5, HASH, ""], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Paid],
      );
    });

    it("test_RevertGiven_ReviewAfterRefund", async () => {
      await g.house.write.refund([dealId], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([dealId, 5, HASH, ""], { account: g.alice.account }),
        g.house,
        "DealInvalidStatus",
        [dealId, DealStatus.Refunded],
      );
    });

    it("test_RevertGiven_ReviewUnknownDeal", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.review([9n, 5, HASH, ""], { account: g.alice.account }),
        g.house,
        "DealNotFound",
        [9n],
      );
    });
  });

  describe("withdraw and fees", () => {
    // The confirm pays the seller's wallet; a seller the token refused at that moment is credited
    // and withdraws later (here: once the token let them go again).
    beforeEach(async () => {
      await ship();
      await g.usdc.write.blacklist([g.seller.account.address]);
      await g.house.write.confirm([dealId], { account: g.alice.account });
      await g.usdc.write.unBlacklist([g.seller.account.address]);
    });

    it("test_Withdraw_SellerPullsProceeds", async () => {
      await expectMoves(g, () => g.house.write.withdraw({ account: g.seller.account }), [
        { who: g.seller.account.address, token: PRICE - FEE, credit: -(PRICE - FEE) },
        { who: g.house.address, token: -(PRICE - FEE) },
      ]);
    });

    it("test_Withdraw_EmitsWithdrawn", async () => {
      await viem.assertions.emitWithArgs(
        g.house.write.withdraw({ account: g.seller.account }),
        g.house,
        "Withdrawn",
        [g.seller.account.address, g.seller.account.address, PRICE - FEE],
      );
    });

    it("test_RevertGiven_NothingToWithdraw", async () => {
      await g.house.write.withdraw({ account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.withdraw({ account: g.seller.account }),
        g.house,
        "EscrowNothingToWithdraw",
        [g.seller.account.address],
      );
    });

    it("test_WithdrawTo_SendsToRecipient", async () => {
      await expectMoves(
        g,
        () => g.house.write.withdrawTo([g.seller2.account.address], { account: g.seller.account }),
        [
          { who: g.seller.account.address, credit: -(PRICE - FEE) },
          { who: g.seller2.account.address, token: PRICE - FEE },
          { who: g.house.address, token: -(PRICE - FEE) },
        ],
      );
    });

    it("test_RevertWhen_WithdrawToTheHouseItself", async () => {
      await viem.assertions.revertWithCustomError(
        g.house.write.withdrawTo([g.house.address], { account: g.seller.account }),
        g.house,
        "EscrowRecipientIsHouse",
      );
      assert.equal(await g.house.read.withdrawable([g.seller.account.address]), PRICE - FEE);
    });

    it("test_RevertWhen_FrozenOwnerWithdrawsToAnotherAddress_WaitsForTheToken", async () => {
      await g.usdc.write.blacklist([g.seller.account.address]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.withdrawTo([g.seller2.account.address], { account: g.seller.account }),
        g.house,
        "EscrowOwnerFrozen",
        [g.seller.account.address],
      );
      assert.equal(await g.house.read.withdrawable([g.seller.account.address]), PRICE - FEE);
      // Once the token unfreezes the owner, the credit moves again, to the owner or anyone.
      await g.usdc.write.unBlacklist([g.seller.account.address]);
      await expectMoves(
        g,
        () => g.house.write.withdrawTo([g.seller2.account.address], { account: g.seller.account }),
        [
          { who: g.seller.account.address, credit: -(PRICE - FEE) },
          { who: g.seller2.account.address, token: PRICE - FEE },
        ],
      );
    });

    it("test_RevertWhen_WithdrawToZeroAddress", async () => {
      await viem.assertions.revertWithCustomError(
        g.house.write.withdrawTo(["0x0000000000000000000000000000000000000000"], {
          account: g.seller.account,
        }),
        g.house,
        "EscrowZeroRecipient",
      );
    });

    it("test_SweepFees_PushesToTreasury", async () => {
      const tx = g.house.write.sweepFees([g.treasury.account.address], { account: g.stranger.account });
      await expectMoves(g, () => tx, [
        { who: g.treasury.account.address, token: FEE },
        { who: g.house.address, token: -FEE },
      ]);
      await viem.assertions.emitWithArgs(tx, g.house, "FeesSwept", [
        g.treasury.account.address,
        g.stranger.account.address,
        FEE,
        true,
      ]);
      assert.equal(await g.house.read.unsweptFees([g.treasury.account.address]), 0n);
    });

    it("test_RevertGiven_NoFeesToSweep", async () => {
      await g.house.write.sweepFees([g.treasury.account.address]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.sweepFees([g.treasury.account.address]),
        g.house,
        "EscrowNoFees",
        [g.treasury.account.address],
      );
    });

    it("test_SweepFees_BlacklistedTreasury_CreditedAndFrozenUntilTheTokenLetsGo", async () => {
      await g.usdc.write.blacklist([g.treasury.account.address]);
      await expectMoves(g, () => g.house.write.sweepFees([g.treasury.account.address]), [
        { who: g.treasury.account.address, credit: FEE },
        { who: g.house.address },
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.withdrawTo([g.deployer.account.address], { account: g.treasury.account }),
        g.house,
        "EscrowOwnerFrozen",
        [g.treasury.account.address],
      );
      await g.usdc.write.unBlacklist([g.treasury.account.address]);
      await g.house.write.withdrawTo([g.deployer.account.address], { account: g.treasury.account });
      assert.equal(await g.house.read.withdrawable([g.treasury.account.address]), 0n);
    });

    it("test_HouseBalanceEqualsCreditsPlusFeesAfterEverythingSettles", async () => {
      const credits = await g.house.read.withdrawable([g.seller.account.address]);
      const fees = await g.house.read.unsweptFees([g.treasury.account.address]);
      assert.equal(await g.usdc.read.balanceOf([g.house.address]), credits + fees);
    });
  });

  describe("pause never traps funds", () => {
    it("test_DealActionsAndWithdrawWorkWhilePaused", async () => {
      await g.config.write.pause();
      await ship();
      await dispute();
      // The ruling pays both wallets while paused.
      await expectMoves(g, () => g.house.write.rule([dealId, 5000], { account: g.arbiter.account }), [
        { who: g.alice.account.address, token: usdc(50) },
        { who: g.seller.account.address, token: usdc("48.75") },
      ]);
      await g.house.write.sweepFees([g.treasury.account.address]);
      assert.equal(await g.usdc.read.balanceOf([g.house.address]), 0n);
    });
  });
});
