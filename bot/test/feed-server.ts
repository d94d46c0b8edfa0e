// A stand-in for the indexer's activity feed, serving items shaped exactly like Ponder's
// `GET /api/activity` (see indexer/src/api/index.ts) and the coming `GET /api/activity/stream`
// (server-sent events: `id:` the cursor, `data:` the item JSON, resumed with Last-Event-ID).
import { createServer, type ServerResponse } from "node:http";

export interface FeedItem {
  cursor: string;
  contract: string;
  event: string;
  blockNumber: number;
  transactionIndex: number;
  logIndex: number;
  timestamp: number;
  transactionHash: string;
  data: Record<string, string>;
}

const cursorOf = (block: number, tx: number, log: number) =>
  `${String(block).padStart(12, "0")}-${String(tx).padStart(6, "0")}-${String(log).padStart(6, "0")}`;

export async function startFeedServer() {
  const items: FeedItem[] = [];
  const streams = new Set<ServerResponse>();
  const requests: { path: string; lastEventId: string | undefined; at: number }[] = [];
  let block = 100;
  let logIndex = 0;
  let streamEnabled = false;
  let pollingEnabled = true;
  /** What /api/ready reports: the chain head beyond the last item's block (0: at it). */
  let headAhead = { blocks: 0, seconds: 0 };

  const send = (res: ServerResponse, item: FeedItem) =>
    res.write(`id: ${item.cursor}\nevent: activity\ndata: ${JSON.stringify(item)}\n\n`);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const lastEventId = req.headers["last-event-id"];
    requests.push({
      path: url.pathname,
      lastEventId: typeof lastEventId === "string" ? lastEventId : undefined,
      at: Date.now(),
    });
    if (url.pathname === "/api/activity") {
      if (!pollingEnabled) {
        res.writeHead(503, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "unavailable" }));
      }
      const after = url.searchParams.get("after") ?? undefined;
      const limit = Number(url.searchParams.get("limit") ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "invalid query parameter: limit" }));
      }
      const rest = items.filter((item) => after === undefined || item.cursor > after);
      const page = rest.slice(0, limit);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          items: page,
          nextCursor: page.at(-1)?.cursor ?? after ?? null,
          hasMore: rest.length > limit,
        }),
      );
    }
    if (url.pathname === "/api/ready") {
      // The indexer has indexed every block up to the last item's; the head may be further.
      const last = items.at(-1);
      const indexedTimestamp = last?.timestamp ?? Math.floor(Date.now() / 1000);
      const body = {
        ready: headAhead.blocks === 0,
        indexedBlock: block,
        headBlock: block + headAhead.blocks,
        indexedTimestamp,
        headTimestamp: indexedTimestamp + headAhead.seconds,
      };
      res.writeHead(body.ready ? 200 : 503, { "content-type": "application/json" });
      return res.end(JSON.stringify(body));
    }
    if (url.pathname === "/api/activity/stream") {
      if (!streamEnabled) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "not found" }));
      }
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write("retry: 1000\n\n");
      const from = typeof lastEventId === "string" ? lastEventId : "";
      for (const item of items) if (item.cursor > from) send(res, item);
      streams.add(res);
      res.on("close", () => streams.delete(res));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;

  return {
    url,
    items,
    requests,
    /**
     * Appends an event (in a new block unless `sameBlock`) and streams it to open streams;
     * `streamLater`: /api/activity has it at once, open streams only once `stream(item)` is called
     * (a stream falling behind what the indexer committed).
     */
    add(
      contract: string,
      event: string,
      data: Record<string, string>,
      options: { sameBlock?: boolean; streamLater?: boolean } = {},
    ) {
      if (!options.sameBlock) {
        block += 1;
        logIndex = 0;
      }
      const item: FeedItem = {
        cursor: cursorOf(block, 0, logIndex),
        contract,
        event,
        blockNumber: block,
        transactionIndex: 0,
        logIndex,
        timestamp: Math.floor(Date.now() / 1000),
        transactionHash: `0x${block.toString(16).padStart(8, "0")}${"ab".repeat(28)}`,
        data,
      };
      logIndex += 1;
      items.push(item);
      if (!options.streamLater) for (const res of streams) send(res, item);
      return item;
    },
    /**
     * A reorg that moves a transaction to a later block: the indexer drops its events (and its
     * cursors) and records them again, the same transaction and arguments, at the new height.
     */
    moveToNewBlock(moved: FeedItem[]) {
      for (const item of moved) items.splice(items.indexOf(item), 1);
      block += 1;
      return moved.map((item, i) => {
        const again: FeedItem = { ...item, blockNumber: block, logIndex: i, cursor: cursorOf(block, 0, i) };
        items.push(again);
        for (const res of streams) send(res, again);
        return again;
      });
    },
    /** Streams an item added with `streamLater` to the open streams. */
    stream(item: FeedItem) {
      for (const res of streams) send(res, item);
    },
    /** Makes /api/ready report a chain head `blocks` (and `seconds`) beyond the indexed block. */
    setHeadAhead(blocks: number, seconds = blocks * 2) {
      headAhead = { blocks, seconds };
    },
    setStream(enabled: boolean) {
      streamEnabled = enabled;
    },
    setPolling(enabled: boolean) {
      pollingEnabled = enabled;
    },
    /** Cuts every open stream (the client should reconnect with Last-Event-ID). */
    dropStreams() {
      for (const res of streams) res.destroy();
      streams.clear();
    },
    openStreams: () => streams.size,
    async close() {
      for (const res of streams) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type FeedServer = Awaited<ReturnType<typeof startFeedServer>>;

/** Builders for the contract events the bot relays, with `data` as the indexer serialises it. */
export const USDC = (whole: number | string) => BigInt(Math.round(Number(whole) * 1e6)).toString();

export function gavelEvents(feed: FeedServer) {
  const house = "EnglishAuctionHouse";
  const escrow = "DealEscrow";
  const now = () => Math.floor(Date.now() / 1000);
  return {
    createAuction(id: number, seller: string, title: string, endTime = now() + 86_400) {
      feed.add(house, "ListingCreated", {
        auctionId: String(id),
        seller,
        title,
        metadataURI: `ipfs://meta-${id}`,
        metadataHash: `0x${"11".repeat(32)}`,
        reservePrice: USDC(10),
        feeBps: "250",
        treasury: "0x000000000000000000000000000000000000dEaD",
        shipWindow: "604800",
        confirmWindow: "1209600",
        disputeWindow: "604800",
      });
      feed.add(
        house,
        "EnglishAuctionCreated",
        {
          auctionId: String(id),
          startTime: String(now()),
          endTime: String(endTime),
          startPrice: USDC(1),
          minIncrementBps: "500",
          extensionWindow: "600",
          maxExtensions: "10",
        },
        { sameBlock: true },
      );
    },
    /** A bid; with `previousLeader`, the Outbid event that the same transaction emits. */
    bid(
      id: number,
      bidder: string,
      price: string,
      options: {
        maxAmount?: string;
        endTime?: number;
        extended?: boolean;
        previousLeader?: string;
        refund?: string;
      } = {},
    ) {
      feed.add(house, "BidPlaced", {
        auctionId: String(id),
        bidder,
        leader: bidder,
        maxAmount: options.maxAmount ?? price,
        price,
        endTime: String(options.endTime ?? now() + 86_400),
        extended: String(options.extended ?? false),
      });
      if (options.previousLeader) {
        feed.add(
          house,
          "Outbid",
          {
            auctionId: String(id),
            bidder: options.previousLeader,
            newLeader: bidder,
            refund: options.refund ?? price,
            pushed: "true",
          },
          { sameBlock: true },
        );
      }
    },
    settle(id: number, winner: string, dealId: number, price: string, seller: string) {
      feed.add(house, "AuctionSettled", { auctionId: String(id), winner, dealId: String(dealId), price });
      feed.add(
        escrow,
        "DealOpened",
        {
          dealId: String(dealId),
          auctionId: String(id),
          buyer: winner,
          seller,
          amount: price,
          shipBy: String(now() + 604_800),
        },
        { sameBlock: true },
      );
    },
    ship(dealId: number) {
      feed.add(escrow, "DealShipped", {
        dealId: String(dealId),
        trackingHash: `0x${"22".repeat(32)}`,
        confirmDeadline: String(now() + 1_209_600),
        disputeDeadline: String(now() + 604_800),
      });
    },
    /** `pushed`: the proceeds reached the seller's wallet (else a credit to the seller came first). */
    complete(dealId: number, buyer: string, proceeds: string, fee: string, pushed = true) {
      feed.add(escrow, "DealCompleted", {
        dealId: String(dealId),
        caller: buyer,
        confirmedByBuyer: "true",
        sellerProceeds: proceeds,
        fee,
        pushed: String(pushed),
      });
    },
    /** `sameBlock`: in the transaction of the event added just before (as the contracts emit it). */
    credit(account: string, amount: string, options: { sameBlock?: boolean } = {}) {
      feed.add(escrow, "BalanceCredited", { account, amount }, options);
    },
    /** An outbid leader whose refund could not be pushed: credited, then Outbid (pushed=false). */
    bidWithCreditedRefund(id: number, bidder: string, price: string, previousLeader: string, refund: string) {
      feed.add(house, "BidPlaced", {
        auctionId: String(id),
        bidder,
        leader: bidder,
        maxAmount: price,
        price,
        endTime: String(now() + 86_400),
        extended: "false",
      });
      feed.add(escrow, "BalanceCredited", { account: previousLeader, amount: refund }, { sameBlock: true });
      feed.add(
        house,
        "Outbid",
        { auctionId: String(id), bidder: previousLeader, newLeader: bidder, refund, pushed: "false" },
        { sameBlock: true },
      );
    },
    withdrawn(account: string, amount: string, recipient = account) {
      feed.add(escrow, "Withdrawn", { account, recipient, amount });
    },
    createSealed(id: number, seller: string, title: string, commitEnd: number, revealEnd: number) {
      const sealed = "SealedBidAuctionHouse";
      feed.add(sealed, "ListingCreated", {
        auctionId: String(id),
        seller,
        title,
        metadataURI: `ipfs://meta-${id}`,
        metadataHash: `0x${"11".repeat(32)}`,
        reservePrice: USDC(10),
        feeBps: "250",
        treasury: "0x000000000000000000000000000000000000dEaD",
        shipWindow: "604800",
        confirmWindow: "1209600",
        disputeWindow: "604800",
      });
      feed.add(
        sealed,
        "SealedAuctionCreated",
        {
          auctionId: String(id),
          commitEnd: String(commitEnd),
          revealEnd: String(revealEnd),
          pricing: "0",
          unrevealedPenaltyBps: "1000",
        },
        { sameBlock: true },
      );
    },
    commit(id: number, bidder: string, collateral: string) {
      feed.add("SealedBidAuctionHouse", "SealedBidCommitted", {
        auctionId: String(id),
        bidder,
        commitment: `0x${"33".repeat(32)}`,
        collateral,
        replaced: "false",
      });
    },
    reveal(id: number, bidder: string, amount: string, leader = bidder) {
      feed.add("SealedBidAuctionHouse", "SealedBidRevealed", {
        auctionId: String(id),
        bidder,
        leader,
        amount,
      });
    },
    /** Something in a new block the bot ignores (moves the head for confirmations). */
    unrelated() {
      feed.add("TestUSDC", "Transfer", {
        from: "0x0000000000000000000000000000000000000000",
        to: "0x000000000000000000000000000000000000bEEF",
        amount: "1",
        amountDecimal: "0.000001",
      });
    },
  };
}
