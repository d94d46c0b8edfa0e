// Every REST route as an OpenAPI route: its parameters (validated on each request by the sub-apps)
// and its answers. The sub-apps implement these; openapi.ts turns them into /openapi.json.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { addressListParam, addressParam, cursorField, idParam, intInRange, usdcParam } from "./params.ts";
import {
  Account,
  ActivityPage,
  AuctionDetail,
  AuctionPage,
  auctionFormats,
  BadRequestBody,
  DealDetail,
  DisputePage,
  ErrorBody,
  Leaderboard,
  leaderboardSorts,
  PonderStatus,
  Readiness,
  Reputations,
  Stats,
} from "./schemas.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const invalid = json(BadRequestBody, "A parameter failed validation; `issues` names it.");
const notFound = json(ErrorBody, "Never seen by the indexer.");

export const auctionsQuery = z
  .object({
    status: z.enum(["active", "ended", "settled", "cancelled", "no_sale"]).optional(),
    format: z.enum(auctionFormats).optional(),
    seller: addressParam.optional(),
    bidder: addressParam.optional().meta({
      description: "Auctions it bid on (English, rolling rounds), committed to (sealed) or bought (Dutch).",
    }),
    minPrice: usdcParam.optional().meta({
      description:
        "USDC decimal amount, inclusive, on the stored price (a live Dutch auction: its startPrice).",
    }),
    maxPrice: usdcParam.optional(),
    endingBefore: intInRange(0, 2 ** 40)
      .optional()
      .meta({ description: "Unix seconds: endTime < this." }),
    q: z
      .string()
      .min(1, "must not be empty")
      .max(64, "must be at most 64 characters")
      .optional()
      .meta({ description: "Case-insensitive substring of the title." }),
    sort: z.enum(["ending", "newest", "price", "bids"]).default("newest").meta({
      description:
        "ending: soonest end first (rolling rounds without a bid last); newest; price: lowest first; bids: most first.",
    }),
    order: z
      .enum(["asc", "desc"])
      .optional()
      .meta({ description: "Reverses the default direction of `sort`." }),
    limit: intInRange(1, 100).default(20),
    cursor: z
      .string()
      .max(500)
      .optional()
      .meta({ description: "`nextCursor` of the previous page with the same sort and order." }),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    path: ["maxPrice"],
    message: "must not be below minPrice",
  });

export const idPath = z.object({ id: idParam.meta({ param: { name: "id", in: "path" } }) });
export const addressPath = z.object({
  address: addressParam.meta({ param: { name: "address", in: "path" } }),
});

export const disputesQuery = z.object({
  status: z.enum(["open", "resolved", "conceded", "all"]).default("open"),
  limit: intInRange(1, 100).default(20),
  cursor: cursorField("a previous response")
    .optional()
    .meta({ description: "`nextCursor` of the previous page." }),
});

export const reputationsQuery = z.object({
  addresses: addressListParam.meta({
    description: "Comma-separated addresses (any case), at most 100; duplicates are answered once.",
    example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8,0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
  }),
});

export const leaderboardQuery = z.object({
  by: z.enum(leaderboardSorts).default("volume"),
  minReviews: intInRange(1, 1000)
    .default(1)
    .meta({ description: "With by=rating: only accounts with at least this many reviews." }),
  limit: intInRange(1, 100).default(20),
});

export const statsQuery = z.object({
  days: intInRange(1, 366)
    .default(30)
    .meta({ description: "How many UTC days back `daily` reaches (today included)." }),
});

export const activityQuery = z.object({
  after: cursorField("a previous response")
    .optional()
    .meta({ description: "Items strictly after this cursor; omit it to start at the beginning." }),
  limit: intInRange(1, 200).default(50),
});

/** The stream's start: `Last-Event-ID` (what EventSource sends on reconnecting), else `after`. */
export const streamStart = z.object({
  "Last-Event-ID": cursorField("a previous event").optional(),
  after: cursorField("a previous event").optional(),
});

export const listAuctions = createRoute({
  method: "get",
  path: "/api/auctions",
  tags: ["auctions"],
  summary: "Auctions, filtered, searched, sorted and paged",
  description:
    "Ties are broken by id, so pages never repeat or skip an auction that stays put. Keep the filters between pages.",
  request: { query: auctionsQuery },
  responses: { 200: json(AuctionPage, "A page of auctions."), 400: invalid },
});

export const getAuction = createRoute({
  method: "get",
  path: "/api/auctions/{id}",
  tags: ["auctions"],
  summary: "One auction with its bids, sealed commitments and deal",
  request: { params: idPath },
  responses: { 200: json(AuctionDetail, "The auction."), 400: invalid, 404: notFound },
});

export const getDeal = createRoute({
  method: "get",
  path: "/api/deals/{id}",
  tags: ["deals"],
  summary: "One deal with its dispute and both parties' reviews",
  request: { params: idPath },
  responses: { 200: json(DealDetail, "The deal."), 400: invalid, 404: notFound },
});

