// The chaos run's load: many funded wallets bidding on auctions of all four formats through raw
// signed transactions (each wallet one transaction in flight, its nonce counted locally, many
// transactions per block), a block watcher that learns when each one was mined, readers keeping a
// request rate on browse, auction pages and the API through the balancers, and followers: chats
// written straight into the bot's tables (`bot.chats`, `bot.follows`), as 1,000 `/follow` commands
// through the stand-in would take minutes under Telegram's own limits.

import { Agent, get as httpGet } from "node:http";
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
export type TxKind = "setup" | "create" | "bid" | "buy" | "commit" | "reveal" | "ship" | "dispute";

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
  /** Transactions sent to it and not yet mined. */
  inFlight: number;
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
  /** Transactions a reorg took off the chain for good (mined on the orphaned branch, then dropped). */
  readonly orphaned = new Map<Hex, MinedTx>();
  private lastBlock = -1;
  private watching = false;
  /** Bumped by a reorg: a block the watcher read before it belongs to the orphaned branch. */
  private branch = 0;
  /** Sends between reading their nonce and the node's answer. */
  private sending = 0;
  /** Set while a reorg reverts the chain: new sends wait for it (their nonces are read after). */
  private held: Promise<void> | undefined;
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
    while (this.held) await this.held;
    this.sending++;
    try {
      return await this.sendNow(account, to, data, kind, auctionId);
    } finally {
      this.sending--;
    }
  }

  private async sendNow(
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
          const branch = this.branch;
          const head = await this.head();
          if (this.lastBlock < 0) this.lastBlock = head - 1;
          for (let n = this.lastBlock + 1; n <= head && branch === this.branch; n++) {
            const block = await rpc<{
              transactions: { hash: Hex; from: Address; to: Address | null; input: Hex }[];
            }>(this.url, "eth_getBlockByNumber", [toHex(n), true]);
            const seen = Date.now();
            const watched = block.transactions.filter((t) => this.others.has(t.from.toLowerCase()));
            const ours = block.transactions.map((t) => t.hash).filter((h) => this.pending.has(h));
            const receipts = await Promise.all(
              [...ours, ...watched.map((t) => t.hash)].map((h) =>
                rpc<{ status: Hex }>(this.url, "eth_getTransactionReceipt", [h]),
              ),
            );
            if (branch !== this.branch) break; // a reorg came in between: read the new branch
            watched.forEach((t, i) => {
              this.byOthers.set(t.hash, {
                from: t.from.toLowerCase() as Address,
                to: t.to,
                input: t.input,
                ok: receipts[ours.length + i]?.status === "0x1",
                block: n,
              });
            });
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

  /** Accounts whose transactions the watcher records too (the keepers), lowercase. */
  readonly others = new Set<string>();
  /** Their transactions on the canonical chain: sender, target, success. */
  readonly byOthers = new Map<
    Hex,
    { from: Address; to: Address | null; input: Hex; ok: boolean; block: number }
  >();

  /**
   * A reorg of depth ≥ `depth` (Hardhat): a snapshot at the head, the load fills `depth` more
   * blocks, then `evm_revert` to the snapshot drops them, and interval mining builds a different
   * branch at the same heights. What the orphaned blocks held is put back to pending (mined again
   * if the node kept it in its pool) or, if the node dropped it, counted as orphaned. Returns the
   * hashes whose mined state changed, so a caller can forget what it saw of them.
   */
  async reorg(depth: number): Promise<{ base: number; orphanedHead: number; moved: Hex[]; dropped: number }> {
    const base = await this.head();
    const snapshot = await rpc<string>(this.url, "evm_snapshot");
    await waitFor(
      `${depth} blocks for the branch to be orphaned`,
      async () => (await this.head()) >= base + depth,
      {
        timeoutMs: 60_000,
        intervalMs: 100,
      },
    );
    const orphanedHead = await this.head();
    // No send may straddle the revert: one that counted its nonce on the orphaned branch and
    // reached the node after it would wait in the pool behind a nonce nobody sends again (the
    // chaos run found 68 transactions stuck so, and deals not shipped for minutes).
    let release = () => {};
    this.held = new Promise((resolve) => {
      release = resolve;
    });
    try {
      await waitFor("the sends under way to reach the node", async () => this.sending === 0, {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      if (!(await rpc<boolean>(this.url, "evm_revert", [snapshot])))
        throw new Error("evm_revert: the node refused the snapshot");
      this.branch++;
      this.lastBlock = base;
      // Every wallet's nonce is read from the chain again: the orphaned branch consumed some.
      this.nonces.clear();
    } finally {
      this.held = undefined;
      release();
    }
    for (const [hash, t] of this.byOthers) if (t.block > base) this.byOthers.delete(hash);
    const moved: Hex[] = [];
    for (const [hash, tx] of this.mined) {
      if (tx.block <= base) continue;
      this.mined.delete(hash);
      this.pending.set(hash, { kind: tx.kind, auctionId: tx.auctionId, sentAt: tx.sentAt });
      moved.push(hash);
    }
    // What the node no longer knows (neither mined nor in its pool) is gone: its sender learns it failed.
    let dropped = 0;
    for (const [hash, entry] of [...this.pending]) {
      const known = await rpc<unknown>(this.url, "eth_getTransactionByHash", [hash]);
      if (known) continue;
      this.pending.delete(hash);
      dropped++;
      const tx: MinedTx = {
        hash,
        kind: entry.kind,
        auctionId: entry.auctionId,
        ok: false,
        sentAt: entry.sentAt,
        minedAt: Date.now(),
        block: -1,
      };
      if (moved.includes(hash)) this.orphaned.set(hash, { ...tx, ok: true });
      entry.done?.(tx);
    }
    return { base, orphanedHead, moved, dropped };
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
  /** 0: no answer (`error` says why: a timeout, or the connection's error code). */
  status: number;
  ms: number;
  error?: string;
}

/**
 * The readers' connections: kept alive and reused, as browsers and API clients keep theirs. Reads go
 * through node:http rather than fetch, which took about twice the generator's CPU per read (0.25–0.4
 * ms against 0.1–0.2 ms for an 8–84 KB answer, measured on loopback): the generator stands for
 * readers elsewhere, so what it spends is taken from the stack it loads.
 */
const readers = new Agent({ keepAlive: true, maxSockets: 1_024 });

/**
 * GETs `url` and reads its whole body; the status, or an error named TimeoutError after `timeoutMs`.
 * A kept-alive connection that the server closed just as it was reused (its idle timeout) is reset
 * before any answer: the GET is sent again once on a new connection, as browsers do (and as Node's
 * documentation advises, `request.reusedSocket`). A reset of a new connection is an error.
 */
export function getStatus(url: string, timeoutMs: number, retried = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: readers }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })),
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (!retried && request.reusedSocket && error.code === "ECONNRESET")
        getStatus(url, timeoutMs, true).then(resolve, reject);
      else reject(error);
    });
  });
}

