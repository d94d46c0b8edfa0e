// Long on purpose: one attack per test (reentrancy, hostile tokens, griefing, rounding), kept together as the catalogue SECURITY.md cites.
// Hostile bidders, recipients and tokens: none of them may freeze an auction, steal escrow or
// withdraw twice.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { encodeFunctionData, keccak256, maxUint256, toHex } from "viem";
import {
  DAY,
  dutchParams,
  englishParams,
  FEE_BPS,
  type Gavel,
  gavelFixtures,
  listingParams,
  rollingParams,
  sealedCommitment,
  sealedParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, createAuction, expectMoves } = gavelFixtures(connection);

const Mode = { Normal: 0, Revert: 1, ReturnFalse: 2, Reenter: 3 } as const;

describe("Attacks with a USDC-like blacklist", () => {
  let g: Gavel;
  let id: bigint;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
    id = await createAuction(g);
  });

  it("test_Outbid_BlacklistedLeader_AuctionContinues_RefundCredited", async () => {
    await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.alice.account.address]);
    const tx = g.house.write.bid([id, usdc(80)], { account: g.bob.account });
    await expectMoves(g, () => tx, [
      { who: g.alice.account.address, credit: usdc(50) },
      { who: g.bob.account.address, token: -usdc(80) },
      { who: g.house.address, token: usdc(80) },
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "Outbid", [
      id,
      g.alice.account.address,
      g.bob.account.address,
      usdc(50),
      false,
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "BalanceCredited", [g.alice.account.address, usdc(50)]);
    // The auction goes on: carol outbids bob, whose refund is pushed normally.
    await g.house.write.bid([id, usdc(120)], { account: g.carol.account });
    assert.equal(await g.usdc.read.balanceOf([g.bob.account.address]), usdc(1_000_000));
  });

  it("test_Attack_BlacklistedAccountCannotLaunderItsCreditThroughWithdrawTo", async () => {
    await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.alice.account.address]);
    await g.house.write.bid([id, usdc(80)], { account: g.bob.account });
    await viem.assertions.revertWithCustomError(
      g.house.write.withdraw({ account: g.alice.account }),
      g.usdc,
      "TestUSDCBlacklisted",
    );
    // Moving frozen money to a clean address would undo the token's freeze: refused, nothing moves.
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.withdrawTo([g.dave.account.address], { account: g.alice.account }),
      g.house,
      "EscrowOwnerFrozen",
      [g.alice.account.address],
    );
    assert.equal(await g.house.read.withdrawable([g.alice.account.address]), usdc(50));
    // The credit waits for the token: once unfrozen, it moves.
    await g.usdc.write.unBlacklist([g.alice.account.address]);
    await expectMoves(
      g,
      () => g.house.write.withdrawTo([g.dave.account.address], { account: g.alice.account }),
      [
        { who: g.alice.account.address, credit: -usdc(50) },
        { who: g.dave.account.address, token: usdc(50) },
        { who: g.house.address, token: -usdc(50) },
      ],
    );
  });

  it("test_Settle_BlacklistedWinner_DealOpensAndUnusedMaxCredited", async () => {
    await g.house.write.bid([id, usdc(150)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.alice.account.address]);
    await networkHelpers.time.increase(DAY);
    const tx = g.house.write.settle([id]);
    await expectMoves(g, () => tx, [
      { who: g.alice.account.address, credit: usdc(50) },
      { who: g.house.address },
    ]);
    await viem.assertions.emitWithArgs(tx, g.house, "EscrowReturned", [
      id,
      g.alice.account.address,
      usdc(50),
      false,
    ]);
    assert.equal((await g.house.read.getDeal([1n])).amount, usdc(100));
  });

  it("test_Settle_BlacklistedLeaderBelowReserve_MaxCredited", async () => {
    await g.house.write.bid([id, usdc(60)], { account: g.alice.account });
    await g.usdc.write.blacklist([g.alice.account.address]);
    await networkHelpers.time.increase(DAY);
    await expectMoves(g, () => g.house.write.settle([id]), [
      { who: g.alice.account.address, credit: usdc(60) },
    ]);
  });

  it("test_Deal_BlacklistedSeller_ProceedsCreditedAndFrozenUntilTheTokenLetsGo", async () => {
    await g.house.write.bid([id, usdc(100)], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([id]);
    await g.house.write.ship([1n, keccak256(toHex("t"))], { account: g.seller.account });
    await g.usdc.write.blacklist([g.seller.account.address]);
    await g.house.write.confirm([1n], { account: g.alice.account });
    assert.equal(await g.house.read.withdrawable([g.seller.account.address]), usdc("97.5"));
    await viem.assertions.revertWithCustomError(
      g.house.write.withdraw({ account: g.seller.account }),
      g.usdc,
      "TestUSDCBlacklisted",
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.withdrawTo([g.seller2.account.address], { account: g.seller.account }),
      g.house,
      "EscrowOwnerFrozen",
      [g.seller.account.address],
    );
    await g.usdc.write.unBlacklist([g.seller.account.address]);
    await g.house.write.withdraw({ account: g.seller.account });
    assert.equal(await g.house.read.withdrawable([g.seller.account.address]), 0n);
  });
});

