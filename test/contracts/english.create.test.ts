import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { zeroAddress } from "viem";
import {
  DAY,
  englishParams,
  FEE_BPS,
  type Gavel,
  gavelFixtures,
  HOUR,
  ListingStatus,
  listingParams,
  MINUTE,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, createAuction } = gavelFixtures(connection);

describe("EnglishAuctionHouse.createAuction", () => {
  let g: Gavel;
  let now: bigint;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
    now = BigInt(await networkHelpers.time.latest());
  });

  const create = (listing = {}, english = {}, seller?: Gavel["seller"]) =>
    g.house.write.createAuction([listingParams(listing), englishParams(now, english)], {
      account: (seller ?? g.seller).account,
    });

  it("test_Create_EmitsListingCreatedWithSnapshotAndEnglishParams", async () => {
    const p = listingParams();
    const e = englishParams(now);
    const tx = create();
    await viem.assertions.emitWithArgs(tx, g.house, "ListingCreated", [
      1n,
      g.seller.account.address,
      p.title,
      p.metadataURI,
      p.metadataHash,
      p.reservePrice,
      FEE_BPS,
      g.treasury.account.address,
      p.shipWindow,
      p.confirmWindow,
      p.disputeWindow,
    ]);
    const start = BigInt(await networkHelpers.time.latest()); // a past startTime (0) means "now"
    const a = await g.house.read.getAuction([1n]);
    assert.equal(a.startTime, start);
    assert.equal(a.endTime, BigInt(e.endTime));
    assert.equal(a.price, e.startPrice);
    assert.equal(a.leader, zeroAddress);
    assert.equal(a.minimumBid, e.startPrice);
    const l = await g.house.read.getListing([1n]);
    assert.equal(l.seller.toLowerCase(), g.seller.account.address);
    assert.equal(l.status, ListingStatus.Active);
    assert.equal(l.feeBps, FEE_BPS);
    assert.equal(l.treasury.toLowerCase(), g.treasury.account.address);
    assert.equal(l.reservePrice, p.reservePrice);
    assert.equal(await g.config.read.nextAuctionId(), 2n);
  });

  it("test_Create_EmitsEnglishAuctionCreated", async () => {
    const startTime = now + HOUR;
    const endTime = startTime + DAY;
    await viem.assertions.emitWithArgs(
      create({}, { startTime: Number(startTime), endTime: Number(endTime) }),
      g.house,
      "EnglishAuctionCreated",
      [1n, startTime, endTime, usdc(10), 500, 600, 3],
    );
  });

  it("test_Create_FeeAndTreasuryChangesAffectOnlyNewListings", async () => {
    const first = await createAuction(g);
    await g.config.write.setFeeBps([1000]);
    await g.config.write.setTreasury([g.stranger.account.address]);
    const second = await createAuction(g);
    assert.equal((await g.house.read.getListing([first])).feeBps, FEE_BPS);
    assert.equal((await g.house.read.getListing([first])).treasury.toLowerCase(), g.treasury.account.address);
    assert.equal((await g.house.read.getListing([second])).feeBps, 1000);
    assert.equal(
      (await g.house.read.getListing([second])).treasury.toLowerCase(),
      g.stranger.account.address,
    );
  });

  it("test_Create_BoundaryValuesAccepted", async () => {
    await create(
      {
        title: "x".repeat(64),
        metadataURI: "u".repeat(256),
        shipWindow: 3600,
        confirmWindow: 3 * 86_400,
        disputeWindow: 3600,
      },
      {
        startTime: Number(now + 90n * DAY),
        endTime: Number(now + 90n * DAY + 5n * MINUTE),
        startPrice: usdc(1),
        minIncrementBps: 100,
        extensionWindow: 86_400,
        maxExtensions: 100,
      },
    );
    await create(
      {
        shipWindow: 60 * 86_400,
        confirmWindow: 60 * 86_400,
        disputeWindow: 60 * 86_400,
        reservePrice: usdc(10),
      },
      { endTime: Number(now + 1n + 30n * DAY), minIncrementBps: 5000 },
    );
    assert.equal(await g.config.read.nextAuctionId(), 3n);
  });

  describe("reverts", () => {
    const cases: [string, () => Promise<unknown>, string, unknown[] | undefined][] = [];
    const revert = (name: string, fn: () => Promise<unknown>, error: string, args?: unknown[]) =>
      cases.push([name, fn, error, args]);

    revert("test_RevertWhen_TitleEmpty", () => create({ title: "" }), "AuctionInvalidTitle", [0n]);
    revert(
      "test_RevertWhen_TitleOver64Bytes",
      () => create({ title: "é".repeat(33) }),
      "AuctionInvalidTitle",
      [66n],
    );
    revert(
      "test_RevertWhen_URITooLong",
      () => create({ metadataURI: "u".repeat(257) }),
      "AuctionURITooLong",
      [257n],
    );
    revert(
      "test_RevertWhen_ShipWindowTooShort",
      () => create({ shipWindow: 3599 }),
      "AuctionInvalidShipWindow",
      [3599n],
    );
    revert(
      "test_RevertWhen_ShipWindowTooLong",
      () => create({ shipWindow: 60 * 86_400 + 1 }),
      "AuctionInvalidShipWindow",
      [60n * 86_400n + 1n],
    );
    revert(
      "test_RevertWhen_ConfirmWindowTooShort",
      () => create({ confirmWindow: 3 * 86_400 - 1, disputeWindow: 3600 }),
      "AuctionInvalidConfirmWindow",
      [3n * 86_400n - 1n],
    );
    revert(
      "test_RevertWhen_ConfirmWindowTooLong",
      () => create({ confirmWindow: 60 * 86_400 + 1 }),
      "AuctionInvalidConfirmWindow",
      [60n * 86_400n + 1n],
    );
    revert(
      "test_RevertWhen_DisputeWindowTooShort",
      () => create({ disputeWindow: 3599 }),
      "AuctionInvalidDisputeWindow",
      [3599n, 7n * 86_400n],
    );
    revert(
      "test_RevertWhen_DisputeWindowLongerThanConfirmWindow",
      () => create({ disputeWindow: 7 * 86_400 + 1 }),
      "AuctionInvalidDisputeWindow",
      [7n * 86_400n + 1n, 7n * 86_400n],
    );
    revert(
      "test_RevertWhen_StartPriceBelowMinimum",
      () => create({}, { startPrice: usdc(1) - 1n }),
      "EnglishInvalidStartPrice",
      [usdc(1) - 1n, usdc(1)],
    );
    revert(
      "test_RevertWhen_ReserveBelowStartPrice",
      () => create({ reservePrice: usdc(9) }),
      "EnglishReserveBelowStartPrice",
      [usdc(9), usdc(10)],
    );
    revert(
      "test_RevertWhen_IncrementTooSmall",
      () => create({}, { minIncrementBps: 99 }),
      "EnglishInvalidIncrement",
      [99n],
    );
    revert(
      "test_RevertWhen_IncrementTooLarge",
      () => create({}, { minIncrementBps: 5001 }),
      "EnglishInvalidIncrement",
      [5001n],
    );
    revert(
      "test_RevertWhen_ExtensionWindowTooLong",
      () => create({}, { extensionWindow: 86_401 }),
      "EnglishInvalidExtensionWindow",
      [86_401n],
    );
    revert(
      "test_RevertWhen_TooManyExtensions",
      () => create({}, { maxExtensions: 101 }),
      "EnglishTooManyExtensions",
      [101n],
    );

    for (const [name, fn, error, args] of cases) {
      it(name, async () => {
        if (args)
          await viem.assertions.revertWithCustomErrorWithArgs(
            fn() as never,
            g.house,
            error as never,
            args as never,
          );
        else await viem.assertions.revertWithCustomError(fn() as never, g.house, error as never);
      });
    }

    it("test_RevertWhen_StartTooFarAhead", async () => {
      const startTime = now + 90n * DAY + 10n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { startTime: Number(startTime), endTime: Number(startTime + DAY) }),
        g.house,
        "EnglishInvalidStartTime",
        [startTime],
      );
    });

    it("test_RevertWhen_DurationTooShort", async () => {
      await networkHelpers.time.setNextBlockTimestamp(now + 10n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { endTime: Number(now + 10n + 5n * MINUTE - 1n) }),
        g.house,
        "EnglishInvalidDuration",
        [5n * MINUTE - 1n],
      );
    });

    it("test_RevertWhen_DurationTooLong", async () => {
      await networkHelpers.time.setNextBlockTimestamp(now + 10n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { endTime: Number(now + 10n + 30n * DAY + 1n) }),
        g.house,
        "EnglishInvalidDuration",
        [30n * DAY + 1n],
      );
    });

    it("test_RevertWhen_EndBeforeStart", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        create({}, { endTime: Number(now - 1n) }),
        g.house,
        "EnglishInvalidDuration",
        [0n],
      );
    });

    it("test_RevertWhen_Paused", async () => {
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(create(), g.house, "AuctionPaused");
      await g.config.write.unpause();
      await create();
    });
  });
});

