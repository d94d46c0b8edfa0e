import { z } from "zod";
import { log } from "./log.ts";
import { indexerRequestDuration, indexerRequests } from "./metrics.ts";

/**
 * Client for the indexer's read API. Every call returns a result instead of throwing, so a page
 * can still render (with a plain-language notice) when the indexer is down or misbehaves.
 */

/** Unix seconds as the API sends them, normalised to an ISO string for display. */
const timestamp = z
  .number()
  .int()
  .nonnegative()
  .transform((seconds) => new Date(seconds * 1000).toISOString());
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const id = z.string().regex(/^\d+$/);

/** USDC amounts: `{ raw, decimal }`; we keep `raw` (token units) and format it per locale. */
const amount = z.object({ raw: z.string().regex(/^\d+$/), decimal: z.string() }).transform((a) => a.raw);

const activityItem = z.object({
  cursor: z.string(),
  contract: z.string(),
  event: z.string(),
  blockNumber: z.number().int().nonnegative(),
  timestamp,
  transactionHash: hash,
  data: z.record(z.string(), z.unknown()).default({}),
});

const activityPage = z
  .object({ items: z.array(activityItem), nextCursor: z.string().nullable().optional() })
  .transform(({ items, nextCursor }) => ({ items, nextCursor: nextCursor ?? null }));

export type ActivityItem = z.infer<typeof activityItem>;
export type ActivityPage = z.output<typeof activityPage>;

export const formats = ["english", "dutch", "sealed", "rolling"] as const;
export type AuctionFormat = (typeof formats)[number];
export const statuses = ["active", "ended", "settled", "no_sale", "cancelled"] as const;

const auction = z.object({
  id,
  house: address,
  format: z.enum(formats),
  seller: address,
  title: z.string(),
  metadataURI: z.string(),
  metadataHash: hash,
  status: z.enum(statuses),
  startTime: z.number(),
  /** Null for a rolling round whose clock has not started (no bid yet). */
  endTime: z.number().nullable(),
  reservePrice: amount,
  startPrice: amount,
  currentPrice: amount,
  leader: address.nullable(),
  leaderMax: amount.nullable(),
  bidCount: z.number(),
  extensions: z.number(),
  feeBps: z.number(),
  shipWindow: z.number(),
  confirmWindow: z.number(),
  disputeWindow: z.number(),
  params: z.record(z.string(), z.unknown()).default({}),
  winner: address.nullable(),
  finalPrice: amount.nullable(),
  dealId: id.nullable(),
  createdAt: z.number(),
  transactionHash: hash,
});

const bid = z.object({
  id: z.string(),
  auctionId: id,
  bidder: address,
  price: amount,
  leader: address,
  endTime: z.number(),
  extended: z.boolean(),
  timestamp: z.number(),
  transactionHash: hash,
});

const dispute = z.object({
  status: z.enum(["open", "resolved", "conceded"]),
  openedBy: address,
  openedAt: z.number(),
  evidenceHash: hash,
  evidenceURI: z.string(),
  arbiterDeadline: z.number(),
  resolvedBy: address.nullable().optional().default(null),
  resolvedAt: z.number().nullable().optional().default(null),
  byTimeout: z.boolean().nullable().optional().default(null),
  buyerShareBps: z.number().nullable().optional().default(null),
  buyerAmount: amount.nullable().optional().default(null),
  sellerProceeds: amount.nullable().optional().default(null),
  fee: amount.nullable().optional().default(null),
});

const review = z.object({
  dealId: id,
  reviewer: address,
  subject: address,
  role: z.enum(["buyer", "seller"]),
  rating: z.number().int(),
  contentHash: hash,
  contentURI: z.string(),
  timestamp: z.number(),
  transactionHash: hash,
});

const deal = z.object({
  id,
  house: address,
  auctionId: id,
  title: z.string().optional().default(""),
  buyer: address,
  seller: address,
  amount,
  status: z.enum(["paid", "shipped", "completed", "refunded", "disputed", "resolved"]),
  feeBps: z.number().optional().default(0),
  openedAt: z.number(),
  shipBy: z.number(),
  shippedAt: z.number().nullable(),
  trackingHash: hash.nullable().optional().default(null),
  confirmDeadline: z.number().nullable(),
  /** Seconds the buyer extended the confirm window by (0: not extended; older indexers omit it). */
  confirmExtension: z.number().int().nonnegative().optional().default(0),
  disputeDeadline: z.number().nullable(),
  arbiterDeadline: z.number().nullable(),
  closedAt: z.number().nullable(),
  confirmedByBuyer: z.boolean().nullable().optional().default(null),
  refundedBySeller: z.boolean().nullable().optional().default(null),
  sellerProceeds: amount.nullable().optional().default(null),
  buyerAmount: amount.nullable().optional().default(null),
  fee: amount.nullable().optional().default(null),
  buyerReviewed: z.boolean().optional().default(false),
  sellerReviewed: z.boolean().optional().default(false),
  dispute: dispute.nullable().optional().default(null),
  reviews: z.array(review).optional().default([]),
});

