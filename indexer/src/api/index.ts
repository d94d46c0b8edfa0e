// The indexer's HTTP API: Ponder's GraphQL and SQL-over-HTTP plus Gavel's REST routes. Ponder
// itself serves /health, /ready, /status and /metrics on the same port (and reserves those paths).
import { db } from "ponder:api";
import schema, { activity } from "ponder:schema";
import { Hono } from "hono";
import { asc, client, graphql, gt } from "ponder";
import { z } from "zod";
import { CURSOR_PATTERN } from "../activity.ts";

const app = new Hono();

app.use("/graphql", graphql({ db, schema }));
app.use("/sql/*", client({ db, schema }));

/** Checks `c.req.query()` against `shape`; a bad parameter becomes HTTP 400 naming it. */
function parseQuery<T extends z.ZodType>(shape: T, query: Record<string, string>) {
  const parsed = shape.safeParse(query);
  if (parsed.success) return { ok: true as const, value: parsed.data as z.infer<T> };
  const issues = parsed.error.issues.map((issue) => ({
    field: issue.path.join("."),
    message: issue.message,
  }));
  return {
    ok: false as const,
    body: { error: `invalid query parameter: ${issues.map((i) => i.field).join(", ")}`, issues },
  };
}

const activityQuery = z.object({
  after: z.string().regex(CURSOR_PATTERN, "must be a cursor from a previous response").optional(),
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
});

type ActivityRow = typeof activity.$inferSelect;

function serializeActivity(row: ActivityRow) {
  return {
    cursor: row.cursor,
    contract: row.contract,
    event: row.event,
    blockNumber: Number(row.blockNumber),
    transactionIndex: row.transactionIndex,
    logIndex: row.logIndex,
    timestamp: Number(row.timestamp),
    transactionHash: row.transactionHash,
    data: row.data,
  };
}

/**
 * The activity feed in chain order, strictly after `after`. `nextCursor` is the cursor to pass
 * next time (the last item's, or `after` again when nothing is new); `hasMore` says whether
 * another page is already waiting.
 */
app.get("/api/activity", async (c) => {
  const query = parseQuery(activityQuery, c.req.query());
  if (!query.ok) return c.json(query.body, 400);
  const { after, limit } = query.value;
  const rows = await db
    .select()
    .from(activity)
    .where(after === undefined ? undefined : gt(activity.cursor, after))
    .orderBy(asc(activity.cursor))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(serializeActivity);
  return c.json({
    items,
    nextCursor: items.at(-1)?.cursor ?? after ?? null,
    hasMore: rows.length > limit,
  });
});

export default app;
