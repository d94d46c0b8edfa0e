// /api/stats: marketplace totals and daily rows.
import { db } from "ponder:api";
import { account, auction, dailyStats, dispute } from "ponder:schema";
import { and, asc, count, eq, gt, gte, sum } from "ponder";
import { amount } from "./format.ts";
import { getStats } from "./routes.ts";
import { cached, chainNow, resourceApp } from "./runtime.ts";

export const stats = resourceApp();

stats.openapi(getStats, (c) => {
  const query = c.req.valid("query");
  return cached(c, "stats", query, async () => {
    const { days } = query;
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
    return c.json(
      {
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
      },
      200,
    );
  });
});
