// How far behind the chain head the bot is. The bot reads only the indexer, whose `GET /api/ready`
// reports the chain's head (block and timestamp, from the node) and the last indexed block; the
// feed knows up to which block it has relayed everything. Their difference, in blocks and in
// seconds of block time, is `gavel_bot_head_lag_blocks` / `gavel_bot_head_lag_seconds`: it
// includes the indexer's own lag, the feed's, and the confirmations the bot waits for.
import { createIndexerClient, type IndexerClient } from "@gavel/indexer-client";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { FeedSource } from "./feed.ts";

export interface HeadWatcherOptions {
  indexerUrl: string;
  intervalMs: number;
  feed: Pick<FeedSource, "position">;
  logger: Logger;
  metrics: Metrics;
}

export interface HeadLag {
  headBlock: number;
  blocks: number;
  seconds: number | null;
}

export class HeadWatcher {
  readonly #o: HeadWatcherOptions;
  readonly #api: IndexerClient;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  #task: Promise<void> | undefined;
  #failing = false;
  /** The last measurement (undefined until the indexer answered once). */
  last: HeadLag | undefined;

  constructor(options: HeadWatcherOptions) {
    this.#o = options;
    this.#api = createIndexerClient({ baseUrl: options.indexerUrl });
    this.#log = options.logger.child({ part: "head" });
  }

  start(): void {
    this.#task = this.#run(this.#abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#task;
  }

  /** Asks the indexer once and updates the gauges; throws when it cannot. */
  async check(signal?: AbortSignal): Promise<HeadLag> {
    // The same shape with 200 (caught up) and 503 (not yet).
    const { data, error, response } = await this.#api.GET("/api/ready", {
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(5_000)]) : AbortSignal.timeout(5_000),
    });
    const ready = response.status === 200 || response.status === 503 ? (data ?? error) : undefined;
    if (!ready) throw new Error(`GET /api/ready answered ${response.status}`);
    const indexed =
      ready.indexedBlock === null
        ? null
        : { block: ready.indexedBlock, timestamp: ready.indexedTimestamp ?? null };
    const position = this.#o.feed.position(indexed);
    const blocks = Math.max(0, ready.headBlock - position.block);
    const seconds =
      ready.headTimestamp !== undefined && position.timestamp !== null
        ? Math.max(0, ready.headTimestamp - position.timestamp)
        : null;
    const { metrics } = this.#o;
    metrics.chainHead.set(ready.headBlock);
    metrics.headLagBlocks.set(blocks);
    if (seconds !== null) metrics.headLagSeconds.set(seconds);
    this.last = { headBlock: ready.headBlock, blocks, seconds };
    return this.last;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.check(signal);
        if (this.#failing) this.#log.info("the indexer reports the chain head again");
        this.#failing = false;
      } catch (error) {
        if (signal.aborted) break;
        // The gauges keep their last values; the feed's own health says the indexer is away.
        if (!this.#failing) {
          this.#log.warn(
            { err: error instanceof Error ? error.message : String(error) },
            "cannot read the chain head from the indexer's /api/ready",
          );
        }
        this.#failing = true;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, this.#o.intervalMs);
        signal.addEventListener("abort", done, { once: true });
      });
    }
  }
}
