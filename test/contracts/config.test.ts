import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { keccak256, toHex, zeroAddress } from "viem";
import { DAY, DISPUTE_TIMEOUT, FEE_BPS, type Gavel, gavelFixtures } from "./fixtures.ts";

const connection = await network.connect();
const { viem, networkHelpers } = connection;
const { deployGavel } = gavelFixtures(connection);

const ARBITER_ROLE = keccak256(toHex("ARBITER_ROLE"));
const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));

describe("GavelConfig", () => {
  let g: Gavel;

  beforeEach(async () => {
    g = await networkHelpers.loadFixture(deployGavel);
  });

  describe("constructor", () => {
    it("test_Constructor_GrantsRolesAndSetsSettings", async () => {
      assert.equal(
        await g.config.read.hasRole([await g.config.read.DEFAULT_ADMIN_ROLE(), g.deployer.account.address]),
        true,
      );
      assert.equal(await g.config.read.isArbiter([g.arbiter.account.address]), true);
      assert.equal(await g.config.read.isArbiter([g.deployer.account.address]), false);
      assert.equal(await g.config.read.hasRole([PAUSER_ROLE, g.deployer.account.address]), true);
      assert.equal(await g.config.read.ARBITER_ROLE(), ARBITER_ROLE);
      const [fee, treasury] = await g.config.read.feeTerms();
      assert.equal(fee, FEE_BPS);
      assert.equal(treasury.toLowerCase(), g.treasury.account.address);
      assert.equal(await g.config.read.feeBps(), FEE_BPS);
      assert.equal((await g.config.read.treasury()).toLowerCase(), g.treasury.account.address);
      assert.equal(await g.config.read.disputeTimeout(), Number(DISPUTE_TIMEOUT));
      assert.equal(await g.config.read.paused(), false);
    });

    it("test_Constructor_ZeroArbiterAndPauser_GrantNothing", async () => {
      const c = await viem.deployContract("GavelConfig", [
        g.deployer.account.address,
        zeroAddress,
        zeroAddress,
        g.treasury.account.address,
        0,
        Number(DAY),
      ]);
      assert.equal(await c.read.hasRole([ARBITER_ROLE, zeroAddress]), false);
      assert.equal(await c.read.hasRole([PAUSER_ROLE, zeroAddress]), false);
    });

    const deploy = (admin: `0x${string}`, treasury: `0x${string}`, fee: number, timeout: bigint) =>
      viem.deployContract("GavelConfig", [admin, zeroAddress, zeroAddress, treasury, fee, Number(timeout)]);

    it("test_RevertWhen_ZeroAdmin", async () => {
      await viem.assertions.revertWithCustomError(
        deploy(zeroAddress, g.treasury.account.address, 0, DAY),
        g.config,
        "GavelConfigZeroAddress",
      );
    });

    it("test_RevertWhen_ZeroTreasury", async () => {
      await viem.assertions.revertWithCustomError(
        deploy(g.deployer.account.address, zeroAddress, 0, DAY),
        g.config,
        "GavelConfigZeroAddress",
      );
    });

    it("test_RevertWhen_FeeAboveCap", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy(g.deployer.account.address, g.treasury.account.address, 1001, DAY),
        g.config,
        "GavelConfigFeeTooHigh",
        [1001n, 1000n],
      );
    });

    it("test_RevertWhen_TimeoutOutOfBounds", async () => {
      for (const timeout of [DAY - 1n, 90n * DAY + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          deploy(g.deployer.account.address, g.treasury.account.address, 0, timeout),
          g.config,
          "GavelConfigInvalidDisputeTimeout",
          [timeout],
        );
      }
    });
  });

  describe("admin setters", () => {
    it("test_SetFeeBps_EmitsFeeUpdated", async () => {
      await viem.assertions.emitWithArgs(g.config.write.setFeeBps([1000]), g.config, "FeeUpdated", [
        FEE_BPS,
        1000,
      ]);
      assert.equal(await g.config.read.feeBps(), 1000);
    });

    it("test_RevertWhen_SetFeeAboveCap", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.config.write.setFeeBps([1001]),
        g.config,
        "GavelConfigFeeTooHigh",
        [1001n, 1000n],
      );
    });

    it("test_SetTreasury_EmitsTreasuryUpdated", async () => {
      await viem.assertions.emitWithArgs(
        g.config.write.setTreasury([g.stranger.account.address]),
        g.config,
        "TreasuryUpdated",
        [g.treasury.account.address, g.stranger.account.address],
      );
    });

    it("test_RevertWhen_SetTreasuryZero", async () => {
      await viem.assertions.revertWithCustomError(
        g.config.write.setTreasury([zeroAddress]),
        g.config,
        "GavelConfigZeroAddress",
      );
    });

    it("test_SetDisputeTimeout_EmitsDisputeTimeoutUpdated", async () => {
      await viem.assertions.emitWithArgs(
        g.config.write.setDisputeTimeout([Number(DAY)]),
        g.config,
        "DisputeTimeoutUpdated",
        [Number(DISPUTE_TIMEOUT), Number(DAY)],
      );
    });

    it("test_RevertWhen_SetDisputeTimeoutOutOfBounds", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.config.write.setDisputeTimeout([Number(DAY) - 1]),
        g.config,
        "GavelConfigInvalidDisputeTimeout",
        [DAY - 1n],
      );
    });

    it("test_RevertWhen_SettersCalledByNonAdmin", async () => {
      const account = g.arbiter.account;
      for (const call of [
        () => g.config.write.setFeeBps([0], { account }),
        () => g.config.write.setTreasury([account.address], { account }),
        () => g.config.write.setDisputeTimeout([Number(DAY)], { account }),
      ]) {
        await viem.assertions.revertWithCustomError(call(), g.config, "AccessControlUnauthorizedAccount");
      }
    });

    it("test_AdminGrantsAndRevokesArbiter", async () => {
      await g.config.write.grantRole([ARBITER_ROLE, g.stranger.account.address]);
      assert.equal(await g.config.read.isArbiter([g.stranger.account.address]), true);
      await g.config.write.revokeRole([ARBITER_ROLE, g.stranger.account.address]);
      assert.equal(await g.config.read.isArbiter([g.stranger.account.address]), false);
    });
  });

  describe("pause", () => {
    it("test_PauseAndUnpause_ByPauser", async () => {
      await viem.assertions.emitWithArgs(g.config.write.pause(), g.config, "Paused", [
        g.deployer.account.address,
      ]);
      assert.equal(await g.config.read.paused(), true);
      await viem.assertions.emitWithArgs(g.config.write.unpause(), g.config, "Unpaused", [
        g.deployer.account.address,
      ]);
      assert.equal(await g.config.read.paused(), false);
    });

    it("test_RevertGiven_AlreadyPaused", async () => {
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(
        g.config.write.pause(),
        g.config,
        "GavelConfigAlreadyPaused",
      );
    });

    it("test_RevertGiven_NotPaused", async () => {
      await viem.assertions.revertWithCustomError(g.config.write.unpause(), g.config, "GavelConfigNotPaused");
    });

    it("test_RevertWhen_PauseByNonPauser", async () => {
      await viem.assertions.revertWithCustomError(
        g.config.write.pause({ account: g.arbiter.account }),
        g.config,
        "AccessControlUnauthorizedAccount",
      );
      await g.config.write.pause();
      await viem.assertions.revertWithCustomError(
        g.config.write.unpause({ account: g.arbiter.account }),
        g.config,
        "AccessControlUnauthorizedAccount",
      );
    });
  });
});