describe("Dust-bid griefing is bounded", () => {
  let g: Gavel;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
  });

  it("test_RevertWhen_DustStartPrice", async () => {
    const now = BigInt(await networkHelpers.time.latest());
    await viem.assertions.revertWithCustomError(
      g.house.write.createAuction(
        [listingParams({ reservePrice: 1n }), englishParams(now, { startPrice: 1n })],
        {
          account: g.seller.account,
        },
      ),
      g.house,
      "EnglishInvalidStartPrice",
    );
  });

  it("test_RevertWhen_RaisingByOneUnit", async () => {
    const id = await createAuction(g, {}, { minIncrementBps: 100 });
    await g.house.write.bid([id, usdc(50)], { account: g.alice.account });
    await g.house.write.bid([id, usdc(20)], { account: g.bob.account }); // price 20.2
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.bid([id, usdc("20.2") + 1n], { account: g.carol.account }),
      g.house,
      "EnglishBidTooLow",
      [id, usdc("20.402")],
    );
  });

  it("test_EveryAcceptedBidRaisesPriceByAtLeastOneIncrement", async () => {
    const id = await createAuction(g, { reservePrice: usdc(10) }, { minIncrementBps: 100 });
    await g.house.write.bid([id, usdc(1_000)], { account: g.alice.account });
    let price = (await g.house.read.getAuction([id])).price;
    for (let i = 0; i < 15; i++) {
      const minimum = await g.house.read.minimumBid([id]);
      await g.house.write.bid([id, minimum], { account: i % 2 ? g.bob.account : g.carol.account });
      const next = (await g.house.read.getAuction([id])).price;
      assert.ok(next * 10_000n >= price * 10_100n, `price ${next} must beat ${price} by 1 %`);
      price = next;
    }
  });

  it("test_SnipingWar_EndMovesAtMostMaxExtensionsTimes", async () => {
    const id = await createAuction(g, {}, { maxExtensions: 5 });
    const { endTime: originalEnd } = await g.house.read.getAuction([id]);
    let bids = 0;
    for (;;) {
      const a = await g.house.read.getAuction([id]);
      const now = BigInt(await networkHelpers.time.latest());
      if (now + 2n >= a.endTime) break;
      await networkHelpers.time.setNextBlockTimestamp(a.endTime - 2n);
      await g.house.write.bid([id, a.minimumBid * 2n], {
        account: bids % 2 ? g.alice.account : g.bob.account,
      });
      bids++;
    }
    const a = await g.house.read.getAuction([id]);
    assert.equal(a.extensions, 5);
    assert.ok(a.endTime <= originalEnd + 5n * 600n);
    await networkHelpers.time.increaseTo(a.endTime);
    await g.house.write.settle([id]);
  });
});

