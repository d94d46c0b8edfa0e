// The indexer's HTTP API: Ponder's GraphQL and SQL-over-HTTP plus Gavel's REST routes (API.md is
// their contract). Ponder itself serves /health, /ready, /status and /metrics on the same port
// (and reserves those paths); "caught up" readiness is /api/ready.
import { db, publicClients } from "ponder:api";
import schema, {
  account,
  activity,
  auction,
  bid,
  dailyStats,
  deal,
  dispute,
  houseBalance,
  review,
  sealedBid,
} from "ponder:schema";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { streamSSE } from "hono/streaming";
import { LRUCache } from "lru-cache";
import {
  and,
  asc,
  client,
  count,
  desc,
  eq,
  graphql,
  gt,
  gte,
  ilike,
  inArray,
  lt,
  lte,
  ne,
  or,
  sql,
  sum,
} from "ponder";
import { z } from "zod";
import { CURSOR_PATTERN } from "../activity.ts";
import { loadEnv } from "../env.ts";
import {
  addressParam,
  amount,
  averageRating,
  badRequest,
  decodeCursor,
  encodeCursor,
  idParam,
  intInRange,
  parseParams,
  serializeActivity,
  serializeAuction,
  serializeBid,
  serializeCommitment,
  serializeDeal,
  serializeDispute,
  serializeReview,
  usdcParam,
} from "./format.ts";
import { ponderGlobals } from "./ponder-internals.ts";
import { sqlApi, sqlApiOff } from "./sql.ts";

const env = loadEnv();
const app = new Hono();
const log = ponderGlobals.PONDER_COMMON.logger;

/** Largest request body any route reads (GraphQL queries are the only bodies). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Every failure is answered in JSON without a stack trace or a server path (Ponder's own handler
 * would name the file); the details go to the log.
 */
app.onError((error, c) => {
  log.error({
    msg: "Failed to handle HTTP request",
    method: c.req.method,
    path: c.req.path,
    error: { name: error.name, message: error.message, stack: error.stack },
  });
  return c.json({ error: "internal error" }, 500);
});

app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413),
  }),
);

/** A NUL byte in any query parameter of our routes is refused naming it (Postgres text cannot hold one). */
app.use(
  "/api/*",
  createMiddleware(async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (values.some((value) => value.includes("\0")) || name.includes("\0")) {
        const field = name.replaceAll("\0", "\\0");
        return c.json(badRequest([{ field, message: "must not contain a NUL byte" }]), 400);
      }
    }
    await next();
  }),
);

/**
 * CORS for /api/*: Ponder answers every request with `Access-Control-Allow-Origin: *`; when
 * WEB_ORIGIN is set, our routes narrow that to the configured origins.
 */
app.use(
  "/api/*",
  createMiddleware(async (c, next) => {
    await next();
    if (env.webOrigins.length === 0) return;
    const origin = c.req.header("origin");
    if (origin && env.webOrigins.includes(origin)) {
      c.res.headers.set("access-control-allow-origin", origin);
      c.res.headers.append("vary", "Origin");
    } else {
      c.res.headers.delete("access-control-allow-origin");
    }
  }),
);

app.use("/graphql", graphql({ db, schema }));
app.use(
  "/sql/*",
  env.sqlApi && env.database.kind === "postgres"
    ? sqlApi({
        ...env.sqlApi,
        connectionString: env.database.connectionString,
        schema: ponderGlobals.PONDER_NAMESPACE_BUILD.schema,
        ponderClient: () => client({ db, schema }),
        log,
      })
    : sqlApiOff,
);

/* ------------------------------------------------------------------ chain time ---------- */

interface IndexingState {
  ready: boolean;
  /** Ponder's latest checkpoint (changes with every indexed block, and on a reorg). */
  checkpoint: string;
  indexedBlock: number | null;
  indexedTimestamp: bigint;
}

