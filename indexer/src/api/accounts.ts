// /api/accounts/{address} (profiles) and /api/leaderboard.
import { db } from "ponder:api";
import { account, auction, bid, deal, dispute, houseBalance, review } from "ponder:schema";
import { and, asc, count, desc, eq, gt, gte, inArray, ne, or, sql } from "ponder";
import { titlesOf } from "./deals.ts";
import {
  amount,
  averageRating,
  serializeAuction,
  serializeBid,
  serializeDeal,
  serializeReview,
  weightedRating,
} from "./format.ts";
import { getAccount, getLeaderboard, getReputations } from "./routes.ts";
import { cached, chainNow, resourceApp } from "./runtime.ts";

export const accounts = resourceApp();

accounts.openapi(getAccount, (c) => {
  const { address } = c.req.valid("param");
  return cached(c, "account", { address }, async () => {
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
    return c.json(
      {
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
          weightedRating: weightedRating(row.ratingWeightedSum, row.ratingWeight),
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
      },
      200,
    );
  });
});

accounts.openapi(getReputations, (c) => {
  const query = c.req.valid("query");
  return cached(c, "reputations", query, async () => {
    const rows = await db.select().from(account).where(inArray(account.address, query.addresses));
    const byAddress = new Map(rows.map((row) => [row.address, row]));
    return c.json(
      {
        items: query.addresses.map((address) => {
          const row = byAddress.get(address);
          return {
            address,
            ratingCount: row?.ratingCount ?? 0,
            averageRating: row ? averageRating(row.ratingSum, row.ratingCount) : null,
            weightedRating: row ? weightedRating(row.ratingWeightedSum, row.ratingWeight) : null,
            sales: row?.sales ?? 0,
            completedDeals: row?.completedDeals ?? 0,
            disputesLost: row?.disputesLost ?? 0,
            memberSince: row ? Number(row.firstSeen) : null,
          };
        }),
      },
      200,
    );
  });
});

accounts.openapi(getLeaderboard, (c) => {
  const query = c.req.valid("query");
  return cached(c, "leaderboard", query, async () => {
    const { by, minReviews, limit } = query;
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
    return c.json(
      {
        by,
        items: rows.map((row, index) => ({
          rank: index + 1,
          address: row.address,
          sales: row.sales,
          soldVolume: amount(row.soldVolume),
          ratingCount: row.ratingCount,
          averageRating: averageRating(row.ratingSum, row.ratingCount),
        })),
      },
      200,
    );
  });
});
