// Long on purpose: every branch of the rolling house (rounds, units, settlement, ids shared with other houses), one test each.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, zeroAddress } from "viem";
import {
  DAY,
  DealStatus,
  type Gavel,
  gavelFixtures,
  ListingStatus,
  listingParams,
  MINUTE,
  rollingParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, expectMoves, signPermit } = gavelFixtures(connection);

// Default: 3 units, reserve 100, start 10, 5 % steps, 1-day rounds from the first bid, 10-min anti-sniping.
describe("RollingAuctionHouse", () => {
  let g: Gavel;
  let id: bigint;

  async function fixture() {
    const g = await deployGavel();
    const id = await g.config.read.nextAuctionId();
    await g.rolling.write.createAuction([listingParams(), rollingParams()], { account: g.seller.account });
    return { g, id };
  }

  beforeEach(async () => {
    ({ g, id } = await networkHelpers.loadFixture(fixture));
  });

  const create = (listing = {}, rolling = {}) =>
    g.rolling.write.createAuction([listingParams(listing), rollingParams(rolling)], {
      account: g.seller.account,
    });
  const bid = (round: bigint, who: Gavel["alice"], max: bigint) =>
    g.rolling.write.bid([round, max], { account: who.account });
  /** Alice bids `max` in `round`, the round ends and is settled; returns the next round id. */
  async function sellRound(round: bigint, max = usdc(150), who = g.alice) {
    await bid(round, who, max);
    await networkHelpers.time.increase(DAY);
    await g.rolling.write.settle([round]);
    return (await g.rolling.read.getRolling([id])).currentRoundId;
  }

  describe("createAuction", () => {
    it("test_Create_OpensRoundOneWithTheListingId", async () => {
      const p = await g.rolling.read.getRolling([id]);
      assert.deepEqual([p.units, p.unitsSold, p.round, p.currentRoundId, p.stopping], [3, 0, 1, id, false]);
      const r = await g.rolling.read.getRound([id]);
      assert.deepEqual(
        [r.listingId, r.open, r.leader, r.price, r.endTime, r.minimumBid],
        [id, true, zeroAddress, usdc(10), 0n, usdc(10)],
      );
      assert.equal(await g.rolling.read.minimumBid([id]), usdc(10));
    });

    it("test_Create_EmitsRollingAuctionCreatedAndRoundStarted", async () => {
      await viem.assertions.emitWithArgs(create(), g.rolling, "RollingAuctionCreated", [
        2n,
        3n,
        usdc(10),
        500,
        Number(DAY),
        600,
        3,
      ]);
      const started = await g.rolling.getEvents.RollingRoundStarted({ listingId: 2n });
      assert.deepEqual(started[0]!.args, { listingId: 2n, roundId: 2n, round: 1n, unitsLeft: 3n });
    });

    type RollingError =
      | "RollingInvalidStartPrice"
      | "RollingReserveBelowStartPrice"
      | "RollingInvalidIncrement"
      | "RollingInvalidRoundDuration"
      | "RollingInvalidExtensionWindow"
      | "RollingTooManyExtensions"
      | "RollingInvalidUnits";
    const cases: [string, () => Promise<unknown>, RollingError, [bigint] | [bigint, bigint]][] = [
      [
        "start price",
        () => create({}, { startPrice: usdc(1) - 1n }),
        "RollingInvalidStartPrice",
        [usdc(1) - 1n, usdc(1)],
      ],
      [
        "reserve",
        () => create({ reservePrice: usdc(9) }),
        "RollingReserveBelowStartPrice",
        [usdc(9), usdc(10)],
      ],
      ["increment low", () => create({}, { minIncrementBps: 99 }), "RollingInvalidIncrement", [99n]],
      ["increment high", () => create({}, { minIncrementBps: 5001 }), "RollingInvalidIncrement", [5001n]],
      ["round short", () => create({}, { roundDuration: 299 }), "RollingInvalidRoundDuration", [299n]],
      [
        "round long",
        () => create({}, { roundDuration: Number(30n * DAY) + 1 }),
        "RollingInvalidRoundDuration",
        [30n * DAY + 1n],
      ],
      [
        "window",
        () => create({}, { extensionWindow: Number(DAY) + 1 }),
        "RollingInvalidExtensionWindow",
        [DAY + 1n],
      ],
      ["extensions", () => create({}, { maxExtensions: 101 }), "RollingTooManyExtensions", [101n]],
      ["zero units", () => create({}, { units: 0 }), "RollingInvalidUnits", [0n]],
      ["too many units", () => create({}, { units: 1001 }), "RollingInvalidUnits", [1001n]],
    ];
    for (const [name, action, error, args] of cases) {
      it(`test_RevertWhen_InvalidParameter_${name.replaceAll(" ", "_")}`, async () => {
        await viem.assertions.revertWithCustomErrorWithArgs(action(), g.rolling, error, args);
      });
    }

    it("test_RevertWhen_Paused", async () => {
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(create(), g.rolling, "AuctionPaused");
    });

    it("test_Views_RevertGiven_Unknown", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.read.getRolling([9n]),
        g.rolling,
        "AuctionNotFound",
        [9n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.read.getRound([9n]),
        g.rolling,
        "AuctionNotFound",
        [9n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.read.minimumBid([9n]),
        g.rolling,
        "AuctionNotFound",
        [9n],
      );
    });
  });

  describe("bid", () => {
    it("test_Bid_FirstBidStartsTheClock_EscrowsMax", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 100n);
      await expectMoves(
        g,
        () => bid(id, g.alice, usdc(150)),
        [
          { who: g.alice.account.address, token: -usdc(150) },
          { who: g.rolling.address, token: usdc(150) },
        ],
        g.rolling,
      );
      const r = await g.rolling.read.getRound([id]);
      assert.deepEqual(
        [r.leader.toLowerCase(), r.leaderMax, r.price, r.endTime],
        [g.alice.account.address, usdc(150), usdc(100), now + 100n + DAY],
      );
    });

    it("test_Bid_Outbid_RefundsPredecessor_ProxyPrice_EmitsOutbid", async () => {
      await bid(id, g.alice, usdc(150));
      await expectMoves(g, () => bid(id, g.bob, usdc(200)), [
        { who: g.alice.account.address, token: usdc(150) },
        { who: g.bob.account.address, token: -usdc(200) },
        { who: g.rolling.address, token: usdc(50) },
      ]);
      const outbid = await g.rolling.getEvents.Outbid();
      assert.deepEqual(outbid[0]!.args, {
        auctionId: id,
        bidder: getAddress(g.alice.account.address),
        newLeader: getAddress(g.bob.account.address),
        refund: usdc(150),
        pushed: true,
      });
      assert.equal((await g.rolling.read.getRound([id])).price, usdc("157.5"));
    });

    it("test_Bid_LosingBidAndLeaderRaise", async () => {
      await bid(id, g.alice, usdc(150));
      await expectMoves(g, () => bid(id, g.bob, usdc(120)), [
        { who: g.bob.account.address },
        { who: g.rolling.address },
      ]);
      assert.equal((await g.rolling.read.getRound([id])).price, usdc(126));
      await expectMoves(g, () => bid(id, g.alice, usdc(170)), [
        { who: g.alice.account.address, token: -usdc(20) },
        { who: g.rolling.address, token: usdc(20) },
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.alice, usdc(170)),
        g.rolling,
        "RollingMaxNotRaised",
        [id, usdc(170)],
      );
    });

    it("test_Bid_AntiSniping_ExtendsUpToTheCap", async () => {
      await bid(id, g.alice, usdc(110));
      const end = (await g.rolling.read.getRound([id])).endTime;
      await networkHelpers.time.setNextBlockTimestamp(end - 60n);
      await viem.assertions.emitWithArgs(bid(id, g.bob, usdc(120)), g.rolling, "BidPlaced", [
        id,
        getAddress(g.bob.account.address),
        getAddress(g.bob.account.address),
        usdc(120),
        usdc("115.5"),
        end - 60n + 600n,
        true,
      ]);
      const r = await g.rolling.read.getRound([id]);
      assert.equal(r.extensions, 1);
    });

    it("test_RevertWhen_BidTooLowTooHighSellerPausedUnknown", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.alice, usdc(10) - 1n),
        g.rolling,
        "RollingBidTooLow",
        [id, usdc(10)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.alice, 2n ** 96n),
        g.rolling,
        "RollingBidTooHigh",
        [id, 2n ** 96n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.seller, usdc(100)),
        g.rolling,
        "RollingSellerCannotBid",
        [id],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(9n, g.alice, usdc(100)),
        g.rolling,
        "AuctionNotFound",
        [9n],
      );
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(bid(id, g.alice, usdc(100)), g.rolling, "AuctionPaused");
    });

    it("test_RevertGiven_RoundEndedOrClosed", async () => {
      await bid(id, g.alice, usdc(150));
      const end = (await g.rolling.read.getRound([id])).endTime;
      await networkHelpers.time.setNextBlockTimestamp(end);
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.bob, usdc(200)),
        g.rolling,
        "RollingRoundEnded",
        [id, end],
      );
      await g.rolling.write.settle([id]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(id, g.bob, usdc(200)),
        g.rolling,
        "RollingRoundClosed",
        [id],
      );
    });

    it("test_BidWithPermit_ApprovesAndBids", async () => {
      await g.usdc.write.approve([g.rolling.address, 0n], { account: g.alice.account });
      const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
      const { v, r, s } = await signPermit(g, g.alice, g.rolling.address, usdc(150), deadline);
      await expectMoves(
        g,
        () => g.rolling.write.bidWithPermit([id, usdc(150), deadline, v, r, s], { account: g.alice.account }),
        [
          { who: g.alice.account.address, token: -usdc(150) },
          { who: g.rolling.address, token: usdc(150) },
        ],
      );
    });
  });

  describe("settle", () => {
    it("test_Settle_OpensDealForTheRound_ReturnsUnusedMax_StartsNextRound", async () => {
      await bid(id, g.alice, usdc(150));
      await bid(id, g.bob, usdc(200));
      await networkHelpers.time.increase(DAY);
      await expectMoves(
        g,
        () => g.rolling.write.settle([id], { account: g.stranger.account }),
        [
          { who: g.bob.account.address, token: usdc("42.5") }, // 200 − 157.5
          { who: g.rolling.address, token: -usdc("42.5") },
          { who: g.seller.account.address },
        ],
        g.rolling,
      );
      const d = await g.rolling.read.getDeal([id]);
      assert.deepEqual(
        [d.auctionId, d.amount, d.buyer.toLowerCase(), d.seller.toLowerCase(), d.status],
        [id, usdc("157.5"), g.bob.account.address, g.seller.account.address, DealStatus.Paid],
      );
      const p = await g.rolling.read.getRolling([id]);
      assert.deepEqual([p.unitsSold, p.round, p.currentRoundId], [1, 2, 2n]);
      const next = await g.rolling.read.getRound([2n]);
      assert.deepEqual(
        [next.listingId, next.open, next.leader, next.price, next.endTime],
        [id, true, zeroAddress, usdc(10), 0n],
      );
      assert.equal((await g.rolling.read.getRound([id])).open, false);
      const started = await g.rolling.getEvents.RollingRoundStarted({ roundId: 2n });
      assert.deepEqual(started[0]!.args, { listingId: id, roundId: 2n, round: 2n, unitsLeft: 2n });
      const settled = await g.rolling.getEvents.AuctionSettled();
      assert.deepEqual(settled[0]!.args, {
        auctionId: id,
        winner: getAddress(g.bob.account.address),
        dealId: id,
        price: usdc("157.5"),
      });
    });

    it("test_Settle_RoundIdsAreGlobal_InterleavedWithOtherHouses", async () => {
      await bid(id, g.alice, usdc(150));
      const now = BigInt(await networkHelpers.time.latest());
      await g.house.write.createAuction(
        [
          listingParams(),
          {
            startTime: 0,
            endTime: Number(now + DAY),
            startPrice: usdc(10),
            minIncrementBps: 500,
            extensionWindow: 600,
            maxExtensions: 3,
          },
        ],
        {
          account: g.seller.account,
        },
      );
      await networkHelpers.time.increase(DAY);
      await g.rolling.write.settle([id]);
      assert.equal((await g.rolling.read.getRolling([id])).currentRoundId, 3n); // id 2 went to the English house
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.read.getRound([2n]),
        g.rolling,
        "AuctionNotFound",
        [2n],
      );
    });

    it("test_Settle_DealOfALaterRound_ReadsTheListingTerms", async () => {
      const r2 = await sellRound(id);
      await sellRound(r2, usdc(120), g.bob);
      const d = await g.rolling.read.getDeal([r2]);
      assert.deepEqual(
        [d.auctionId, d.amount, d.seller.toLowerCase(), d.feeBps],
        [r2, usdc(100), g.seller.account.address, 250],
      );
      await g.rolling.write.ship([r2, keccak256(toHex("t"))], { account: g.seller.account });
      await expectMoves(g, () => g.rolling.write.confirm([r2], { account: g.bob.account }), [
        { who: g.seller.account.address, token: usdc("97.5") },
      ]);
    });

    it("test_Settle_LastUnit_EndsTheListing", async () => {
      const r2 = await sellRound(id);
      const r3 = await sellRound(r2);
      await bid(r3, g.bob, usdc(100));
      await networkHelpers.time.increase(DAY);
      await viem.assertions.emitWithArgs(g.rolling.write.settle([r3]), g.rolling, "RollingListingEnded", [
        id,
        r3,
        3n,
        0n,
      ]);
      assert.equal((await g.rolling.read.getListing([id])).status, ListingStatus.Settled);
      assert.equal((await g.rolling.read.getRolling([id])).unitsSold, 3);
      assert.equal(await g.usdc.read.balanceOf([g.rolling.address]), usdc(100) * 3n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.settle([r3]),
        g.rolling,
        "RollingRoundClosed",
        [r3],
      );
    });

    it("test_Settle_BelowReserve_UnitNotSold_LeaderRefunded_NextRoundSameUnits", async () => {
      await bid(id, g.alice, usdc(50));
      await networkHelpers.time.increase(DAY);
      await expectMoves(g, () => g.rolling.write.settle([id]), [
        { who: g.alice.account.address, token: usdc(50) },
        { who: g.rolling.address, token: -usdc(50) },
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.read.getDeal([id]),
        g.rolling,
        "DealNotFound",
        [id],
      );
      const started = await g.rolling.getEvents.RollingRoundStarted({ roundId: 2n });
      assert.equal(started[0]!.args.unitsLeft, 3n);
    });

    it("test_Settle_WinnerMaxEqualsPrice_NothingReturned", async () => {
      await bid(id, g.alice, usdc(100));
      await networkHelpers.time.increase(DAY);
      await expectMoves(g, () => g.rolling.write.settle([id]), [
        { who: g.alice.account.address },
        { who: g.rolling.address },
      ]);
    });

    it("test_RevertWhen_SettleBeforeFirstBidOrBeforeEnd", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.settle([id]),
        g.rolling,
        "RollingRoundNotEnded",
        [id, 0n],
      );
      await bid(id, g.alice, usdc(100));
      const end = (await g.rolling.read.getRound([id])).endTime;
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.settle([id]),
        g.rolling,
        "RollingRoundNotEnded",
        [id, end],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.settle([9n]),
        g.rolling,
        "AuctionNotFound",
        [9n],
      );
    });

    it("test_Settle_WhilePaused_NextRoundStillStarts", async () => {
      await bid(id, g.alice, usdc(100));
      await networkHelpers.time.increase(DAY);
      await g.config.write.pause();
      await g.rolling.write.settle([id]);
      assert.equal((await g.rolling.read.getRolling([id])).round, 2);
    });
  });

  describe("stop and cancel", () => {
    it("test_Stop_WithoutBidInCurrentRound_EndsAtOnce", async () => {
      const r2 = await sellRound(id);
      await viem.assertions.emitWithArgs(
        g.rolling.write.stop([id], { account: g.seller.account }),
        g.rolling,
        "RollingListingEnded",
        [id, r2, 1n, 2n],
      );
      assert.equal((await g.rolling.read.getListing([id])).status, ListingStatus.Settled);
      assert.equal((await g.rolling.read.getRound([r2])).open, false);
      await viem.assertions.revertWithCustomErrorWithArgs(
        bid(r2, g.bob, usdc(100)),
        g.rolling,
        "RollingRoundClosed",
        [r2],
      );
    });

    it("test_Stop_WithBids_EndsAfterTheCurrentRound", async () => {
      await bid(id, g.alice, usdc(120));
      await viem.assertions.emitWithArgs(
        g.rolling.write.stop([id], { account: g.seller.account }),
        g.rolling,
        "RollingStopRequested",
        [id, id],
      );
      assert.equal((await g.rolling.read.getRolling([id])).stopping, true);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.stop([id], { account: g.seller.account }),
        g.rolling,
        "RollingAlreadyStopping",
        [id],
      );
      await bid(id, g.bob, usdc(130)); // the current round still takes bids
      await networkHelpers.time.increase(DAY);
      await viem.assertions.emitWithArgs(g.rolling.write.settle([id]), g.rolling, "RollingListingEnded", [
        id,
        id,
        1n,
        2n,
      ]);
      assert.equal((await g.rolling.read.getDeal([id])).amount, usdc(126));
    });

    it("test_RevertWhen_StopByNonSellerOrAfterEnd", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.stop([id], { account: g.alice.account }),
        g.rolling,
        "AuctionNotSeller",
        [id, getAddress(g.alice.account.address)],
      );
      await g.rolling.write.stop([id], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.stop([id], { account: g.seller.account }),
        g.rolling,
        "AuctionNotActive",
        [id, ListingStatus.Settled],
      );
    });

    it("test_Cancel_BeforeAnyBid_Only", async () => {
      await create();
      await viem.assertions.emitWithArgs(
        g.rolling.write.cancel([2n], { account: g.seller.account }),
        g.rolling,
        "AuctionCancelled",
        [2n],
      );
      await bid(id, g.alice, usdc(50));
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.cancel([id], { account: g.seller.account }),
        g.rolling,
        "AuctionHasBids",
        [id],
      );
      await networkHelpers.time.increase(DAY);
      await g.rolling.write.settle([id]); // unsold: round 2 starts without bids, but the listing had bids
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.rolling.write.cancel([id], { account: g.seller.account }),
        g.rolling,
        "AuctionHasBids",
        [id],
      );
    });
  });

  it("test_Accounting_UnitsRoundsAndEscrow", async () => {
    // Round 1: alice alone (price = reserve 100). Round 2: bob ties alice's 150 (the earlier leader
    // keeps it at her maximum). Round 3: bob's 250 beats alice's 150 (150 + 5 % = 157.5).
    const bobs = [0n, usdc(150), usdc(250)];
    let round = id;
    for (const bobMax of bobs) {
      await bid(round, g.alice, usdc(150));
      if (bobMax !== 0n) await bid(round, g.bob, bobMax);
      await networkHelpers.time.increase(DAY + MINUTE);
      await g.rolling.write.settle([round]);
      round = (await g.rolling.read.getRolling([id])).currentRoundId;
    }
    const p = await g.rolling.read.getRolling([id]);
    assert.deepEqual([p.unitsSold, p.round], [3, 3]);
    const amounts = await Promise.all(
      [id, 2n, 3n].map(async (r) => (await g.rolling.read.getDeal([r])).amount),
    );
    assert.deepEqual(amounts, [usdc(100), usdc(150), usdc("157.5")]);
    assert.equal(await g.usdc.read.balanceOf([g.rolling.address]), usdc(100) + usdc(150) + usdc("157.5"));
    assert.equal(await g.usdc.read.balanceOf([g.alice.account.address]), usdc(1_000_000) - usdc(250));
    assert.equal(await g.usdc.read.balanceOf([g.bob.account.address]), usdc(1_000_000) - usdc("157.5"));
  });
});
