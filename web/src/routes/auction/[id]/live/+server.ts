import { getAuction, openActivityStream } from "#lib/server/indexer.ts";
import { liveAuctionStream } from "#lib/server/live.ts";
import { INDEXER_URL } from "$app/env/private";
import type { RequestHandler } from "./$types";

/**
 * Server-sent events for one auction: the indexer's activity stream (`/api/activity/stream`)
 * filtered to events about this auction (its id as `auctionId` or `dealId`) by `liveAuctionStream`.
 * Each message is `{ event, cursor, house }`; the page then reloads its data. `Last-Event-ID` is
 * forwarded so a reconnecting browser misses nothing.
 */
export const GET: RequestHandler = async ({ params, request, fetch }) => {
  const id = params.id;
  if (!/^\d{1,78}$/.test(id)) return new Response("bad id", { status: 400 });
  // Only auctions that exist (and a house we know of) get a stream.
  const exists = await getAuction({ baseUrl: INDEXER_URL, fetch }, id);
  if (!exists.ok) return new Response(null, { status: exists.problem === "not_found" ? 404 : 503 });
  const house = exists.value.auction.house;

  const upstream = new AbortController();
  request.signal.addEventListener("abort", () => upstream.abort());
  const lastId = request.headers.get("last-event-id");
  const response = await openActivityStream(
    { baseUrl: INDEXER_URL, fetch },
    lastId && /^\d{12}-\d{6}-\d{6}$/.test(lastId) ? lastId : undefined,
    upstream.signal,
  );
  if (!response?.body) return new Response(null, { status: 503 });

  const stream = liveAuctionStream(response.body, id, house, () => upstream.abort());

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
};