/** Why a read got no answer: "timeout" (after 10 s), or the socket error's code (ECONNRESET, …). */
function noAnswer(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timeout";
  const code = (error as NodeJS.ErrnoException).code;
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return code ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
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
      // Enough for every maximum of a long run (each 4% over the last): escrowed, then returned.
      args: [w.address, usdc("1000000000000000")],
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
          inFlight: 0,
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

/** The first following chat's id; every chat from here up is a follower the run made. */
export const FIRST_FOLLOWER_CHAT = 5_000_000;

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
    const chats = Array.from({ length: count }, (_, i) => FIRST_FOLLOWER_CHAT + i);
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

/** Bidders: `bidsPerSecond` bid-like transactions the chain accepts (bids, buys, commits, reveals; a failed one is sent again) until stopped. */
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
  let sent = 0;
  /** Ticks of the pacing timer, and those that ended with a whole bid of budget unspent because
   * no auction could take one then (the run asking more than its auctions and wallets allow). */
  let ticks = 0;
  let wanting = 0;
  /** Seconds of bids the pacing may owe at once (made up as soon as auctions can take them). */
  const CATCH_UP = 3;
  /** Bids the pacing owed but dropped: over CATCH_UP seconds' worth was owed at once (after a
   * stall of the event loop, or while no auction could take one). */
  let lost = 0;
  /** Failed transactions since the last tick: the rate asked is of bids the chain accepts, so a
   * reverted or refused one (a commit racing its phase's end, a nonce lost to the reorg) is owed
   * again, as a bidder whose bid failed tries again. */
  let owedAgain = 0;
  let orphanedSeen = chain.orphaned.size;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;
  const freeWallet = (not: number[]) => {
    for (let tries = 0; tries < 20; tries++) {
      const i = Math.floor(Math.random() * wallets.length);
      if (!chain.busy.has(i) && !not.includes(i)) return i;
    }
    return undefined;
  };
  /** Sends the auction's next transaction, if it has one now: whether it did. */
  const act = (auction: Auction): boolean => {
    const now = chainNow;
    let wallet: number | undefined;
    let data: Hex | undefined;
    let kind: TxKind = "bid";
    let onOk: () => void = () => {};
    if ((auction.format === "english" || auction.format === "rolling") && now < auction.bidUntil) {
      wallet = freeWallet([auction.seller, auction.lastBidder ?? -1]);
      if (wallet === undefined) return false;
      // Each bid's maximum is 4% over the one sent before it, so bids in flight together in one
      // block all stand (the lower ones answered by the leader's proxy) whatever their order.
      const max = auction.nextMax;
      auction.nextMax = (max * 104n) / 100n + 1n;
      data = encodeFunctionData({
        abi: auction.format === "english" ? englishAuctionHouseAbi : rollingAuctionHouseAbi,
        functionName: "bid",
        args: [auction.id, max],
      } as never);
      const w = wallet;
      onOk = () => {
        auction.lastBidder = w;
      };
    } else if (auction.format === "dutch" && !auction.bought && Math.random() < 0.05) {
      wallet = freeWallet([auction.seller]);
      if (wallet === undefined) return false;
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
        if (wallet === undefined) return false;
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
        if (!open) return false;
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
    if (wallet === undefined || data === undefined) return false;
    sent++;
    auction.inFlight++;
    chain.busy.add(wallet);
    const w = wallet;
    const payload = data;
    void (async () => {
      try {
        const { mined } = await chain.send(
          wallets[w] as PrivateKeyAccount,
          auction.house,
          payload,
          kind,
          auction.id,
        );
        const tx = await mined;
        if (tx.ok) onOk();
        else {
          failures++;
          owedAgain++;
        }
      } catch {
        failures++;
        owedAgain++;
      } finally {
        auction.inFlight--;
        chain.busy.delete(w);
      }
    })();
    return true;
  };
  // Transactions in flight per auction at most: a block a second and two to three seconds from
  // sending to seen mined under load, so the rate is reachable when only some auctions take bids
  // (the long form: 20 bids/s over 52 auctions, of which only the 12 long English ones take bids
  // all run long: 7 in flight each, 84 in all; at 4 a run sent 15.7 of the 20 a second, at 5 every
  // auction had its fill in flight in 3–6 % of the pacing's ticks).
  const perAuction = Math.max(2, Math.ceil((options.bidsPerSecond * 16) / auctions.length));
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    // A reorg's dropped transactions that had been seen mined are owed again too.
    owedAgain += chain.orphaned.size - orphanedSeen;
    orphanedSeen = chain.orphaned.size;
    const owed = budget + ((now - last) / 1000) * options.bidsPerSecond + owedAgain;
    owedAgain = 0;
    // Up to CATCH_UP seconds of bids stay owed: a moment when every auction had its fill in
    // flight (or the loop stalled) is made up just after, as a rate over the run; beyond that
    // they are dropped and counted.
    budget = Math.min(owed, options.bidsPerSecond * CATCH_UP);
    lost += owed - budget;
    last = now;
    // Only a transaction sent spends the budget: an auction with nothing to do now (a Dutch lot
    // not bought this time, a sealed one between its phases, an English one past its end) is
    // passed over for another (spending it anyway held the run at about half the rate it asked).
    const idle = auctions.filter((x) => x.inFlight < perAuction);
    while (budget >= 1 && idle.length > 0 && !stopped) {
      const auction = pick(idle);
      idle.splice(idle.indexOf(auction), 1);
      if (act(auction)) budget--;
    }
    ticks++;
    if (budget >= 1) wanting++;
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
    /** Bid-like transactions handed to the chain so far. */
    sent: () => sent,
    /** Bids owed by the pacing but never sent (see `lost`). */
    lost: () => Math.round(lost),
    /** Share of pacing ticks that left budget unspent for want of an auction that could act. */
    wantingShare: () => (ticks ? wanting / ticks : 0),
    stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(clock);
    },
  };
}

