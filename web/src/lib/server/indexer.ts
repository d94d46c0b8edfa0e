import {
  type Account,
  type ActivityItem,
  type ActivityPage,
  type Auction,
  type AuctionDetail,
  type AuctionFormat,
  type AuctionPage,
  type AuctionStatus,
  type Bid,
  type Commitment,
  createIndexerClient,
  type Deal,
  type Dispute,
  IndexerContractError,
  type Leaderboard,
  type paths,
  type Review,
  type Reputation as SellerReputation,
  type Stats,
} from "@gavel/indexer-client";
import { log } from "./log.ts";
import { indexerRequestDuration, indexerRequests } from "./metrics.ts";
import { readCache } from "./read-cache.ts";

/**
 * The indexer's read API through its typed client (@gavel/indexer-client, generated from the
 * indexer's OpenAPI document; each answer is checked against the schema its route declares).
 * Every call returns a result instead of throwing, so a page can still render (with a
 * plain-language notice) when the indexer is down or misbehaves.
 */

export type {
  ActivityItem,
  ActivityPage,
  Auction,
  AuctionDetail,
  AuctionFormat,
  AuctionPage,
  Bid,
  Commitment,
  Deal,
  Leaderboard,
  Review,
  SellerReputation,
  Stats,
};
export type AccountProfile = Account;
export type Reputation = Account["reputation"];
export type OpenDispute = Dispute;
/** The query of `GET /api/auctions`. */
export type AuctionsQuery = NonNullable<paths["/api/auctions"]["get"]["parameters"]["query"]>;

export const formats = ["english", "dutch", "sealed", "rolling"] as const satisfies readonly AuctionFormat[];
export const statuses = [
  "active",
  "ended",
  "settled",
  "no_sale",
  "cancelled",
] as const satisfies readonly AuctionStatus[];
export const leaderboardSorts = ["volume", "sales", "rating"] as const satisfies readonly Leaderboard["by"][];

export type IndexerProblem =
  /** Nothing answered (connection refused, DNS, timeout). */
  | "unreachable"
  /** It answered with an HTTP error status. */
  | "http_error"
  /** It answered 404: no such auction or account. */
  | "not_found"
  /** It answered 400 naming a parameter (`detail` is the field). */
  | "bad_request"
  /** It answered 200 with a body we do not understand. */
  | "bad_response";

export type IndexerResult<T> =
  | { ok: true; value: T }
  | { ok: false; problem: IndexerProblem; detail: string };

export interface IndexerClientOptions {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:42069. */
  baseUrl: string;
  /** The fetch to use; pass SvelteKit's `event.fetch` from a load function. */
  fetch?: typeof fetch;
  /** Per-request timeout. */
  timeoutMs?: number;
}

const client = (options: IndexerClientOptions) =>
  createIndexerClient({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    timeoutMs: "timeoutMs" in options ? options.timeoutMs : 3_000,
  });