describe("AuctionHouseBase.cancel", () => {
  let g: Gavel;
  let id: bigint;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
    id = await createAuction(g);
  });

  it("test_Cancel_BySellerBeforeFirstBid", async () => {
    await viem.assertions.emitWithArgs(
      g.house.write.cancel([id], { account: g.seller.account }),
      g.house,
      "AuctionCancelled",
      [id],
    );
    assert.equal((await g.house.read.getListing([id])).status, ListingStatus.Cancelled);
  });

  it("test_Cancel_WhilePaused", async () => {
    await g.config.write.pause();
    await g.house.write.cancel([id], { account: g.seller.account });
    assert.equal((await g.house.read.getListing([id])).status, ListingStatus.Cancelled);
  });

  it("test_Cancel_AfterEndWithoutBids", async () => {
    await networkHelpers.time.increase(2n * DAY);
    await g.house.write.cancel([id], { account: g.seller.account });
    assert.equal((await g.house.read.getListing([id])).status, ListingStatus.Cancelled);
  });

  it("test_RevertWhen_CallerNotSeller", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.cancel([id], { account: g.stranger.account }),
      g.house,
      "AuctionNotSeller",
      [id, g.stranger.account.address],
    );
  });

  it("test_RevertGiven_HasBids", async () => {
    await g.house.write.bid([id, usdc(20)], { account: g.alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.cancel([id], { account: g.seller.account }),
      g.house,
      "AuctionHasBids",
      [id],
    );
  });

  it("test_RevertGiven_AlreadyCancelled", async () => {
    await g.house.write.cancel([id], { account: g.seller.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.cancel([id], { account: g.seller.account }),
      g.house,
      "AuctionNotActive",
      [id, ListingStatus.Cancelled],
    );
  });

  it("test_RevertGiven_DoesNotExist", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.cancel([7n], { account: g.seller.account }),
      g.house,
      "AuctionNotFound",
      [7n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.read.getListing([7n]),
      g.house,
      "AuctionNotFound",
      [7n],
    );
  });
});
