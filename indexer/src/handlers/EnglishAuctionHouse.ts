// EnglishAuctionHouse: English listings with proxy bidding and anti-sniping, plus the listing and
// deal-escrow events every house shares (src/houses.ts). Every event also goes to the feed.
import { ponder } from "ponder:registry";
import { auction } from "ponder:schema";
import * as house from "../houses.ts";
import { touchAccount } from "../model.ts";

const HOUSE = "EnglishAuctionHouse" as const;

ponder.on("EnglishAuctionHouse:ListingCreated", async ({ event, context }) => {
  await house.listingCreated(context.db, event, "english");
  await house.houseActivity(context.db, HOUSE, "ListingCreated", event);
});

ponder.on("EnglishAuctionHouse:EnglishAuctionCreated", async ({ event, context }) => {
  const { auctionId, startTime, endTime, startPrice, minIncrementBps, extensionWindow, maxExtensions } =
    event.args;
  await context.db.update(auction, { id: auctionId }).set({
    startTime,
    endTime,
    startPrice,
    currentPrice: startPrice,
    params: { minIncrementBps, extensionWindow, maxExtensions },
  });
  await house.houseActivity(context.db, HOUSE, "EnglishAuctionCreated", event);
});

ponder.on("EnglishAuctionHouse:BidPlaced", async ({ event, context }) => {
  await house.bidPlaced(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BidPlaced", event);
});

ponder.on("EnglishAuctionHouse:Outbid", async ({ event, context }) => {
  await house.houseActivity(context.db, HOUSE, "Outbid", event);
});

ponder.on("EnglishAuctionHouse:AuctionCancelled", async ({ event, context }) => {
  await house.auctionCancelled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionCancelled", event);
});

ponder.on("EnglishAuctionHouse:AuctionSettled", async ({ event, context }) => {
  await house.auctionSettled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionSettled", event);
});

ponder.on("EnglishAuctionHouse:EscrowReturned", async ({ event, context }) => {
  await house.escrowReturned(context.db, event);
  await house.houseActivity(context.db, HOUSE, "EscrowReturned", event);
});

ponder.on("EnglishAuctionHouse:DealOpened", async ({ event, context }) => {
  await house.dealOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealOpened", event);
});

ponder.on("EnglishAuctionHouse:DealShipped", async ({ event, context }) => {
  await house.dealShipped(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealShipped", event);
});

ponder.on("EnglishAuctionHouse:ConfirmWindowExtended", async ({ event, context }) => {
  await house.confirmWindowExtended(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ConfirmWindowExtended", event);
});

ponder.on("EnglishAuctionHouse:DealCompleted", async ({ event, context }) => {
  await house.dealCompleted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealCompleted", event);
});

ponder.on("EnglishAuctionHouse:DealRefunded", async ({ event, context }) => {
  await house.dealRefunded(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealRefunded", event);
});

ponder.on("EnglishAuctionHouse:DisputeOpened", async ({ event, context }) => {
  await house.disputeOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeOpened", event);
});

ponder.on("EnglishAuctionHouse:DisputeResolved", async ({ event, context }) => {
  await house.disputeResolved(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeResolved", event);
});

ponder.on("EnglishAuctionHouse:ReviewSubmitted", async ({ event, context }) => {
  await house.reviewSubmitted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ReviewSubmitted", event);
});

ponder.on("EnglishAuctionHouse:BalanceCredited", async ({ event, context }) => {
  await house.balanceCredited(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BalanceCredited", event);
});

ponder.on("EnglishAuctionHouse:Withdrawn", async ({ event, context }) => {
  await house.withdrawn(context.db, event);
  await house.houseActivity(context.db, HOUSE, "Withdrawn", event);
});

ponder.on("EnglishAuctionHouse:FeesSwept", async ({ event, context }) => {
  await touchAccount(context.db, event.args.treasury, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "FeesSwept", event);
});