/** Ponder's own bookkeeping (same schema): whether the backfill is done and the last indexed block. */
async function indexingState(): Promise<IndexingState> {
  const meta = await db.execute(sql`select value from _ponder_meta where key = 'app'`);
  const checkpoints = await db.execute(sql`select latest_checkpoint from _ponder_checkpoint`);
  const value = (meta.rows[0] as { value?: { is_ready?: number } } | undefined)?.value;
  const checkpoint = (checkpoints.rows[0] as { latest_checkpoint?: string } | undefined)?.latest_checkpoint;
  // Ponder's checkpoint: 10 digits of block timestamp, 16 of chain id, 16 of block number, …
  return {
    ready: value?.is_ready === 1,
    checkpoint: checkpoint ?? "",
    indexedBlock: checkpoint ? Number(checkpoint.slice(26, 42)) : null,
    indexedTimestamp: checkpoint ? BigInt(checkpoint.slice(0, 10)) : 0n,
  };
}

interface Freshness {
  at: number;
  /** Ponder's latest checkpoint when read. */
  checkpoint: string;
  /** Unix seconds: the later of the wall clock and the last indexed block. */
  now: bigint;
}

let freshness: Freshness | undefined;

/** Records what `state` says about the indexed chain (also called by /api/ready). */
function noteFreshness(state: IndexingState, wall = Date.now()): Freshness {
  const seconds = BigInt(Math.floor(wall / 1000));
  freshness = {
    at: wall,
    checkpoint: state.checkpoint,
    now: state.indexedTimestamp > seconds ? state.indexedTimestamp : seconds,
  };
  return freshness;
}

/** The indexed chain's checkpoint and "now", read at most every 100 ms. */
async function currentFreshness(): Promise<Freshness> {
  const wall = Date.now();
  if (freshness && wall - freshness.at < 100) return freshness;
  return noteFreshness(await indexingState(), wall);
}

/** Unix seconds: the later of the wall clock and the last indexed block (a time-travelled local chain). */
async function chainNow(): Promise<bigint> {
  return (await currentFreshness()).now;
}

/**
 * A response cache for the read routes: an answer is reused while Ponder's checkpoint (every new
 * block, every reorg) and "now" (to the second) are unchanged, so it is never staler than the
 * 100 ms freshness read. Entries are keyed on the route and its *validated* parameters (unknown
 * parameters and spellings of the same value share one entry; refused requests are never
 * stored) and the whole cache is bounded in bytes. The feed, the stream and /api/ready are not
 * cached.
 */
const responseCache = new LRUCache<string, { version: string; status: 200 | 404; body: string }>({
  maxSize: Math.max(env.responseCacheBytes, 1),
  sizeCalculation: (entry, key) => entry.body.length + key.length + entry.version.length + 64,
});

/** JSON of validated parameters, bigints as strings. */
const cacheKey = (route: string, value: unknown) =>
  `${route} ${JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v))}`;

/**
 * A cached GET route: `input` is checked against `shape` (a bad parameter → 400 naming it), then
 * the answer for those values comes from the cache or from `handler`.
 */
function cachedRoute<T extends z.ZodType>(
  route: string,
  shape: T,
  input: (c: Context) => Record<string, string | undefined>,
  handler: (c: Context, value: z.infer<T>) => Promise<Response>,
) {
  return async (c: Context) => {
    const params = parseParams(shape, input(c));
    if (!params.ok) return c.json(params.body, 400);
    const f = await currentFreshness();
    const version = `${f.checkpoint}:${f.now}`;
    const key = cacheKey(route, params.value);
    const hit = responseCache.get(key);
    if (hit && hit.version === version) {
      return c.body(hit.body, hit.status, { "content-type": "application/json; charset=UTF-8" });
    }
    const response = await handler(c, params.value);
    const status = response.status;
    if ((status === 200 || status === 404) && env.responseCacheBytes > 0) {
      responseCache.set(key, { version, status, body: await response.clone().text() });
    }
    return response;
  };
}

/* ------------------------------------------------------------------ auctions ------------ */

const SORTS = {
  ending: { column: auction.endTime, order: "asc" },
  newest: { column: auction.createdAt, order: "desc" },
  price: { column: auction.currentPrice, order: "asc" },
  bids: { column: auction.bidCount, order: "desc" },
} as const;

