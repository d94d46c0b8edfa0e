// Reads the indexer's activity feed and hands confirmed items to the ingestor, advancing the
// persisted cursor in the same transaction as the outbox rows the items produce.
//
// Two ways in, same items: the stream (`GET /api/activity/stream`, server-sent events whose id is
// the cursor, resumed with Last-Event-ID, parsed by eventsource-parser) and, when the stream is
// unavailable, polling (`GET /api/activity?after=<cursor>`). A fresh bot (no cursor) catches up
// by polling first.
//
// Confirmations: an item is relayed once the feed has shown a block ≥ its block + N. Items not
// yet confirmed are held in memory only, never written, and are re-read from the persisted
// cursor after every reconnect or poll, so an item the indexer dropped in a reorg is forgotten.
import {
  type ActivityItem,
  activityItemSchema,
  createIndexerClient,
  type IndexerClient,
} from "@gavel/indexer-client";
import { createParser } from "eventsource-parser";
import type { Pool } from "pg";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Ingestor } from "../notify/ingest.ts";

export interface FeedSourceOptions {
  indexerUrl: string;
  confirmations: number;
  pollMs: number;
  streamRetryMs: number;
  pool: Pool;
  ingestor: Ingestor;
  logger: Logger;
  metrics: Metrics;
  /** Called after each committed batch that added outbox rows, and when rows become due. */
  onRows: () => void;
}

const PAGE_LIMIT = 200;
/** Unconfirmed items held at most while waiting for confirmations (pages beyond are re-read later). */
const MAX_BUFFER = 2_000;
/** Items per database transaction. */
const BATCH = 100;
/** A stream silent for this long is assumed dead and reopened. */
const STREAM_IDLE_MS = 45_000;

export class FeedSource {
  readonly #o: FeedSourceOptions;
  readonly #api: IndexerClient;
  readonly #log: Logger;
  #cursor: string | null = null;
  #cursorBlock = -1;
  /** Unix seconds of the cursor's block (null: not known yet). */
  #cursorTime: number | null = null;
  #buffer: ActivityItem[] = [];
  /** The last poll left pages unread (catching up). */
  #pagesPending = true;
  #head = -1;
  #abort = new AbortController();
  #task: Promise<void> | undefined;
  #lastContact = 0;
  /** Rows were added since the last block was closed: some may wait for their block. */
  #openRows = false;
  mode: "starting" | "stream" | "polling" = "starting";

  constructor(options: FeedSourceOptions) {
    this.#o = options;
    this.#api = createIndexerClient({ baseUrl: options.indexerUrl });
    this.#log = options.logger.child({ part: "feed" });
  }

  /** True when the indexer answered within the last 3 poll intervals (or the stream is open). */
  get healthy(): boolean {
    return this.mode === "stream" || Date.now() - this.#lastContact < Math.max(3 * this.#o.pollMs, 5_000);
  }

  get cursor(): string | null {
    return this.#cursor;
  }

