// The indexer's REST API for the bot's commands: one auction, a title search, one account and the
// indexed chain's "now" — through the typed client generated from the indexer's OpenAPI document
// (@gavel/indexer-client), so a field the indexer serves differently fails to compile. Every call
// has a deadline: a slow or absent indexer becomes IndexerUnavailable, which commands turn into a
// clear answer.
import {
  type Account,
  type Auction,
  type AuctionDetail,
  createIndexerClient,
  type Deal,
  type IndexerClient as TypedClient,
} from "@gavel/indexer-client";

export type { Account, Auction, Deal };

/** The indexer did not answer in time, answered 5xx, or answered something unreadable. */
export class IndexerUnavailable extends Error {
  override name = "IndexerUnavailable";
}

export class IndexerClient {
  readonly #api: TypedClient;

  constructor(baseUrl: string, options: { timeoutMs?: number } = {}) {
    this.#api = createIndexerClient({ baseUrl, timeoutMs: options.timeoutMs ?? 5_000 });
  }

  /** An auction and its deal; undefined for an id the indexer never saw. */
  async auction(id: string): Promise<AuctionDetail | undefined> {
    return this.#answer(`GET /api/auctions/${id}`, () =>
      this.#api.GET("/api/auctions/{id}", { params: { path: { id } } }),
    );
  }

  /** Auctions whose title contains `q` (case-insensitive), newest first; with no `q`, active ones ending soonest. */
  async searchAuctions(q: string | undefined, limit: number): Promise<Auction[]> {
    const query = q
      ? { q: q.slice(0, 64), limit }
      : { status: "active" as const, sort: "ending" as const, limit };
    const page = await this.#answer("GET /api/auctions", () =>
      this.#api.GET("/api/auctions", { params: { query } }),
    );
    return page?.items ?? [];
  }

  /** What the indexer knows about an address; undefined when it never appeared in a Gavel event. */
  async account(wallet: string): Promise<Account | undefined> {
    return this.#answer(`GET /api/accounts/${wallet}`, () =>
      this.#api.GET("/api/accounts/{address}", { params: { path: { address: wallet } } }),
    );
  }

  /**
   * "Now" as the indexer judges auctions: the later of the wall clock and the last indexed
   * block's time (a local chain moved forward with evm_increaseTime runs ahead of the clock).
   */
  async now(): Promise<number> {
    const wall = Math.floor(Date.now() / 1000);
    try {
      // Ponder's /status: the last indexed block of each chain (a database read, no RPC call).
      const { data } = await this.#api.GET("/status");
      return Math.max(wall, ...Object.values(data ?? {}).map((chain) => chain.block.timestamp));
    } catch {
      return wall;
    }
  }

  /** The answer's body; undefined for 404 and 400 (an id or address the indexer cannot even parse). */
  async #answer<T>(
    what: string,
    call: () => Promise<{ data?: T; response: Response }>,
  ): Promise<T | undefined> {
    let result: { data?: T; response: Response };
    try {
      result = await call();
    } catch (error) {
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : error;
      throw new IndexerUnavailable(`${what}: ${reason}`, { cause: error });
    }
    const { status } = result.response;
    if (status === 404 || status === 400) return undefined;
    if (!result.response.ok || result.data === undefined)
      throw new IndexerUnavailable(`${what} answered ${status}`);
    return result.data;
  }
}