const auctionsQuery = z
  .object({
    status: z.enum(["active", "ended", "settled", "cancelled", "no_sale"]).optional(),
    format: z.enum(["english", "dutch", "sealed", "rolling"]).optional(),
    seller: addressParam.optional(),
    bidder: addressParam.optional(),
    minPrice: usdcParam.optional(),
    maxPrice: usdcParam.optional(),
    endingBefore: intInRange(0, 2 ** 40).optional(),
    q: z.string().min(1, "must not be empty").max(64, "must be at most 64 characters").optional(),
    sort: z.enum(["ending", "newest", "price", "bids"]).default("newest"),
    order: z.enum(["asc", "desc"]).optional(),
    limit: intInRange(1, 100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    path: ["maxPrice"],
    message: "must not be below minPrice",
  });

/** `%`, `_` and `\` match themselves in the title search. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

app.get(
  "/api/auctions",
  cachedRoute(
    "auctions",
    auctionsQuery,
    (c) => c.req.query(),
    async (c, q) => {
      const sort = SORTS[q.sort];
      const order = q.order ?? sort.order;
      const now = await chainNow();

      const where: (ReturnType<typeof and> | undefined)[] = [];
      if (q.status === "active") where.push(eq(auction.status, "active"), gt(auction.endTime, now));
      else if (q.status === "ended") where.push(eq(auction.status, "active"), lte(auction.endTime, now));
      else if (q.status) where.push(eq(auction.status, q.status));
      if (q.format) where.push(eq(auction.format, q.format));
      if (q.seller) where.push(eq(auction.seller, q.seller));
      if (q.bidder) {
        // Auctions the address bid on (English and rolling), committed to (sealed) or bought (a
        // Dutch buy is a deal with no bid row).
        const bidder = q.bidder;
        where.push(
          or(
            inArray(auction.id, db.select({ id: bid.auctionId }).from(bid).where(eq(bid.bidder, bidder))),
            inArray(
              auction.id,
              db.select({ id: sealedBid.auctionId }).from(sealedBid).where(eq(sealedBid.bidder, bidder)),
            ),
            inArray(auction.id, db.select({ id: deal.auctionId }).from(deal).where(eq(deal.buyer, bidder))),
          ),
        );
      }
      if (q.minPrice !== undefined) where.push(gte(auction.currentPrice, q.minPrice));
      if (q.maxPrice !== undefined) where.push(lte(auction.currentPrice, q.maxPrice));
      if (q.endingBefore !== undefined) where.push(lt(auction.endTime, BigInt(q.endingBefore)));
      if (q.q) where.push(ilike(auction.title, `%${likeEscape(q.q)}%`));

      if (q.cursor !== undefined) {
        const decoded = decodeCursor(q.cursor);
        const valid =
          decoded?.s === q.sort &&
          decoded.o === order &&
          typeof decoded.k === "string" &&
          // bidCount is a Postgres integer; the other sort keys are uint256 values.
          (q.sort === "bids" ? /^\d{1,9}$/ : /^\d{1,78}$/).test(decoded.k) &&
          typeof decoded.id === "string" &&
          /^\d{1,78}$/.test(decoded.id);
        if (!valid || !decoded) {
          return c.json(
            badRequest([
              { field: "cursor", message: "must be a nextCursor returned for the same sort and order" },
            ]),
            400,
          );
        }
        const key = q.sort === "bids" ? Number(decoded.k) : BigInt(decoded.k as string);
        const id = BigInt(decoded.id as string);
        const beyond = order === "asc" ? gt : lt;
        where.push(
          or(beyond(sort.column, key as never), and(eq(sort.column, key as never), beyond(auction.id, id))),
        );
      }

      const direction = order === "asc" ? asc : desc;
      const rows = await db
        .select()
        .from(auction)
        .where(and(...where))
        .orderBy(direction(sort.column), direction(auction.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const lastKey = last
        ? { ending: last.endTime, newest: last.createdAt, price: last.currentPrice, bids: last.bidCount }[
            q.sort
          ]
        : undefined;
      return c.json({
        items: page.map((row) => serializeAuction(row, now)),
        nextCursor:
          rows.length > q.limit && last
            ? encodeCursor({ s: q.sort, o: order, k: String(lastKey), id: last.id.toString() })
            : null,
      });
    },
  ),
);

const idPath = z.object({ id: idParam });

/** The deal with its dispute (and, when asked, its reviews), for the detail routes. */
async function dealDetail(row: typeof deal.$inferSelect, title: string | null, withReviews: boolean) {
  const [disputeRow] = await db.select().from(dispute).where(eq(dispute.dealId, row.id)).limit(1);
  const reviews = withReviews
    ? (await db.select().from(review).where(eq(review.dealId, row.id)).orderBy(asc(review.cursor))).map(
        serializeReview,
      )
    : undefined;
  return serializeDeal(row, {
    title,
    dispute: disputeRow ? serializeDispute(disputeRow, row, title) : null,
    reviews,
  });
}

app.get(
  "/api/auctions/:id",
  cachedRoute(
    "auction",
    idPath,
    (c) => ({ id: c.req.param("id") }),
    async (c, { id }) => {
      // One round trip: the auction, its bids and (a deal's id is its auction's id) its deal.
      const [[row], bids, [dealRow]] = await Promise.all([
        db.select().from(auction).where(eq(auction.id, id)).limit(1),
        db.select().from(bid).where(eq(bid.auctionId, id)).orderBy(desc(bid.cursor)).limit(200),
        db.select().from(deal).where(eq(deal.id, id)).limit(1),
      ]);
      if (!row) return c.json({ error: `auction ${id} not found` }, 404);
      const commitments =
        row.format === "sealed"
          ? await db
              .select()
              .from(sealedBid)
              .where(eq(sealedBid.auctionId, id))
              .orderBy(asc(sealedBid.committedAt), asc(sealedBid.bidder))
          : [];
      const now = await chainNow();
      return c.json({
        auction: serializeAuction(row, now),
        bids: bids.map(serializeBid),
        commitments: commitments.map(serializeCommitment),
        deal: dealRow ? await dealDetail(dealRow, row.title, false) : null,
        // The "now" `status` was judged by, so pages can run their countdowns on the chain's clock.
        now: Number(now),
      });
    },
  ),
);

/* ------------------------------------------------------------------ deals, disputes ----- */

async function titlesOf(auctionIds: bigint[]): Promise<Map<bigint, string>> {
  if (auctionIds.length === 0) return new Map();
  const rows = await db
    .select({ id: auction.id, title: auction.title })
    .from(auction)
    .where(inArray(auction.id, auctionIds));
  return new Map(rows.map((row) => [row.id, row.title]));
}

app.get(
  "/api/deals/:id",
  cachedRoute(
    "deal",
    idPath,
    (c) => ({ id: c.req.param("id") }),
    async (c, { id }) => {
      const [row] = await db.select().from(deal).where(eq(deal.id, id)).limit(1);
      if (!row) return c.json({ error: `deal ${id} not found` }, 404);
      const titles = await titlesOf([row.auctionId]);
      return c.json({ deal: await dealDetail(row, titles.get(row.auctionId) ?? null, true) });
    },
  ),
);

const disputesQuery = z.object({
  status: z.enum(["open", "resolved", "conceded", "all"]).default("open"),
  limit: intInRange(1, 100).default(20),
  cursor: z.string().regex(CURSOR_PATTERN, "must be a nextCursor from a previous response").optional(),
});

app.get(
  "/api/disputes",
  cachedRoute(
    "disputes",
    disputesQuery,
    (c) => c.req.query(),
    async (c, { status, limit, cursor }) => {
      const rows = await db
        .select()
        .from(dispute)
        .where(
          and(
            status === "all" ? undefined : eq(dispute.status, status),
            cursor === undefined ? undefined : gt(dispute.cursor, cursor),
          ),
        )
        .orderBy(asc(dispute.cursor))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const deals =
        page.length === 0
          ? []
          : await db
              .select()
              .from(deal)
              .where(
                inArray(
                  deal.id,
                  page.map((row) => row.dealId),
                ),
              );
      const dealById = new Map(deals.map((row) => [row.id, row]));
      const titles = await titlesOf(deals.map((row) => row.auctionId));
      return c.json({
        items: page.map((row) => {
          const parent = dealById.get(row.dealId);
          return serializeDispute(row, parent, parent ? (titles.get(parent.auctionId) ?? null) : null);
        }),
        nextCursor: rows.length > limit ? (page.at(-1)?.cursor ?? null) : null,
      });
    },
  ),
);

/* ------------------------------------------------------------------ accounts ------------ */

app.get(
  "/api/accounts/:address",
  cachedRoute(
    "account",
    z.object({ address: addressParam }),
    (c) => ({ address: c.req.param("address") }),
    async (c, { address }) => {
      const [row] = await db.select().from(account).where(eq(account.address, address)).limit(1);
      if (!row) return c.json({ error: `account ${address} not found` }, 404);
      const now = await chainNow();
      const mine = or(eq(deal.buyer, address), eq(deal.seller, address));
      const [balances, reviews, auctions, bids, deals, [facts]] = await Promise.all([
        db
          .select()
          .from(houseBalance)
          .where(and(eq(houseBalance.account, address), ne(houseBalance.withdrawable, 0n)))
          .orderBy(asc(houseBalance.house)),
        db.select().from(review).where(eq(review.subject, address)).orderBy(desc(review.cursor)).limit(20),
        db
          .select()
          .from(auction)
          .where(eq(auction.seller, address))
          .orderBy(desc(auction.createdAt), desc(auction.id))
          .limit(20),
        db.select().from(bid).where(eq(bid.bidder, address)).orderBy(desc(bid.cursor)).limit(20),
        db.select().from(deal).where(mine).orderBy(desc(deal.cursor)).limit(20),
        // Facts over all its deals (not just the 20 above), for badges.
        db
          .select({
            completedDeals: sql<number>`count(*) filter (where ${deal.status} = 'completed')`.mapWith(Number),
            disputedDeals: count(dispute.dealId),
            firstSaleAt: sql<string | null>`min(${deal.openedAt}) filter (where ${deal.seller} = ${address})`,
            firstPurchaseAt: sql<
              string | null
            >`min(${deal.openedAt}) filter (where ${deal.buyer} = ${address})`,
          })
          .from(deal)
          .leftJoin(dispute, eq(dispute.dealId, deal.id))
          .where(mine),
      ]);
      const seconds = (value: string | null | undefined) => (value == null ? null : Number(value));
      const titles = await titlesOf(deals.map((d) => d.auctionId));
      return c.json({
        address: row.address,
        firstSeen: Number(row.firstSeen),
        lastSeen: Number(row.lastSeen),
        reputation: {
          sales: row.sales,
          purchases: row.purchases,
          soldVolume: amount(row.soldVolume),
          boughtVolume: amount(row.boughtVolume),
          volume: amount(row.soldVolume + row.boughtVolume),
          ratingCount: row.ratingCount,
          averageRating: averageRating(row.ratingSum, row.ratingCount),
          disputesWon: row.disputesWon,
          disputesLost: row.disputesLost,
          completedDeals: facts?.completedDeals ?? 0,
          disputedDeals: facts?.disputedDeals ?? 0,
          firstSaleAt: seconds(facts?.firstSaleAt),
          firstPurchaseAt: seconds(facts?.firstPurchaseAt),
        },
        balances: balances.map((b) => ({ house: b.house, withdrawable: amount(b.withdrawable) })),
        reviews: reviews.map(serializeReview),
        history: {
          auctions: auctions.map((a) => serializeAuction(a, now)),
          bids: bids.map(serializeBid),
          deals: deals.map((d) => serializeDeal(d, { title: titles.get(d.auctionId) ?? null })),
        },
      });
    },
  ),
);

const leaderboardQuery = z.object({
  by: z.enum(["volume", "sales", "rating"]).default("volume"),
  minReviews: intInRange(1, 1000).default(1),
  limit: intInRange(1, 100).default(20),
});

app.get(
  "/api/leaderboard",
  cachedRoute(
    "leaderboard",
    leaderboardQuery,
    (c) => c.req.query(),
    async (c, { by, minReviews, limit }) => {
      const [where, key] =
        by === "volume"
          ? [gt(account.soldVolume, 0n), account.soldVolume]
          : by === "sales"
            ? [gt(account.sales, 0), account.sales]
            : [gte(account.ratingCount, minReviews), account.ratingMilli];
      const rows = await db
        .select()
        .from(account)
        .where(where)
        .orderBy(desc(key), asc(account.address))
        .limit(limit);
      return c.json({
        by,
        items: rows.map((row, index) => ({
          rank: index + 1,
          address: row.address,
          sales: row.sales,
          soldVolume: amount(row.soldVolume),
          ratingCount: row.ratingCount,
          averageRating: averageRating(row.ratingSum, row.ratingCount),
        })),
      });
    },
  ),
);

/* ------------------------------------------------------------------ stats --------------- */

const statsQuery = z.object({ days: intInRange(1, 366).default(30) });

app.get(
  "/api/stats",
  cachedRoute(
    "stats",
    statsQuery,
    (c) => c.req.query(),
    async (c, { days }) => {
      const now = await chainNow();
      const firstDay = new Date((Number(now) - (days - 1) * 86_400) * 1000).toISOString().slice(0, 10);
      const [[totals], [auctions], [active], [openDisputes], [accounts], daily] = await Promise.all([
        db
          .select({
            bids: sum(dailyStats.bids),
            deals: sum(dailyStats.dealsOpened),
            disputes: sum(dailyStats.disputesOpened),
            volume: sum(dailyStats.volume),
            fees: sum(dailyStats.fees),
          })
          .from(dailyStats),
        db.select({ n: count() }).from(auction),
        db
          .select({ n: count() })
          .from(auction)
          .where(and(eq(auction.status, "active"), gt(auction.endTime, now))),
        db.select({ n: count() }).from(dispute).where(eq(dispute.status, "open")),
        db.select({ n: count() }).from(account),
        db.select().from(dailyStats).where(gte(dailyStats.day, firstDay)).orderBy(asc(dailyStats.day)),
      ]);
      const big = (value: string | null | undefined) => BigInt(value ?? "0");
      return c.json({
        totals: {
          auctions: auctions?.n ?? 0,
          activeAuctions: active?.n ?? 0,
          bids: Number(big(totals?.bids)),
          deals: Number(big(totals?.deals)),
          volume: amount(big(totals?.volume)),
          fees: amount(big(totals?.fees)),
          disputes: Number(big(totals?.disputes)),
          openDisputes: openDisputes?.n ?? 0,
          accounts: accounts?.n ?? 0,
        },
        daily: daily.map((d) => ({
          day: d.day,
          newListings: d.newListings,
          bids: d.bids,
          dealsOpened: d.dealsOpened,
          dealsCompleted: d.dealsCompleted,
          disputesOpened: d.disputesOpened,
          volume: amount(d.volume),
          fees: amount(d.fees),
        })),
      });
    },
  ),
);

/* ------------------------------------------------------------------ activity ------------ */

const activityQuery = z.object({
  after: z.string().regex(CURSOR_PATTERN, "must be a cursor from a previous response").optional(),
  limit: intInRange(1, 200).default(50),
});

async function activityAfter(after: string | undefined, limit: number) {
  return db
    .select()
    .from(activity)
    .where(after === undefined ? undefined : gt(activity.cursor, after))
    .orderBy(asc(activity.cursor))
    .limit(limit);
}

/**
 * The activity feed in chain order, strictly after `after`. `nextCursor` is the cursor to pass
 * next time (the last item's, or `after` again when nothing is new); `hasMore` says whether
 * another page is already waiting.
 */
app.get("/api/activity", async (c) => {
  const query = parseParams(activityQuery, c.req.query());
  if (!query.ok) return c.json(query.body, 400);
  const { after, limit } = query.value;
  const rows = await activityAfter(after, limit + 1);
  const items = rows.slice(0, limit).map(serializeActivity);
  return c.json({
    items,
    nextCursor: items.at(-1)?.cursor ?? after ?? null,
    hasMore: rows.length > limit,
  });
});

const STREAM_POLL_MS = 100;
const KEEP_ALIVE_MS = 15_000;
const cursorField = z.string().regex(CURSOR_PATTERN, "must be a cursor from a previous event");

/**
 * Server-sent events: every feed item after `Last-Event-ID` (or `after`, or the current end),
 * then new ones as they are indexed. See API.md for keep-alives and the `reorg` event.
 */
app.get("/api/activity/stream", async (c) => {
  const lastEventId = c.req.header("last-event-id");
  const after = c.req.query("after");
  const query = parseParams(
    z.object({ "Last-Event-ID": cursorField.optional(), after: cursorField.optional() }),
    { "Last-Event-ID": lastEventId || undefined, after: after || undefined },
  );
  if (!query.ok) return c.json(query.body, 400);
  let last = query.value["Last-Event-ID"] ?? query.value.after;
  if (last === undefined) {
    const [newest] = await db
      .select({ cursor: activity.cursor })
      .from(activity)
      .orderBy(desc(activity.cursor))
      .limit(1);
    last = newest?.cursor;
  }
  c.header("cache-control", "no-cache");
  c.header("x-accel-buffering", "no");
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => {
      closed = true;
    });
    let lastWrite = Date.now();
    // What this connection sent recently (cursor and transaction), newest last: after a reorg
    // the same cursor can hold a different event, so both must still match.
    const sent: { cursor: string; hash: string }[] = [];
    const stillThere = async (item: { cursor: string; hash: string }) => {
      const [row] = await db
        .select({ hash: activity.transactionHash })
        .from(activity)
        .where(eq(activity.cursor, item.cursor))
        .limit(1);
      return row?.hash === item.hash;
    };
    while (!closed) {
      const newest = sent.at(-1);
      if (newest && !(await stillThere(newest))) {
        // A reorg replaced what was sent last: rewind to the newest item sent that survived
        // (or to just before the oldest one remembered) and send the canonical events again.
        let oldestGone = newest;
        sent.pop();
        for (let item = sent.at(-1); item && !(await stillThere(item)); item = sent.at(-1)) {
          oldestGone = item;
          sent.pop();
        }
        const survivor = sent.at(-1)?.cursor;
        if (survivor === undefined) {
          const [before] = await db
            .select({ cursor: activity.cursor })
            .from(activity)
            .where(lt(activity.cursor, oldestGone.cursor))
            .orderBy(desc(activity.cursor))
            .limit(1);
          last = before?.cursor;
        } else last = survivor;
        await stream.writeSSE({
          event: "reorg",
          id: last ?? "000000000000-000000-000000",
          data: JSON.stringify({ cursor: last ?? null }),
        });
        lastWrite = Date.now();
      }
      const rows = await activityAfter(last, 500);
      // A page that hears of an event reloads at once: the read routes must not answer it from
      // a freshness reading (or cached response) taken before the event was indexed.
      if (rows.length > 0) freshness = undefined;
      for (const row of rows) {
        await stream.writeSSE({ id: row.cursor, data: JSON.stringify(serializeActivity(row)) });
        last = row.cursor;
        sent.push({ cursor: row.cursor, hash: row.transactionHash });
      }
      if (sent.length > 2_000) sent.splice(0, sent.length - 1_000);
      if (rows.length > 0) lastWrite = Date.now();
      else if (Date.now() - lastWrite >= KEEP_ALIVE_MS) {
        await stream.write(": keep-alive\n\n");
        lastWrite = Date.now();
      }
      if (rows.length < 500) await stream.sleep(STREAM_POLL_MS);
    }
  });
});

