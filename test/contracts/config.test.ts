import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, zeroAddress } from "viem";
import {
  DAY,
  DISPUTE_TIMEOUT,
  englishParams,
  FEE_BPS,
  type Gavel,
  gavelFixtures,
  listingParams,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, createAuction } = gavelFixtures(connection);

const ARBITER_ROLE = keccak256(toHex("ARBITER_ROLE"));
const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));
const HOUSE_ROLE = keccak256(toHex("HOUSE_ROLE"));

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
      const pausedAt = await g.config.read.pausedAt();
      assert.equal(await g.config.read.paused(), true);
      await networkHelpers.time.setNextBlockTimestamp(pausedAt + 3_600n);
      await viem.assertions.emitWithArgs(g.config.write.unpause(), g.config, "Unpaused", [
        g.deployer.account.address,
        pausedAt,
        3_600n,
        3_600n,
      ]);
      assert.equal(await g.config.read.pausedTotal(), 3_600n);
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

  describe("global auction ids", () => {
    it("test_AllocateAuctionId_SharedCounterAcrossHouses_StartsAtOne", async () => {
      assert.equal(await g.config.read.HOUSE_ROLE(), HOUSE_ROLE);
      assert.equal(await g.config.read.nextAuctionId(), 1n);
      const second = await viem.deployContract("EnglishAuctionHouse", [g.usdc.address, g.config.address]);
      await g.config.write.grantRole([HOUSE_ROLE, second.address]);
      await g.usdc.write.approve([second.address, 10n ** 30n], { account: g.alice.account });
      const now = BigInt(await networkHelpers.time.latest());
      assert.equal(await createAuction(g), 1n);
      await second.write.createAuction([listingParams(), englishParams(now)], { account: g.seller.account });
      assert.equal(await createAuction(g), 3n);
      // id 2 lives in the second house only; the first never heard of it.
      assert.equal((await second.read.getListing([2n])).seller.toLowerCase(), g.seller.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.read.getListing([2n]),
        g.house,
        "AuctionNotFound",
        [2n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        second.read.getListing([1n]),
        second,
        "AuctionNotFound",
        [1n],
      );
      assert.equal(await g.config.read.nextAuctionId(), 4n);
    });

    it("test_AllocateAuctionId_ReturnsIdFeeTermsPauseFlagAndPauseTotal_Packed", async () => {
      // The documented layout: treasury | fee << 160 | paused << 176 | id << 184 | pausedTotal << 224.
      const unpack = (w: bigint) => ({
        treasury: getAddress(`0x${(w & ((1n << 160n) - 1n)).toString(16).padStart(40, "0")}`),
        feeBps: Number((w >> 160n) & 0xffffn),
        paused: ((w >> 176n) & 0xffn) === 1n,
        id: (w >> 184n) & ((1n << 40n) - 1n),
        pausedTotal: w >> 224n,
      });
      await g.config.write.grantRole([HOUSE_ROLE, g.stranger.account.address]);
      const { result } = await g.config.simulate.allocateAuctionId({ account: g.stranger.account.address });
      assert.deepEqual(unpack(result), {
        treasury: getAddress(g.treasury.account.address),
        feeBps: FEE_BPS,
        paused: false,
        id: 1n,
        pausedTotal: 0n,
      });
      await g.config.write.allocateAuctionId({ account: g.stranger.account });
      await g.config.write.pause();
      const pausedAt = await g.config.read.pausedAt();
      const paused = await g.config.simulate.allocateAuctionId({ account: g.stranger.account.address });
      assert.equal(unpack(paused.result).id, 2n);
      assert.equal(unpack(paused.result).paused, true);
      await networkHelpers.time.setNextBlockTimestamp(pausedAt + 100n);
      await g.config.write.unpause();
      const after = await g.config.simulate.allocateAuctionId({ account: g.stranger.account.address });
      assert.deepEqual([unpack(after.result).paused, unpack(after.result).pausedTotal], [false, 100n]);
    });

    it("test_RevertWhen_AllocateByNonHouse", async () => {
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.config.write.allocateAuctionId({ account: g.seller.account }),
        g.config,
        "AccessControlUnauthorizedAccount",
        [getAddress(g.seller.account.address), HOUSE_ROLE],
      );
    });

    it("test_RegisterHouse_EmitsRoleGranted_UnregisteredHouseCannotCreate", async () => {
      const house = await viem.deployContract("EnglishAuctionHouse", [g.usdc.address, g.config.address]);
      const now = BigInt(await networkHelpers.time.latest());
      await viem.assertions.revertWithCustomError(
        house.write.createAuction([listingParams(), englishParams(now)], { account: g.seller.account }),
        g.config,
        "AccessControlUnauthorizedAccount",
      );
      await viem.assertions.emitWithArgs(
        g.config.write.grantRole([HOUSE_ROLE, house.address]),
        g.config,
        "RoleGranted",
        [HOUSE_ROLE, getAddress(house.address), getAddress(g.deployer.account.address)],
      );
      await house.write.createAuction([listingParams(), englishParams(now)], { account: g.seller.account });
      await g.config.write.revokeRole([HOUSE_ROLE, house.address]);
      await viem.assertions.revertWithCustomError(
        house.write.createAuction([listingParams(), englishParams(now)], { account: g.seller.account }),
        g.config,
        "AccessControlUnauthorizedAccount",
      );
    });
  });
});
