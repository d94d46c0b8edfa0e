// The EIP-2612 permit the web's bid, buy and commit forms ask the wallet to sign: its typed data must
// hash to exactly the digest USDC (and TestUSDC, an OpenZeppelin ERC20Permit) checks on chain,
// and a signature by a Hardhat test key must recover the owner. Its domain is read from the
// token (EIP-5267 where the token has it, else name() and version()), once per chain and token.
// The real tokens accepting and refusing such permits: test/contracts/permit-domain.test.ts.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  concat,
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  recoverTypedDataAddress,
  toBytes,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  type PermitDomainCache,
  type PermitRequest,
  permitTypedData,
  readPermitDomain,
  type TokenReader,
} from "../src/permit.ts";

// Hardhat's development account #2: a published test key.
const owner = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const spender = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const domain: { name: string; version: "2"; chainId: number; verifyingContract: typeof token } = {
  name: "USD Coin",
  version: "2",
  chainId: 31337,
  verifyingContract: token,
};
const request = {
  domain,
  owner: owner.address,
  spender,
  value: 20_000_000n,
  nonce: 3n,
  deadline: 1_800_000_000n,
} as const;

/** The digest as the token computes it (EIP-712 by hand: domain separator and struct hash). */
function onChainDigest(
  r: typeof request & { domain: { name: string; chainId: number } },
  name = "USD Coin",
): `0x${string}` {
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
        keccak256(toBytes(name)),
        keccak256(toBytes("2")),
        BigInt(r.domain.chainId),
        r.domain.verifyingContract,
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
  test("domain as given, type and message are EIP-2612's", () => {
    const data = permitTypedData(request);
    assert.deepEqual(data.domain, {
      name: "USD Coin",
      version: "2",
      chainId: 31337,
      verifyingContract: token,
    });
    assert.equal(data.primaryType, "Permit");
    assert.deepEqual(
      data.types.Permit.map((f) => `${f.type} ${f.name}`),
      ["address owner", "address spender", "uint256 value", "uint256 nonce", "uint256 deadline"],
    );
    assert.deepEqual(data.message, {
      owner: owner.address,
      spender,
      value: 20_000_000n,
      nonce: 3n,
      deadline: 1_800_000_000n,
    });
  });

  test("hashes to the digest the token checks", () => {
    assert.equal(hashTypedData(permitTypedData(request)), onChainDigest(request));
    const sepolia = { ...request, domain: { ...domain, name: "USDC" } };
    assert.equal(hashTypedData(permitTypedData(sepolia)), onChainDigest(sepolia, "USDC"));
    assert.notEqual(onChainDigest(sepolia, "USDC"), onChainDigest(request));
  });

  test("a signature by the owner's key recovers the owner", async () => {
    const data = permitTypedData(request);
    const signature = await owner.signTypedData(data);
    assert.equal(await recoverTypedDataAddress({ ...data, signature }), owner.address);
  });

  test("the same signature does not hold for another chain, token, amount or nonce", async () => {
    const signature = await owner.signTypedData(permitTypedData(request));
    const changes: Partial<PermitRequest>[] = [
      { domain: { ...domain, chainId: 8453 } },
      { domain: { ...domain, verifyingContract: spender } },
      { domain: { ...domain, name: "USDC" } },
      { value: request.value + 1n },
      { nonce: request.nonce + 1n },
    ];
    for (const changed of changes) {
      const data = permitTypedData({ ...request, ...changed });
      assert.notEqual(await recoverTypedDataAddress({ ...data, signature }), owner.address);
    }
  });
});

/** A token as a public client sees it: EIP-5267 answers (or reverts), name() and version(). */
function tokenReader(token: { eip712Domain?: unknown; name: string; version: string; down?: number }) {
  const calls: string[] = [];
  let down = token.down ?? 0;
  const reader: TokenReader = {
    async readContract({ address, functionName }) {
      calls.push(`${address}.${functionName}`);
      if (down > 0) {
        down--;
        throw new Error("HTTP request failed");
      }
      if (functionName === "eip712Domain") {
        if (!token.eip712Domain) throw new Error('The contract function "eip712Domain" reverted.');
        return token.eip712Domain;
      }
      if (functionName === "name") return token.name;
      if (functionName === "version") return token.version;
      throw new Error(`unexpected call ${functionName}`);
    },
  };
  return { reader, calls };
}

describe("readPermitDomain", () => {
  const ozToken = (fields: `0x${string}`, chainId = 31337n) => ({
    eip712Domain: [fields, "USD Coin", "2", chainId, token, `0x${"00".repeat(32)}`, []],
    name: "ignored",
    version: "ignored",
  });

  test("Circle's FiatToken has no eip712Domain(): name() and version() make the domain", async () => {
    const { reader, calls } = tokenReader({ name: "USDC", version: "2" });
    const read = await readPermitDomain(reader, 84532, token, new Map());
    assert.deepEqual(read, { name: "USDC", version: "2", chainId: 84532, verifyingContract: token });
    assert.deepEqual(calls, [`${token}.eip712Domain`, `${token}.name`, `${token}.version`]);
    // Signed under the read name, the permit hashes to the digest a token named "USDC" checks.
    const sepolia = { ...request, domain: { ...domain, name: "USDC", chainId: 84532 } } as const;
    assert.equal(
      hashTypedData(permitTypedData({ ...request, domain: read })),
      onChainDigest(sepolia, "USDC"),
    );
  });

  test("a token with EIP-5267 is taken at its word, fields and all", async () => {
    const full = tokenReader(ozToken("0x0f"));
    assert.deepEqual(await readPermitDomain(full.reader, 31337, token, new Map()), domain);
    assert.deepEqual(full.calls, [`${token}.eip712Domain`]);
    // A domain without a version (bit 1 unset) signs without one.
    const noVersion = tokenReader(ozToken("0x0d"));
    assert.deepEqual(await readPermitDomain(noVersion.reader, 31337, token, new Map()), {
      name: "USD Coin",
      chainId: 31337,
      verifyingContract: token,
    });
  });

  test("an eip712Domain() for another chain is not used; name() and version() are", async () => {
    const { reader } = tokenReader({ ...ozToken("0x0f", 1n), name: "USD Coin", version: "2" });
    assert.deepEqual(await readPermitDomain(reader, 31337, token, new Map()), domain);
  });

  test("read once per chain and token, even when asked twice at once", async () => {
    const cache: PermitDomainCache = new Map();
    const { reader, calls } = tokenReader({ name: "USD Coin", version: "2" });
    const [a, b] = await Promise.all([
      readPermitDomain(reader, 8453, token, cache),
      readPermitDomain(reader, 8453, token.toLowerCase() as `0x${string}`, cache),
    ]);
    assert.deepEqual(a, b);
    assert.equal(await readPermitDomain(reader, 8453, token, cache), a);
    assert.equal(calls.length, 3);
    // Another chain or another token is read afresh.
    await readPermitDomain(reader, 84532, token, cache);
    await readPermitDomain(reader, 8453, spender, cache);
    assert.equal(calls.length, 9);
  });

  test("a failed read is not remembered: the next call asks the token again", async () => {
    const cache: PermitDomainCache = new Map();
    // The RPC fails for the first three reads (eip712Domain, name, version).
    const { reader } = tokenReader({ name: "USDC", version: "2", down: 3 });
    await assert.rejects(readPermitDomain(reader, 84532, token, cache), /HTTP request failed/);
    assert.equal(cache.size, 0);
    assert.equal((await readPermitDomain(reader, 84532, token, cache)).name, "USDC");
  });
});
