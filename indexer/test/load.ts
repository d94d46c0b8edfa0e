// Many Gavel events fast, for the crash test and the benchmarks: transactions are signed locally
// and sent in JSON-RPC batches with automining off, then mined a block at a time with evm_mine
// (never hardhat_mine). The mix is realistic for an auction site: bids dominate, and every bid
// takes the lead, so each one also emits an Outbid.

import { rpc } from "@gavel/scripts/lib/chain.ts";
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/sdk";
import {
  type Address,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  maxUint256,
  parseUnits,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

const MNEMONIC = "test test test test test test test test test test test junk";
const CHAIN_ID = 31337;
const GAS_PRICE = 2_000_000_000n;
const usdc = (text: string) => parseUnits(text, 6);

export interface LoadPlan {
  /** Auctions created (seller: accounts 1 and 2 in turn). */
  auctions: number;
  /** Bidding rounds: each round every auction gets one bid (bidders 3 and 4 alternate). */
  rounds: number;
  /** Transactions per mined block (kept under the block gas limit). */
  perBlock?: number;
  /** Called after each mined block with the events generated so far. */
  progress?: (events: number) => void;
}

interface Tx {
  from: number;
  to: Address;
  data: Hex;
  gas: bigint;
}

export async function generateLoad(
  rpcUrl: string,
  addresses: { TestUSDC: Address; GavelConfig: Address; EnglishAuctionHouse: Address },
  plan: LoadPlan,
): Promise<{ events: number; blocks: number; auctionIds: bigint[] }> {
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
  const nonces = await Promise.all(
    accounts.map(async (account) =>
      Number.parseInt(await rpc<string>(rpcUrl, "eth_getTransactionCount", [account.address, "pending"]), 16),
    ),
  );
  const perBlock = plan.perBlock ?? 150;
  let events = 0;
  let blocks = 0;

  async function sendBatch(txs: Tx[]) {
    const signed = await Promise.all(
      txs.map((tx) => {
        const account = accounts[tx.from];
        if (!account) throw new Error(`no account ${tx.from}`);
        const nonce = nonces[tx.from] ?? 0;
        nonces[tx.from] = nonce + 1;
        return account.signTransaction({
          chainId: CHAIN_ID,
          type: "legacy",
          to: tx.to,
          data: tx.data,
          gas: tx.gas,
          gasPrice: GAS_PRICE,
          nonce,
        });
      }),
    );
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        signed.map((raw, id) => ({ jsonrpc: "2.0", id, method: "eth_sendRawTransaction", params: [raw] })),
      ),
    });
    const results = (await response.json()) as { error?: { message: string } }[];
    const failed = results.find((result) => result.error);
    if (failed) throw new Error(`eth_sendRawTransaction: ${failed.error?.message}`);
  }

  /** Sends `txs` in blocks of `perBlock`, each mined with evm_mine; checks every receipt succeeded. */
  async function mineAll(txs: Tx[], eventsPerTx: number) {
    for (let i = 0; i < txs.length; i += perBlock) {
      const chunk = txs.slice(i, i + perBlock);
      await sendBatch(chunk);
      await rpc(rpcUrl, "evm_mine");
      blocks++;
      const block = await rpc<{ transactions: string[] }>(rpcUrl, "eth_getBlockByNumber", ["latest", false]);
      if (block.transactions.length !== chunk.length) {
        throw new Error(`mined ${block.transactions.length} of ${chunk.length} transactions in one block`);
      }
      events += chunk.length * eventsPerTx;
      plan.progress?.(events);
    }
  }

  const house = addresses.EnglishAuctionHouse;
  await rpc(rpcUrl, "evm_setAutomine", [false]);
  try {
    // Approvals (Approval is not indexed).
    await mineAll(
      [3, 4].map((from) => ({
        from,
        to: addresses.TestUSDC,
        data: encodeFunctionData({ abi: testUSDCAbi, functionName: "approve", args: [house, maxUint256] }),
        gas: 100_000n,
      })),
      0,
    );
    const firstId = decodeFunctionResult({
      abi: gavelConfigAbi,
      functionName: "nextAuctionId",
      data: await rpc<Hex>(rpcUrl, "eth_call", [
        {
          to: addresses.GavelConfig,
          data: encodeFunctionData({ abi: gavelConfigAbi, functionName: "nextAuctionId" }),
        },
        "latest",
      ]),
    });
    const latest = await rpc<{ timestamp: Hex }>(rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    const endTime = Number(BigInt(latest.timestamp)) + 20 * 86_400;
    const creates: Tx[] = Array.from({ length: plan.auctions }, (_, i) => ({
      from: 1 + (i % 2),
      to: house,
      data: encodeFunctionData({
        abi: englishAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          {
            title: `Load lot ${i}`,
            metadataURI: `ipfs://load/${i}`,
            metadataHash: `0x${(i + 1).toString(16).padStart(64, "0")}`,
            reservePrice: usdc("1"),
            shipWindow: 2 * 3600,
            confirmWindow: 3 * 86_400, // MIN_CONFIRM_WINDOW
            disputeWindow: 2 * 3600,
          },
          {
            startTime: 0,
            endTime,
            startPrice: usdc("1"),
            minIncrementBps: 100,
            extensionWindow: 0,
            maxExtensions: 0,
          },
        ],
      }),
      gas: 400_000n,
    }));
    await mineAll(creates, 2);
    const auctionIds = Array.from({ length: plan.auctions }, (_, i) => firstId + BigInt(i));
    for (let round = 0; round < plan.rounds; round++) {
      const bids: Tx[] = auctionIds.map((id) => ({
        from: round % 2 === 0 ? 3 : 4,
        to: house,
        data: encodeFunctionData({
          abi: englishAuctionHouseAbi,
          functionName: "bid",
          args: [id, usdc("1") + BigInt(round) * usdc("0.1")],
        }),
        gas: 200_000n,
      }));
      // The first bid emits BidPlaced (+ a Transfer of the escrow); later ones also an Outbid
      // and the refund's Transfer.
      await mineAll(bids, round === 0 ? 2 : 4);
    }
    return { events, blocks, auctionIds };
  } finally {
    await rpc(rpcUrl, "evm_setAutomine", [true]);
  }
}
