// Turns activity items into what the bot remembers (auctions, bidders, deals, reminders) and
// into outbox rows, one per (event, chat). Runs inside the caller's transaction, which also
// advances the feed cursor: an item is either fully applied with its cursor, or not at all.
//
// What each event means is decided by its handler in ./handlers/ (one file per domain: auctions,
// bids, deals, disputes, payouts, platform); this file looks the handler up, resolves the notes
// it returns to chats and writes the outbox rows, and fires due reminders.

import type { ActivityItem } from "@gavel/indexer-client";
import type { Pool, PoolClient } from "pg";
import type { Logger } from "../logger.ts";
import { type Audience, auctionRow, eventKey, priceArgs } from "./handlers/common.ts";
import { type Deliver, HANDLERS, type HandlerContext, type Note } from "./handlers/index.ts";

/** A value shown in a notification, formatted for the chat's locale when it is sent. */
export type Arg =
  | string
  | number
  | { usdc: string }
  /** Every decimal (a minimum the reader has to meet), as the web shows minimums. */
  | { usdcExact: string }
  | { time: number }
  | { address: string }
  | { bps: number }
  /** Time left until this Unix second, measured when the message is sent. */
  | { until: number };

/** What an outbox row carries: a text key of locales/*.ftl and its arguments. */
export interface NotePayload {
  key: string;
  args: Record<string, Arg>;
  auctionId?: string;
  dealId?: string;
  /** The message links the dApp's dashboard (where balances are withdrawn). */
  dashboard?: true;
  /** A BalanceCredited note: `tx:account:amount`, so the event that explains it can replace it. */
  credit?: string;
  /** A text key shown as the message's first line, above the header: why it was sent. */
  reason?: string;
  /** The auction is still open for bids: the message offers "Bid again". */
  biddable?: true;
}

export interface IngestorOptions {
  logger: Logger;
  /** Wallets told about every dispute (ARBITER_ADDRESSES: the arbiter Safe's owners), lower-case. */
  arbiters?: readonly string[];
}

export class Ingestor {
  readonly #logger: Logger;
  readonly #arbiters: readonly string[];

  constructor(options: IngestorOptions) {
    this.#logger = options.logger;
    this.#arbiters = (options.arbiters ?? []).map((a) => a.toLowerCase());
  }

  /** Applies one item; returns how many outbox rows it added. */
  async apply(client: PoolClient, item: ActivityItem): Promise<number> {
    const handler = Object.hasOwn(HANDLERS, item.event) ? HANDLERS[item.event] : undefined;
    if (!handler) return 0; // ReviewSubmitted, transfers, …: nothing to tell
    const context: HandlerContext = {
      client,
      logger: this.#logger,
      arbiters: this.#arbiters,
      deliver: this.#deliver,
    };
    const result = await handler(context, item);
    if ("rows" in result) return result.rows;
    const { auctionId, dealId, notes } = result;
    if (notes.length === 0) return 0;
    const title = auctionId ? ((await auctionRow(client, auctionId))?.title ?? undefined) : undefined;
    const base = {
      ...(auctionId ? { auctionId } : {}),
      ...(dealId ? { dealId } : {}),
      ...(title !== undefined ? { title } : {}),
    };
    const groupKey = auctionId ? `auction:${auctionId}` : dealId ? `deal:${dealId}` : "funds";
    return this.#deliver(client, eventKey(item), item.blockNumber, groupKey, auctionId, notes, base);
  }

