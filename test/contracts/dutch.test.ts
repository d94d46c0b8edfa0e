// Long on purpose: every branch of the Dutch house (schedule, price guard, permits, settlement), one test each.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, zeroAddress } from "viem";
import {
  DAY,
  DealStatus,
  dutchParams,
  type Gavel,
  gavelFixtures,
  ListingStatus,
  listingParams,
  MINUTE,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, expectMoves, signPermit } = gavelFixtures(connection);

// Default: reserve (floor) 100, start price 200 at `start`, floor reached after 1 day, end after 2 days.
describe("DutchAuctionHouse", () => {
  let g: Gavel;
  let id: bigint;
  let start: bigint;
  let end: bigint;

  async function fixture() {
    const g = await deployGavel();
    const now = BigInt(await networkHelpers.time.latest());
    const id = await g.config.read.nextAuctionId();
    await g.dutch.write.createAuction([listingParams(), dutchParams(now)], { account: g.seller.account });
    const a = await g.dutch.read.getAuction([id]);
    return { g, id, start: a.startTime, end: a.endTime };
  }

  beforeEach(async () => {
    ({ g, id, start, end } = await networkHelpers.loadFixture(fixture));
  });

  const create = async (listing = {}, dutch = {}) => {
    const now = BigInt(await networkHelpers.time.latest());
    return g.dutch.write.createAuction([listingParams(listing), dutchParams(now, dutch)], {
      account: g.seller.account,
    });
  };

  describe("createAuction", () => {
    it("test_Create_StoresAuctionAndListing_GlobalId", async () => {
      assert.equal(id, 1n);
      const a = await g.dutch.read.getAuction([id]);
      assert.equal(a.startPrice, usdc(200));
      assert.equal(a.floorPrice, usdc(100));
      assert.equal(a.floorTime, start + DAY);
      assert.equal(a.endTime, start + 2n * DAY);
      assert.equal(a.currentPrice, usdc(200)); // not started yet
      const l = await g.dutch.read.getListing([id]);
      assert.equal(l.status, ListingStatus.Active);
      assert.equal(l.reservePrice, usdc(100));
      assert.equal(await g.config.read.nextAuctionId(), 2n);
    });

    it("test_Create_EmitsListingCreatedAndDutchAuctionCreated", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const p = dutchParams(now + 1n);
      const tx = g.dutch.write.createAuction([listingParams(), p], { account: g.seller.account });
      await viem.assertions.emitWithArgs(tx, g.dutch, "DutchAuctionCreated", [
        2n,
        BigInt(p.startTime),
        BigInt(p.endTime),
        usdc(200),
        usdc(100),
        BigInt(p.startTime) + DAY,
      ]);
    });

    it("test_Create_PastStartMeansNow_StartEqualFloorIsFixedPrice", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 10n);
      await create({}, { startTime: 0, endTime: Number(now + 10n + DAY), startPrice: usdc(100) });
      const a = await g.dutch.read.getAuction([2n]);
      assert.equal(a.startTime, now + 10n);
      assert.equal(await g.dutch.read.priceAt([2n, now + 1000n]), usdc(100));
    });

    const reverts: [
      string,
      () => Promise<unknown>,
      "DutchInvalidFloorPrice" | "DutchStartPriceBelowFloor",
      [bigint, bigint],
    ][] = [
      [
        "test_RevertWhen_FloorBelowMinimum",
        () => create({ reservePrice: usdc(1) - 1n }),
        "DutchInvalidFloorPrice",
        [usdc(1) - 1n, usdc(1)],
      ],
      [
        "test_RevertWhen_StartPriceBelowFloor",
        () => create({}, { startPrice: usdc(100) - 1n }),
        "DutchStartPriceBelowFloor",
        [usdc(100) - 1n, usdc(100)],
      ],
    ];
    for (const [name, action, error, args] of reverts) {
      it(name, async () => {
        await viem.assertions.revertWithCustomErrorWithArgs(action(), g.dutch, error, args);
      });
    }

    it("test_RevertWhen_StartTooFarAhead", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const startTime = now + 91n * DAY;
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { startTime: Number(startTime), endTime: Number(startTime + DAY) }),
        g.dutch,
        "DutchInvalidStartTime",
        [startTime],
      );
    });

    it("test_RevertWhen_DurationOutOfBounds", async () => {
      const now = BigInt(await networkHelpers.time.latest());
      const s = now + MINUTE;
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { startTime: Number(s), endTime: Number(s + 5n * MINUTE - 1n), decayDuration: 60 }),
        g.dutch,
        "DutchInvalidDuration",
        [5n * MINUTE - 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { startTime: Number(s), endTime: Number(s + 30n * DAY + 1n) }),
        g.dutch,
        "DutchInvalidDuration",
        [30n * DAY + 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { startTime: Number(s), endTime: Number(s - 1n) }),
        g.dutch,
        "DutchInvalidDuration",
        [0n],
      );
    });

    it("test_RevertWhen_DecayZeroOrLongerThanAuction", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { decayDuration: 0 }),
        g.dutch,
        "DutchInvalidDecayDuration",
        [0n, 2n * DAY],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { decayDuration: Number(2n * DAY + 1n) }),
        g.dutch,
        "DutchInvalidDecayDuration",
        [2n * DAY + 1n, 2n * DAY],
      );
    });

    it("test_RevertWhen_Paused", async () => {
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(create(), g.dutch, "AuctionPaused");
    });

    it("test_RevertWhen_ListingInvalid", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({ title: "" }),
        g.dutch,
        "AuctionInvalidTitle",
        [0n],
      );
    });
  });

  describe("price", () => {
    it("test_PriceAt_LinearFallToFloorThenFlat", async () => {
      assert.equal(await g.dutch.read.priceAt([id, 0n]), usdc(200));
      assert.equal(await g.dutch.read.priceAt([id, start]), usdc(200));
      assert.equal(await g.dutch.read.priceAt([id, start + 1n]), usdc(200) - 1158n); // 100e6 × 86 399 / 86 400 rounds down, towards the floor
      assert.equal(await g.dutch.read.priceAt([id, start + DAY / 4n]), usdc(175));
      assert.equal(await g.dutch.read.priceAt([id, start + DAY / 2n]), usdc(150));
      assert.equal(await g.dutch.read.priceAt([id, start + DAY - 1n]), usdc(100) + 1157n);
      assert.equal(await g.dutch.read.priceAt([id, start + DAY]), usdc(100));
      assert.equal(await g.dutch.read.priceAt([id, end + 365n * DAY]), usdc(100));
    });

    it("test_CurrentPrice_FollowsTheClock", async () => {
      await networkHelpers.time.increaseTo(start + DAY / 2n);
      assert.equal(await g.dutch.read.currentPrice([id]), usdc(150));
      assert.equal((await g.dutch.read.getAuction([id])).currentPrice, usdc(150));
    });

    it("test_Views_RevertGiven_DoesNotExist", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.read.getAuction([9n]),
        g.dutch,
        "AuctionNotFound",
        [9n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.read.currentPrice([9n]),
        g.dutch,
        "AuctionNotFound",
        [9n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.read.priceAt([9n, 0n]),
        g.dutch,
        "AuctionNotFound",
        [9n],
      );
    });
  });

  describe("buy", () => {
    it("test_Buy_PaysCurrentPrice_OpensDealAtOnce", async () => {
      await networkHelpers.time.setNextBlockTimestamp(start + DAY / 2n);
      await expectMoves(
        g,
        () => g.dutch.write.buy([id, usdc(160)], { account: g.alice.account }),
        [
          { who: g.alice.account.address, token: -usdc(150) },
          { who: g.dutch.address, token: usdc(150) },
          { who: g.seller.account.address },
        ],
        g.dutch,
      );
      const d = await g.dutch.read.getDeal([id]);
      assert.equal(d.auctionId, id);
      assert.equal(d.amount, usdc(150));
      assert.equal(d.buyer.toLowerCase(), g.alice.account.address);
      assert.equal(d.seller.toLowerCase(), g.seller.account.address);
      assert.equal(d.status, DealStatus.Paid);
      assert.equal(d.shipBy, start + DAY / 2n + 3n * DAY);
      assert.equal((await g.dutch.read.getListing([id])).status, ListingStatus.Settled);
    });

    it("test_Buy_EmitsAuctionSettledAndDealOpened", async () => {
      await networkHelpers.time.setNextBlockTimestamp(start + DAY / 4n);
      const tx = g.dutch.write.buy([id, usdc(175)], { account: g.bob.account });
      await viem.assertions.emitWithArgs(tx, g.dutch, "AuctionSettled", [
        id,
        getAddress(g.bob.account.address),
        id,
        usdc(175),
      ]);
      const receipt = await g.publicClient.getTransactionReceipt({
        hash: await g.publicClient.getBlock().then((b) => b.transactions[0]!),
      });
      const opened = await g.dutch.getEvents.DealOpened({}, { blockHash: receipt.blockHash });
      assert.equal(opened.length, 1);
      assert.deepEqual(
        [opened[0]!.args.dealId, opened[0]!.args.auctionId, opened[0]!.args.amount, opened[0]!.args.shipBy],
        [id, id, usdc(175), start + DAY / 4n + 3n * DAY],
      );
    });

    it("test_Buy_AtTheFloorAfterTheFall_AndAtTheLastSecond", async () => {
      await networkHelpers.time.setNextBlockTimestamp(end - 1n);
      await expectMoves(g, () => g.dutch.write.buy([id, usdc(100)], { account: g.alice.account }), [
        { who: g.alice.account.address, token: -usdc(100) },
        { who: g.dutch.address, token: usdc(100) },
      ]);
    });

    it("test_Buy_DealCompletes_SellerPaidPriceMinusFee", async () => {
      await networkHelpers.time.setNextBlockTimestamp(start + DAY / 2n);
      await g.dutch.write.buy([id, usdc(150)], { account: g.alice.account });
      await g.dutch.write.ship([id, keccak256(toHex("tracking"))], { account: g.seller.account });
      await expectMoves(
        g,
        () => g.dutch.write.confirm([id], { account: g.alice.account }),
        [
          { who: g.seller.account.address, token: usdc("146.25") },
          { who: g.dutch.address, token: -usdc("146.25") },
        ],
        g.dutch,
      );
      assert.equal(await g.dutch.read.unsweptFees([g.treasury.account.address]), usdc("3.75"));
      const d = await g.dutch.read.getDeal([id]);
      assert.deepEqual([d.buyer.toLowerCase(), d.amount], [g.alice.account.address, usdc(150)]);
    });

    it("test_RevertWhen_PriceAboveMax", async () => {
      await networkHelpers.time.setNextBlockTimestamp(start + DAY / 2n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([id, usdc(150) - 1n], { account: g.alice.account }),
        g.dutch,
        "DutchPriceAboveMax",
        [id, usdc(150), usdc(150) - 1n],
      );
    });

    it("test_RevertGiven_NotStarted", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([id, usdc(200)], { account: g.alice.account }),
        g.dutch,
        "DutchNotStarted",
        [id, start],
      );
    });

    it("test_RevertGiven_Ended", async () => {
      await networkHelpers.time.setNextBlockTimestamp(end);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([id, usdc(200)], { account: g.alice.account }),
        g.dutch,
        "DutchEnded",
        [id, end],
      );
    });

    it("test_RevertWhen_SellerBuys", async () => {
      await networkHelpers.time.increaseTo(start);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([id, usdc(200)], { account: g.seller.account }),
        g.dutch,
        "DutchSellerCannotBuy",
        [id],
      );
    });

    it("test_RevertWhen_Paused", async () => {
      await networkHelpers.time.increaseTo(start);
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(
        g.dutch.write.buy([id, usdc(200)], { account: g.alice.account }),
        g.dutch,
        "AuctionPaused",
      );
    });

    it("test_RevertGiven_UnknownSoldOrCancelled", async () => {
      await networkHelpers.time.increaseTo(start);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([9n, usdc(200)], { account: g.alice.account }),
        g.dutch,
        "AuctionNotFound",
        [9n],
      );
      await g.dutch.write.buy([id, usdc(200)], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([id, usdc(200)], { account: g.bob.account }),
        g.dutch,
        "AuctionNotActive",
        [id, ListingStatus.Settled],
      );
      await create();
      await g.dutch.write.cancel([2n], { account: g.seller.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.buy([2n, usdc(200)], { account: g.bob.account }),
        g.dutch,
        "AuctionNotActive",
        [2n, ListingStatus.Cancelled],
      );
    });

    it("test_RevertWhen_AllowanceMissing", async () => {
      await networkHelpers.time.increaseTo(start);
      await g.usdc.write.approve([g.dutch.address, 0n], { account: g.alice.account });
      await viem.assertions.revertWithCustomError(
        g.dutch.write.buy([id, usdc(200)], { account: g.alice.account }),
        g.usdc,
        "ERC20InsufficientAllowance",
      );
    });
  });

  describe("buyWithPermit", () => {
    beforeEach(async () => {
      await g.usdc.write.approve([g.dutch.address, 0n], { account: g.alice.account });
      await networkHelpers.time.increaseTo(start + DAY);
    });

    it("test_BuyWithPermit_ApprovesAndBuysInOneTransaction", async () => {
      const deadline = start + 2n * DAY;
      const { v, r, s } = await signPermit(g, g.alice, g.dutch.address, usdc(120), deadline);
      await expectMoves(
        g,
        () => g.dutch.write.buyWithPermit([id, usdc(120), deadline, v, r, s], { account: g.alice.account }),
        [
          { who: g.alice.account.address, token: -usdc(100) },
          { who: g.dutch.address, token: usdc(100) },
        ],
      );
      assert.equal(await g.usdc.read.allowance([g.alice.account.address, g.dutch.address]), usdc(20));
    });

    it("test_BuyWithPermit_PermitFrontRun_BuyStillSucceeds", async () => {
      const deadline = start + 2n * DAY;
      const { v, r, s } = await signPermit(g, g.alice, g.dutch.address, usdc(100), deadline);
      await g.usdc.write.permit([g.alice.account.address, g.dutch.address, usdc(100), deadline, v, r, s], {
        account: g.stranger.account,
      });
      await g.dutch.write.buyWithPermit([id, usdc(100), deadline, v, r, s], { account: g.alice.account });
      assert.equal((await g.dutch.read.getDeal([id])).amount, usdc(100));
    });

    it("test_RevertWhen_PermitInvalidAndNoAllowance", async () => {
      await viem.assertions.revertWithCustomError(
        g.dutch.write.buyWithPermit([id, usdc(100), 0n, 27, `0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`], {
          account: g.alice.account,
        }),
        g.usdc,
        "ERC20InsufficientAllowance",
      );
    });
  });

  describe("settle and cancel", () => {
    it("test_Settle_UnsoldAfterEnd_EndsWithoutSale", async () => {
      await networkHelpers.time.increaseTo(end);
      await viem.assertions.emitWithArgs(
        g.dutch.write.settle([id], { account: g.stranger.account }),
        g.dutch,
        "AuctionSettled",
        [id, zeroAddress, 0n, 0n],
      );
      assert.equal((await g.dutch.read.getListing([id])).status, ListingStatus.Settled);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.read.getDeal([id]),
        g.dutch,
        "DealNotFound",
        [id],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.settle([id]),
        g.dutch,
        "AuctionNotActive",
        [id, ListingStatus.Settled],
      );
    });

    it("test_RevertWhen_SettleBeforeEnd", async () => {
      await networkHelpers.time.setNextBlockTimestamp(end - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.settle([id]),
        g.dutch,
        "DutchNotEnded",
        [id, end],
      );
    });

    it("test_RevertGiven_SettleUnknown", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.dutch.write.settle([9n]),
        g.dutch,
        "AuctionNotFound",
        [9n],
      );
    });

    it("test_Cancel_BySellerBeforeAnyBuy", async () => {
      await networkHelpers.time.increaseTo(start + DAY);
      await viem.assertions.emitWithArgs(
        g.dutch.write.cancel([id], { account: g.seller.account }),
        g.dutch,
        "AuctionCancelled",
        [id],
      );
      assert.equal((await g.dutch.read.getListing([id])).status, ListingStatus.Cancelled);
    });
  });
});
