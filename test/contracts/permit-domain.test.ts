// The permit domain is read from the token: Circle's real FiatTokenV2_2 deployed as "USD Coin"
// (Base) and as "USDC" (Base Sepolia) accepts a permit signed over the domain read from it and
// refuses one signed under the other name; TestUSDC answers through EIP-5267.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type PermitDomain, permitTypedData, readPermitDomain } from "@gavel/sdk";
import { network } from "hardhat";
import { type Hex, parseSignature } from "viem";
import { circleFixtures } from "./circle.ts";
import { usdc } from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployCircleUsdc } = circleFixtures(connection);

async function tokens() {
  const base = await deployCircleUsdc("USD Coin");
  const sepolia = await deployCircleUsdc("USDC");
  const [deployer] = await viem.getWalletClients();
  const testUsdc = await viem.deployContract("TestUSDC", [deployer!.account.address]);
  return { base, sepolia, testUsdc };
}

describe("permit domain read from the token", async () => {
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const [, , owner, spender] = await viem.getWalletClients();

  /** Submits `owner`'s permit of 25 USDC to `spender`, signed over `domain`. */
  async function permitWith(token: { address: Hex }, domain: PermitDomain) {
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const nonces = (await publicClient.readContract({
      address: token.address,
      abi: [
        {
          type: "function",
          name: "nonces",
          stateMutability: "view",
          inputs: [{ type: "address" }],
          outputs: [{ type: "uint256" }],
        },
      ],
      functionName: "nonces",
      args: [owner!.account.address],
    })) as bigint;
    const signature = await owner!.signTypedData({
      account: owner!.account,
      ...permitTypedData({
        domain,
        owner: owner!.account.address,
        spender: spender!.account.address,
        value: usdc(25),
        nonce: nonces,
        deadline,
      }),
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { deadline, r, s, v: Number(v ?? BigInt(yParity + 27)) };
  }

  for (const name of ["USD Coin", "USDC"] as const) {
    it(`Circle's USDC named "${name}": the read domain is accepted, the other name refused`, async () => {
      const t = await networkHelpers.loadFixture(tokens);
      const token = name === "USD Coin" ? t.base : t.sepolia;
      const domain = await readPermitDomain(publicClient, chainId, token.address, new Map());
      assert.deepEqual(domain, { name, version: "2", chainId, verifyingContract: token.address });
      assert.equal(await token.read.name(), name);

      const wrong = { ...domain, name: name === "USD Coin" ? "USDC" : "USD Coin" };
      const bad = await permitWith(token, wrong);
      await viem.assertions.revertWith(
        token.write.permit(
          [owner!.account.address, spender!.account.address, usdc(25), bad.deadline, bad.v, bad.r, bad.s],
          { account: spender!.account },
        ),
        "EIP2612: invalid signature",
      );
      assert.equal(await token.read.allowance([owner!.account.address, spender!.account.address]), 0n);

      const good = await permitWith(token, domain);
      await token.write.permit(
        [owner!.account.address, spender!.account.address, usdc(25), good.deadline, good.v, good.r, good.s],
        { account: spender!.account },
      );
      assert.equal(await token.read.allowance([owner!.account.address, spender!.account.address]), usdc(25));
      assert.equal(await token.read.nonces([owner!.account.address]), 1n);
    });
  }

  it("TestUSDC (EIP-5267): the domain from eip712Domain() is accepted", async () => {
    const { testUsdc } = await networkHelpers.loadFixture(tokens);
    const domain = await readPermitDomain(publicClient, chainId, testUsdc.address, new Map());
    assert.equal(domain.name, "USD Coin");
    const p = await permitWith(testUsdc, domain);
    await testUsdc.write.permit([
      owner!.account.address,
      spender!.account.address,
      usdc(25),
      p.deadline,
      p.v,
      p.r,
      p.s,
    ]);
    assert.equal(await testUsdc.read.allowance([owner!.account.address, spender!.account.address]), usdc(25));
  });
});
