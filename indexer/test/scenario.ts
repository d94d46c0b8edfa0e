// Drives the real contracts with viem, as users would: Hardhat's well-known accounts list, bid,
// settle, ship, confirm, dispute, rule, review and withdraw. Used by the integration tests and
// the benchmarks. Time moves with evm_increaseTime + evm_mine (never hardhat_mine).
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/contracts";
import { rpc } from "@gavel/scripts/lib/chain.ts";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

/** Hardhat's public development mnemonic: accounts 0..9 are funded by the local deploy. */
const MNEMONIC = "test test test test test test test test test test test junk";

export const usdc = (text: string) => parseUnits(text, 6);
export const hash32 = (text: string): Hex => keccak256(toHex(text));

export interface Addresses {
  TestUSDC: Address;
  GavelConfig: Address;
  EnglishAuctionHouse: Address;
}

export interface EnglishOptions {
  title: string;
  startPrice?: bigint;
  reservePrice?: bigint;
  durationSeconds?: number;
  minIncrementBps?: number;
  extensionWindow?: number;
  maxExtensions?: number;
  shipWindow?: number;
  confirmWindow?: number;
  disputeWindow?: number;
}

export const HOUR = 3600;
export const DAY = 86_400;

export function createScenario(rpcUrl: string, addresses: Addresses) {
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20 });
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain: hardhat, transport, pollingInterval: 20 }),
  );
  const house = addresses.EnglishAuctionHouse;

  /** Lowercase address of account `i` (as the API serves it). */
  const addr = (i: number) => (accounts[i] as (typeof accounts)[number]).address.toLowerCase() as Address;

  async function send(
    from: number,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
  ): Promise<TransactionReceipt> {
    const wallet = wallets[from];
    if (!wallet) throw new Error(`no account ${from}`);
    // biome-ignore lint/suspicious/noExplicitAny: one generic sender for every contract call of the scenario
    const hash: Hash = await wallet.writeContract(request as any);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    return receipt;
  }

  const houseCall = (from: number, functionName: string, args: readonly unknown[] = []) =>
    send(from, { address: house, abi: englishAuctionHouseAbi, functionName, args });

  async function now(): Promise<number> {
    const block = await publicClient.getBlock();
    return Number(block.timestamp);
  }

  /** Moves chain time forward by `seconds` and mines one block. */
  async function travel(seconds: number) {
    await rpc(rpcUrl, "evm_increaseTime", [seconds]);
    await rpc(rpcUrl, "evm_mine");
  }

  return {
    publicClient,
    accounts,
    addr,
    house,
    now,
    travel,
    send,
    async approveAll(from: number[]) {
      for (const i of from) {
        await send(i, {
          address: addresses.TestUSDC,
          abi: testUSDCAbi,
          functionName: "approve",
          args: [house, maxUint256],
        });
      }
    },
    /** Creates an English auction; returns its id and the creating receipt. */
    async createEnglish(seller: number, o: EnglishOptions) {
      const startPrice = o.startPrice ?? usdc("10");
      const endTime = (await now()) + 5 + (o.durationSeconds ?? 600);
      const receipt = await houseCall(seller, "createAuction", [
        {
          title: o.title,
          metadataURI: `ipfs://meta/${encodeURIComponent(o.title)}`,
          metadataHash: hash32(o.title),
          reservePrice: o.reservePrice ?? startPrice,
          shipWindow: o.shipWindow ?? 2 * HOUR,
          confirmWindow: o.confirmWindow ?? DAY,
          disputeWindow: o.disputeWindow ?? 2 * HOUR,
        },
        {
          startTime: 0,
          endTime,
          startPrice,
          minIncrementBps: o.minIncrementBps ?? 500,
          extensionWindow: o.extensionWindow ?? 0,
          maxExtensions: o.maxExtensions ?? 0,
        },
      ]);
      const [created] = parseEventLogs({
        abi: englishAuctionHouseAbi,
        eventName: "ListingCreated",
        logs: receipt.logs,
      });
      if (!created) throw new Error("no ListingCreated in the receipt");
      return { id: created.args.auctionId, receipt };
    },
    bid: (from: number, id: bigint, max: bigint) => houseCall(from, "bid", [id, max]),
    settle: (from: number, id: bigint) => houseCall(from, "settle", [id]),
    cancel: (from: number, id: bigint) => houseCall(from, "cancel", [id]),
    ship: (from: number, id: bigint, tracking: string) => houseCall(from, "ship", [id, hash32(tracking)]),
    confirm: (from: number, id: bigint) => houseCall(from, "confirm", [id]),
    release: (from: number, id: bigint) => houseCall(from, "release", [id]),
    reclaim: (from: number, id: bigint) => houseCall(from, "reclaim", [id]),
    refund: (from: number, id: bigint) => houseCall(from, "refund", [id]),
    openDispute: (from: number, id: bigint, evidence: string) =>
      houseCall(from, "openDispute", [id, hash32(evidence), `ipfs://evidence/${evidence}`]),
    rule: (from: number, id: bigint, buyerShareBps: number) => houseCall(from, "rule", [id, buyerShareBps]),
    resolveAfterTimeout: (from: number, id: bigint) => houseCall(from, "resolveAfterTimeout", [id]),
    review: (from: number, id: bigint, rating: number, text: string) =>
      houseCall(from, "review", [id, rating, hash32(text), `ipfs://review/${text}`]),
    withdraw: (from: number) => houseCall(from, "withdraw"),
    withdrawTo: (from: number, to: Address) => houseCall(from, "withdrawTo", [to]),
    sweepFees: (from: number, treasury: Address) => houseCall(from, "sweepFees", [treasury]),
    config: (from: number, functionName: string, args: readonly unknown[] = []) =>
      send(from, { address: addresses.GavelConfig, abi: gavelConfigAbi, functionName, args }),
    getAuction: (id: bigint) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getAuction",
        args: [id],
      }),
    getDeal: (id: bigint) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getDeal",
        args: [id],
      }),
    withdrawable: (who: Address) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "withdrawable",
        args: [who],
      }),
  };
}

export type Scenario = ReturnType<typeof createScenario>;
