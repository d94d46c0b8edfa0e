// The arbiter in production is a Safe multisig. These tests deploy Safe's own contracts from the
// npm artifacts of @safe-global/safe-smart-account 1.5.0, make a 2-of-3 Safe the arbiter, and rule
// a dispute through execTransaction with EIP-712 signatures made by viem.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { type SafeTx, safeTxHash } from "@gavel/sdk";
import { network } from "hardhat";
import { type Address, concat, encodeFunctionData, getContract, type Hex, keccak256, toHex } from "viem";
import { buildSafeTx, deploySafe, safeArtifact, sendSafeTx, signSafeTx } from "../../scripts/lib/safe.ts";
import { DealStatus, type Gavel, gavelFixtures, usdc } from "./fixtures.ts";

interface SafeReads {
  read: {
    nonce(): Promise<bigint>;
    getOwners(): Promise<Address[]>;
    getThreshold(): Promise<bigint>;
    getTransactionHash(args: readonly unknown[]): Promise<Hex>;
  };
}

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, openDeal, tokenBalances } = gavelFixtures(connection);

const ARBITER_ROLE = keccak256(toHex("ARBITER_ROLE"));

async function deploySafeArbiter() {
  const g = await deployGavel();
  const wallets = await viem.getWalletClients();
  const owners = [wallets[11]!, wallets[12]!, wallets[13]!];
  const deployer = g.deployer;

  const safeAddress = await deploySafe(
    deployer,
    g.publicClient,
    owners.map((o) => o.account.address),
    2,
  );
  // The artifact's ABI is loaded from JSON, so it is not `as const`: the read map is typed loosely.
  const safe = getContract({
    address: safeAddress,
    abi: safeArtifact.abi,
    client: { public: g.publicClient },
  }) as unknown as SafeReads;

  await g.config.write.grantRole([ARBITER_ROLE, safeAddress]);
  await g.config.write.revokeRole([ARBITER_ROLE, g.arbiter.account.address]);

  const { dealId } = await openDeal(g);
  await g.house.write.ship([dealId, keccak256(toHex("tracking"))], { account: g.seller.account });
  await g.house.write.openDispute([dealId, keccak256(toHex("evidence")), "ipfs://evidence"], {
    account: g.alice.account,
  });
  return { g, safe, safeAddress, owners, dealId };
}

describe("Arbiter as a 2-of-3 Safe", () => {
  let g: Gavel;
  let safe: Awaited<ReturnType<typeof deploySafeArbiter>>["safe"];
  let safeAddress: Address;
  let owners: Awaited<ReturnType<typeof deploySafeArbiter>>["owners"];
  let dealId: bigint;
  let chainId: number;

  beforeEach(async () => {
    ({ g, safe, safeAddress, owners, dealId } = await networkHelpers.loadFixture(deploySafeArbiter));
    chainId = await g.publicClient.getChainId();
  });

  const safeTx = (data: Hex) => buildSafeTx(g.publicClient, safeAddress, g.house.address, data);

  const sign = (signers: typeof owners, tx: SafeTx): Promise<Hex> =>
    signSafeTx(chainId, safeAddress, tx, signers);

  const exec = (tx: SafeTx, signatures: Hex) => sendSafeTx(g.deployer, safeAddress, tx, signatures);

  const ruleData = (share: number) =>
    encodeFunctionData({ abi: g.house.abi, functionName: "rule", args: [dealId, share] });

  it("test_SafeSetup_IsTwoOfThreeAndArbiter", async () => {
    assert.equal(((await safe.read.getOwners()) as Address[]).length, 3);
    assert.equal(await safe.read.getThreshold(), 2n);
    assert.equal(await g.config.read.isArbiter([safeAddress]), true);
  });

  it("test_Rule_ThroughExecTransactionWithTwoOwnerSignatures", async () => {
    const tx = await safeTx(ruleData(7000));
    // viem's EIP-712 hash is the hash the Safe itself computes.
    const expected = await safe.read.getTransactionHash([
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      tx.nonce,
    ]);
    assert.equal(safeTxHash(chainId, safeAddress, tx), expected);

    const [aliceBefore, sellerBefore] = await tokenBalances(g, [
      g.alice.account.address,
      g.seller.account.address,
    ]);
    const hash = await exec(tx, await sign([owners[0]!, owners[2]!], tx));
    await viem.assertions.emitWithArgs(hash, g.house, "DisputeResolved", [
      dealId,
      safeAddress,
      false,
      7000,
      usdc(70),
      usdc("29.25"),
      usdc("0.75"),
    ]);
    assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Resolved);
    // The ruling paid both wallets in the same transaction.
    const [aliceAfter, sellerAfter] = await tokenBalances(g, [
      g.alice.account.address,
      g.seller.account.address,
    ]);
    assert.equal(aliceAfter! - aliceBefore!, usdc(70));
    assert.equal(sellerAfter! - sellerBefore!, usdc("29.25"));
  });

  it("test_RevertWhen_OnlyOneOwnerSigned", async () => {
    const tx = await safeTx(ruleData(10_000));
    await viem.assertions.revertWith(exec(tx, await sign([owners[1]!], tx)), "GS020");
    assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Disputed);
  });

  it("test_RevertWhen_SameOwnerSignsTwice", async () => {
    const tx = await safeTx(ruleData(10_000));
    const one = await sign([owners[1]!], tx);
    await viem.assertions.revertWith(exec(tx, concat([one, one])), "GS026");
  });

  it("test_RevertWhen_SecondSignatureFromNonOwner", async () => {
    const tx = await safeTx(ruleData(10_000));
    await viem.assertions.revert(exec(tx, await sign([owners[0]!, g.stranger], tx)));
    assert.equal((await g.house.read.getDeal([dealId])).status, DealStatus.Disputed);
  });

  it("test_RevertWhen_OwnerCallsHouseDirectly", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.house.write.rule([dealId, 5000], { account: owners[0]!.account }),
      g.house,
      "DealNotArbiter",
      [owners[0]!.account.address],
    );
  });
});
