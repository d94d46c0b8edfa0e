// What every activity-item handler shares: the notes it returns, the context it runs in, the
// field parsers, and the small reads and writes of the bot's own tables several domains need.

import { createHash } from "node:crypto";
import type { ActivityItem } from "@gavel/indexer-client";
import { minimumBid } from "@gavel/sdk/usdc";
import type { PoolClient } from "pg";
import { LEAD_TIMES, type NotificationKind } from "../../db/chats.ts";
import type { Logger } from "../../logger.ts";
import type { Arg, NotePayload } from "../ingest.ts";

/** Who gets a note. Wallets resolve to their linked chats; `except` wallets' chats are left out. */
export interface Audience {
  wallets?: (string | null | undefined)[];
  followers?: boolean;
  seller?: boolean;
  bidders?: boolean;
  except?: (string | null | undefined)[];
}

export interface Note {
  audience: Audience;
  kind: NotificationKind;
  key: string;
  args?: Record<string, Arg>;
  /** Only chats that want reminders this many seconds ahead. */
  leadSeconds?: number;
  /** Links the dashboard: the note tells of a withdrawable balance. */
  dashboard?: boolean;
  /** See NotePayload.credit. */
  credit?: string;
  /** See NotePayload.reason. */
  reason?: string;
  /** See NotePayload.biddable. */
  biddable?: boolean;
}

/** Resolves notes to outbox rows (the ingestor's delivery step); returns the rows added. */
export type Deliver = (
  client: PoolClient,
  eventKey: string,
  /** The feed item's block (its rows wait for it to close); null: due at once. */
  block: number | null,
  groupKey: string,
  auctionId: string | undefined,
  notes: Note[],
  base: Omit<NotePayload, "key" | "args"> & { title?: string },
) => Promise<number>;

/** What a handler runs with: the caller's transaction and the ingestor's settings. */
export interface HandlerContext {
  client: PoolClient;
  logger: Logger;
  /** ARBITER_ADDRESSES, lower-case. */
  arbiters: readonly string[];
  deliver: Deliver;
}

/**
 * What a handler made of an item: notes about an auction and/or deal, which the ingestor delivers
 * under the item's cursor, or the outbox rows it already added itself (a handler whose item
 * concerns many auctions, or none).
 */
export type HandlerResult = { auctionId?: string; dealId?: string; notes: Note[] } | { rows: number };

export type EventHandler = (ctx: HandlerContext, item: ActivityItem) => Promise<HandlerResult>;

/**
 * The outbox's key for what a feed item tells: its transaction, event and arguments — not its
 * cursor. A reorg that mines the same transaction again in another block gives its events new
 * cursors but the same key, so nobody hears of them twice (the chaos run found followers told
 * twice); a transaction whose events changed in the new block (another price) is news again.
 */
export function eventKey(item: ActivityItem): string {
  const args = createHash("sha256").update(JSON.stringify(item.data)).digest("hex").slice(0, 32);
  return `tx:${item.transactionHash}:${item.event}:${args}`;
}

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * A credit's identity within its transaction. Every credit (`BalanceCredited`) is emitted just
 * before the event that explains it (Outbid or EscrowReturned with pushed=false, DealCompleted
 * with pushed=false, DealRefunded, DisputeResolved when a party's transfer failed); that event's
 * note, which names the amount and says it can be withdrawn, replaces the generic "added to your
 * balance" note still pending. Proceeds and ruled shares otherwise go straight to the wallets.
 */
export const creditKey = (tx: string, account: string, amount: string) =>
  `${tx.toLowerCase()}:${account.toLowerCase()}:${amount}`;

export const addr = (value: string | undefined) => (value ?? "").toLowerCase();
export const isTrue = (value: string | undefined) => value === "true" || value === "1";
/** A uint256 as a canonical decimal string ("007" → "7"); throws on anything else. */
export const uint = (value: string | undefined, field: string): string => {
  if (value === undefined || !/^\d+$/.test(value))
    throw new Error(`field ${field} is not an unsigned integer`);
  return BigInt(value).toString();
};

export interface AuctionRow {
  seller: string | null;
  leader: string | null;
  title: string | null;
  end_time: string | null;
  format: string | null;
  /** The price after the latest bid (base units), null before any. */
  price: string | null;
  min_increment_bps: number | null;
}

export async function auctionRow(client: PoolClient, auctionId: string): Promise<AuctionRow | undefined> {
  const result = await client.query<AuctionRow>(
    `select seller, leader, title, end_time::text, format, price::text, min_increment_bps
     from bot.auctions where auction_id = $1`,
    [auctionId],
  );
  return result.rows[0];
}

/**
 * The price now and the minimum next bid, as a note's `price` and `min` arguments: "none" when
 * no bid set a price yet (the texts then leave them out), `min` "none" when the increment is
 * unknown (a format without one).
 */
export function priceArgs(auction: Pick<AuctionRow, "price" | "min_increment_bps" | "leader"> | undefined): {
  price: Arg;
  min: Arg;
} {
  if (!auction?.price) return { price: "none", min: "none" };
  const price = BigInt(auction.price);
  return {
    price: { usdc: price.toString() },
    min:
      auction.min_increment_bps === null
        ? "none"
        : { usdcExact: minimumBid(price, auction.min_increment_bps, auction.leader !== null).toString() },
  };
}

/** Replaces an auction's ending-soon reminders with ones for `endTime` that are still ahead. */
export async function scheduleEnding(client: PoolClient, auctionId: string, endTime: number): Promise<void> {
  await client.query("delete from bot.reminders where auction_id = $1 and kind = 'ending'", [auctionId]);
  await client.query(
    `insert into bot.reminders (auction_id, kind, lead_seconds, end_time, due_at)
     select $1, 'ending', lead, $2::bigint, to_timestamp($2::bigint - lead) from unnest($3::integer[]) as lead
     where to_timestamp($2::bigint - lead) > now() - interval '1 minute'`,
    [auctionId, endTime, [...LEAD_TIMES]],
  );
}

/**
 * The note of the event that explains a credit replaces the generic "added to your balance"
 * note of the BalanceCredited just before it, if that is still waiting to be sent.
 */
export async function explainCredit(
  client: PoolClient,
  tx: string,
  account: string,
  amount: string,
): Promise<void> {
  await client.query("delete from bot.credits where tx = $1 and account = $2 and amount = $3", [
    tx.toLowerCase(),
    account,
    amount,
  ]);
  await client.query(
    `delete from bot.outbox where kind = 'funds' and sent_at is null and failed_at is null
       and payload->>'credit' = $1`,
    [creditKey(tx, account, amount)],
  );
}