const commitment = z.object({
  bidder: address,
  commitment: hash,
  collateral: amount,
  committedAt: z.number(),
  revealedAmount: amount.nullable(),
  revealedAt: z.number().nullable(),
  penalty: amount.nullable().optional().default(null),
});

const auctionPage = z.object({ items: z.array(auction), nextCursor: z.string().nullable() });
const auctionDetail = z.object({
  auction,
  bids: z.array(bid),
  commitments: z.array(commitment).optional().default([]),
  deal: deal.nullable(),
  /** The indexer's "now" (unix seconds, the chain's clock on a time-moved local chain); older indexers omit it. */
  now: z.number().int().nonnegative().optional(),
});
const dealDetail = z.object({ deal });
const reputation = z.object({
  sales: z.number().int(),
  purchases: z.number().int(),
  soldVolume: amount,
  boughtVolume: amount,
  volume: amount,
  ratingCount: z.number().int(),
  averageRating: z.string().nullable(),
  disputesWon: z.number().int(),
  disputesLost: z.number().int(),
  completedDeals: z.number().int(),
  disputedDeals: z.number().int(),
  firstSaleAt: z.number().nullable(),
  firstPurchaseAt: z.number().nullable(),
});
const accountProfile = z.object({
  address,
  firstSeen: z.number(),
  reputation,
  balances: z.array(z.object({ house: address, withdrawable: amount })),
  reviews: z.array(review),
  history: z.object({ auctions: z.array(auction), bids: z.array(bid), deals: z.array(deal) }),
});
export const leaderboardSorts = ["volume", "sales", "rating"] as const;
const leaderboard = z.object({
  by: z.enum(leaderboardSorts),
  items: z.array(
    z.object({
      rank: z.number().int(),
      address,
      sales: z.number().int(),
      soldVolume: amount,
      ratingCount: z.number().int(),
      averageRating: z.string().nullable(),
    }),
  ),
});

export type Auction = z.output<typeof auction>;
export type Bid = z.output<typeof bid>;
export type Deal = z.output<typeof deal>;
export type Review = z.output<typeof review>;
export type Commitment = z.output<typeof commitment>;
export type AuctionPage = z.output<typeof auctionPage>;
export type AuctionDetail = z.output<typeof auctionDetail>;
export type AccountProfile = z.output<typeof accountProfile>;
export type Reputation = z.output<typeof reputation>;
export type Leaderboard = z.output<typeof leaderboard>;

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

