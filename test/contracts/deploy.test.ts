import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import GavelModule from "../../ignition/modules/Gavel.ts";
import GavelLocalModule from "../../ignition/modules/GavelLocal.ts";

const { ignition, viem, networkHelpers } = await network.create();

describe("Ignition modules", () => {
  it("test_GavelLocal_DeploysWiredContractsAndFundsDemoAccounts", async () => {
    const wallets = await viem.getWalletClients();
    const {
      usdc,
      config,
      englishAuctionHouse,
      dutchAuctionHouse,
      sealedBidAuctionHouse,
      rollingAuctionHouse,
    } = await ignition.deploy(GavelLocalModule);
    assert.equal((await englishAuctionHouse.read.token()).toLowerCase(), usdc.address.toLowerCase());
    assert.equal((await englishAuctionHouse.read.config()).toLowerCase(), config.address.toLowerCase());
    assert.equal(await config.read.isArbiter([wallets[0]!.account.address]), true);
    assert.equal((await config.read.treasury()).toLowerCase(), wallets[9]!.account.address);
    assert.equal(await config.read.feeBps(), 250);
    assert.equal(await usdc.read.balanceOf([wallets[5]!.account.address]), 1_000_000n * 10n ** 6n);
    const houseRole = await config.read.HOUSE_ROLE();
    for (const house of [
      englishAuctionHouse,
      dutchAuctionHouse,
      sealedBidAuctionHouse,
      rollingAuctionHouse,
    ]) {
      assert.equal(await config.read.hasRole([houseRole, house.address]), true);
      assert.equal((await house.read.config()).toLowerCase(), config.address.toLowerCase());
    }
    assert.equal(
      await config.read.hasRole([await config.read.DEFAULT_ADMIN_ROLE(), wallets[0]!.account.address]),
      true,
    );
  });

  it("test_Gavel_DeploysWithParametersAndGivesTheDeployerNoRole", async () => {
    const [deployer, admin, arbiter, pauser, treasury] = await viem.getWalletClients();
    const token = await viem.deployContract("TestUSDC", [deployer!.account.address]);
    const { config, englishAuctionHouse, dutchAuctionHouse, sealedBidAuctionHouse, rollingAuctionHouse } =
      await ignition.deploy(GavelModule, {
        parameters: {
          Gavel: {
            usdc: token.address,
            admin: admin!.account.address,
            arbiter: arbiter!.account.address,
            pauser: pauser!.account.address,
            treasury: treasury!.account.address,
            feeBps: 100,
          },
        },
      });
    const adminRole = await config.read.DEFAULT_ADMIN_ROLE();
    assert.equal(await config.read.hasRole([adminRole, admin!.account.address]), true);
    assert.equal(await config.read.hasRole([adminRole, deployer!.account.address]), false);
    assert.equal(await config.read.isArbiter([arbiter!.account.address]), true);
    assert.equal(await config.read.feeBps(), 100);
    assert.equal(await config.read.disputeTimeout(), 7 * 86_400);
    assert.equal((await englishAuctionHouse.read.token()).toLowerCase(), token.address.toLowerCase());
    // The deployer registered the houses, then handed the admin role over and renounced its own.
    for (const house of [
      englishAuctionHouse,
      dutchAuctionHouse,
      sealedBidAuctionHouse,
      rollingAuctionHouse,
    ]) {
      assert.equal(await config.read.hasRole([await config.read.HOUSE_ROLE(), house.address]), true);
    }
    for (const role of [adminRole, await config.read.ARBITER_ROLE(), await config.read.PAUSER_ROLE()]) {
      assert.equal(await config.read.hasRole([role, deployer!.account.address]), false);
    }
    assert.ok(networkHelpers);
  });
});