  /**
   * Fires the reminders that are due, one outbox row per interested chat; returns rows added.
   * Ending soon: to followers, the seller and bidders who want that lead time. Reveal now (a
   * sealed auction's commit phase is over): to the linked committers who have not revealed.
   */
  async fireReminders(client: PoolClient): Promise<number> {
    const due = await client.query<{
      auction_id: string;
      kind: string;
      lead_seconds: number;
      end_time: string;
    }>(
      `delete from bot.reminders where (auction_id, kind, lead_seconds) in (
         select auction_id, kind, lead_seconds from bot.reminders where due_at <= now()
         order by due_at limit 100 for update skip locked)
       returning auction_id::text, kind, lead_seconds, end_time`,
    );
    let added = 0;
    const now = Date.now() / 1000;
    for (const reminder of due.rows) {
      const endTime = Number(reminder.end_time);
      if (endTime <= now) continue; // the bot was down through it; too late to be useful
      const auctionId = reminder.auction_id;
      const title = (await auctionRow(client, auctionId))?.title ?? undefined;
      const base = { auctionId, ...(title !== undefined ? { title } : {}) };
      if (reminder.kind === "reveal") {
        const committers = await client.query<{ bidder: string }>(
          "select bidder from bot.auction_bidders where auction_id = $1 and not revealed",
          [auctionId],
        );
        added += await this.#deliver(
          client,
          `reveal:${auctionId}:${endTime}`,
          null,
          `auction:${auctionId}`,
          auctionId,
          [
            {
              audience: { wallets: committers.rows.map((row) => row.bidder) },
              kind: "ending",
              key: "note-reveal-now",
              args: { left: { until: endTime }, end: { time: endTime } },
            },
          ],
          base,
        );
        continue;
      }
      // Each chat hears why it is told, in the first line: its bid leads, it was outbid, it
      // committed a sealed bid, it sells, or it follows (the first note naming a chat wins).
      const auction = await auctionRow(client, auctionId);
      const sealed = auction?.format === "sealed";
      const args: Record<string, Arg> = {
        left: { until: endTime },
        end: { time: endTime },
        ...priceArgs(auction),
      };
      const note = (audience: Audience, reason: string): Note => ({
        audience,
        kind: "ending",
        key: "note-ending-soon",
        args,
        leadSeconds: reminder.lead_seconds,
        reason,
        biddable: true,
      });
      const leader = sealed ? undefined : (auction?.leader ?? undefined);
      added += await this.#deliver(
        client,
        `reminder:${auctionId}:${endTime}:${reminder.lead_seconds}`,
        null,
        `auction:${auctionId}`,
        auctionId,
        [
          ...(leader ? [note({ wallets: [leader] }, "reason-ending-leading")] : []),
          note({ bidders: true }, sealed ? "reason-ending-committed" : "reason-ending-outbid"),
          note({ seller: true }, "reason-ending-seller"),
          note({ followers: true }, "reason-ending-following"),
        ],
        base,
      );
    }
    return added;
  }

  /**
   * Resolves each note's audience to active chats (the first note that names a chat wins, so the
   * winner gets "you won" and not also "auction ended"), drops muted kinds, and inserts the rows.
   * A row joins the pending rows of its chat and group: it takes their due time (or waits with
   * them for their block to close), so they go out as one message. Otherwise a row of a feed
   * item waits (due_at null) until its block is closed (`closeBlocks`): a later block was read,
   * or the feed has nothing more for now. Rows of one transaction are in one block, so they
   * always go out together. A reminder (no block) is due at once.
   */
  readonly #deliver: Deliver = async (client, eventKey, block, groupKey, auctionId, notes, base) => {
    const chosen = new Map<number, { kind: string; payload: NotePayload }>();
    const skipped = new Set<number>();
    for (const note of notes) {
      const a = note.audience;
      const wallets = new Set((a.wallets ?? []).filter((w): w is string => !!w));
      if (auctionId && (a.seller || a.bidders)) {
        const parties = await client.query<{ wallet: string }>(
          `select seller as wallet from bot.auctions where $2 and auction_id = $1 and seller is not null
           union select bidder from bot.auction_bidders where $3 and auction_id = $1`,
          [auctionId, !!a.seller, !!a.bidders],
        );
        for (const row of parties.rows) wallets.add(row.wallet);
      }
      const except = (a.except ?? []).filter((w): w is string => !!w);
      const chats = await client.query<{ chat_id: string; muted_kinds: string[]; lead_times: number[] }>(
        `select chat_id, muted_kinds, lead_times from bot.chats c
         where c.active and (c.wallet is null or not (c.wallet = any($4::text[])))
           and (c.wallet = any($1::text[])
                or ($2 and exists (select 1 from bot.follows f where f.chat_id = c.chat_id and f.auction_id = $3::numeric)))`,
        [[...wallets], !!a.followers && !!auctionId, auctionId ?? "0", except],
      );
      for (const row of chats.rows) {
        const chatId = Number(row.chat_id);
        if (chosen.has(chatId) || skipped.has(chatId)) continue;
        if (
          row.muted_kinds.includes(note.kind) ||
          (note.leadSeconds && !row.lead_times.includes(note.leadSeconds))
        ) {
          skipped.add(chatId);
          continue;
        }
        chosen.set(chatId, {
          kind: note.kind,
          payload: {
            ...base,
            key: note.key,
            args: note.args ?? {},
            ...(note.dashboard ? { dashboard: true as const } : {}),
            ...(note.credit ? { credit: note.credit } : {}),
            ...(note.reason ? { reason: note.reason } : {}),
            ...(note.biddable ? { biddable: true as const } : {}),
          },
        });
      }
    }
    if (chosen.size === 0) return 0;
    const entries = [...chosen];
    const inserted = await client.query(
      `insert into bot.outbox (event_key, chat_id, group_key, kind, payload, block, due_at)
       select $1, t.chat_id, $2, t.kind, t.payload, $3::bigint,
              case when exists (select 1 from bot.outbox o
                                where o.chat_id = t.chat_id and o.group_key = $2 and o.due_at is null
                                  and o.sent_at is null and o.failed_at is null)
                   then null
                   else coalesce((select min(o.due_at) from bot.outbox o
                                  where o.chat_id = t.chat_id and o.group_key = $2
                                    and o.sent_at is null and o.failed_at is null),
                                 case when $3::bigint is null then now() end)
              end
       from unnest($4::bigint[], $5::text[], $6::jsonb[]) as t(chat_id, kind, payload)
       on conflict (event_key, chat_id) do nothing`,
      [
        eventKey,
        groupKey,
        block,
        entries.map(([chatId]) => chatId),
        entries.map(([, row]) => row.kind),
        entries.map(([, row]) => JSON.stringify(row.payload)),
      ],
    );
    return inserted.rowCount ?? 0;
  };

  /**
   * Closes blocks: their waiting rows become due now. `below`: the blocks before it (a later
   * block's item was read); undefined: every waiting row (the feed has nothing more for now).
   * Returns the rows made due.
   */
  async closeBlocks(client: PoolClient | Pool, below?: number): Promise<number> {
    const closed = await client.query(
      `update bot.outbox set due_at = now()
       where due_at is null and sent_at is null and failed_at is null and ($1::bigint is null or block < $1)`,
      [below ?? null],
    );
    return closed.rowCount ?? 0;
  }
}
