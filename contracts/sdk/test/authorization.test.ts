// The EIP-3009 bid authorization a gasless bidder signs: its nonce must be exactly the
// keccak256(abi.encode(house, id, bidder, bound, validBefore)) the house rebuilds on chain (built
// here word by word, independently of viem's ABI encoder), its typed data must hash to the digest
// USDC's receiveWithAuthorization checks, and the EIP-2098 (r, vs) the houses take must split back
// — as the house splits it — into the (v, r, s) that recovers the bidder. The on-chain side (the
// token marking this very nonce used after the house's call): test/contracts/authorization.test.ts.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  concat,
  encodeAbiParameters,
  type Hex,
  hashTypedData,
  keccak256,
  numberToHex,
  pad,
  recoverAddress,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  authorizationNonce,
  authorizationSignature,
  type BidAuthorization,
  bidAuthorizationTypedData,
  buyAuthorizationTypedData,
  commitAuthorizationTypedData,
} from "../src/authorization.ts";

// Hardhat's development account #3: a published test key.
const bidder = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
const token: Hex = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const house: Hex = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const domain = { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: token } as const;
const bid: BidAuthorization = {
  domain,
  house,
  id: 7n,
  bidder: bidder.address,
  value: 150_000_000n,
  bound: 150_000_000n,
  validBefore: 2_000_000_000n,
};

/** abi.encode of static values is one 32-byte word each, left-padded: what Solidity hashes. */
const word = (x: Hex | bigint) =>
  typeof x === "bigint" ? numberToHex(x, { size: 32 }) : pad(x, { size: 32 });

describe("authorizationNonce", () => {
  test("is keccak256 of the five words house, id, bidder, bound, validBefore", () => {
    const expected = keccak256(
      concat([word(house), word(7n), word(bidder.address), word(150_000_000n), word(2_000_000_000n)]),
    );
    assert.equal(authorizationNonce(bid), expected);
  });

  test("a sealed commitment binds as its bytes32; a maximum as a number gives the same as its 32-byte hex", () => {
    const commitment = keccak256(toHex("commitment"));
    assert.equal(
      authorizationNonce({ ...bid, bound: commitment }),
      keccak256(
        encodeAbiParameters(
          [
            { type: "address" },
            { type: "uint256" },
            { type: "address" },
            { type: "bytes32" },
            { type: "uint256" },
          ],
          [house, 7n, bidder.address, commitment, 2_000_000_000n],
        ),
      ),
    );
    assert.equal(
      authorizationNonce(bid),
      authorizationNonce({ ...bid, bound: numberToHex(150_000_000n, { size: 32 }) }),
    );
  });

  test("every field a relayer might change gives another nonce", () => {
    const nonce = authorizationNonce(bid);
    for (const changed of [
      { house: token },
      { id: 8n },
      { bidder: house },
      { bound: 150_000_001n },
      { validBefore: 2_000_000_001n },
    ]) {
      assert.notEqual(
        authorizationNonce({ ...bid, ...changed }),
        nonce,
        JSON.stringify(changed, (_, v) => String(v)),
      );
    }
  });
});

describe("bidAuthorizationTypedData", () => {
  test("is USDC's ReceiveWithAuthorization from the bidder to the house, valid from 0, with the bid's nonce", () => {
    const typed = bidAuthorizationTypedData(bid);
    assert.equal(typed.primaryType, "ReceiveWithAuthorization");
    assert.deepEqual(typed.message, {
      from: bidder.address,
      to: house,
      value: 150_000_000n,
      validAfter: 0n,
      validBefore: 2_000_000_000n,
      nonce: authorizationNonce(bid),
    });
    // The digest FiatTokenV2 checks: \x19\x01 ‖ domain separator ‖ struct hash, built by hand.
    const typeHash = keccak256(
      toHex(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)",
      ),
    );
    const domainSeparator = keccak256(
      concat([
        keccak256(
          toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
        ),
        keccak256(toHex("USD Coin")),
        keccak256(toHex("2")),
        word(31337n),
        word(token),
      ]),
    );
    const structHash = keccak256(
      concat([
        typeHash,
        word(bidder.address),
        word(house),
        word(150_000_000n),
        word(0n),
        word(2_000_000_000n),
        authorizationNonce(bid),
      ]),
    );
    assert.equal(hashTypedData(typed), keccak256(concat(["0x1901", domainSeparator, structHash])));
  });
});

