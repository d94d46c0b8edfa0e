// The indexer's REST API (indexer/API.md), the parts the bot's commands read: one auction, a
// title search, one account. Only the fields the bot uses are validated; amounts stay raw
// strings and are formatted with bigint. Every call has a deadline: a slow or absent indexer
// becomes IndexerUnavailable, which commands turn into a clear answer.
import { z } from "zod";

const amount = z.object({ raw: z.string().regex(/^\d+$/), decimal: z.string() });
const address = z.string().regex(/^0x[0-9a-f]{40}$/);

export const auctionSchema = z.object({
  id: z.string(),
  house: address,
  format: z.string(),
  seller: address,
  title: z.string(),
  status: z.string(),
  startTime: z.number(),
  /** Null for a rolling round whose clock has not started (no bid yet). */
  endTime: z.number().nullable(),
  currentPrice: amount,
  leader: address.nullable(),
  bidCount: z.number(),
  winner: address.nullable(),
  finalPrice: amount.nullable(),
  dealId: z.string().nullable(),
});
export type Auction = z.infer<typeof auctionSchema>;

const bidSchema = z.object({ auctionId: z.string(), bidder: address, maxAmount: amount, price: amount });

export const dealSchema = z.object({
  id: z.string(),
  auctionId: z.string(),
  title: z.string().nullable().optional(),
  buyer: address,
  seller: address,
  amount,
  status: z.string(),
  shipBy: z.number(),
  confirmDeadline: z.number().nullable(),
  disputeDeadline: z.number().nullable(),
});
export type Deal = z.infer<typeof dealSchema>;

const auctionDetailSchema = z.object({ auction: auctionSchema, deal: dealSchema.nullable() });
const auctionListSchema = z.object({ items: z.array(auctionSchema), nextCursor: z.string().nullable() });
const accountSchema = z.object({
  address,
  balances: z.array(z.object({ house: address, withdrawable: amount })),
  history: z.object({
    auctions: z.array(auctionSchema),
    bids: z.array(bidSchema),
    deals: z.array(dealSchema),
  }),
});
export type Account = z.infer<typeof accountSchema>;

/** The indexer did not answer in time, answered 5xx, or answered something unreadable. */
export class IndexerUnavailable extends Error {
  override name = "IndexerUnavailable";
}

export class IndexerClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: { timeoutMs?: number } = {}) {
    this.#baseUrl = baseUrl;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** An auction and its deal; undefined for an id the indexer never saw. */
  async auction(id: string): Promise<z.infer<typeof auctionDetailSchema> | undefined> {
    return this.#get(`/api/auctions/${encodeURIComponent(id)}`, auctionDetailSchema);
  }

  /** Auctions whose title contains `q` (case-insensitive), newest first; with no `q`, active ones ending soonest. */
  async searchAuctions(q: string | undefined, limit: number): Promise<Auction[]> {
    const params = new URLSearchParams({ limit: String(limit) });
    if (q) {
      params.set("q", q.slice(0, 64));
    } else {
      params.set("status", "active");
      params.set("sort", "ending");
    }
    const page = await this.#get(`/api/auctions?${params}`, auctionListSchema);
    return page?.items ?? [];
  }

  /** What the indexer knows about an address; undefined when it never appeared in a Gavel event. */
  async account(wallet: string): Promise<Account | undefined> {
    return this.#get(`/api/accounts/${wallet}`, accountSchema);
  }

  /**
   * "Now" as the indexer judges auctions: the later of the wall clock and the last indexed
   * block's time (a local chain moved forward with evm_increaseTime runs ahead of the clock).
   */
  async now(): Promise<number> {
    const wall = Math.floor(Date.now() / 1000);
    try {
      const status = await this.#get(
        "/status",
        z.record(z.string(), z.object({ block: z.object({ timestamp: z.number() }).nullable().optional() })),
      );
      const times = Object.values(status ?? {}).map((chain) => chain.block?.timestamp ?? 0);
      return Math.max(wall, ...times);
    } catch {
      return wall;
    }
  }

  async #get<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}${path}`, { signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      throw new IndexerUnavailable(
        `GET ${path}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : error}`,
        { cause: error },
      );
    }
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return undefined; // unknown id or address (400: one the indexer cannot even parse)
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new IndexerUnavailable(`GET ${path} answered ${response.status}`);
    }
    try {
      return schema.parse(await response.json());
    } catch (error) {
      throw new IndexerUnavailable(`GET ${path}: unexpected answer: ${error}`, { cause: error });
    }
  }
}
