/**
 * What every step of the seed works with: the chain's clients and the demo accounts, one sender
 * for every contract call (counting transactions), time travel, and the calls each format's
 * listings are made with.
 */
import { createHash } from "node:crypto";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
} from "@gavel/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { hardhatAccount } from "./accounts.ts";
import { ITEMS, type ItemKey, TERMS } from "./catalogue.ts";
import type { SeedAddresses, SeedOptions } from "./types.ts";
import type { Metadata } from "./web.ts";

export const HOUR = 3600;
export const DAY = 86_400;
export const usdc = (decimal: string) => parseUnits(decimal, 6);
export const sha256 = (bytes: Uint8Array | string): Hex =>
  `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** Review and dispute texts travel as data: URIs (≤ 256 bytes) with their sha-256 as the hash. */
export function textUri(text: string): { uri: string; hash: Hex } {
  const uri = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  if (new TextEncoder().encode(uri).length > 256) throw new Error(`text too long for a URI: ${text}`);
  return { uri, hash: sha256(text) };
}

/** Connects to the chain (after checking every address is given) and sets up the calls. */
export async function connect(options: SeedOptions) {
  const log = options.log ?? (() => {});
  const addresses = options.addresses as SeedAddresses;
  for (const name of [
    "TestUSDC",
    "GavelConfig",
    "EnglishAuctionHouse",
    "DutchAuctionHouse",
    "SealedBidAuctionHouse",
    "RollingAuctionHouse",
  ] as const) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(addresses[name] ?? "")) throw new Error(`no address for ${name}`);
  }
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 10 });
  const chainId = await publicClient.getChainId();
  const chain = { ...hardhat, id: chainId };
  // 0–9 trade and run the market; 10–12 own the arbiters' Safe.
  const accounts = Array.from({ length: 13 }, (_, i) => hardhatAccount(i));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain, transport, pollingInterval: 10 }),
  );
  const account = (i: number) => accounts[i] as HDAccount;
  const wallet = (i: number) => {
    const w = wallets[i];
    if (!w) throw new Error(`no account ${i}`);
    return w;
  };
  const stats = { transactions: 0 };
  /** Each listing's metadata on the web app (none without one). */
  const metadata = new Map<ItemKey, Metadata>();

  async function send(
    from: number,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
  ): Promise<TransactionReceipt> {
    const wallet = wallets[from];
    if (!wallet) throw new Error(`no account ${from}`);
    // biome-ignore lint/suspicious/noExplicitAny: one sender for every contract call of the seed
    const hash = await wallet.writeContract(request as any);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    stats.transactions++;
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    return receipt;
  }
  const now = async () => Number((await publicClient.getBlock()).timestamp);
  async function travel(seconds: number) {
    await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  }
  const createdId = (receipt: TransactionReceipt): bigint => {
    const [created] = parseEventLogs({
      abi: englishAuctionHouseAbi,
      eventName: "ListingCreated",
      logs: receipt.logs,
    });
    if (!created) throw new Error("no ListingCreated in the receipt");
    return created.args.auctionId;
  };
  const listing = (key: ItemKey, reservePrice: bigint) => {
    const meta = metadata.get(key);
    return {
      title: ITEMS[key].title,
      metadataURI: meta?.uri ?? "",
      metadataHash: meta?.hash ?? (`0x${"0".repeat(64)}` as Hex),
      reservePrice,
      shipWindow: 72 * HOUR,
      confirmWindow: 7 * DAY,
      disputeWindow: 72 * HOUR,
    };
  };

  const english = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.EnglishAuctionHouse, abi: englishAuctionHouseAbi, functionName, args });
  const sealed = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, {
      address: addresses.SealedBidAuctionHouse,
      abi: sealedBidAuctionHouseAbi,
      functionName,
      args,
    });
  const rolling = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.RollingAuctionHouse, abi: rollingAuctionHouseAbi, functionName, args });
  const dutch = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.DutchAuctionHouse, abi: dutchAuctionHouseAbi, functionName, args });

  async function createEnglish(
    key: ItemKey,
    o: {
      startPrice: string;
      reservePrice?: string;
      seconds: number;
      extensionWindow?: number;
      maxExtensions?: number;
    },
  ): Promise<bigint> {
    const start = usdc(o.startPrice);
    const receipt = await english(TERMS[key].seller, "createAuction", [
      listing(key, o.reservePrice ? usdc(o.reservePrice) : start),
      {
        startTime: 0,
        endTime: (await now()) + 2 + o.seconds,
        startPrice: start,
        minIncrementBps: 500,
        extensionWindow: o.extensionWindow ?? 0,
        maxExtensions: o.maxExtensions ?? 0,
      },
    ]);
    return createdId(receipt);
  }
  const bids = async (id: bigint, list: [from: number, max: string][]) => {
    for (const [from, max] of list) await english(from, "bid", [id, usdc(max)]);
  };

  const salt = (label: string) => keccak256(toHex(`gavel demo salt: ${label}`));
  const commitment = (id: bigint, bidder: number, amount: bigint, label: string) =>
    sealedCommitment({
      chainId,
      house: addresses.SealedBidAuctionHouse,
      auctionId: id,
      bidder: account(bidder).address,
      amount,
      salt: salt(label),
    });
  async function commit(id: bigint, bidder: number, amount: string, collateral: string) {
    await sealed(bidder, "commit", [
      id,
      commitment(id, bidder, usdc(amount), `${id}:${bidder}`),
      usdc(collateral),
    ]);
  }
  const reveal = (id: bigint, bidder: number, amount: string) =>
    sealed(bidder, "reveal", [id, usdc(amount), salt(`${id}:${bidder}`)]);

  /** Settles unless someone (the keeper) already has: the outcome is the same whoever calls. */
  async function settleOnce(houseCall: () => Promise<unknown>, stillOpen: () => Promise<boolean>) {
    try {
      await houseCall();
    } catch (error) {
      if (await stillOpen()) throw error;
    }
  }
  const listingActive = (house: Address, id: bigint) => async () =>
    (
      await publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getListing",
        args: [id],
      })
    ).status === 1;

  return {
    log,
    addresses,
    publicClient,
    chainId,
    account,
    wallet,
    stats,
    metadata,
    send,
    now,
    travel,
    createdId,
    listing,
    english,
    sealed,
    rolling,
    dutch,
    createEnglish,
    bids,
    commit,
    reveal,
    settleOnce,
    listingActive,
  };
}

export type SeedContext = Awaited<ReturnType<typeof connect>>;

/** Refuses anything but a fresh local deployment where account 0 is the arbiter. */
export async function refuseUnlessFresh(ctx: SeedContext): Promise<void> {
  const { addresses, publicClient, account } = ctx;
  const [arbiterRole, nextId] = await Promise.all([
    publicClient.readContract({
      address: addresses.GavelConfig,
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    }),
    publicClient.readContract({
      address: addresses.GavelConfig,
      abi: gavelConfigAbi,
      functionName: "nextAuctionId",
    }),
  ]);
  const isArbiter = await publicClient.readContract({
    address: addresses.GavelConfig,
    abi: gavelConfigAbi,
    functionName: "hasRole",
    args: [arbiterRole, account(0).address],
  });
  if (!isArbiter)
    throw new Error("account 0 is not an arbiter here: the demo seed is for the local deployment");
  if (nextId !== 1n)
    throw new Error(`the chain already has ${nextId - 1n} listing(s): seed a fresh deployment only`);
}