describe("buyAuthorizationTypedData (Dutch)", () => {
  const buy = {
    domain,
    house,
    id: 7n,
    buyer: bidder.address,
    maxPrice: 42_000_000n,
    validBefore: 2_000_000_000n,
  };

  test("signs for the price guard, bound as the uint256 word buyWithAuthorization rebuilds (bytes32(maxPrice))", () => {
    const typed = buyAuthorizationTypedData(buy);
    assert.equal(typed.message.from, bidder.address);
    assert.equal(typed.message.to, house);
    assert.equal(typed.message.value, 42_000_000n);
    assert.equal(
      typed.message.nonce,
      keccak256(
        concat([word(house), word(7n), word(bidder.address), word(42_000_000n), word(2_000_000_000n)]),
      ),
    );
  });

  test("a relayer raising the guard (what the buyer pays at most) breaks the signature", async () => {
    const signature = await bidder.signTypedData(buyAuthorizationTypedData(buy));
    const raised = buyAuthorizationTypedData({ ...buy, maxPrice: 43_000_000n });
    assert.notEqual(await recoverAddress({ hash: hashTypedData(raised), signature }), bidder.address);
  });
});

describe("commitAuthorizationTypedData (sealed)", () => {
  const commitment = keccak256(toHex("a hidden bid"));
  const commit = {
    domain,
    house,
    id: 7n,
    bidder: bidder.address,
    commitment,
    addedCollateral: 20_000_000n,
    validBefore: 2_000_000_000n,
  };

  test("signs for the added collateral, bound to the commitment", () => {
    const typed = commitAuthorizationTypedData(commit);
    assert.equal(typed.message.value, 20_000_000n);
    assert.equal(
      typed.message.nonce,
      keccak256(concat([word(house), word(7n), word(bidder.address), commitment, word(2_000_000_000n)])),
    );
  });

  test("no collateral added (only the hidden bid replaced) is a zero-value authorization still bound to the commitment", () => {
    const typed = commitAuthorizationTypedData({ ...commit, addedCollateral: 0n });
    assert.equal(typed.message.value, 0n);
    assert.equal(typed.message.nonce, commitAuthorizationTypedData(commit).message.nonce);
  });

  test("a relayer swapping the commitment gets another nonce, so the signature no longer matches", async () => {
    const signature = await bidder.signTypedData(commitAuthorizationTypedData(commit));
    const swapped = commitAuthorizationTypedData({ ...commit, commitment: keccak256(toHex("another bid")) });
    assert.notEqual(swapped.message.nonce, commitAuthorizationTypedData(commit).message.nonce);
    assert.notEqual(await recoverAddress({ hash: hashTypedData(swapped), signature }), bidder.address);
  });
});

describe("authorizationSignature", () => {
  test("(r, vs) split as the house splits it — v = 27 + top bit, s = the other 255 bits — recovers the bidder", async () => {
    const typed = bidAuthorizationTypedData(bid);
    const { r, vs } = authorizationSignature(await bidder.signTypedData(typed));
    const top = BigInt(vs) >> 255n;
    const s = numberToHex(BigInt(vs) & ((1n << 255n) - 1n), { size: 32 });
    const signature = concat([r, s, numberToHex(27n + top, { size: 1 })]);
    assert.equal(await recoverAddress({ hash: hashTypedData(typed), signature }), bidder.address);
  });
});
