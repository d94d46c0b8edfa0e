// /api/auctions and /api/auctions/{id}.
import { db } from "ponder:api";
import { auction, bid, deal, gavelConfig, sealedBid } from "ponder:schema";
import { LRUCache } from "lru-cache";
import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, lte, or } from "ponder";
import { dealDetail } from "./deals.ts";
import { decodeCursor, encodeCursor, serializeAuction, serializeBid, serializeCommitment } from "./format.ts";
import { badRequest } from "./params.ts";
import { getAuction, listAuctions } from "./routes.ts";
import { cached, chainNow, env, resourceApp } from "./runtime.ts";

const SORTS = {
  ending: { column: auction.endTime, order: "asc" },
  newest: { column: auction.createdAt, order: "desc" },
  price: { column: auction.currentPrice, order: "asc" },
  bids: { column: auction.bidCount, order: "desc" },
} as const;

/** `%`, `_` and `\` match themselves in the title search. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export const auctions = resourceApp();

auctions.openapi(listAuctions, (c) => {
  const q = c.req.valid("query");
  return cached(c, "auctions", q, async () => {
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
    return c.json(
      {
        items: page.map((row) => serializeAuction(row, now)),
        nextCursor:
          rows.length > q.limit && last
            ? encodeCursor({ s: q.sort, o: order, k: String(lastKey), id: last.id.toString() })
            : null,
        // As on /api/auctions/{id}: pages run their cards' countdowns on this clock.
        now: Number(now),
      },
      200,
    );
  });
});

/**
 * What an auction page holds besides its own row, as JSON text: its latest 200 bids, its sealed
 * commitments and its deal (with its dispute). It changes only with a house event naming the
 * auction, so it is kept per `auction.revision` (the row says which is current) instead of being
 * read again at every block: a much-bid auction's 200 bids cost about 1.8 ms of the API's CPU and
 * 0.9 ms of Postgres's to read and write out, once a second per replica while anyone watched it.
 * Bounded in bytes like the response cache (RESPONSE_CACHE_BYTES each); 0 keeps nothing.
 */
interface PageParts {
  revision: string;
  bids: string;
  commitments: string;
  deal: string;
}
const partsKept =
  env.responseCacheBytes > 0
    ? new LRUCache<string, PageParts>({
        maxSize: env.responseCacheBytes,
        sizeCalculation: (p) => p.bids.length + p.commitments.length + p.deal.length + p.revision.length + 64,
      })
    : undefined;
/** Reads under way, by auction and revision: a burst of requests for one page reads it once. */
const partsReading = new Map<string, Promise<PageParts>>();

async function readPageParts(row: typeof auction.$inferSelect): Promise<PageParts> {
  const id = row.id;
  const [bids, [dealRow], commitments] = await Promise.all([
    db.select().from(bid).where(eq(bid.auctionId, id)).orderBy(desc(bid.cursor)).limit(200),
    db.select().from(deal).where(eq(deal.id, id)).limit(1),
    row.format === "sealed"
      ? db
          .select()
          .from(sealedBid)
          .where(eq(sealedBid.auctionId, id))
          .orderBy(asc(sealedBid.committedAt), asc(sealedBid.bidder))
      : [],
  ]);
  return {
    revision: row.revision ?? "",
    bids: JSON.stringify(bids.map(serializeBid)),
    commitments: JSON.stringify(commitments.map(serializeCommitment)),
    deal: JSON.stringify(dealRow ? await dealDetail(dealRow, row.title, false) : null),
  };
}

/** The page parts of `row`'s auction at its revision: kept, or read (and kept if still current). */
async function pageParts(row: typeof auction.$inferSelect): Promise<PageParts> {
  const revision = row.revision;
  const key = row.id.toString();
  const hit = partsKept?.get(key);
  if (revision !== null && hit?.revision === revision) return hit;
  const flight = `${key} ${revision}`;
  const shared = partsReading.get(flight);
  if (shared) return shared;
  const reading = (async () => {
    const parts = await readPageParts(row);
    // Kept only if the auction's revision did not move while the parts were read: a block
    // committed in between could have put newer bids in them than the revision names (and a
    // reorg could later bring that revision back without them).
    const [now] = await db.select({ revision: auction.revision }).from(auction).where(eq(auction.id, row.id));
    if (revision !== null && now?.revision === revision) partsKept?.set(key, parts);
    return parts;
  })().finally(() => partsReading.delete(flight));
  partsReading.set(flight, reading);
  return reading;
}

auctions.openapi(getAuction, (c) => {
  const { id } = c.req.valid("param");
  return cached(c, "auction", { id }, async () => {
    const [[row], [config]] = await Promise.all([
      db.select().from(auction).where(eq(auction.id, id)).limit(1),
      // The platform's pause (the auction's clocks stand still while it lasts), as indexed: the
      // page needs no RPC read of its own.
      db
        .select({ paused: gavelConfig.paused, pausedAt: gavelConfig.pausedAt })
        .from(gavelConfig)
        .where(eq(gavelConfig.id, "config"))
        .limit(1),
    ]);
    if (!row) return c.json({ error: `auction ${id} not found` }, 404);
    const parts = await pageParts(row);
    const now = await chainNow();
    const pausedAt = config?.paused && config.pausedAt !== null ? Number(config.pausedAt) : null;
    // The same JSON as c.json of { auction, bids, commitments, deal, now, pausedAt }, with the kept
    // parts written in as they are. `now` is the "now" `status` was judged by, so pages can run
    // their countdowns on the chain's clock.
    const body = `{"auction":${JSON.stringify(serializeAuction(row, now))},"bids":${parts.bids},"commitments":${parts.commitments},"deal":${parts.deal},"now":${Number(now)},"pausedAt":${JSON.stringify(pausedAt)}}`;
    return c.body(body, 200, { "content-type": "application/json" }) as never;
  });
});