/** GETs `path` and checks the JSON body against `schema`; counts and logs every failure. */
async function getJson<T>(
  options: IndexerClientOptions,
  endpoint: string,
  path: string,
  schema: z.ZodType<T>,
): Promise<IndexerResult<T>> {
  const url = `${options.baseUrl}${path}`;
  const doFetch = options.fetch ?? fetch;
  const stopTimer = indexerRequestDuration.startTimer({ endpoint });
  const fail = (problem: IndexerProblem, detail: string): IndexerResult<never> => {
    indexerRequests.inc({ endpoint, outcome: problem });
    log.warn({ url, problem, detail }, "indexer request failed");
    return { ok: false, problem, detail };
  };
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return fail("unreachable", `${error instanceof Error ? error.message : String(error)}${cause}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      indexerRequests.inc({ endpoint, outcome: "not_found" });
      return { ok: false, problem: "not_found", detail: "HTTP 404" };
    }
    if (response.status === 400) {
      const body = (await response.json().catch(() => null)) as { issues?: { field?: string }[] } | null;
      indexerRequests.inc({ endpoint, outcome: "bad_request" });
      return { ok: false, problem: "bad_request", detail: body?.issues?.[0]?.field ?? "query" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return fail("http_error", `HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      return fail("bad_response", `not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) return fail("bad_response", z.prettifyError(parsed.error));
    indexerRequests.inc({ endpoint, outcome: "ok" });
    return { ok: true, value: parsed.data };
  } finally {
    stopTimer();
  }
}

/** A page of the activity feed (`GET /api/activity`), oldest first, after `after`. */
export async function getActivity(
  options: IndexerClientOptions,
  { limit = 50, after }: { limit?: number; after?: string } = {},
): Promise<IndexerResult<ActivityPage>> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (after) query.set("after", after);
  return getJson(options, "activity", `/api/activity?${query}`, activityPage);
}

const statsCounts = {
  newListings: z.number().int().nonnegative(),
  bids: z.number().int().nonnegative(),
  dealsOpened: z.number().int().nonnegative(),
  dealsCompleted: z.number().int().nonnegative(),
  disputesOpened: z.number().int().nonnegative(),
};
const stats = z.object({
  totals: z.object({
    auctions: z.number().int().nonnegative(),
    activeAuctions: z.number().int().nonnegative(),
    bids: z.number().int().nonnegative(),
    deals: z.number().int().nonnegative(),
    volume: amount,
    fees: amount,
    disputes: z.number().int().nonnegative(),
    openDisputes: z.number().int().nonnegative(),
    accounts: z.number().int().nonnegative(),
  }),
  daily: z.array(
    z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), ...statsCounts, volume: amount, fees: amount }),
  ),
});
export type Stats = z.output<typeof stats>;

/** `GET /api/stats?days=`: totals, and the daily rows (days with activity only) of the last `days` days. */
export async function getStats(options: IndexerClientOptions, days: number): Promise<IndexerResult<Stats>> {
  return getJson(options, "stats", `/api/stats?days=${days}`, stats);
}

const openDispute = z.object({
  dealId: id,
  house: address,
  title: z.string().nullable(),
  buyer: address.nullable(),
  seller: address.nullable(),
  amount: amount.nullable(),
  openedBy: address,
  openedAt: z.number(),
  evidenceHash: hash,
  evidenceURI: z.string(),
  arbiterDeadline: z.number(),
});
const disputePage = z.object({ items: z.array(openDispute), nextCursor: z.string().nullable().optional() });
export type OpenDispute = z.output<typeof openDispute>;

/** Every open dispute (`GET /api/disputes?status=open`, all pages up to `max`), oldest first. */
export async function getOpenDisputes(
  options: IndexerClientOptions,
  max = 1000,
): Promise<IndexerResult<OpenDispute[]>> {
  const items: OpenDispute[] = [];
  let cursor: string | null | undefined;
  do {
    const query = new URLSearchParams({ status: "open", limit: "100" });
    if (cursor) query.set("cursor", cursor);
    const page = await getJson(options, "disputes", `/api/disputes?${query}`, disputePage);
    if (!page.ok) return page;
    items.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor && items.length < max);
  return { ok: true, value: items };
}

/** `GET /api/auctions` with the query as given (the caller has checked it). */
export async function getAuctions(
  options: IndexerClientOptions,
  query: URLSearchParams,
): Promise<IndexerResult<AuctionPage>> {
  return getJson(options, "auctions", `/api/auctions?${query}`, auctionPage);
}

/** `GET /api/auctions/:id`: the auction, its bids (newest first) and its deal. */
export async function getAuction(
  options: IndexerClientOptions,
  auctionId: string,
): Promise<IndexerResult<AuctionDetail>> {
  return getJson(options, "auction", `/api/auctions/${encodeURIComponent(auctionId)}`, auctionDetail);
}

/** `GET /api/accounts/:address`; `not_found` for an address that never appeared on Gavel. */
export async function getAccount(
  options: IndexerClientOptions,
  account: string,
): Promise<IndexerResult<AccountProfile>> {
  return getJson(options, "account", `/api/accounts/${account.toLowerCase()}`, accountProfile);
}

/** `GET /api/deals/:id`: the deal with its dispute and both parties' reviews. */
export async function getDeal(options: IndexerClientOptions, dealId: string): Promise<IndexerResult<Deal>> {
  const result = await getJson(options, "deal", `/api/deals/${encodeURIComponent(dealId)}`, dealDetail);
  return result.ok ? { ok: true, value: result.value.deal } : result;
}

/** `GET /api/leaderboard?by=…`: sellers ranked by sold volume, sales or average rating. */
export async function getLeaderboard(
  options: IndexerClientOptions,
  by: (typeof leaderboardSorts)[number],
  limit = 50,
): Promise<IndexerResult<Leaderboard>> {
  return getJson(options, "leaderboard", `/api/leaderboard?by=${by}&limit=${limit}`, leaderboard);
}
