// Auctions: listings of every format being created, rolling rounds, cancellation and settlement.
import type { PoolClient } from "pg";
import {
  addr,
  auctionRow,
  type EventHandler,
  type Note,
  scheduleEnding,
  uint,
  ZERO_ADDRESS,
} from "./common.ts";

/** Each format's `*Created` event, which follows ListingCreated: its format and the field that ends bidding. */
const CREATED_EVENTS: Record<string, { format: string; end?: string }> = {
  EnglishAuctionCreated: { format: "english", end: "endTime" },
  DutchAuctionCreated: { format: "dutch", end: "endTime" },
  // Reminders count down to the end of commitments; reveals follow.
  SealedAuctionCreated: { format: "sealed", end: "commitEnd" },
  // A round's clock starts with its first bid (BidPlaced carries the end).
  RollingAuctionCreated: { format: "rolling" },
};

/** The "reveal now" reminder of a sealed auction: due when commits end, useful until revealEnd. */
async function scheduleReveal(client: PoolClient, auctionId: string, commitEnd: number, revealEnd: number) {
  await client.query(
    `insert into bot.reminders (auction_id, kind, lead_seconds, end_time, due_at)
     select $1, 'reveal', 0, $3::bigint, to_timestamp($2::bigint) where to_timestamp($3::bigint) > now()
     on conflict (auction_id, kind, lead_seconds) do update set end_time = excluded.end_time, due_at = excluded.due_at`,
    [auctionId, commitEnd, revealEnd],
  );
}

const listingCreated: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  await client.query(
    `insert into bot.auctions (auction_id, contract, seller, title) values ($1, $2, $3, $4)
     on conflict (auction_id) do update set contract = excluded.contract, seller = excluded.seller, title = excluded.title`,
    [auctionId, item.contract, addr(d.seller), d.title ?? null],
  );
  return { auctionId, notes: [] };
};

const formatCreated: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  const created = CREATED_EVENTS[item.event]!;
  const endTime = created.end ? Number(uint(d[created.end], created.end)) : null;
  // English and rolling auctions raise by at least minIncrementBps (the minimum next bid).
  const bps = d.minIncrementBps === undefined ? null : Number(uint(d.minIncrementBps, "minIncrementBps"));
  await client.query(
    `insert into bot.auctions (auction_id, contract, end_time, format, listing_id, min_increment_bps)
     values ($1, $2, $3, $4, $1, $5)
     on conflict (auction_id) do update set end_time = excluded.end_time, format = excluded.format,
       listing_id = excluded.listing_id, min_increment_bps = excluded.min_increment_bps`,
    [auctionId, item.contract, endTime, created.format, bps],
  );
  if (endTime !== null) await scheduleEnding(client, auctionId, endTime);
  if (item.event === "SealedAuctionCreated") {
    await scheduleReveal(
      client,
      auctionId,
      Number(uint(d.commitEnd, "commitEnd")),
      Number(uint(d.revealEnd, "revealEnd")),
    );
  }
  return { auctionId, notes: [] };
};

const rollingRoundStarted: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const listingId = uint(d.listingId, "listingId");
  const auctionId = uint(d.roundId, "roundId");
  if (auctionId === listingId) return { auctionId, notes: [] }; // the first round is the listing itself, just created
  // A later round is a new auction id: it inherits the listing's record and its followers.
  await client.query(
    `insert into bot.auctions (auction_id, contract, seller, title, format, listing_id, min_increment_bps)
     select $2, contract, seller, title, format, $1, min_increment_bps from bot.auctions where auction_id = $1
     on conflict (auction_id) do nothing`,
    [listingId, auctionId],
  );
  await client.query(
    `insert into bot.follows (chat_id, auction_id)
     select chat_id, $2 from bot.follows where auction_id = $1 on conflict do nothing`,
    [listingId, auctionId],
  );
  const notes: Note[] = [
    {
      audience: { followers: true, seller: true },
      kind: "results",
      key: "note-round-started",
      args: { round: Number(uint(d.round, "round")), units: Number(uint(d.unitsLeft, "unitsLeft")) },
    },
  ];
  return { auctionId, notes };
};

const rollingStopRequested: EventHandler = async (_ctx, item) => ({
  auctionId: uint(item.data.roundId, "roundId"),
  notes: [
    {
      audience: { followers: true, bidders: true, except: [] },
      kind: "results",
      key: "note-rolling-stopping",
    },
  ],
});

const rollingListingEnded: EventHandler = async (_ctx, item) => {
  const d = item.data;
  return {
    auctionId: uint(d.lastRoundId, "lastRoundId"),
    notes: [
      {
        audience: { followers: true, seller: true },
        kind: "results",
        key: "note-rolling-ended",
        args: {
          sold: Number(uint(d.unitsSold, "unitsSold")),
          unsold: Number(uint(d.unitsUnsold, "unitsUnsold")),
        },
      },
    ],
  };
};

const auctionCancelled: EventHandler = async ({ client }, item) => {
  const auctionId = uint(item.data.auctionId, "auctionId");
  await client.query("update bot.auctions set status = 'cancelled' where auction_id = $1", [auctionId]);
  await client.query("delete from bot.reminders where auction_id = $1", [auctionId]);
  return {
    auctionId,
    notes: [
      { audience: { followers: true, bidders: true, except: [] }, kind: "results", key: "note-cancelled" },
    ],
  };
};

const auctionSettled: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  await client.query("update bot.auctions set status = 'settled' where auction_id = $1", [auctionId]);
  await client.query("delete from bot.reminders where auction_id = $1", [auctionId]);
  const winner = addr(d.winner);
  const price = { usdc: uint(d.price, "price") };
  const dutch = (await auctionRow(client, auctionId))?.format === "dutch";
  if (winner && winner !== ZERO_ADDRESS) {
    const deal = uint(d.dealId, "dealId");
    const notes: Note[] = [
      {
        audience: { wallets: [winner] },
        kind: "results",
        key: dutch ? "note-bought" : "note-won",
        args: { price, deal },
      },
      { audience: { seller: true }, kind: "results", key: "note-sold", args: { price, deal } },
      { audience: { bidders: true }, kind: "results", key: "note-lost", args: { price } },
      { audience: { followers: true }, kind: "results", key: "note-ended-sold", args: { price } },
    ];
    return { auctionId, notes };
  }
  return {
    auctionId,
    notes: [
      { audience: { seller: true }, kind: "results", key: "note-no-sale-seller" },
      { audience: { bidders: true, followers: true }, kind: "results", key: "note-no-sale" },
    ],
  };
};

export const auctionHandlers: Record<string, EventHandler> = {
  ListingCreated: listingCreated,
  EnglishAuctionCreated: formatCreated,
  DutchAuctionCreated: formatCreated,
  SealedAuctionCreated: formatCreated,
  RollingAuctionCreated: formatCreated,
  RollingRoundStarted: rollingRoundStarted,
  RollingStopRequested: rollingStopRequested,
  RollingListingEnded: rollingListingEnded,
  AuctionCancelled: auctionCancelled,
  AuctionSettled: auctionSettled,
};
