import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { gavelFixtures } from "./fixtures.ts";

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

  it("test_HostileToken_HasSixDecimals", async () => {
    const token = await viem.deployContract("HostileToken");
    assert.equal(await token.read.decimals(), 6);
  });
});
