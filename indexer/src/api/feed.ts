// /api/activity (the feed, paged) and /api/activity/stream (the same as server-sent events).
import { db } from "ponder:api";
import { activity } from "ponder:schema";
import { streamSSE } from "hono/streaming";
import { asc, desc, eq, gt, lt } from "ponder";
import { serializeActivity } from "./format.ts";
import { parseParams } from "./params.ts";
import { listActivity, streamStart } from "./routes.ts";
import { forgetFreshness, resourceApp } from "./runtime.ts";

const STREAM_POLL_MS = 100;
const KEEP_ALIVE_MS = 15_000;

async function activityAfter(after: string | undefined, limit: number) {
  return db
    .select()
    .from(activity)
    .where(after === undefined ? undefined : gt(activity.cursor, after))
    .orderBy(asc(activity.cursor))
    .limit(limit);
}

export const feed = resourceApp();

/**
 * The activity feed in chain order, strictly after `after`. `nextCursor` is the cursor to pass
 * next time (the last item's, or `after` again when nothing is new); `hasMore` says whether
 * another page is already waiting.
 */
feed.openapi(listActivity, async (c) => {
  const { after, limit } = c.req.valid("query");
  const rows = await activityAfter(after, limit + 1);
  const items = rows.slice(0, limit).map(serializeActivity);
  return c.json(
    { items, nextCursor: items.at(-1)?.cursor ?? after ?? null, hasMore: rows.length > limit },
    200,
  );
});

/**
 * Server-sent events: every feed item after `Last-Event-ID` (or `after`, or the current end),
 * then new ones as they are indexed (routes.ts describes keep-alives and the `reorg` event). Its
 * parameters are checked here rather than by the route's validator: an empty one means "absent",
 * and a bad header is named as sent (`Last-Event-ID`).
 */
feed.get("/api/activity/stream", async (c) => {
  const query = parseParams(streamStart, {
    "Last-Event-ID": c.req.header("last-event-id") || undefined,
    after: c.req.query("after") || undefined,
  });
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
      if (rows.length > 0) forgetFreshness();
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
