import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * The indexer's activity stream (server-sent events) narrowed to one auction, as the bytes of a
 * new event stream for the browser. Parsing is `eventsource-parser`'s. Each relayed message is
 * `{ event, cursor, house }` with the upstream id (the cursor), so a reconnecting browser's
 * `Last-Event-ID` resumes where it was; messages about other auctions pass as a bare `id:` (the
 * browser's position moves on without waking the page). Keep-alive comments pass through; named
 * events (reorg notices) and data that is not JSON are dropped. A read error ends the stream
 * quietly: the browser's EventSource reconnects.
 */
export function liveAuctionStream(
  upstream: ReadableStream<Uint8Array<ArrayBuffer>>,
  auctionId: string,
  house: string,
  onCancel: () => void,
): ReadableStream<Uint8Array> {
  const reader = upstream.pipeThrough(new TextDecoderStream()).getReader();
  const encoder = new TextEncoder();
  const pending: string[] = [];
  const parser = createParser({
    onComment: () => pending.push(KEEP_ALIVE),
    onEvent: (message) => {
      const out = relay(message, auctionId, house);
      if (out) pending.push(out);
    },
  });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Sent at once, so the browser's EventSource opens before the first event.
      controller.enqueue(encoder.encode(": connected\n\n"));
    },
    async pull(controller) {
      for (;;) {
        const out = pending.shift();
        if (out !== undefined) {
          controller.enqueue(encoder.encode(out));
          return;
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
        parser.feed(chunk.value);
      }
    },
    cancel() {
      onCancel();
    },
  });
}

const KEEP_ALIVE = ": keep-alive\n\n";

/** What one upstream message becomes for the browser, or null to drop it. */
function relay(message: EventSourceMessage, auctionId: string, house: string): string | null {
  if (message.event) return null; // reorg notices: the page reloads anyway
  let item: { event?: string; cursor?: string; data?: Record<string, unknown> };
  try {
    item = JSON.parse(message.data);
  } catch {
    return null;
  }
  const about = item.data?.auctionId === auctionId || item.data?.dealId === auctionId;
  const fromHouse = typeof item.data?.account === "string"; // balances: not about one auction
  if (!about || fromHouse) return message.id ? `id: ${message.id}\n\n` : null;
  return `id: ${message.id ?? item.cursor}\ndata: ${JSON.stringify({ event: item.event, cursor: item.cursor, house })}\n\n`;
}
