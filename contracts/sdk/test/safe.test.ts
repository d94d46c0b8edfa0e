// The Safe transaction module against the EIP-712 encoding written out by hand from Safe's
// contracts (SafeTx typehash, domain separator with chainId and the Safe's address), so a change
// of field order or type in SAFE_TX_TYPES cannot pass unnoticed. test/contracts/safe.test.ts
// checks the same hash against a deployed Safe's `getTransactionHash`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type Address,
  concat,
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  recoverAddress,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  execTransactionArgs,
  joinSignatures,
  plainSafeTx,
  safeAbi,
  safeTxHash,
  safeTxTypedData,
} from "../src/safe.ts";

const SAFE: Address = "0x5afe00000000000000000000000000000000cafe";
const HOUSE: Address = getAddress("0x000000000000000000000000000000000000beef");
const CHAIN_ID = 84532;

/** Safe.sol: keccak256(abi.encode(SAFE_TX_TYPEHASH, to, value, keccak256(data), …, nonce)) under its domain. */
function handWrittenHash(chainId: number, safe: Address, tx: ReturnType<typeof plainSafeTx>): Hex {
  const domainTypehash = keccak256(toHex("EIP712Domain(uint256 chainId,address verifyingContract)"));
  const safeTxTypehash = keccak256(
    toHex(
      "SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)",
    ),
  );
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [domainTypehash, BigInt(chainId), safe],
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes32" },
        { type: "uint8" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "address" },
        { type: "address" },
        { type: "uint256" },
      ],
      [
        safeTxTypehash,
        tx.to,
        tx.value,
        keccak256(tx.data),
        tx.operation,
        tx.safeTxGas,
        tx.baseGas,
        tx.gasPrice,
        tx.gasToken,
        tx.refundReceiver,
        tx.nonce,
      ],
    ),
  );
  return keccak256(concat(["0x1901", domainSeparator, structHash]));
}

describe("Safe transactions", () => {
  const tx = plainSafeTx(
    HOUSE,
    "0xd2c1b2f40000000000000000000000000000000000000000000000000000000000000007",
    3n,
  );

  it("a plain call carries no value, no gas refund and the given nonce", () => {
    assert.deepEqual(tx, {
      to: HOUSE,
      value: 0n,
      data: tx.data,
      operation: 0,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: 3n,
    });
  });

  it("hash as Safe.sol encodes them, bound to the chain, the Safe and the nonce", () => {
    assert.equal(safeTxHash(CHAIN_ID, SAFE, tx), handWrittenHash(CHAIN_ID, SAFE, tx));
    assert.notEqual(safeTxHash(CHAIN_ID + 1, SAFE, tx), safeTxHash(CHAIN_ID, SAFE, tx));
    assert.notEqual(safeTxHash(CHAIN_ID, HOUSE, tx), safeTxHash(CHAIN_ID, SAFE, tx));
    assert.notEqual(safeTxHash(CHAIN_ID, SAFE, { ...tx, nonce: 4n }), safeTxHash(CHAIN_ID, SAFE, tx));
  });

  it("an owner's signature of the typed data recovers to the owner over the same hash", async () => {
    const owner = privateKeyToAccount(keccak256(toHex("owner")));
    const signature = await owner.signTypedData(safeTxTypedData(CHAIN_ID, SAFE, tx));
    assert.equal(await recoverAddress({ hash: safeTxHash(CHAIN_ID, SAFE, tx), signature }), owner.address);
  });

  it("signatures are joined in ascending owner order, whatever order they came in", () => {
    const low = { owner: "0x1000000000000000000000000000000000000000" as Address, signature: "0xaa" as Hex };
    const high = { owner: "0xF000000000000000000000000000000000000000" as Address, signature: "0xbb" as Hex };
    assert.equal(joinSignatures([high, low]), "0xaabb");
    assert.equal(joinSignatures([low, high]), "0xaabb");
  });

  it("execTransaction's arguments follow the ABI's order", () => {
    const data = encodeFunctionData({
      abi: safeAbi,
      functionName: "execTransaction",
      args: execTransactionArgs(tx, "0xabcd"),
    });
    const decoded = decodeFunctionData({ abi: safeAbi, data });
    assert.equal(decoded.functionName, "execTransaction");
    assert.deepEqual(decoded.args, [
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      "0xabcd",
    ]);
  });
});
