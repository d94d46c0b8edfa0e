// The live route's relay of the indexer's event stream, fed in awkward chunks (split mid-line,
// CRLF line ends) as a real network delivers them.
import { describe, expect, test } from "vitest";
import { liveAuctionStream } from "./live.ts";

const HOUSE = "0x00000000000000000000000000000000000000aa";

function upstream(chunks: string[]): ReadableStream<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function relayed(chunks: string[], auctionId = "7"): Promise<string> {
  return new Response(liveAuctionStream(upstream(chunks), auctionId, HOUSE, () => {})).text();
}

const item = (cursor: string, event: string, data: Record<string, string>) =>
  `id: ${cursor}\ndata: ${JSON.stringify({ cursor, event, data })}\n\n`;

describe("liveAuctionStream", () => {
  test("relays this auction's events with their ids, and only the id of other auctions' events", async () => {
    const text = item("1-1", "BidPlaced", { auctionId: "7" }) + item("1-2", "BidPlaced", { auctionId: "8" });
    const out = await relayed([text.slice(0, 13), text.slice(13, 50), text.slice(50)]);
    expect(out).toBe(
      ": connected\n\n" +
        `id: 1-1\ndata: ${JSON.stringify({ event: "BidPlaced", cursor: "1-1", house: HOUSE })}\n\n` +
        "id: 1-2\n\n",
    );
  });

  test("deal events of the auction pass; balance events and named events do not", async () => {
    const out = await relayed([
      item("2-1", "DealShipped", { dealId: "7" }).replace(/\n/g, "\r\n"),
      item("2-2", "BalanceCredited", { auctionId: "7", account: "0xabc" }),
      "event: reorg\ndata: {}\n\n",
      "data: not json\n\n",
    ]);
    expect(out).toBe(
      ": connected\n\n" +
        `id: 2-1\ndata: ${JSON.stringify({ event: "DealShipped", cursor: "2-1", house: HOUSE })}\n\n` +
        "id: 2-2\n\n",
    );
  });

  test("keep-alive comments pass through as keep-alives", async () => {
    const out = await relayed([": ping\n\n", item("3-1", "Outbid", { auctionId: "7" })]);
    expect(out.startsWith(": connected\n\n: keep-alive\n\nid: 3-1\n")).toBe(true);
  });
});
