import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { zeroAddress } from "viem";
import { DAY, DealStatus, type Gavel, gavelFixtures, ListingStatus, usdc } from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, createAuction, assertNoDeal, expectMoves } = gavelFixtures(connection);

describe("EnglishAuctionHouse.settle", () => {
  let g: Gavel;
  let id: bigint;
  let endTime: bigint;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
    id = await createAuction(g); // start 10, reserve 100
    endTime = (await g.house.read.getAuction([id])).endTime;
  });

  it("test_Settle_NoBids_EndsWithoutSale", async () => {
    await networkHelpers.time.setNextBlockTimestamp(endTime);
    await viem.assertions.emitWithArgs(g.house.write.settle([id]), g.house, "AuctionSettled", [
      id,
      zeroAddress,
      0n,
      0n,
    ]);
    assert.equal((await g.house.read.getListing([id])).status, ListingStatus.Settled);
    await assertNoDeal(g, id);
  });

  it("test_Settle_LeaderBelowReserve_RefundsLeaderInFull", async () => {
    await g.house.write.bid([id, usdc(60)], { account: g.alice.account });
    await g.house.write.bid([id, usdc(70)], { account: g.bob.account });
    await networkHelpers.time.increaseTo(endTime);
    await expectMoves(g, () => g.house.write.settle([id], { account: g.stranger.account }), [
      { who: g.bob.account.address, token: usdc(70) },
      { who: g.house.address, token: -usdc(70) },
      { who: g.seller.account.address },
      { who: g.alice.account.address },
    ]);
    assert.equal(await g.usdc.read.balanceOf([g.house.address]), 0n);
    await assertNoDeal(g, id);
  });

  it("test_Settle_LeaderBelowReserve_EmitsEscrowReturnedAndNoSale", async () => {
    await g.house.write.bid([id, usdc(60)], { account: g.alice.account });
    await networkHelpers.time.increaseTo(endTime);
    const tx = await g.house.write.settle([id]);
    await viem.assertions.emitWithArgs(tx, g.house, "EscrowReturned", [
      id,
      g.alice.account.address,
      usdc(60),
      true,
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "AuctionSettled", [id, zeroAddress, 0n, 0n]);
  });

  it("test_Settle_Winner_OpensDealAtPriceAndReturnsUnusedMax", async () => {
    await g.house.write.bid([id, usdc(300)], { account: g.alice.account });
    await g.house.write.bid([id, usdc(200)], { account: g.bob.account }); // price 210
    await networkHelpers.time.increaseTo(endTime);
    await expectMoves(g, () => g.house.write.settle([id], { account: g.stranger.account }), [
      { who: g.alice.account.address, token: usdc(90) },
      { who: g.house.address, token: -usdc(90) },
      { who: g.seller.account.address },
      { who: g.bob.account.address },
    ]);
    const deal = await g.house.read.getDeal([1n]);
    assert.equal(deal.buyer.toLowerCase(), g.alice.account.address);
    assert.equal(deal.seller.toLowerCase(), g.seller.account.address);
    assert.equal(deal.amount, usdc(210));
    assert.equal(deal.status, DealStatus.Paid);
    assert.equal(deal.auctionId, id);
    assert.equal(deal.shipBy, deal.openedAt + 3n * DAY);
    assert.equal(deal.confirmDeadline, 0n);
    assert.equal(await g.usdc.read.balanceOf([g.house.address]), usdc(210));
  });

  it("test_Settle_Winner_EmitsDealOpenedAuctionSettledEscrowReturned", async () => {
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account }); // price = reserve 100
    await networkHelpers.time.setNextBlockTimestamp(endTime + 5n);
    const tx = await g.house.write.settle([id]);
    await viem.assertions.emitWithArgs(tx, g.house, "DealOpened", [
      1n,
      id,
      g.alice.account.address,
      g.seller.account.address,
      usdc(100),
      endTime + 5n + 3n * DAY,
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "AuctionSettled", [
      id,
      g.alice.account.address,
      1n,
      usdc(100),
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "EscrowReturned", [
      id,
      g.alice.account.address,
      usdc(50),
      true,
    ]);
  });

  it("test_Settle_WinnerMaxEqualsPrice_NothingReturned", async () => {
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increaseTo(endTime);
    await expectMoves(g, () => g.house.write.settle([id]), [
      { who: g.alice.account.address },
      { who: g.house.address },
    ]);
    assert.equal((await g.house.read.getDeal([1n])).amount, usdc(100));
  });

  it("test_Settle_WhilePaused_AnAuctionThatEndedBeforeThePause", async () => {
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increaseTo(endTime);
    await g.config.write.pause();
    await g.house.write.settle([id]);
    assert.equal((await g.house.read.getListing([id])).status, ListingStatus.Settled);
  });

  it("test_Settle_ReturnValueIsDealId", async () => {
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increaseTo(endTime);
    const { result } = await g.house.simulate.settle([id]);
    assert.equal(result, 1n);
  });

  it("test_RevertWhen_BeforeEnd", async () => {
    await networkHelpers.time.setNextBlockTimestamp(endTime - 1n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.settle([id]),
      g.house,
      "EnglishNotEnded",
      [id, endTime],
    );
  });

  it("test_RevertGiven_AlreadySettled", async () => {
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increaseTo(endTime);
    await g.house.write.settle([id]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.settle([id]),
      g.house,
      "AuctionNotActive",
      [id, ListingStatus.Settled],
    );
    assert.equal((await g.house.read.getDeal([id])).status, DealStatus.Paid); // the one deal, id = auction id
  });

  it("test_RevertGiven_Cancelled", async () => {
    await g.house.write.cancel([id], { account: g.seller.account });
    await networkHelpers.time.increaseTo(endTime);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.settle([id]),
      g.house,
      "AuctionNotActive",
      [id, ListingStatus.Cancelled],
    );
  });

  it("test_RevertGiven_DoesNotExist", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.settle([5n]),
      g.house,
      "AuctionNotFound",
      [5n],
    );
  });

  it("test_Settle_ExtendedAuction_SettlesOnlyAfterNewEnd", async () => {
    await networkHelpers.time.setNextBlockTimestamp(endTime - 60n);
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    const newEnd = endTime - 60n + 600n;
    await networkHelpers.time.setNextBlockTimestamp(endTime + 1n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.settle([id]),
      g.house,
      "EnglishNotEnded",
      [id, newEnd],
    );
    await networkHelpers.time.setNextBlockTimestamp(newEnd);
    await g.house.write.settle([id]);
  });
});
