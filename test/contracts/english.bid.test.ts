// Long on purpose: every branch of the English house's bid path (proxy bidding, reserve, anti-sniping, permits), one test each.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { maxUint256 } from "viem";
import { englishParams, type Gavel, gavelFixtures, listingParams, MINUTE, usdc } from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, createAuction, expectMoves, signPermit: signTokenPermit } = gavelFixtures(connection);

describe("EnglishAuctionHouse.bid", () => {
  let g: Gavel;
  let id: bigint;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
    id = await createAuction(g); // start 10, reserve 100, 5 % steps
  });

  describe("first bid", () => {
    it("test_Bid_FirstBidBelowReserve_EscrowsMaxAtStartPrice", async () => {
      await expectMoves(g, () => g.house.write.bid([id, usdc(50)], { account: g.alice.account }), [
        { who: g.alice.account.address, token: -usdc(50) },
        { who: g.house.address, token: usdc(50) },
      ]);
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.leader.toLowerCase(), g.alice.account.address);
      assert.equal(a.leaderMax, usdc(50));
      assert.equal(a.price, usdc(10));
      assert.equal(a.minimumBid, usdc("10.5"));
    });

    it("test_Bid_FirstBidAtOrAboveReserve_PriceIsReserve", async () => {
      const endTime = (await g.house.read.getAuction([id])).endTime;
      await viem.assertions.emitWithArgs(
        g.house.write.bid([id, usdc(150)], { account: g.alice.account }),
        g.house,
        "BidPlaced",
        [id, g.alice.account.address, g.alice.account.address, usdc(150), usdc(100), endTime, false],
      );
      assert.equal(await g.house.read.minimumBid([id]), usdc(105));
    });

    it("test_Bid_FirstBidExactlyStartPrice_Accepted", async () => {
      await g.house.write.bid([id, usdc(10)], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc(10));
    });

    it("test_RevertWhen_FirstBidBelowStartPrice", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc(10) - 1n], { account: g.alice.account }),
        g.house,
        "EnglishBidTooLow",
        [id, usdc(10)],
      );
    });
  });

  describe("outbidding", () => {
    beforeEach(async () => {
      await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
    });

    it("test_Bid_HigherMax_NewLeaderAtRunnerUpPlusIncrement_PredecessorRefundedInFull", async () => {
      await expectMoves(g, () => g.house.write.bid([id, usdc(80)], { account: g.bob.account }), [
        { who: g.alice.account.address, token: usdc(50) },
        { who: g.bob.account.address, token: -usdc(80) },
        { who: g.house.address, token: usdc(30) },
      ]);
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.leader.toLowerCase(), g.bob.account.address);
      assert.equal(a.leaderMax, usdc(80));
      assert.equal(a.price, usdc("52.5")); // 50 + 5 %
    });

    it("test_Bid_Outbid_EmitsOutbidWithPushedRefund", async () => {
      await viem.assertions.emitWithArgs(
        g.house.write.bid([id, usdc(80)], { account: g.bob.account }),
        g.house,
        "Outbid",
        [id, g.alice.account.address, g.bob.account.address, usdc(50), true],
      );
    });

    it("test_Bid_NewLeaderCappedByOwnMax", async () => {
      await g.house.write.bid([id, usdc(51)], { account: g.bob.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc(51)); // 52.5 capped at 51
    });

    it("test_Bid_NewLeaderReachingReserve_PriceRaisedToReserve", async () => {
      await g.house.write.bid([id, usdc(120)], { account: g.bob.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc(100));
    });

    it("test_Bid_LosingBid_RaisesPriceAndEscrowsNothing", async () => {
      await expectMoves(g, () => g.house.write.bid([id, usdc(30)], { account: g.carol.account }), [
        { who: g.alice.account.address },
        { who: g.carol.account.address },
        { who: g.house.address },
      ]);
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.leader.toLowerCase(), g.alice.account.address);
      assert.equal(a.price, usdc("31.5")); // 30 + 5 %
    });

    it("test_Bid_LosingBid_PriceCappedByLeaderMax", async () => {
      await g.house.write.bid([id, usdc(49)], { account: g.carol.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc(50));
    });

    it("test_Bid_Tie_EarlierLeaderKeepsLeadAtTheirMax", async () => {
      await viem.assertions.emitWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.carol.account }),
        g.house,
        "BidPlaced",
        [
          id,
          g.carol.account.address,
          g.alice.account.address,
          usdc(50),
          usdc(50),
          (await g.house.read.getAuction([id])).endTime,
          false,
        ],
      );
    });

    it("test_Bid_LosingBidAgainstLeaderAboveReserve_PriceStaysAtLeastReserve", async () => {
      await g.house.write.bid([id, usdc(150)], { account: g.alice.account }); // raise: price → 100
      await g.house.write.bid([id, usdc(105)], { account: g.bob.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc("110.25"));
    });

    it("test_RevertWhen_BidBelowPricePlusIncrement", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc("10.5") - 1n], { account: g.bob.account }),
        g.house,
        "EnglishBidTooLow",
        [id, usdc("10.5")],
      );
    });

    it("test_Bid_ChainOfOutbids_EachPredecessorRefunded_HouseHoldsOnlyLeaderMax", async () => {
      await g.house.write.bid([id, usdc(80)], { account: g.bob.account });
      await g.house.write.bid([id, usdc(200)], { account: g.carol.account });
      await g.house.write.bid([id, usdc(300)], { account: g.alice.account });
      assert.equal(await g.usdc.read.balanceOf([g.house.address]), usdc(300));
      assert.equal(await g.usdc.read.balanceOf([g.bob.account.address]), usdc(1_000_000));
      assert.equal(await g.usdc.read.balanceOf([g.carol.account.address]), usdc(1_000_000));
      assert.equal(await g.usdc.read.balanceOf([g.alice.account.address]), usdc(1_000_000) - usdc(300));
      assert.equal((await g.house.read.getAuction([id])).price, usdc(210)); // 200 + 5 %
    });
  });

  describe("leader raising their maximum", () => {
    beforeEach(async () => {
      await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
    });

    it("test_Bid_LeaderRaisesMax_EscrowsOnlyDifference_PriceUnchanged", async () => {
      await expectMoves(g, () => g.house.write.bid([id, usdc(90)], { account: g.alice.account }), [
        { who: g.alice.account.address, token: -usdc(40) },
        { who: g.house.address, token: usdc(40) },
      ]);
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.leaderMax, usdc(90));
      assert.equal(a.price, usdc(10));
    });

    it("test_Bid_LeaderRaisesMaxToReserve_PriceJumpsToReserve", async () => {
      await g.house.write.bid([id, usdc(200)], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).price, usdc(100));
    });

    it("test_RevertWhen_LeaderDoesNotRaiseMax", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.house,
        "EnglishMaxNotRaised",
        [id, usdc(50)],
      );
    });
  });

  describe("anti-sniping", () => {
    it("test_Bid_InsideExtensionWindow_MovesEndToNowPlusWindow", async () => {
      const { endTime } = await g.house.read.getAuction([id]);
      const t = endTime - 5n * MINUTE;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await viem.assertions.emitWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.house,
        "BidPlaced",
        [id, g.alice.account.address, g.alice.account.address, usdc(50), usdc(10), t + 10n * MINUTE, true],
      );
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.endTime, t + 10n * MINUTE);
      assert.equal(a.extensions, 1);
    });

    it("test_Bid_OutsideExtensionWindow_EndUnchanged", async () => {
      const { endTime } = await g.house.read.getAuction([id]);
      await networkHelpers.time.setNextBlockTimestamp(endTime - 10n * MINUTE); // exactly the window: not inside
      await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.endTime, endTime);
      assert.equal(a.extensions, 0);
    });

    it("test_Bid_ExtensionsCappedAtMaxExtensions", async () => {
      // Three bids 60 s before the end each move it; the fourth and fifth (the cap is 3) do not.
      let max = usdc(20);
      let thirdExtendedEnd = 0n;
      for (const [i, bidder] of [g.alice, g.bob, g.carol, g.dave, g.alice].entries()) {
        const { endTime } = await g.house.read.getAuction([id]);
        const t = endTime - 60n + BigInt(i === 4 ? 30 : 0);
        await networkHelpers.time.setNextBlockTimestamp(t);
        max *= 2n;
        await g.house.write.bid([id, max], { account: bidder.account });
        if (i === 2) thirdExtendedEnd = t + 10n * MINUTE;
      }
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.extensions, 3);
      assert.equal(a.endTime, thirdExtendedEnd);
    });

    it("test_Bid_LeaderRaiseInsideWindow_DoesNotExtend", async () => {
      await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
      const { endTime } = await g.house.read.getAuction([id]);
      await networkHelpers.time.setNextBlockTimestamp(endTime - 60n);
      await g.house.write.bid([id, usdc(60)], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).endTime, endTime);
    });

    it("test_Bid_LosingBidInsideWindow_DoesNotExtend", async () => {
      await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
      const { endTime } = await g.house.read.getAuction([id]);
      await networkHelpers.time.setNextBlockTimestamp(endTime - 60n);
      await g.house.write.bid([id, usdc(20)], { account: g.bob.account });
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.endTime, endTime);
      assert.equal(a.extensions, 0);
    });

    it("test_Attack_FreeLosingBidsCannotSwitchOffAntiSniping", async () => {
      // Alice leads with a high maximum; Mallory fires losing bids (free: they escrow nothing)
      // inside the window, hoping to use up the extensions so a last-second snipe cannot be answered.
      await g.house.write.bid([id, usdc(500)], { account: g.alice.account });
      const { endTime } = await g.house.read.getAuction([id]);
      let t = endTime - 9n * MINUTE;
      for (let i = 0; i < 8; i++) {
        await networkHelpers.time.setNextBlockTimestamp(t);
        const min = await g.house.read.minimumBid([id]);
        await g.house.write.bid([id, min], { account: g.stranger.account });
        t += 30n;
      }
      let a = await g.house.read.getAuction([id]);
      assert.equal(a.extensions, 0, "losing bids used no extension");
      assert.equal(a.endTime, endTime);
      // The snipe: Bob takes the lead one second before the end.
      await networkHelpers.time.setNextBlockTimestamp(endTime - 1n);
      await g.house.write.bid([id, usdc(900)], { account: g.bob.account });
      a = await g.house.read.getAuction([id]);
      assert.equal(a.endTime, endTime - 1n + 10n * MINUTE, "the snipe extends the end by the full window");
      // Alice, the previous leader, has the whole window to answer — and does, at its last second.
      await networkHelpers.time.setNextBlockTimestamp(a.endTime - 1n);
      await g.house.write.bid([id, usdc(1_000)], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).leader.toLowerCase(), g.alice.account.address);
    });

    it("test_Bid_ZeroExtensionWindow_NeverExtends", async () => {
      const id2 = await createAuction(g, {}, { extensionWindow: 0, maxExtensions: 5 });
      const { endTime } = await g.house.read.getAuction([id2]);
      await networkHelpers.time.setNextBlockTimestamp(endTime - 1n);
      await g.house.write.bid([id2, usdc(50)], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id2])).endTime, endTime);
    });
  });

  describe("reverts", () => {
    it("test_RevertWhen_Paused", async () => {
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.house,
        "AuctionPaused",
      );
    });

    it("test_RevertGiven_AuctionDoesNotExist", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([99n, usdc(50)], { account: g.alice.account }),
        g.house,
        "AuctionNotFound",
        [99n],
      );
    });

    it("test_RevertGiven_AuctionCancelled", async () => {
      await g.house.write.cancel([id], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.house,
        "AuctionNotActive",
        [id, 2],
      );
    });

    it("test_RevertWhen_SellerBids", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.seller.account }),
        g.house,
        "EnglishSellerCannotBid",
        [id],
      );
    });

    it("test_RevertGiven_NotStarted", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const startTime = now + 3600n;
      const id2 = await createAuction(
        g,
        {},
        { startTime: Number(startTime), endTime: Number(startTime + 86_400n) },
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id2, usdc(50)], { account: g.alice.account }),
        g.house,
        "EnglishNotStarted",
        [id2, startTime],
      );
      await networkHelpers.time.setNextBlockTimestamp(startTime);
      await g.house.write.bid([id2, usdc(50)], { account: g.alice.account });
    });

    it("test_RevertGiven_Ended", async () => {
      const { endTime } = await g.house.read.getAuction([id]);
      await networkHelpers.time.setNextBlockTimestamp(endTime);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.house,
        "EnglishEnded",
        [id, endTime],
      );
    });

    it("test_RevertWhen_MaxAbove96Bits", async () => {
      const tooHigh = 2n ** 96n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bid([id, tooHigh], { account: g.alice.account }),
        g.house,
        "EnglishBidTooHigh",
        [id, tooHigh],
      );
    });

    it("test_RevertWhen_AllowanceMissing", async () => {
      await g.usdc.write.approve([g.house.address, 0n], { account: g.alice.account });
      await viem.assertions.revertWithCustomError(
        g.house.write.bid([id, usdc(50)], { account: g.alice.account }),
        g.usdc,
        "ERC20InsufficientAllowance",
      );
    });
  });

  describe("bidWithPermit", () => {
    // The fixtures' signer: the permit's domain is read from the token.
    const signPermit = (owner: Gavel["alice"], value: bigint, deadline: bigint) =>
      signTokenPermit(g, owner, g.house.address, value, deadline);

    beforeEach(async () => {
      await g.usdc.write.approve([g.house.address, 0n], { account: g.alice.account });
    });

    it("test_BidWithPermit_ApprovesAndBidsInOneTransaction", async () => {
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(g.alice, usdc(50), deadline);
      await expectMoves(
        g,
        () => g.house.write.bidWithPermit([id, usdc(50), deadline, v, r, s], { account: g.alice.account }),
        [
          { who: g.alice.account.address, token: -usdc(50) },
          { who: g.house.address, token: usdc(50) },
        ],
      );
      assert.equal(await g.usdc.read.allowance([g.alice.account.address, g.house.address]), 0n);
    });

    it("test_BidWithPermit_PermitFrontRun_BidStillSucceeds", async () => {
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(g.alice, usdc(50), deadline);
      // A watcher copies the permit from the mempool and submits it first: the nonce is used up.
      await g.usdc.write.permit([g.alice.account.address, g.house.address, usdc(50), deadline, v, r, s], {
        account: g.stranger.account,
      });
      await g.house.write.bidWithPermit([id, usdc(50), deadline, v, r, s], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).leaderMax, usdc(50));
    });

    it("test_BidWithPermit_InvalidPermitButAllowanceInPlace_Succeeds", async () => {
      await g.usdc.write.approve([g.house.address, maxUint256], { account: g.alice.account });
      const deadline = BigInt(await networkHelpers.time.latest()) - 1n; // expired
      const { v, r, s } = await signPermit(g.alice, usdc(50), deadline);
      await g.house.write.bidWithPermit([id, usdc(50), deadline, v, r, s], { account: g.alice.account });
      assert.equal((await g.house.read.getAuction([id])).leaderMax, usdc(50));
    });

    it("test_RevertWhen_PermitInvalidAndNoAllowance", async () => {
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(g.bob, usdc(50), deadline); // signed by the wrong owner
      await viem.assertions.revertWithCustomError(
        g.house.write.bidWithPermit([id, usdc(50), deadline, v, r, s], { account: g.alice.account }),
        g.usdc,
        "ERC20InsufficientAllowance",
      );
    });
  });

  it("test_MinimumBid_RevertGiven_AuctionDoesNotExist", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.read.minimumBid([42n]),
      g.house,
      "AuctionNotFound",
      [42n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.read.getAuction([42n]),
      g.house,
      "AuctionNotFound",
      [42n],
    );
  });

  it("test_ListingParamsHelper_DefaultsAreValid", () => {
    // Guards the fixtures themselves: the defaults must describe a valid listing.
    const p = listingParams();
    assert.ok(p.disputeWindow <= p.confirmWindow);
    assert.equal(englishParams(0n).startPrice <= p.reservePrice, true);
  });
});
