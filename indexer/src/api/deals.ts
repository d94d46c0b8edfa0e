// /api/deals/{id} and /api/disputes.
import { db } from "ponder:api";
import { auction, deal, dispute, review } from "ponder:schema";
import { and, asc, eq, gt, inArray } from "ponder";
import { serializeDeal, serializeDispute, serializeReview } from "./format.ts";
import { getDeal, listDisputes } from "./routes.ts";
import { cached, resourceApp } from "./runtime.ts";

/** Auction titles by id. */
export async function titlesOf(auctionIds: bigint[]): Promise<Map<bigint, string>> {
  if (auctionIds.length === 0) return new Map();
  const rows = await db
    .select({ id: auction.id, title: auction.title })
    .from(auction)
    .where(inArray(auction.id, auctionIds));
  return new Map(rows.map((row) => [row.id, row.title]));
}

/** The deal with its dispute (and, when asked, its reviews), for the detail routes. */
export async function dealDetail(row: typeof deal.$inferSelect, title: string | null, withReviews: boolean) {
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

export const deals = resourceApp();

deals.openapi(getDeal, (c) => {
  const { id } = c.req.valid("param");
  return cached(c, "deal", { id }, async () => {
    const [row] = await db.select().from(deal).where(eq(deal.id, id)).limit(1);
    if (!row) return c.json({ error: `deal ${id} not found` }, 404);
    const titles = await titlesOf([row.auctionId]);
    return c.json({ deal: await dealDetail(row, titles.get(row.auctionId) ?? null, true) }, 200);
  });
});

deals.openapi(listDisputes, (c) => {
  const query = c.req.valid("query");
  return cached(c, "disputes", query, async () => {
    const { status, limit, cursor } = query;
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
    const parents =
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
    const dealById = new Map(parents.map((row) => [row.id, row]));
    const titles = await titlesOf(parents.map((row) => row.auctionId));
    return c.json(
      {
        items: page.map((row) => {
          const parent = dealById.get(row.dealId);
          return serializeDispute(row, parent, parent ? (titles.get(parent.auctionId) ?? null) : null);
        }),
        nextCursor: rows.length > limit ? (page.at(-1)?.cursor ?? null) : null,
      },
      200,
    );
  });
});