describe("Attacks with a hostile token", () => {
  async function deployHostile() {
    const g = await deployGavel();
    const token = await viem.deployContract("HostileToken");
    const house = await viem.deployContract("EnglishAuctionHouse", [token.address, g.config.address]);
    await g.config.write.grantRole([await g.config.read.HOUSE_ROLE(), house.address]);
    for (const w of [g.alice, g.bob, g.carol]) {
      await token.write.mint([w.account.address, usdc(1_000)]);
      await token.write.approve([house.address, maxUint256], { account: w.account });
    }
    const now = BigInt(await networkHelpers.time.latest());
    await house.write.createAuction([listingParams(), englishParams(now)], { account: g.seller.account });
    return { g, token, house };
  }

  let g: Gavel;
  let token: Awaited<ReturnType<typeof deployHostile>>["token"];
  let house: Awaited<ReturnType<typeof deployHostile>>["house"];
  const id = 1n;

  beforeEach(async () => {
    ({ g, token, house } = await networkHelpers.loadFixture(deployHostile));
  });

  const balance = (a: `0x${string}`) => token.read.balanceOf([a]);
  const data = (functionName: "withdraw" | "settle" | "bid", args?: readonly unknown[]) =>
    encodeFunctionData({ abi: house.abi, functionName, args: args as never });

  for (const [label, mode] of [
    ["Reverting", Mode.Revert],
    ["FalseReturning", Mode.ReturnFalse],
  ] as const) {
    it(`test_Outbid_${label}Receiver_RefundCredited_AuctionContinues`, async () => {
      await house.write.bid([id, usdc(50)], { account: g.alice.account });
      await token.write.setMode([g.alice.account.address, mode]);
      await house.write.bid([id, usdc(80)], { account: g.bob.account });
      assert.equal(await house.read.withdrawable([g.alice.account.address]), usdc(50));
      assert.equal(await balance(house.address), usdc(130));
      assert.equal((await house.read.getAuction([id])).leader.toLowerCase(), g.bob.account.address);
    });
  }

  it("test_RevertWhen_TransferFromReturnsFalse", async () => {
    await token.write.setMode([g.alice.account.address, Mode.ReturnFalse]);
    await viem.assertions.revertWithCustomError(
      house.write.bid([id, usdc(50)], { account: g.alice.account }),
      house,
      "SafeERC20FailedOperation",
    );
  });

  it("test_Reentrancy_FromTransferFromIntoBid_Reverts", async () => {
    await token.write.setReentry([house.address, data("bid", [id, usdc(900)])]);
    await token.write.setMode([g.alice.account.address, Mode.Reenter]);
    await viem.assertions.revertWithCustomError(
      house.write.bid([id, usdc(50)], { account: g.alice.account }),
      house,
      "ReentrancyGuardReentrantCall",
    );
    assert.equal(await balance(house.address), 0n);
  });

  it("test_Reentrancy_FromRefundPushIntoWithdraw_Blocked_RefundCredited", async () => {
    await house.write.bid([id, usdc(50)], { account: g.alice.account });
    await token.write.setReentry([house.address, data("withdraw")]);
    await token.write.setMode([g.alice.account.address, Mode.Reenter]);
    await house.write.bid([id, usdc(80)], { account: g.bob.account });
    assert.equal(await house.read.withdrawable([g.alice.account.address]), usdc(50));
    assert.equal(await balance(g.alice.account.address), usdc(950));
    assert.equal(await balance(house.address), usdc(130));
  });

  it("test_Reentrancy_FromWithdrawIntoWithdraw_Reverts_CreditIntact", async () => {
    await house.write.bid([id, usdc(50)], { account: g.alice.account });
    await token.write.setMode([g.alice.account.address, Mode.Revert]);
    await house.write.bid([id, usdc(80)], { account: g.bob.account }); // alice credited 50
    await token.write.setReentry([house.address, data("withdraw")]);
    await token.write.setMode([g.alice.account.address, Mode.Reenter]);
    await viem.assertions.revertWithCustomError(
      house.write.withdraw({ account: g.alice.account }),
      house,
      "ReentrancyGuardReentrantCall",
    );
    assert.equal(await house.read.withdrawable([g.alice.account.address]), usdc(50));
    await token.write.setMode([g.alice.account.address, Mode.Normal]);
    await house.write.withdraw({ account: g.alice.account });
    assert.equal(await balance(g.alice.account.address), usdc(1_000));
    await viem.assertions.revertWithCustomError(
      house.write.withdraw({ account: g.alice.account }),
      house,
      "EscrowNothingToWithdraw",
    );
  });

  it("test_Reentrancy_FromSettleReturnIntoSettle_Blocked_UnusedMaxCredited", async () => {
    await house.write.bid([id, usdc(150)], { account: g.alice.account });
    await token.write.setReentry([house.address, data("settle", [id])]);
    await token.write.setMode([g.alice.account.address, Mode.Reenter]);
    await networkHelpers.time.increase(DAY);
    await house.write.settle([id]);
    assert.equal(await house.read.withdrawable([g.alice.account.address]), usdc(50));
    assert.equal((await house.read.getDeal([id])).amount, usdc(100)); // the one deal, id = auction id
    assert.equal(await balance(house.address), usdc(150));
  });
});