export const listDisputes = createRoute({
  method: "get",
  path: "/api/disputes",
  tags: ["deals"],
  summary: "Disputes, oldest opened first (the arbiters' queue order)",
  request: { query: disputesQuery },
  responses: { 200: json(DisputePage, "A page of disputes."), 400: invalid },
});

export const getAccount = createRoute({
  method: "get",
  path: "/api/accounts/{address}",
  tags: ["accounts"],
  summary: "An address's reputation, balances, reviews received and history",
  description:
    "A dispute is won by the buyer when the ruling gives it more than 50 % or the seller refunds while disputed, by the seller when the buyer gets less than 50 %; a 50/50 counts for neither.",
  request: { params: addressPath },
  responses: { 200: json(Account, "The account."), 400: invalid, 404: notFound },
});

export const getReputations = createRoute({
  method: "get",
  path: "/api/reputations",
  tags: ["accounts"],
  summary: "Several addresses' reputations in one call (the sellers of a page of cards)",
  description:
    "The volume-weighted rating, review count, completed deals, disputes lost and member-since of each address, as GET /api/accounts/{address} counts them.",
  request: { query: reputationsQuery },
  responses: { 200: json(Reputations, "The reputations."), 400: invalid },
});

export const getLeaderboard = createRoute({
  method: "get",
  path: "/api/leaderboard",
  tags: ["accounts"],
  summary: "Sellers ranked by sold volume, sales or average rating",
  description: "Accounts with nothing to rank are left out; ties go to the lower address.",
  request: { query: leaderboardQuery },
  responses: { 200: json(Leaderboard, "The ranking."), 400: invalid },
});

export const getStats = createRoute({
  method: "get",
  path: "/api/stats",
  tags: ["stats"],
  summary: "Marketplace totals and daily rows (days with activity only, oldest first)",
  request: { query: statsQuery },
  responses: { 200: json(Stats, "The statistics."), 400: invalid },
});

export const listActivity = createRoute({
  method: "get",
  path: "/api/activity",
  tags: ["activity"],
  summary: "The activity feed: one item per indexed event, in chain order",
  description:
    'Every event of TestUSDC (Transfer only), GavelConfig and the four houses, oldest first, strictly after `after`. `data` holds the event\'s arguments under their Solidity names, every value a string (integers in decimal raw units, addresses lowercase, bytes32 hex, booleans "true"/"false"); TestUSDC Transfer carries from, to, amount and amountDecimal, and, when it goes into or out of a house in the same transaction as a house event naming a listing (a bid\'s escrow, a refund, a payout), that listing\'s auctionId and house (lowercase address), so every such line links to its auction. Unpaused adds the indexer\'s own auctionsShifted; DealCompleted has pushed ("true": the proceeds reached the seller\'s wallet). Rows of blocks a reorg removed disappear.',
  request: { query: activityQuery },
  responses: { 200: json(ActivityPage, "A page of the feed."), 400: invalid },
});

export const activityStream = createRoute({
  method: "get",
  path: "/api/activity/stream",
  tags: ["activity"],
  summary: "The activity feed as server-sent events",
  description:
    'Starts after the Last-Event-ID header, else after `after`, else at the current end; replays in order, then streams new items (polled every 100 ms). `: keep-alive` every 15 s. After a reorg removed an item it sent: `event: reorg` with `data: {"cursor": <last surviving cursor>}`, then the canonical events after it.',
  request: {
    query: streamStart.pick({ after: true }),
    headers: z.object({ "last-event-id": cursorField("a previous event").optional() }),
  },
  responses: {
    200: { description: "The event stream.", content: { "text/event-stream": { schema: z.string() } } },
    400: invalid,
  },
});

export const getReady = createRoute({
  method: "get",
  path: "/api/ready",
  tags: ["status"],
  summary: "Caught up: the backfill is done and the last indexed block is the chain's head",
  responses: {
    200: json(Readiness, "Caught up."),
    503: json(Readiness, "Not caught up yet (indexedBlock null before the first checkpoint)."),
  },
});

/** Ponder's own /status (not ours: described so that clients read it typed). */
export const getStatus = createRoute({
  method: "get",
  path: "/status",
  tags: ["status"],
  summary: "Ponder's own: the last indexed block of each chain (a database read, no RPC call)",
  responses: { 200: json(PonderStatus, "The indexed blocks.") },
});

/** Every REST route, in the order API.md lists them. */
export const routes = [
  listAuctions,
  getAuction,
  getDeal,
  listDisputes,
  getAccount,
  getReputations,
  getLeaderboard,
  getStats,
  listActivity,
  activityStream,
  getReady,
  getStatus,
];

const matchers = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The route a request path (its query ignored) goes to. */
export function routeOf(path: string) {
  const pathname = new URL(path, "http://indexer").pathname;
  return matchers.find((m) => m.pattern.test(pathname))?.route;
}

/** The JSON schema a route declares for an answer with `status`; undefined when it declares none. */
export function responseSchemaFor(route: (typeof routes)[number], status: number): z.ZodType | undefined {
  const responses = route.responses as Record<number, { content?: Record<string, { schema: z.ZodType }> }>;
  return responses[status]?.content?.["application/json"]?.schema;
}