/**
 * Reads every page and API answer the readers will ask for once from each replica directly, a few
 * at a time, before the load begins, as a deploy warms a replica before it takes traffic. Cold
 * (code not yet compiled, caches empty), the four replicas met 500 reads a second at once with
 * renders whose API answers took over the web's 3 s deadline, and answered 503 in the first
 * seconds of a run (OPERATIONS.md, "Restart policy").
 */
export async function warmUp(cluster: Cluster, auctions: Auction[]): Promise<number> {
  const urls = (base: string, kind: "api" | "web") => [
    readUrl(`${kind}-browse`, base),
    ...auctions.map((a) => readUrl(`${kind}-auction`, base, a.id)),
  ];
  // The API replicas first: the web's renders read them.
  let failed = 0;
  for (const group of [
    cluster.apis.flatMap((s) => urls(s.url, "api")),
    cluster.webs.flatMap((s) => urls(s.url, "web")),
  ]) {
    const queue = [...group];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
          const status = await getStatus(url, 30_000).catch(() => 0);
          if (status !== 200) failed++;
        }
      }),
    );
  }
  return failed;
}

/** What a reader of `target` asks for, from `base` (a balancer, or one replica). */
function readUrl(target: Read["target"], base: string, id = 1n): string {
  switch (target) {
    case "api-browse":
      return `${base}/api/auctions?status=active&limit=20`;
    case "api-auction":
      return `${base}/api/auctions/${id}`;
    case "web-browse":
      return `${base}/`;
    case "web-auction":
      return `${base}/auction/${id}`;
  }
}