  async start(): Promise<void> {
    const state = await this.#o.pool.query<{ cursor: string; block: string; block_time: string | null }>(
      "select cursor, block::text, block_time::text from bot.feed_state where id = 1",
    );
    this.#cursor = state.rows[0]?.cursor ?? null;
    this.#cursorBlock = Number(state.rows[0]?.block ?? -1);
    const time = state.rows[0]?.block_time;
    this.#cursorTime = time ? Number(time) : null;
    // Rows left waiting for their block by an earlier run: that block's rest (if any) comes later.
    await this.#closeOpenBlocks();
    this.#log.info({ cursor: this.#cursor }, "reading the activity feed");
    this.#task = this.#run(this.#abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#task;
  }

  /** Every row still waiting for its block becomes due: the feed has nothing more for now. */
  async #closeOpenBlocks(): Promise<void> {
    this.#openRows = false;
    const closed = await this.#o.ingestor.closeBlocks(this.#o.pool);
    if (closed > 0) this.#o.onRows();
  }

  /**
   * After the stream's data: is the last block relayed complete? The indexer commits whole blocks,
   * so it is when /api/activity has nothing after the cursor in that block (the stream may still
   * be writing the rest of it: then its next item brings the question again). If the indexer
   * cannot say, the rows go now rather than wait: a split message beats a stalled one.
   */
  async #closeIfBlockComplete(signal: AbortSignal): Promise<void> {
    if (!this.#openRows) return;
    try {
      const { data: page, response } = await this.#api.GET("/api/activity", {
        params: { query: { limit: 1, ...(this.#cursor ? { after: this.#cursor } : {}) } },
        signal,
      });
      if (!page) throw new Error(`GET /api/activity?after=${this.#cursor} answered ${response.status}`);
      const next = page.items[0];
      if (next && next.blockNumber <= this.#cursorBlock) return; // more of this block is coming
    } catch (error) {
      if (signal.aborted) return;
      this.#log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "cannot ask the indexer whether the block is complete; sending its messages now",
      );
    }
    await this.#closeOpenBlocks();
  }

  /**
   * The block (and its timestamp) up to which every activity item has been relayed, given what
   * the indexer reports it has indexed: the indexed block itself when the feed has nothing
   * pending (every item up to it was read and relayed), else just before the first item still
   * waiting (for confirmations, or in a page not read yet).
   */
  position(indexed: { block: number; timestamp: number | null } | null): {
    block: number;
    timestamp: number | null;
  } {
    const first = this.#buffer[0];
    if (first)
      return { block: Math.max(this.#cursorBlock, first.blockNumber - 1), timestamp: first.timestamp };
    const caughtUp = !this.#pagesPending && this.healthy;
    if (caughtUp && indexed && indexed.block >= this.#cursorBlock) return indexed;
    return { block: this.#cursorBlock, timestamp: this.#cursorTime };
  }

  async #run(signal: AbortSignal): Promise<void> {
    let nextStreamAttempt = 0;
    let caughtUp = this.#cursor !== null;
    while (!signal.aborted) {
      try {
        if (caughtUp && Date.now() >= nextStreamAttempt) {
          try {
            await this.#stream(signal);
          } catch (error) {
            if (signal.aborted) break;
            nextStreamAttempt = Date.now() + this.#o.streamRetryMs;
            this.#log.info(
              {
                err: error instanceof Error ? error.message : String(error),
                retryInMs: this.#o.streamRetryMs,
              },
              "activity stream unavailable; polling the feed",
            );
          }
          continue;
        }
        this.mode = "polling";
        const more = await this.#poll(signal);
        if (!more) {
          caughtUp = true;
          await sleep(this.#o.pollMs, signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        this.#log.warn({ err: error }, "reading the activity feed failed; trying again");
        await sleep(this.#o.pollMs, signal);
      }
    }
  }

  /** One poll: re-reads everything after the cursor (a few pages when waiting for confirmations). */
  async #poll(signal: AbortSignal): Promise<boolean> {
    const items: ActivityItem[] = [];
    let after = this.#cursor;
    let hasMore = false;
    do {
      const { data: page, response } = await this.#api.GET("/api/activity", {
        params: { query: { limit: PAGE_LIMIT, ...(after ? { after } : {}) } },
        signal,
      });
      if (!page) throw new Error(`GET /api/activity?after=${after} answered ${response.status}`);
      this.#lastContact = Date.now();
      items.push(...page.items);
      hasMore = page.hasMore ?? page.items.length === PAGE_LIMIT;
      after = page.items.at(-1)?.cursor ?? after;
    } while (hasMore && this.#o.confirmations > 0 && items.length < MAX_BUFFER);
    this.#buffer = items;
    this.#head = Math.max(this.#cursorBlock, ...items.map((item) => item.blockNumber));
    const relayed = await this.#relayConfirmed();
    this.#pagesPending = hasMore;
    // The indexer commits whole blocks: with no page left, every block read is complete.
    if (!hasMore) await this.#closeOpenBlocks();
    return hasMore && relayed > 0;
  }

  /** Reads the stream until it ends; throws if it cannot be opened. */
  async #stream(signal: AbortSignal): Promise<void> {
    const idle = new AbortController();
    let idleTimer = setTimeout(() => idle.abort(), STREAM_IDLE_MS);
    const both = AbortSignal.any([signal, idle.signal]);
    try {
      const { response } = await this.#api.GET("/api/activity/stream", {
        params: { header: this.#cursor ? { "last-event-id": this.#cursor } : {} },
        headers: { accept: "text/event-stream" },
        parseAs: "stream",
        signal: both,
      });
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !type.startsWith("text/event-stream") || !response.body) {
        await response.body?.cancel().catch(() => {}); // an error body was already read
        throw new Error(`GET /api/activity/stream answered ${response.status} ${type}`);
      }
      this.mode = "stream";
      this.#lastContact = Date.now();
      this.#pagesPending = false; // the stream sends everything after Last-Event-ID
      this.#buffer = [];
      this.#head = this.#cursorBlock;
      this.#log.info({ lastEventId: this.#cursor }, "activity stream open");

      // The id of each message equals its item's cursor; event, retry and comments need nothing.
      const parser = createParser({ onEvent: (message) => this.#accept(message.data) });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => idle.abort(), STREAM_IDLE_MS);
        this.#lastContact = Date.now();
        parser.feed(decoder.decode(chunk, { stream: true }));
        await this.#relayConfirmed();
        await this.#closeIfBlockComplete(both);
      }
      this.#log.info("activity stream ended; reconnecting");
    } catch (error) {
      if (this.mode === "stream" && !signal.aborted) {
        this.#log.info(
          { err: error instanceof Error ? error.message : String(error) },
          "activity stream broke",
        );
        return; // it worked before: reconnect at once
      }
      throw error;
    } finally {
      clearTimeout(idleTimer);
      if (this.mode === "stream") this.mode = "polling";
    }
  }

  /** Adds one streamed item to the unconfirmed buffer, in cursor order, without repeats. */
  #accept(json: string): void {
    let item: ActivityItem;
    try {
      item = activityItemSchema.parse(JSON.parse(json));
    } catch (error) {
      this.#log.warn(
        { err: error, json: json.slice(0, 500) },
        "ignoring a stream event that is not an activity item",
      );
      return;
    }
    const last = this.#buffer.at(-1)?.cursor ?? this.#cursor ?? "";
    if (item.cursor <= last) return;
    this.#buffer.push(item);
    this.#head = Math.max(this.#head, item.blockNumber);
  }

  /** Relays the confirmed prefix of the buffer in transactions of up to BATCH items. */
  async #relayConfirmed(): Promise<number> {
    const limit = this.#head - this.#o.confirmations;
    let count = 0;
    while (this.#buffer.length > 0 && this.#buffer[0]!.blockNumber <= limit) {
      let end = 0;
      while (end < this.#buffer.length && end < BATCH && this.#buffer[end]!.blockNumber <= limit) end++;
      const batch = this.#buffer.slice(0, end);
      const rows = await this.#commit(batch);
      this.#buffer.splice(0, end);
      count += end;
      if (rows > 0) this.#o.onRows();
    }
    // A later block has been seen (waiting for confirmations): every relayed block is complete.
    if (count > 0 && this.#head > this.#cursorBlock) {
      const closed = await this.#o.ingestor.closeBlocks(this.#o.pool, this.#cursorBlock + 1);
      if (closed > 0) this.#o.onRows();
    }
    this.#o.metrics.feedLag.set(Math.max(0, this.#head - this.#cursorBlock));
    return count;
  }

  async #commit(batch: ActivityItem[]): Promise<number> {
    const client = await this.#o.pool.connect();
    let rows = 0;
    try {
      await client.query("begin");
      let block = this.#cursorBlock;
      for (const item of batch) {
        // A later block's item: the blocks before it are complete, their rows due now.
        if (item.blockNumber > block) {
          rows += await this.#o.ingestor.closeBlocks(client, item.blockNumber);
          block = item.blockNumber;
        }
        await client.query("savepoint item");
        try {
          rows += await this.#o.ingestor.apply(client, item);
          await client.query("release savepoint item");
          this.#o.metrics.feedItems.inc({ outcome: "relayed" });
        } catch (error) {
          // A malformed item must not stall the feed for everyone: log it loudly and move on.
          await client.query("rollback to savepoint item");
          this.#o.metrics.feedItems.inc({ outcome: "invalid" });
          this.#log.error({ err: error, item }, "skipping an activity item the bot cannot apply");
        }
      }
      const last = batch.at(-1)!;
      await client.query(
        `insert into bot.feed_state (id, cursor, block, block_time) values (1, $1, $2, $3)
         on conflict (id) do update set cursor = excluded.cursor, block = excluded.block,
           block_time = excluded.block_time, updated_at = now()`,
        [last.cursor, last.blockNumber, last.timestamp],
      );
      await client.query("commit");
      this.#cursor = last.cursor;
      this.#cursorBlock = last.blockNumber;
      this.#cursorTime = last.timestamp;
      if (rows > 0) this.#openRows = true;
      this.#log.debug({ cursor: last.cursor, items: batch.length, rows }, "activity relayed");
      return rows;
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