describe("A hostile token against the Dutch, sealed-bid and rolling houses", () => {
  async function deployHostileHouses() {
    const g = await deployGavel();
    const token = await viem.deployContract("HostileToken");
    const dutch = await viem.deployContract("DutchAuctionHouse", [token.address, g.config.address]);
    const sealed = await viem.deployContract("SealedBidAuctionHouse", [token.address, g.config.address]);
    const rolling = await viem.deployContract("RollingAuctionHouse", [token.address, g.config.address]);
    const houseRole = await g.config.read.HOUSE_ROLE();
    for (const h of [dutch, sealed, rolling]) await g.config.write.grantRole([houseRole, h.address]);
    for (const w of [g.alice, g.bob, g.carol]) {
      await token.write.mint([w.account.address, usdc(1_000)]);
      for (const h of [dutch, sealed, rolling]) {
        await token.write.approve([h.address, maxUint256], { account: w.account });
      }
    }
    const now = BigInt(await networkHelpers.time.latest());
    const ids = {
      dutch: await g.config.read.nextAuctionId(),
      sealed: 0n,
      rolling: 0n,
    };
    await dutch.write.createAuction([listingParams(), dutchParams(now)], { account: g.seller.account });
    ids.sealed = await g.config.read.nextAuctionId();
    await sealed.write.createAuction([listingParams(), sealedParams(now)], { account: g.seller.account });
    ids.rolling = await g.config.read.nextAuctionId();
    await rolling.write.createAuction([listingParams(), rollingParams()], { account: g.seller.account });
    return { g, token, dutch, sealed, rolling, ids };
  }

  let h: Awaited<ReturnType<typeof deployHostileHouses>>;
  beforeEach(async () => {
    h = await networkHelpers.loadFixture(deployHostileHouses);
  });

  const balance = (a: `0x${string}`) => h.token.read.balanceOf([a]);
  const salt = keccak256(toHex("salt"));
  const commit = (who: Gavel["alice"], amount: bigint, collateral: bigint) =>
    h.sealed.write.commit(
      [
        h.ids.sealed,
        sealedCommitment(h.sealed.address, h.ids.sealed, who.account.address, amount, salt),
        collateral,
      ],
      { account: who.account },
    );
  const reveal = (who: Gavel["alice"], amount: bigint) =>
    h.sealed.write.reveal([h.ids.sealed, amount, salt], { account: who.account });
  async function toRevealPhase() {
    await networkHelpers.time.increaseTo((await h.sealed.read.getAuction([h.ids.sealed])).commitEnd);
  }

  for (const [name, mode, error] of [
    ["test_Dutch_Reentrancy_FromTransferFromIntoBuy_Reverts", Mode.Reenter, "ReentrancyGuardReentrantCall"],
    ["test_Dutch_RevertWhen_TransferFromReturnsFalse_NoDeal", Mode.ReturnFalse, "SafeERC20FailedOperation"],
  ] as const) {
    it(name, async () => {
      await networkHelpers.time.increase(DAY / 2n);
      const buy = encodeFunctionData({
        abi: h.dutch.abi,
        functionName: "buy",
        args: [h.ids.dutch, maxUint256],
      });
      await h.token.write.setReentry([h.dutch.address, buy]);
      await h.token.write.setMode([h.g.alice.account.address, mode]);
      await viem.assertions.revertWithCustomError(
        h.dutch.write.buy([h.ids.dutch, maxUint256], { account: h.g.alice.account }),
        h.dutch,
        error,
      );
      assert.equal(await balance(h.dutch.address), 0n);
      assert.equal(await balance(h.g.alice.account.address), usdc(1_000));
      await viem.assertions.revertWithCustomError(
        h.dutch.read.getDeal([h.ids.dutch]),
        h.dutch,
        "DealNotFound",
      );
    });
  }

  it("test_Dutch_Deal_RefusingSeller_ProceedsCreditedAndWithdrawnElsewhere", async () => {
    await networkHelpers.time.increase(DAY / 2n);
    await h.dutch.write.buy([h.ids.dutch, maxUint256], { account: h.g.alice.account });
    const price = (await h.dutch.read.getDeal([h.ids.dutch])).amount;
    assert.ok(price > usdc(100) && price < usdc(200));
    await h.dutch.write.ship([h.ids.dutch, keccak256(toHex("t"))], { account: h.g.seller.account });
    await h.token.write.setMode([h.g.seller.account.address, Mode.Revert]);
    await h.dutch.write.confirm([h.ids.dutch], { account: h.g.alice.account });
    const proceeds = price - (price * BigInt(FEE_BPS)) / 10_000n;
    assert.equal(await h.dutch.read.withdrawable([h.g.seller.account.address]), proceeds);
    await viem.assertions.revertWithCustomError(
      h.dutch.write.withdraw({ account: h.g.seller.account }),
      h.token,
      "HostileTokenRefused",
    );
    await h.dutch.write.withdrawTo([h.g.seller2.account.address], { account: h.g.seller.account });
    assert.equal(await balance(h.g.seller2.account.address), proceeds);
    assert.equal(await h.dutch.read.withdrawable([h.g.seller.account.address]), 0n);
    assert.equal(await balance(h.dutch.address), price - proceeds); // only the fee stays
  });

  for (const [label, mode] of [
    ["Reverting", Mode.Revert],
    ["FalseReturning", Mode.ReturnFalse],
  ] as const) {
    it(`test_Sealed_ReturnCollateral_${label}Loser_Credited`, async () => {
      await commit(h.g.alice, usdc(150), usdc(200));
      await commit(h.g.bob, usdc(120), usdc(130));
      await toRevealPhase();
      await reveal(h.g.alice, usdc(150));
      await reveal(h.g.bob, usdc(120));
      await h.token.write.setMode([h.g.bob.account.address, mode]);
      await h.sealed.write.returnCollateral([h.ids.sealed, h.g.bob.account.address]);
      assert.equal(await h.sealed.read.withdrawable([h.g.bob.account.address]), usdc(130));
      assert.equal(await balance(h.sealed.address), usdc(330));
      // The auction still settles: second price 120, alice's unused 80 comes back to her.
      await h.token.write.setMode([h.g.bob.account.address, Mode.Normal]);
      await h.sealed.write.settle([h.ids.sealed]);
      assert.equal((await h.sealed.read.getDeal([h.ids.sealed])).amount, usdc(120));
      assert.equal(await balance(h.g.alice.account.address), usdc(1_000) - usdc(120));
    });
  }

  it("test_Sealed_Reentrancy_FromSettleReturnIntoSettle_Blocked_ExcessCredited", async () => {
    await commit(h.g.alice, usdc(150), usdc(200));
    await toRevealPhase();
    await reveal(h.g.alice, usdc(150));
    const settle = encodeFunctionData({ abi: h.sealed.abi, functionName: "settle", args: [h.ids.sealed] });
    await h.token.write.setReentry([h.sealed.address, settle]);
    await h.token.write.setMode([h.g.alice.account.address, Mode.Reenter]);
    await h.sealed.write.settle([h.ids.sealed]); // all revealed: settleable before revealEnd
    // Single bidder, second price falls back to the reserve (100): 100 collateral of excess.
    assert.equal((await h.sealed.read.getDeal([h.ids.sealed])).amount, usdc(100));
    assert.equal(await h.sealed.read.withdrawable([h.g.alice.account.address]), usdc(100));
    assert.equal(await balance(h.sealed.address), usdc(200));
  });

  it("test_Sealed_Reentrancy_FromCommitIntoCommit_Reverts", async () => {
    const again = encodeFunctionData({
      abi: h.sealed.abi,
      functionName: "commit",
      args: [h.ids.sealed, keccak256(toHex("other")), usdc(1)],
    });
    await h.token.write.setReentry([h.sealed.address, again]);
    await h.token.write.setMode([h.g.alice.account.address, Mode.Reenter]);
    await viem.assertions.revertWithCustomError(
      commit(h.g.alice, usdc(150), usdc(200)),
      h.sealed,
      "ReentrancyGuardReentrantCall",
    );
    assert.equal(await balance(h.sealed.address), 0n);
  });

  for (const [label, mode] of [
    ["Reverting", Mode.Revert],
    ["FalseReturning", Mode.ReturnFalse],
  ] as const) {
    it(`test_Rolling_Outbid_${label}Leader_RefundCredited_RoundContinues`, async () => {
      await h.rolling.write.bid([h.ids.rolling, usdc(150)], { account: h.g.alice.account });
      await h.token.write.setMode([h.g.alice.account.address, mode]);
      await h.rolling.write.bid([h.ids.rolling, usdc(300)], { account: h.g.bob.account });
      assert.equal(await h.rolling.read.withdrawable([h.g.alice.account.address]), usdc(150));
      assert.equal(await balance(h.rolling.address), usdc(450));
      assert.equal(
        (await h.rolling.read.getRound([h.ids.rolling])).leader.toLowerCase(),
        h.g.bob.account.address,
      );
    });
  }

  it("test_Rolling_Reentrancy_FromRefundPushIntoWithdraw_Blocked_RefundCredited", async () => {
    await h.rolling.write.bid([h.ids.rolling, usdc(150)], { account: h.g.alice.account });
    const withdraw = encodeFunctionData({ abi: h.rolling.abi, functionName: "withdraw" });
    await h.token.write.setReentry([h.rolling.address, withdraw]);
    await h.token.write.setMode([h.g.alice.account.address, Mode.Reenter]);
    await h.rolling.write.bid([h.ids.rolling, usdc(300)], { account: h.g.bob.account });
    assert.equal(await h.rolling.read.withdrawable([h.g.alice.account.address]), usdc(150));
    assert.equal(await balance(h.g.alice.account.address), usdc(850));
    assert.equal(await balance(h.rolling.address), usdc(450));
  });
});