/** Readers: `readsPerSecond` GETs spread over browse and auction pages of the web and the API. */
export function startReading(cluster: Cluster, auctions: Auction[], readsPerSecond: number) {
  const reads: Read[] = [];
  let inFlight = 0;
  let budget = 0;
  let last = Date.now();
  const targets: Read["target"][] = ["api-browse", "api-auction", "web-browse", "web-auction"];
  const one = async (target: Read["target"]) => {
    const id = auctions[Math.floor(Math.random() * auctions.length)]?.id;
    const url = readUrl(target, target.startsWith("api") ? cluster.apiUrl : cluster.webUrl, id);
    const started = performance.now();
    const at = Date.now();
    inFlight++;
    try {
      const status = await getStatus(url, 10_000);
      reads.push({ at, target, status, ms: performance.now() - started });
    } catch (error) {
      reads.push({ at, target, status: 0, ms: performance.now() - started, error: noAnswer(error) });
    } finally {
      inFlight--;
    }
  };
  const timer = setInterval(() => {
    const now = Date.now();
    budget = Math.min(budget + ((now - last) / 1000) * readsPerSecond, readsPerSecond);
    last = now;
    while (budget >= 1 && inFlight < Math.max(200, readsPerSecond)) {
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

export interface DealJob {
  id: bigint;
  house: Address;
  /** The buyer opened a dispute after the seller shipped: the keeper must resolve it after the timeout. */
  disputed: boolean;
}

/**
 * The deals' deadlines for the keepers: every seller ships its paid deal (the confirm window then
 * runs), and the buyer of every third deal opens a dispute (the arbiter's timeout then runs).
 * Returns the deals that were shipped.
 */
export async function shipDeals(
  cluster: Cluster,
  chain: Chain,
  wallets: PrivateKeyAccount[],
): Promise<DealJob[]> {
  const response = await fetch(`${cluster.apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: '{ deals(where: { status: "paid" }, limit: 200) { items { id house seller buyer } } }',
    }),
  });
  const body = (await response.json()) as {
    data?: { deals: { items: { id: string; house: Address; seller: Address; buyer: Address }[] } };
  };
  const byAddress = new Map(wallets.map((w) => [w.address.toLowerCase(), w]));
  const sends = (body.data?.deals.items ?? []).map(async (deal, i) => {
    const seller = byAddress.get(deal.seller.toLowerCase());
    const buyer = byAddress.get(deal.buyer.toLowerCase());
    if (!seller || !buyer) return undefined;
    const id = BigInt(deal.id);
    const ship = encodeFunctionData({
      abi: englishAuctionHouseAbi,
      functionName: "ship",
      args: [id, keccak256(toHex(`tracking-${deal.id}`))],
    });
    const shipped = await (await chain.send(seller, deal.house, ship, "ship", id)).mined;
    if (!shipped.ok) return undefined;
    const disputed = i % 3 === 1;
    if (disputed) {
      const dispute = encodeFunctionData({
        abi: englishAuctionHouseAbi,
        functionName: "openDispute",
        args: [id, keccak256(toHex(`evidence-${deal.id}`)), `ipfs://chaos/evidence/${deal.id}`],
      });
      const opened = await (await chain.send(buyer, deal.house, dispute, "dispute", id)).mined;
      if (!opened.ok) return { id, house: deal.house, disputed: false };
    }
    return { id, house: deal.house, disputed };
  });
  return (await Promise.all(sends)).filter((d): d is DealJob => d !== undefined);
}
