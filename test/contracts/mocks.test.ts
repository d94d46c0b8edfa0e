import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { maxUint256 } from "viem";
import { gavelFixtures, STARTING_BALANCE } from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel } = gavelFixtures(connection);

describe("Test tokens", () => {
  it("test_TestUSDC_LooksLikeUSDC", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    assert.equal(await g.usdc.read.decimals(), 6);
    assert.equal(await g.usdc.read.version(), "2");
    assert.equal(await g.usdc.read.name(), "USD Coin");
  });

  it("test_TestUSDC_UnBlacklistRestoresTransfers", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    await g.usdc.write.blacklist([g.alice.account.address]);
    await viem.assertions.revertWithCustomError(
      g.usdc.write.transfer([g.bob.account.address, 1n], { account: g.alice.account }),
      g.usdc,
      "TestUSDCBlacklisted",
    );
    await viem.assertions.emitWithArgs(
      g.usdc.write.unBlacklist([g.alice.account.address]),
      g.usdc,
      "UnBlacklisted",
      [g.alice.account.address],
    );
    await g.usdc.write.transfer([g.bob.account.address, 1n], { account: g.alice.account });
    assert.equal(await g.usdc.read.isBlacklisted([g.alice.account.address]), false);
  });

  // The blacklist flag lives in the top bit of the balance slot, as in FiatTokenV2_2.
  it("test_TestUSDC_BlacklistFreezesTheBalanceWithoutChangingIt", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const alice = g.alice.account.address;
    const before = await g.usdc.read.totalSupply();
    await g.usdc.write.blacklist([alice]);
    assert.equal(await g.usdc.read.isBlacklisted([alice]), true);
    assert.equal(await g.usdc.read.balanceOf([alice]), STARTING_BALANCE);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.usdc.write.transfer([alice, 1n], { account: g.bob.account }),
      g.usdc,
      "TestUSDCBlacklisted",
      [alice],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.usdc.write.mint([alice, 1n]),
      g.usdc,
      "TestUSDCBlacklisted",
      [alice],
    );
    await g.usdc.write.unBlacklist([alice]);
    assert.equal(await g.usdc.read.balanceOf([alice]), STARTING_BALANCE);
    assert.equal(await g.usdc.read.totalSupply(), before);
  });

  it("test_TestUSDC_SelfTransferAndShortBalanceKeepTheBalance", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const alice = g.alice.account.address;
    await g.usdc.write.transfer([alice, 5n], { account: g.alice.account });
    assert.equal(await g.usdc.read.balanceOf([alice]), STARTING_BALANCE);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.usdc.write.transfer([g.bob.account.address, STARTING_BALANCE + 1n], { account: g.alice.account }),
      g.usdc,
      "ERC20InsufficientBalance",
      [alice, STARTING_BALANCE, STARTING_BALANCE + 1n],
    );
  });

  it("test_TestUSDC_AllowanceSpentUnlessInfinite", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const [alice, bob] = [g.alice.account.address, g.bob.account.address];
    await g.usdc.write.approve([bob, 10n], { account: g.alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.usdc.write.transferFrom([alice, bob, 11n], { account: g.bob.account }),
      g.usdc,
      "ERC20InsufficientAllowance",
      [bob, 10n, 11n],
    );
    await g.usdc.write.transferFrom([alice, bob, 4n], { account: g.bob.account });
    assert.equal(await g.usdc.read.allowance([alice, bob]), 6n);
    await g.usdc.write.approve([bob, maxUint256], { account: g.alice.account });
    await g.usdc.write.transferFrom([alice, bob, 4n], { account: g.bob.account });
    assert.equal(await g.usdc.read.allowance([alice, bob]), maxUint256);
    assert.equal(await g.usdc.read.balanceOf([bob]), STARTING_BALANCE + 8n);
  });

  it("test_RevertWhen_TestUSDCSupplyWouldReachTheBlacklistBit", async () => {
    const g = await networkHelpers.loadFixture(deployGavel);
    const supply = await g.usdc.read.totalSupply();
    const room = (1n << 255n) - 1n - supply;
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.usdc.write.mint([g.carol.account.address, room + 1n]),
      g.usdc,
      "TestUSDCSupplyExceeded",
      [1n << 255n],
    );
    await g.usdc.write.mint([g.carol.account.address, room]);
    assert.equal(await g.usdc.read.isBlacklisted([g.carol.account.address]), false);
  });

  it("test_HostileToken_HasSixDecimals", async () => {
    const token = await viem.deployContract("HostileToken");
    assert.equal(await token.read.decimals(), 6);
  });
});
