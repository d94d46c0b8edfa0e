// RollingAuctionHouse: N identical units sold one English round at a time; each round is an
// auction with its own global id (the listing's id is round 1's) and its own deal. A round's
// clock starts at its first bid. Shared listing, bid and deal events: src/houses.ts.
import { ponder } from "ponder:registry";
import { auction } from "ponder:schema";
import * as house from "../houses.ts";
import { touchAccount } from "../model.ts";

const HOUSE = "RollingAuctionHouse" as const;

ponder.on("RollingAuctionHouse:ListingCreated", async ({ event, context }) => {
  await house.listingCreated(context.db, event, "rolling");
  await house.houseActivity(context.db, HOUSE, "ListingCreated", event);
});

ponder.on("RollingAuctionHouse:RollingAuctionCreated", async ({ event, context }) => {
  const { auctionId, units, startPrice, minIncrementBps, roundDuration, extensionWindow, maxExtensions } =
    event.args;
  await context.db.update(auction, { id: auctionId }).set({
    startPrice,
    currentPrice: startPrice,
    endTime: house.NO_CLOCK,
    params: {
      listingId: auctionId.toString(),
      round: 1,
      units: Number(units),
      unitsLeft: Number(units),
      unitsSold: 0,
      roundDuration,
      minIncrementBps,
      extensionWindow,
      maxExtensions,
    },
  });
  await house.houseActivity(context.db, HOUSE, "RollingAuctionCreated", event);
});

ponder.on("RollingAuctionHouse:RollingRoundStarted", async ({ event, context }) => {
  const { listingId, roundId, round, unitsLeft } = event.args;
  const listing = await context.db.find(auction, { id: listingId });
  if (!listing) throw new Error(`RollingRoundStarted for unknown listing ${listingId}`);
  const params = { ...listing.params, round: Number(round), unitsLeft: Number(unitsLeft) };
  if (roundId === listingId) {
    await context.db.update(auction, { id: listingId }).set({ params });
  } else {
    // A later round: a new auction with the listing's terms, waiting for its first bid.
    const ts = event.block.timestamp;
    await context.db.insert(auction).values({
      ...listing,
      id: roundId,
      status: "active",
      startTime: ts,
      endTime: house.NO_CLOCK,
      currentPrice: listing.startPrice,
      leader: null,
      leaderMax: null,
      bidCount: 0,
      extensions: 0,
      params,
      winner: null,
      finalPrice: null,
      dealId: null,
      createdBlock: event.block.number,
      createdAt: ts,
      settledAt: null,
      transactionHash: event.transaction.hash,
    });
  }
  await house.houseActivity(context.db, HOUSE, "RollingRoundStarted", event);
});

ponder.on("RollingAuctionHouse:RollingStopRequested", async ({ event, context }) => {
  const { listingId, roundId } = event.args;
  for (const id of new Set([listingId, roundId])) {
    await context.db
      .update(auction, { id })
      .set((row) => ({ params: { ...row.params, stopRequested: "true" } }));
  }
  await house.houseActivity(context.db, HOUSE, "RollingStopRequested", event);
});

ponder.on("RollingAuctionHouse:RollingListingEnded", async ({ event, context }) => {
  const { listingId, lastRoundId, unitsSold, unitsUnsold } = event.args;
  const ended = { unitsSold: Number(unitsSold), unitsUnsold: Number(unitsUnsold), listingEnded: "true" };
  await context.db.update(auction, { id: listingId }).set((row) => ({ params: { ...row.params, ...ended } }));
  // Stopped while the current round had no bid: that round closes without a sale.
  await context.db
    .update(auction, { id: lastRoundId })
    .set((row) =>
      row.status === "active"
        ? { status: "no_sale", settledAt: event.block.timestamp, params: { ...row.params, ...ended } }
        : { params: { ...row.params, ...ended } },
    );
  await house.houseActivity(context.db, HOUSE, "RollingListingEnded", event);
});

ponder.on("RollingAuctionHouse:BidPlaced", async ({ event, context }) => {
  await house.bidPlaced(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BidPlaced", event);
});

ponder.on("RollingAuctionHouse:Outbid", async ({ event, context }) => {
  await house.houseActivity(context.db, HOUSE, "Outbid", event);
});

ponder.on("RollingAuctionHouse:AuctionCancelled", async ({ event, context }) => {
  await house.auctionCancelled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionCancelled", event);
});

ponder.on("RollingAuctionHouse:AuctionSettled", async ({ event, context }) => {
  await house.auctionSettled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionSettled", event);
});

ponder.on("RollingAuctionHouse:EscrowReturned", async ({ event, context }) => {
  await house.escrowReturned(context.db, event);
  await house.houseActivity(context.db, HOUSE, "EscrowReturned", event);
});

ponder.on("RollingAuctionHouse:DealOpened", async ({ event, context }) => {
  await house.dealOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealOpened", event);
});

ponder.on("RollingAuctionHouse:DealShipped", async ({ event, context }) => {
  await house.dealShipped(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealShipped", event);
});

ponder.on("RollingAuctionHouse:ConfirmWindowExtended", async ({ event, context }) => {
  await house.confirmWindowExtended(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ConfirmWindowExtended", event);
});

ponder.on("RollingAuctionHouse:DealCompleted", async ({ event, context }) => {
  await house.dealCompleted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealCompleted", event);
});

ponder.on("RollingAuctionHouse:DealRefunded", async ({ event, context }) => {
  await house.dealRefunded(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealRefunded", event);
});

ponder.on("RollingAuctionHouse:DisputeOpened", async ({ event, context }) => {
  await house.disputeOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeOpened", event);
});

ponder.on("RollingAuctionHouse:DisputeResolved", async ({ event, context }) => {
  await house.disputeResolved(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeResolved", event);
});

ponder.on("RollingAuctionHouse:ReviewSubmitted", async ({ event, context }) => {
  await house.reviewSubmitted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ReviewSubmitted", event);
});

ponder.on("RollingAuctionHouse:BalanceCredited", async ({ event, context }) => {
  await house.balanceCredited(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BalanceCredited", event);
});

ponder.on("RollingAuctionHouse:Withdrawn", async ({ event, context }) => {
  await house.withdrawn(context.db, event);
  await house.houseActivity(context.db, HOUSE, "Withdrawn", event);
});

ponder.on("RollingAuctionHouse:FeesSwept", async ({ event, context }) => {
  await touchAccount(context.db, event.args.treasury, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "FeesSwept", event);
});
