// The EIP-2612 permit the bid, buy and commit forms ask the wallet to sign: its typed data must
// hash to exactly the digest USDC (and TestUSDC, an OpenZeppelin ERC20Permit) checks on chain,
// and a signature by a Hardhat test key must recover the owner.
import { hardhatDevKey } from "@gavel/scripts/lib/chain.ts";
import { type PermitRequest, permitTypedData, USDC_PERMIT_DOMAIN } from "@gavel/scripts/lib/permit.ts";
import {
  concat,
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  recoverTypedDataAddress,
  toBytes,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";

const owner = privateKeyToAccount(hardhatDevKey(2));
const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const spender = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const request = {
  chainId: 31337,
  token,
  owner: owner.address,
  spender,
  value: 20_000_000n,
  nonce: 3n,
  deadline: 1_800_000_000n,
} as const;

/** The digest as the token computes it (EIP-712 by hand: domain separator and struct hash). */
function onChainDigest(r: typeof request): `0x${string}` {
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "uint256" },
        { type: "address" },
      ],
      [
        keccak256(
          toBytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
        ),
        keccak256(toBytes("USD Coin")),
        keccak256(toBytes("2")),
        BigInt(r.chainId),
        r.token,
      ],
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "address" },
        { type: "address" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint256" },
      ],
      [
        keccak256(
          toBytes("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
        ),
        r.owner,
        r.spender,
        r.value,
        r.nonce,
        r.deadline,
      ],
    ),
  );
  return keccak256(concat(["0x1901", domainSeparator, structHash]));
}

describe("permitTypedData", () => {
  test("domain, type and message are USDC's", () => {
    const data = permitTypedData(request);
    expect(data.domain).toEqual({ name: "USD Coin", version: "2", chainId: 31337, verifyingContract: token });
    expect(USDC_PERMIT_DOMAIN).toEqual({ name: "USD Coin", version: "2" });
    expect(data.primaryType).toBe("Permit");
    expect(data.types.Permit.map((f) => `${f.type} ${f.name}`)).toEqual([
      "address owner",
      "address spender",
      "uint256 value",
      "uint256 nonce",
      "uint256 deadline",
    ]);
    expect(data.message).toEqual({
      owner: owner.address,
      spender,
      value: 20_000_000n,
      nonce: 3n,
      deadline: 1_800_000_000n,
    });
  });

  test("hashes to the digest the token checks", () => {
    expect(hashTypedData(permitTypedData(request))).toBe(onChainDigest(request));
  });

  test("a signature by the owner's key recovers the owner", async () => {
    const data = permitTypedData(request);
    const signature = await owner.signTypedData(data);
    expect(await recoverTypedDataAddress({ ...data, signature })).toBe(owner.address);
  });

  test("the same signature does not hold for another chain, token, amount or nonce", async () => {
    const signature = await owner.signTypedData(permitTypedData(request));
    const changes: Partial<PermitRequest>[] = [
      { chainId: 8453 },
      { token: spender },
      { value: request.value + 1n },
      { nonce: request.nonce + 1n },
    ];
    for (const changed of changes) {
      const data = permitTypedData({ ...request, ...changed });
      expect(await recoverTypedDataAddress({ ...data, signature })).not.toBe(owner.address);
    }
  });
});
