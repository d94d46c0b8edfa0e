// SealedBidAuctionHouse: commitments with collateral, reveals, first or second price; unrevealed
// collateral comes back minus a penalty that accrues to the listing's treasury (never the seller). Shared listing and deal events:
// src/houses.ts.
import { ponder } from "ponder:registry";
import { auction, sealedBid } from "ponder:schema";
import * as house from "../houses.ts";
import { bumpDaily, touchAccount } from "../model.ts";

const HOUSE = "SealedBidAuctionHouse" as const;

ponder.on("SealedBidAuctionHouse:ListingCreated", async ({ event, context }) => {
  await house.listingCreated(context.db, event, "sealed");
  await house.houseActivity(context.db, HOUSE, "ListingCreated", event);
});

ponder.on("SealedBidAuctionHouse:SealedAuctionCreated", async ({ event, context }) => {
  const { auctionId, commitEnd, revealEnd, pricing, unrevealedPenaltyBps } = event.args;
  await context.db.update(auction, { id: auctionId }).set({
    endTime: revealEnd,
    params: {
      commitEnd: Number(commitEnd),
      revealEnd: Number(revealEnd),
      pricing: pricing === 0 ? "first" : "second",
      unrevealedPenaltyBps,
      reveals: 0,
    },
  });
  await house.houseActivity(context.db, HOUSE, "SealedAuctionCreated", event);
});

ponder.on("SealedBidAuctionHouse:SealedBidCommitted", async ({ event, context }) => {
  const { auctionId, bidder, commitment, collateral } = event.args;
  const ts = event.block.timestamp;
  const existing = await context.db.find(sealedBid, { auctionId, bidder });
  const isNew = existing === null;
  await context.db
    .insert(sealedBid)
    .values({ auctionId, bidder, commitment, collateral, committedAt: ts })
    .onConflictDoUpdate({ commitment, collateral, committedAt: ts });
  if (isNew) {
    await context.db.update(auction, { id: auctionId }).set((row) => ({ bidCount: row.bidCount + 1 }));
    await bumpDaily(context.db, ts, { bids: 1 });
  }
  await touchAccount(context.db, bidder, ts);
  await house.houseActivity(context.db, HOUSE, "SealedBidCommitted", event);
});

ponder.on("SealedBidAuctionHouse:SealedBidRevealed", async ({ event, context }) => {
  const { auctionId, bidder, leader, amount } = event.args;
  await context.db
    .update(sealedBid, { auctionId, bidder })
    .set({ revealedAmount: amount, revealedAt: event.block.timestamp });
  // The leader (highest revealed so far) and their amount are public once revealed.
  await context.db.update(auction, { id: auctionId }).set((row) => ({
    leader,
    leaderMax: leader === bidder ? amount : row.leaderMax,
    currentPrice: leader === bidder ? amount : row.currentPrice,
    params: { ...row.params, reveals: Number(row.params.reveals ?? 0) + 1 },
  }));
  await touchAccount(context.db, bidder, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "SealedBidRevealed", event);
});

ponder.on("SealedBidAuctionHouse:SealedBidPenalized", async ({ event, context }) => {
  // The penalty accrues to the treasury's unswept fees: nothing is credited or counted for the seller.
  const { auctionId, bidder, treasury, penalty } = event.args;
  await context.db.update(sealedBid, { auctionId, bidder }).set({ penalty, penaltyTreasury: treasury });
  await touchAccount(context.db, treasury, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "SealedBidPenalized", event);
});

ponder.on("SealedBidAuctionHouse:AuctionCancelled", async ({ event, context }) => {
  await house.auctionCancelled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionCancelled", event);
});

ponder.on("SealedBidAuctionHouse:AuctionSettled", async ({ event, context }) => {
  await house.auctionSettled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionSettled", event);
});

ponder.on("SealedBidAuctionHouse:EscrowReturned", async ({ event, context }) => {
  await house.escrowReturned(context.db, event);
  await house.houseActivity(context.db, HOUSE, "EscrowReturned", event);
});

ponder.on("SealedBidAuctionHouse:DealOpened", async ({ event, context }) => {
  await house.dealOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealOpened", event);
});

ponder.on("SealedBidAuctionHouse:DealShipped", async ({ event, context }) => {
  await house.dealShipped(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealShipped", event);
});

ponder.on("SealedBidAuctionHouse:ConfirmWindowExtended", async ({ event, context }) => {
  await house.confirmWindowExtended(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ConfirmWindowExtended", event);
});

ponder.on("SealedBidAuctionHouse:DealCompleted", async ({ event, context }) => {
  await house.dealCompleted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealCompleted", event);
});

ponder.on("SealedBidAuctionHouse:DealRefunded", async ({ event, context }) => {
  await house.dealRefunded(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealRefunded", event);
});

ponder.on("SealedBidAuctionHouse:DisputeOpened", async ({ event, context }) => {
  await house.disputeOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeOpened", event);
});

ponder.on("SealedBidAuctionHouse:DisputeResolved", async ({ event, context }) => {
  await house.disputeResolved(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeResolved", event);
});

ponder.on("SealedBidAuctionHouse:ReviewSubmitted", async ({ event, context }) => {
  await house.reviewSubmitted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ReviewSubmitted", event);
});

ponder.on("SealedBidAuctionHouse:BalanceCredited", async ({ event, context }) => {
  await house.balanceCredited(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BalanceCredited", event);
});

ponder.on("SealedBidAuctionHouse:Withdrawn", async ({ event, context }) => {
  await house.withdrawn(context.db, event);
  await house.houseActivity(context.db, HOUSE, "Withdrawn", event);
});

ponder.on("SealedBidAuctionHouse:FeesSwept", async ({ event, context }) => {
  await touchAccount(context.db, event.args.treasury, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "FeesSwept", event);
});
