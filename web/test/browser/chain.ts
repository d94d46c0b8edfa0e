// viem clients on a test stack's Hardhat node: a reader, a wallet per key, and `write` (one
// contract call from Node, waited for and checked).
import assert from "node:assert/strict";
import { type Abi, createPublicClient, createWalletClient, defineChain, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { WebStack } from "./stack.ts";

export function chainClients(stack: WebStack) {
  const chain = defineChain({
    id: stack.chainId,
    name: "local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [stack.rpcUrl] } },
  });
  const reader = createPublicClient({ chain, transport: http(stack.rpcUrl) });
  const walletFor = (key: Hex) =>
    createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(stack.rpcUrl) });
  /** Sends one contract call from `key`'s account and waits for it to be mined successfully. */
  async function write(key: Hex, address: Hex, abi: Abi, functionName: string, args: unknown[] = []) {
    const hash = await walletFor(key).writeContract({ address, abi, functionName, args } as never);
    const receipt = await reader.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${functionName} failed`);
    return receipt;
  }
  return { chain, reader, walletFor, write };
}
