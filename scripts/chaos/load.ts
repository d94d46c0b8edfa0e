// The chaos run's load: many funded wallets bidding on auctions of all four formats through raw
// signed transactions (each wallet one transaction in flight, its nonce counted locally, many
// transactions per block), a block watcher that learns when each one was mined, readers keeping a
// request rate on browse, auction pages and the API through the balancers, and followers: chats
// written straight into the bot's tables (`bot.chats`, `bot.follows`), as 1,000 `/follow` commands
// through the stand-in would take minutes under Telegram's own limits.
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
import pg from "pg";
import {
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseGwei,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { hardhatDevKey, rpc } from "../lib/chain.ts";
import { waitFor } from "../lib/ports.ts";
import type { Cluster } from "./cluster.ts";

export type Format = "english" | "dutch" | "sealed" | "rolling";
export type TxKind = "setup" | "create" | "bid" | "buy" | "commit" | "reveal";

export interface MinedTx {
  hash: Hex;
  kind: TxKind;
  auctionId?: bigint;
  ok: boolean;
  sentAt: number;
  /** When the block watcher first saw it in a block (wall clock, ms). */
  minedAt: number;
  block: number;
}

export interface Auction {
  id: bigint;
  format: Format;
  house: Address;
  seller: number;
  title: string;
  /** Chain time (s) until which bids (and commits) are sent. */
  bidUntil: number;
  /** Chain time (s) after which the keeper must have settled it (Infinity: never due in the run). */
  dueAt: number;
  /** Sealed: the end of the commit phase (reveals follow until `dueAt`). */
  commitEnd?: number;
  inFlight: boolean;
  lastBidder?: number;
  nextMax: bigint;
  commits: { wallet: number; amount: bigint; salt: Hex; revealed: boolean }[];
  bought: boolean;
}

const usdc = (text: string) => parseUnits(text, 6);
const FORMATS: Format[] = ["english", "dutch", "sealed", "rolling"];
const DAY = 86_400;
/** The contracts' shortest auction / commit phase / rolling round (5 minutes), plus a margin. */
export const PHASE = 360;
/** The shortest sealed reveal phase (an hour). */
export const REVEAL = 3_600;
const GAS = 800_000n;
const FEES = { maxFeePerGas: parseGwei("200"), maxPriorityFeePerGas: parseGwei("1") };

export class Chain {
  readonly mined = new Map<Hex, MinedTx>();
  readonly pending = new Map<
    Hex,
    { kind: TxKind; auctionId?: bigint; sentAt: number; done?: (tx: MinedTx) => void }
  >();
  readonly nonces = new Map<Address, number>();
  readonly busy = new Set<number>();
  sendErrors = 0;
  private lastBlock = -1;
  private watching = false;
  readonly url: string;
  readonly chainId: number;
  constructor(url: string, chainId: number) {
    this.url = url;
    this.chainId = chainId;
  }

  async head(): Promise<number> {
    return Number.parseInt(await rpc<string>(this.url, "eth_blockNumber"), 16);
  }
  async now(): Promise<number> {
    const block = await rpc<{ timestamp: Hex }>(this.url, "eth_getBlockByNumber", ["latest", false]);
    return Number.parseInt(block.timestamp, 16);
  }

  async send(
    account: PrivateKeyAccount,
    to: Address,
    data: Hex,
    kind: TxKind,
    auctionId?: bigint,
  ): Promise<{ hash: Hex; mined: Promise<MinedTx> }> {
    let nonce = this.nonces.get(account.address);
    if (nonce === undefined) {
      nonce = Number.parseInt(
        await rpc<string>(this.url, "eth_getTransactionCount", [account.address, "pending"]),
        16,
      );
    }
    this.nonces.set(account.address, nonce + 1);
    const raw = await account.signTransaction({
      chainId: this.chainId,
      type: "eip1559",
      to,
      data,
      nonce,
      gas: GAS,
      ...FEES,
    });
    let hash: Hex;
    try {
      hash = await rpc<Hex>(this.url, "eth_sendRawTransaction", [raw]);
    } catch (error) {
      this.sendErrors++;
      this.nonces.delete(account.address); // re-read from the chain next time
      throw error;
    }
    const sentAt = Date.now();
    const mined = new Promise<MinedTx>((done) => {
      this.pending.set(hash, { kind, auctionId, sentAt, done });
    });
    return { hash, mined };
  }

  /** Follows new blocks and resolves the pending transactions they hold. */
  watch(): void {
    this.watching = true;
    const loop = async () => {
      while (this.watching) {
        try {
          const head = await this.head();
          if (this.lastBlock < 0) this.lastBlock = head - 1;
          for (let n = this.lastBlock + 1; n <= head; n++) {
            const block = await rpc<{ transactions: Hex[] }>(this.url, "eth_getBlockByNumber", [
              toHex(n),
              false,
            ]);
            const seen = Date.now();
            const ours = block.transactions.filter((h) => this.pending.has(h));
            const receipts = await Promise.all(
              ours.map((h) => rpc<{ status: Hex }>(this.url, "eth_getTransactionReceipt", [h])),
            );
            ours.forEach((hash, i) => {
              const entry = this.pending.get(hash);
              if (!entry) return;
              this.pending.delete(hash);
              const tx: MinedTx = {
                hash,
                kind: entry.kind,
                auctionId: entry.auctionId,
                ok: receipts[i]?.status === "0x1",
                sentAt: entry.sentAt,
                minedAt: seen,
                block: n,
              };
              this.mined.set(hash, tx);
              entry.done?.(tx);
            });
            this.lastBlock = n;
          }
        } catch {
          // the next tick tries again
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void loop();
  }
  stop(): void {
    this.watching = false;
  }
  async receipt(hash: Hex): Promise<TransactionReceipt> {
    return rpc<TransactionReceipt>(this.url, "eth_getTransactionReceipt", [hash]);
  }
}

export interface LoadOptions {
  wallets: number;
  auctions: number;
  /** Run length (s); the auctions' phases are laid out over it. */
  durationS: number;
  bidsPerSecond: number;
  readsPerSecond: number;
  followers: number;
  say?: (line: string) => void;
}

export interface Read {
  at: number;
  target: "api-browse" | "api-auction" | "web-browse" | "web-auction";
  status: number;
  ms: number;
}

export async function prepareMarket(cluster: Cluster, chain: Chain, options: LoadOptions) {
  const say = options.say ?? (() => {});
  const a = cluster.addresses;
  const houses: Record<Format, Address> = {
    english: a.EnglishAuctionHouse as Address,
    dutch: a.DutchAuctionHouse as Address,
    sealed: a.SealedBidAuctionHouse as Address,
    rolling: a.RollingAuctionHouse as Address,
  };
  const wallets = Array.from({ length: options.wallets }, (_, i) =>
    privateKeyToAccount(keccak256(toHex(`gavel-chaos-wallet-${i}`))),
  );
  say(`funding ${wallets.length} wallets (ETH, TestUSDC, approvals to the four houses)`);
  for (const w of wallets) await rpc(chain.url, "hardhat_setBalance", [w.address, toHex(10n ** 21n)]);
  const deployer = privateKeyToAccount(hardhatDevKey(0));
  const setup: Promise<MinedTx>[] = [];
  for (const w of wallets) {
    const data = encodeFunctionData({
      abi: testUSDCAbi,
      functionName: "mint",
      args: [w.address, usdc("1000000000")],
    });
    setup.push((await chain.send(deployer, a.TestUSDC as Address, data, "setup")).mined);
  }
  for (const w of wallets) {
    for (const house of Object.values(houses)) {
      const data = encodeFunctionData({
        abi: testUSDCAbi,
        functionName: "approve",
        args: [house, maxUint256],
      });
      setup.push((await chain.send(w, a.TestUSDC as Address, data, "setup")).mined);
    }
  }
  const setupTxs = await Promise.all(setup);
  if (setupTxs.some((t) => !t.ok)) throw new Error("funding the wallets reverted");

  say(`creating ${options.auctions} auctions of the four formats`);
  // The contracts' shortest phases are 5 minutes (a sealed reveal: an hour), longer than a short
  // run: the run moves the chain's clock past them (`PHASE_END`, then `REVEAL_END`), so auctions
  // end, rounds roll and sealed bids are revealed while the load goes on.
  const t0 = await chain.now();
  const created: Promise<Auction>[] = [];
  for (let i = 0; i < options.auctions; i++) {
    const format = FORMATS[i % 4] as Format;
    const seller = i % wallets.length;
    const title = `Chaos ${format} lot ${i}`;
    const listing = {
      title,
      metadataURI: `ipfs://chaos/${i}`,
      metadataHash: keccak256(toHex(title)),
      reservePrice: usdc("10"),
      shipWindow: 7_200,
      confirmWindow: 3 * 86_400,
      disputeWindow: 7_200,
    };
    // Every other English auction ends at the first clock move, for the keepers to settle under load.
    const short = format === "english" && i % 8 === 0;
    const englishEnd = short ? t0 + PHASE : t0 + DAY;
    const commitEnd = t0 + PHASE;
    let data: Hex;
    if (format === "english")
      data = encodeFunctionData({
        abi: englishAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listing,
          {
            startTime: 0,
            endTime: englishEnd,
            startPrice: usdc("10"),
            minIncrementBps: 100,
            extensionWindow: 0,
            maxExtensions: 0,
          },
        ],
      } as never);
    else if (format === "dutch")
      data = encodeFunctionData({
        abi: dutchAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listing,
          { startTime: 0, endTime: t0 + DAY, decayDuration: DAY / 2, startPrice: usdc("1000") },
        ],
      } as never);
    else if (format === "sealed")
      data = encodeFunctionData({
        abi: sealedBidAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listing,
          { commitEnd, revealEnd: commitEnd + REVEAL, unrevealedPenaltyBps: 1_000, pricing: 1 },
        ],
      } as never);
    else
      data = encodeFunctionData({
        abi: rollingAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listing,
          {
            startPrice: usdc("10"),
            minIncrementBps: 100,
            roundDuration: PHASE,
            extensionWindow: 0,
            maxExtensions: 0,
            units: 3,
          },
        ],
      } as never);
    const sent = await chain.send(wallets[seller] as PrivateKeyAccount, houses[format], data, "create");
    created.push(
      sent.mined.then(async (tx) => {
        if (!tx.ok) throw new Error(`creating ${title} reverted`);
        const receipt = await chain.receipt(tx.hash);
        const [event] = parseEventLogs({
          abi: englishAuctionHouseAbi,
          eventName: "ListingCreated",
          logs: receipt.logs,
        });
        if (!event) throw new Error(`no ListingCreated for ${title}`);
        const phaseEnd = t0 + PHASE;
        return {
          id: event.args.auctionId,
          format,
          house: houses[format],
          seller,
          title,
          bidUntil:
            format === "english"
              ? englishEnd - 3
              : format === "dutch"
                ? t0 + DAY
                : format === "sealed"
                  ? commitEnd - 3
                  : phaseEnd - 3,
          dueAt: short
            ? englishEnd
            : format === "sealed"
              ? commitEnd + REVEAL
              : format === "rolling"
                ? phaseEnd + 60
                : Number.POSITIVE_INFINITY,
          ...(format === "sealed" ? { commitEnd } : {}),
          inFlight: false,
          nextMax: usdc("12"),
          commits: [],
          bought: false,
        } satisfies Auction;
      }),
    );
  }
  const auctions = await Promise.all(created);
  return { wallets, auctions, houses, t0 };
}

