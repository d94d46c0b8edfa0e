import { type ActivityItem, getAuction, openActivityStream } from "#lib/server/indexer.ts";
import { INDEXER_URL } from "$app/env/private";
import type { RequestHandler } from "./$types";

/**
 * Server-sent events for one auction: the indexer's activity stream (`/api/activity/stream`)
 * filtered to events about this auction (its id as `auctionId` or `dealId`). Each message is
 * `{ event, cursor }`; the page then reloads its data. Keep-alive comments pass through, and
 * `Last-Event-ID` is forwarded so a reconnecting browser misses nothing.
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

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const encoder = new TextEncoder();
  let buffer = "";
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // Sent at once, so the browser's EventSource opens before the first event.
      controller.enqueue(encoder.encode(": connected\n\n"));
    },
    async pull(controller) {
      for (;;) {
        const boundary = buffer.indexOf("\n\n");
        if (boundary >= 0) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const out = filter(message);
          if (out) {
            controller.enqueue(encoder.encode(out));
            return;
          }
          continue;
        }
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch {
          controller.close();
          return;
        }
        if (chunk.done) {
          controller.close();
          return;
        }
        buffer += chunk.value.replace(/\r\n/g, "\n");
      }
    },
    cancel() {
      upstream.abort();
    },
  });

  function filter(message: string): string | null {
    const lines = message.split("\n");
    if (lines.every((line) => line.startsWith(":"))) return ": keep-alive\n\n";
    const data = lines
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    const eventId = lines
      .find((line) => line.startsWith("id:"))
      ?.slice(3)
      .trim();
    if (lines.some((line) => line.startsWith("event:"))) return null; // reorg notices: the page reloads anyway
    try {
      const item = JSON.parse(data) as Partial<ActivityItem>;
      const about = item.data?.auctionId === id || item.data?.dealId === id;
      const fromHouse = typeof item.data?.account === "string"; // balances: not about one auction
      if (!about || fromHouse) return eventId ? `id: ${eventId}\n\n` : null;
      return `id: ${eventId ?? item.cursor}\ndata: ${JSON.stringify({ event: item.event, cursor: item.cursor, house })}\n\n`;
    } catch {
      return null;
    }
  }

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
};