/** Runs one typed request; counts and logs every failure. */
async function answer<T>(
  endpoint: string,
  call: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<IndexerResult<T>> {
  const stopTimer = indexerRequestDuration.startTimer({ endpoint });
  const fail = (problem: IndexerProblem, detail: string): IndexerResult<never> => {
    indexerRequests.inc({ endpoint, outcome: problem });
    log.warn({ endpoint, problem, detail }, "indexer request failed");
    return { ok: false, problem, detail };
  };
  try {
    let result: Awaited<ReturnType<typeof call>>;
    try {
      result = await call();
    } catch (error) {
      if (error instanceof IndexerContractError || error instanceof SyntaxError)
        return fail("bad_response", error.message);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return fail("unreachable", `${error instanceof Error ? error.message : String(error)}${cause}`);
    }
    const { status } = result.response;
    if (status === 404) {
      indexerRequests.inc({ endpoint, outcome: "not_found" });
      return { ok: false, problem: "not_found", detail: "HTTP 404" };
    }
    if (status === 400) {
      const body = result.error as { issues?: { field?: string }[] } | undefined;
      indexerRequests.inc({ endpoint, outcome: "bad_request" });
      return { ok: false, problem: "bad_request", detail: body?.issues?.[0]?.field ?? "query" };
    }
    if (!result.response.ok) return fail("http_error", `HTTP ${status}`);
    if (result.data === undefined) return fail("bad_response", "no body");
    indexerRequests.inc({ endpoint, outcome: "ok" });
    return { ok: true, value: result.data };
  } finally {
    stopTimer();
  }
}

/** A page of the activity feed (`GET /api/activity`), oldest first, after `after`. */
export async function getActivity(
  options: IndexerClientOptions,
  { limit = 50, after }: { limit?: number; after?: string } = {},
): Promise<IndexerResult<ActivityPage>> {
  return answer("activity", () =>
    client(options).GET("/api/activity", { params: { query: { limit, ...(after ? { after } : {}) } } }),
  );
}

/** `GET /api/stats?days=`: totals, and the daily rows (days with activity only) of the last `days` days. */
export async function getStats(options: IndexerClientOptions, days: number): Promise<IndexerResult<Stats>> {
  return answer("stats", () => client(options).GET("/api/stats", { params: { query: { days } } }));
}

/** Every open dispute (`GET /api/disputes?status=open`, all pages up to `max`), oldest first. */
export async function getOpenDisputes(
  options: IndexerClientOptions,
  max = 1000,
): Promise<IndexerResult<OpenDispute[]>> {
  const items: OpenDispute[] = [];
  let cursor: string | null | undefined;
  do {
    const query = { status: "open" as const, limit: 100, ...(cursor ? { cursor } : {}) };
    const page = await answer("disputes", () => client(options).GET("/api/disputes", { params: { query } }));
    if (!page.ok) return page;
    items.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor && items.length < max);
  return { ok: true, value: items };
}

/** `GET /api/auctions` with the query as given (the caller has checked it). */
export async function getAuctions(
  options: IndexerClientOptions,
  query: AuctionsQuery,
): Promise<IndexerResult<AuctionPage>> {
  return answer("auctions", () => client(options).GET("/api/auctions", { params: { query } }));
}

/** `GET /api/auctions/:id`: the auction, its bids (newest first) and its deal. */
export async function getAuction(
  options: IndexerClientOptions,
  auctionId: string,
): Promise<IndexerResult<AuctionDetail>> {
  return answer("auction", () =>
    client(options).GET("/api/auctions/{id}", { params: { path: { id: auctionId } } }),
  );
}

/** `GET /api/accounts/:address`; `not_found` for an address that never appeared on Gavel. */
export async function getAccount(
  options: IndexerClientOptions,
  account: string,
): Promise<IndexerResult<AccountProfile>> {
  return answer("account", () =>
    client(options).GET("/api/accounts/{address}", { params: { path: { address: account.toLowerCase() } } }),
  );
}

/**
 * `GET /api/reputations`: what a card shows beside each seller, in one call (deduplicated, at
 * most 100 addresses a call; more are asked in several calls). Answers are shared by this
 * process's renders for a second (see read-cache.ts): a page of cards, and the next visitor's,
 * asks only for sellers nobody asked for just now.
 */
export async function getReputations(
  options: IndexerClientOptions,
  addresses: string[],
): Promise<IndexerResult<Map<string, SellerReputation>>> {
  try {
    const value = await recentReputations.many(
      addresses.map((a) => a.toLowerCase()),
      (missing) => readReputations(options, missing),
    );
    return { ok: true, value };
  } catch (error) {
    // A failed read is not cached; every render that waited for it gets its problem.
    if (error instanceof ReputationsFailed) return error.result;
    throw error;
  }
}

const recentReputations = readCache<SellerReputation>({ ttlMs: 1_000, maxEntries: 5_000 });

class ReputationsFailed extends Error {
  readonly result: IndexerResult<never>;
  constructor(result: IndexerResult<never>) {
    super("reputations read failed");
    this.result = result;
  }
}

async function readReputations(
  options: IndexerClientOptions,
  unique: string[],
): Promise<Map<string, SellerReputation>> {
  const out = new Map<string, SellerReputation>();
  for (let start = 0; start < unique.length; start += 100) {
    const chunk = unique.slice(start, start + 100).join(",");
    const result = await answer("reputations", () =>
      client(options).GET("/api/reputations", { params: { query: { addresses: chunk } } }),
    );
    if (!result.ok) throw new ReputationsFailed(result);
    for (const item of result.value.items) out.set(item.address, item);
  }
  return out;
}

/** A deal as `GET /api/deals/:id` serves it: always with its dispute (or null) and reviews. */
export type DealDetail = Deal & { dispute: Dispute | null; reviews: Review[] };

/** `GET /api/deals/:id`: the deal with its dispute and both parties' reviews. */
export async function getDeal(
  options: IndexerClientOptions,
  dealId: string,
): Promise<IndexerResult<DealDetail>> {
  const result = await answer("deal", () =>
    client(options).GET("/api/deals/{id}", { params: { path: { id: dealId } } }),
  );
  if (!result.ok) return result;
  const { deal } = result.value;
  return { ok: true, value: { ...deal, dispute: deal.dispute ?? null, reviews: deal.reviews ?? [] } };
}

/** `GET /api/leaderboard?by=…`: sellers ranked by sold volume, sales or average rating. */
export async function getLeaderboard(
  options: IndexerClientOptions,
  by: (typeof leaderboardSorts)[number],
  limit = 50,
): Promise<IndexerResult<Leaderboard>> {
  return answer("leaderboard", () =>
    client(options).GET("/api/leaderboard", { params: { query: { by, limit } } }),
  );
}

/**
 * Opens `GET /api/activity/stream` (server-sent events, after `lastEventId` when given); the
 * response with its body, or undefined when the indexer cannot be reached or refuses.
 */
export async function openActivityStream(
  options: Omit<IndexerClientOptions, "timeoutMs">,
  lastEventId: string | undefined,
  signal: AbortSignal,
): Promise<Response | undefined> {
  try {
    const { response } = await client({ ...options, timeoutMs: undefined }).GET("/api/activity/stream", {
      params: { header: lastEventId ? { "last-event-id": lastEventId } : {} },
      headers: { accept: "text/event-stream" },
      parseAs: "stream",
      signal,
    });
    return response.ok && response.body ? response : undefined;
  } catch (err) {
    log.warn({ err }, "indexer stream unreachable");
    return undefined;
  }
}