/** Inserts `count` following chats (each follows one auction) and makes them known to the stand-in. */
export async function addFollowers(cluster: Cluster, auctions: Auction[], count: number): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
  try {
    await waitFor(
      "the bot to know every auction",
      async () =>
        Number((await pool.query("select count(*)::int as n from bot.auctions")).rows[0]?.n) >=
        auctions.length,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const chats = Array.from({ length: count }, (_, i) => 5_000_000 + i);
    for (const chat of chats) cluster.telegram.knowChat(chat);
    await pool.query("insert into bot.chats (chat_id, language) select unnest($1::bigint[]), 'en'", [chats]);
    await pool.query(
      "insert into bot.follows (chat_id, auction_id) select unnest($1::bigint[]), unnest($2::numeric[])",
      [chats, chats.map((_, i) => (auctions[i % auctions.length] as Auction).id.toString())],
    );
    return chats;
  } finally {
    await pool.end();
  }
}

/** Bidders: `bidsPerSecond` bid-like transactions (bids, buys, commits, reveals) until stopped. */
export function startBidding(
  chain: Chain,
  wallets: PrivateKeyAccount[],
  auctions: Auction[],
  options: LoadOptions,
) {
  let stopped = false;
  let budget = 0;
  let chainNow = 0;
  let failures = 0;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;
  const freeWallet = (not: number[]) => {
    for (let tries = 0; tries < 20; tries++) {
      const i = Math.floor(Math.random() * wallets.length);
      if (!chain.busy.has(i) && !not.includes(i)) return i;
    }
    return undefined;
  };
  const act = async (auction: Auction) => {
    const now = chainNow;
    let wallet: number | undefined;
    let data: Hex | undefined;
    let kind: TxKind = "bid";
    let onOk: () => void = () => {};
    if ((auction.format === "english" || auction.format === "rolling") && now < auction.bidUntil) {
      wallet = freeWallet([auction.seller, auction.lastBidder ?? -1]);
      if (wallet === undefined) return;
      const max = auction.nextMax;
      data = encodeFunctionData({
        abi: auction.format === "english" ? englishAuctionHouseAbi : rollingAuctionHouseAbi,
        functionName: "bid",
        args: [auction.id, max],
      } as never);
      const w = wallet;
      onOk = () => {
        auction.lastBidder = w;
        auction.nextMax = (max * 104n) / 100n + 1n;
      };
    } else if (auction.format === "dutch" && !auction.bought && Math.random() < 0.05) {
      wallet = freeWallet([auction.seller]);
      if (wallet === undefined) return;
      kind = "buy";
      data = encodeFunctionData({
        abi: dutchAuctionHouseAbi,
        functionName: "buy",
        args: [auction.id, usdc("1000")],
      });
      onOk = () => {
        auction.bought = true;
      };
    } else if (auction.format === "sealed" && auction.commitEnd !== undefined) {
      if (now < auction.bidUntil) {
        wallet = freeWallet([auction.seller, ...auction.commits.map((c) => c.wallet)]);
        if (wallet === undefined) return;
        kind = "commit";
        const amount = usdc(String(10 + Math.floor(Math.random() * 500)));
        const salt = keccak256(toHex(`salt-${auction.id}-${wallet}`));
        const bidder = (wallets[wallet] as PrivateKeyAccount).address;
        const commitment = sealedCommitment({
          chainId: chain.chainId,
          house: auction.house,
          auctionId: auction.id,
          bidder,
          amount,
          salt,
        });
        data = encodeFunctionData({
          abi: sealedBidAuctionHouseAbi,
          functionName: "commit",
          args: [auction.id, commitment, amount],
        });
        const w = wallet;
        onOk = () => auction.commits.push({ wallet: w, amount, salt, revealed: false });
      } else if (now > auction.commitEnd + 1 && now < auction.dueAt - 3) {
        const open = auction.commits.find((c) => !c.revealed && !chain.busy.has(c.wallet));
        if (!open) return;
        wallet = open.wallet;
        kind = "reveal";
        open.revealed = true; // optimistic; a failed reveal is counted, not retried
        data = encodeFunctionData({
          abi: sealedBidAuctionHouseAbi,
          functionName: "reveal",
          args: [auction.id, open.amount, open.salt],
        });
      }
    }
    if (wallet === undefined || data === undefined) return;
    auction.inFlight = true;
    chain.busy.add(wallet);
    const w = wallet;
    try {
      const { mined } = await chain.send(
        wallets[w] as PrivateKeyAccount,
        auction.house,
        data,
        kind,
        auction.id,
      );
      const tx = await mined;
      if (tx.ok) onOk();
      else failures++;
    } catch {
      failures++;
    } finally {
      auction.inFlight = false;
      chain.busy.delete(w);
    }
  };
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    budget = Math.min(budget + ((now - last) / 1000) * options.bidsPerSecond, options.bidsPerSecond);
    last = now;
    const idle = auctions.filter((x) => !x.inFlight);
    while (budget >= 1 && idle.length > 0 && !stopped) {
      budget--;
      const auction = pick(idle);
      idle.splice(idle.indexOf(auction), 1);
      void act(auction);
    }
  }, 50);
  const clock = setInterval(() => {
    void chain.now().then(
      (t) => {
        chainNow = t;
      },
      () => {},
    );
  }, 500);
  void chain.now().then((t) => {
    chainNow = t;
  });
  return {
    failures: () => failures,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(clock);
    },
  };
}