/* ------------------------------------------------------------------ readiness ----------- */

/** 200 once the backfill is done and the last indexed block is the chain's head; 503 before. */
app.get("/api/ready", async (c) => {
  // A raw eth_getBlockByNumber("latest"): viem's getBlockNumber may answer from its cache, and
  // the head's timestamp lets clients (the bot's lag metrics) measure lag in seconds too.
  const [state, head] = await Promise.all([
    indexingState(),
    publicClients.chain.request({ method: "eth_getBlockByNumber", params: ["latest", false] }),
  ]);
  if (!head?.number) throw new Error("the node returned no latest block");
  const headBlock = Number(BigInt(head.number));
  noteFreshness(state); // what the read routes see from now on is at least this fresh
  const ready = state.ready && state.indexedBlock !== null && state.indexedBlock >= headBlock;
  return c.json(
    {
      ready,
      indexedBlock: state.indexedBlock,
      headBlock,
      indexedTimestamp: state.indexedBlock === null ? null : Number(state.indexedTimestamp),
      headTimestamp: Number(BigInt(head.timestamp)),
    },
    ready ? 200 : 503,
  );
});

/** Any other path or method: a JSON 404 (Ponder's own /health, /ready, /status, /metrics come first). */
app.all("*", (c) => c.json({ error: "not found" }, 404));

export default app;
