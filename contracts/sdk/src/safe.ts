// A Safe transaction, the one definition every Gavel part uses: its EIP-712 types, typed data and
// hash, the owners' signatures in the order the Safe checks them, and the Safe's ABI with the
// arguments of `execTransaction`. The web's arbiter console (browser and server), the deploy
// checks, the demo seed and the tests all build, sign, hash and execute rulings through this
// module. No Node imports: it runs in the browser.
import { type Address, concat, type Hex, hashTypedData, parseAbi, zeroAddress } from "viem";

/** EIP-712 types of a Safe transaction (Safe ≥ 1.3). */
export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

export interface SafeTx {
  to: Address;
  value: bigint;
  data: Hex;
  operation: number; // 0 = call, 1 = delegatecall
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: Address;
  refundReceiver: Address;
  nonce: bigint;
}

/** The Safe functions a client needs: its owners, threshold and nonce, and `execTransaction`. */
export const safeAbi = parseAbi([
  "function getOwners() view returns (address[])",
  "function getThreshold() view returns (uint256)",
  "function nonce() view returns (uint256)",
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool)",
]);

/** A plain call from the Safe to `to` (no value, no refund) with the given nonce. */
export function plainSafeTx(to: Address, data: Hex, nonce: bigint): SafeTx {
  return {
    to,
    value: 0n,
    data,
    operation: 0,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce,
  };
}

/** The typed data an owner signs (eth_signTypedData_v4). */
export function safeTxTypedData(chainId: number, safe: Address, tx: SafeTx) {
  return {
    domain: { chainId, verifyingContract: safe },
    types: SAFE_TX_TYPES,
    primaryType: "SafeTx" as const,
    message: tx,
  };
}

/** What the Safe's `getTransactionHash` returns for `tx`: the hash the owners sign. */
export function safeTxHash(chainId: number, safe: Address, tx: SafeTx): Hex {
  return hashTypedData(safeTxTypedData(chainId, safe, tx));
}

/** Owners' signatures sorted by owner address (ascending), as the Safe requires, concatenated. */
export function joinSignatures(signatures: { owner: Address; signature: Hex }[]): Hex {
  const sorted = [...signatures].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  return concat(sorted.map((s) => s.signature));
}

/** The `args` of `execTransaction` (with `safeAbi`) for a transaction and its joined signatures. */
export function execTransactionArgs(tx: SafeTx, signatures: Hex) {
  return [
    tx.to,
    tx.value,
    tx.data,
    tx.operation,
    tx.safeTxGas,
    tx.baseGas,
    tx.gasPrice,
    tx.gasToken,
    tx.refundReceiver,
    signatures,
  ] as const;
}