/** Readers: `readsPerSecond` GETs spread over browse and auction pages of the web and the API. */
export function startReading(cluster: Cluster, auctions: Auction[], readsPerSecond: number) {
  const reads: Read[] = [];
  let inFlight = 0;
  let budget = 0;
  let last = Date.now();
  const targets: Read["target"][] = ["api-browse", "api-auction", "web-browse", "web-auction"];
  const one = async (target: Read["target"]) => {
    const id = auctions[Math.floor(Math.random() * auctions.length)]?.id ?? 1n;
    const url = {
      "api-browse": `${cluster.apiUrl}/api/auctions?status=active&limit=20`,
      "api-auction": `${cluster.apiUrl}/api/auctions/${id}`,
      "web-browse": `${cluster.webUrl}/`,
      "web-auction": `${cluster.webUrl}/auction/${id}`,
    }[target];
    const started = performance.now();
    const at = Date.now();
    inFlight++;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      reads.push({ at, target, status: response.status, ms: performance.now() - started });
    } catch {
      reads.push({ at, target, status: 0, ms: performance.now() - started });
    } finally {
      inFlight--;
    }
  };
  const timer = setInterval(() => {
    const now = Date.now();
    budget = Math.min(budget + ((now - last) / 1000) * readsPerSecond, readsPerSecond);
    last = now;
    while (budget >= 1 && inFlight < 200) {
      budget--;
      void one(targets[Math.floor(Math.random() * targets.length)] as Read["target"]);
    }
  }, 20);
  return {
    reads,
    stop: () => clearInterval(timer),
    idle: () => waitFor("the readers to finish", async () => inFlight === 0, { timeoutMs: 15_000 }),
  };
}
