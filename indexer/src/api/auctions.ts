// /api/auctions and /api/auctions/{id}.
import { db } from "ponder:api";
import { auction, bid, deal, gavelConfig, sealedBid } from "ponder:schema";
import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, lte, or } from "ponder";
import { dealDetail } from "./deals.ts";
import { decodeCursor, encodeCursor, serializeAuction, serializeBid, serializeCommitment } from "./format.ts";
import { badRequest } from "./params.ts";
import { getAuction, listAuctions } from "./routes.ts";
import { cached, chainNow, resourceApp } from "./runtime.ts";

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

auctions.openapi(getAuction, (c) => {
  const { id } = c.req.valid("param");
  return cached(c, "auction", { id }, async () => {
    // One round trip: the auction, its bids and (a deal's id is its auction's id) its deal.
    const [[row], bids, [dealRow], [config]] = await Promise.all([
      db.select().from(auction).where(eq(auction.id, id)).limit(1),
      db.select().from(bid).where(eq(bid.auctionId, id)).orderBy(desc(bid.cursor)).limit(200),
      db.select().from(deal).where(eq(deal.id, id)).limit(1),
      // The platform's pause (the auction's clocks stand still while it lasts), as indexed: the
      // page needs no RPC read of its own.
      db
        .select({ paused: gavelConfig.paused, pausedAt: gavelConfig.pausedAt })
        .from(gavelConfig)
        .where(eq(gavelConfig.id, "config"))
        .limit(1),
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
    return c.json(
      {
        auction: serializeAuction(row, now),
        bids: bids.map(serializeBid),
        commitments: commitments.map(serializeCommitment),
        deal: dealRow ? await dealDetail(dealRow, row.title, false) : null,
        // The "now" `status` was judged by, so pages can run their countdowns on the chain's clock.
        now: Number(now),
        pausedAt: config?.paused && config.pausedAt !== null ? Number(config.pausedAt) : null,
      },
      200,
    );
  });
});
