// DutchAuctionHouse: a price falling linearly from the start price to the floor (the reserve);
// the first buyer opens the deal at once (AuctionSettled + DealOpened); an unsold auction is
// settled without a winner after its end. Shared listing and deal events: src/houses.ts.
import { ponder } from "ponder:registry";
import { auction } from "ponder:schema";
import * as house from "../houses.ts";
import { touchAccount } from "../model.ts";

const HOUSE = "DutchAuctionHouse" as const;

ponder.on("DutchAuctionHouse:ListingCreated", async ({ event, context }) => {
  await house.listingCreated(context.db, event, "dutch");
  await house.houseActivity(context.db, HOUSE, "ListingCreated", event);
});

ponder.on("DutchAuctionHouse:DutchAuctionCreated", async ({ event, context }) => {
  const { auctionId, startTime, endTime, startPrice, floorPrice, floorTime } = event.args;
  await context.db.update(auction, { id: auctionId }).set({
    startTime,
    endTime,
    startPrice,
    currentPrice: startPrice,
    params: { floorPrice: floorPrice.toString(), floorTime: Number(floorTime) },
  });
  await house.houseActivity(context.db, HOUSE, "DutchAuctionCreated", event);
});

ponder.on("DutchAuctionHouse:AuctionCancelled", async ({ event, context }) => {
  await house.auctionCancelled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionCancelled", event);
});

ponder.on("DutchAuctionHouse:AuctionSettled", async ({ event, context }) => {
  await house.auctionSettled(context.db, event);
  await house.houseActivity(context.db, HOUSE, "AuctionSettled", event);
});

ponder.on("DutchAuctionHouse:EscrowReturned", async ({ event, context }) => {
  await house.escrowReturned(context.db, event);
  await house.houseActivity(context.db, HOUSE, "EscrowReturned", event);
});

ponder.on("DutchAuctionHouse:DealOpened", async ({ event, context }) => {
  await house.dealOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealOpened", event);
});

ponder.on("DutchAuctionHouse:DealShipped", async ({ event, context }) => {
  await house.dealShipped(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealShipped", event);
});

ponder.on("DutchAuctionHouse:ConfirmWindowExtended", async ({ event, context }) => {
  await house.confirmWindowExtended(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ConfirmWindowExtended", event);
});

ponder.on("DutchAuctionHouse:DealCompleted", async ({ event, context }) => {
  await house.dealCompleted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealCompleted", event);
});

ponder.on("DutchAuctionHouse:DealRefunded", async ({ event, context }) => {
  await house.dealRefunded(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DealRefunded", event);
});

ponder.on("DutchAuctionHouse:DisputeOpened", async ({ event, context }) => {
  await house.disputeOpened(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeOpened", event);
});

ponder.on("DutchAuctionHouse:DisputeResolved", async ({ event, context }) => {
  await house.disputeResolved(context.db, event);
  await house.houseActivity(context.db, HOUSE, "DisputeResolved", event);
});

ponder.on("DutchAuctionHouse:ReviewSubmitted", async ({ event, context }) => {
  await house.reviewSubmitted(context.db, event);
  await house.houseActivity(context.db, HOUSE, "ReviewSubmitted", event);
});

ponder.on("DutchAuctionHouse:BalanceCredited", async ({ event, context }) => {
  await house.balanceCredited(context.db, event);
  await house.houseActivity(context.db, HOUSE, "BalanceCredited", event);
});

ponder.on("DutchAuctionHouse:Withdrawn", async ({ event, context }) => {
  await house.withdrawn(context.db, event);
  await house.houseActivity(context.db, HOUSE, "Withdrawn", event);
});

ponder.on("DutchAuctionHouse:FeesSwept", async ({ event, context }) => {
  await touchAccount(context.db, event.args.treasury, event.block.timestamp);
  await house.houseActivity(context.db, HOUSE, "FeesSwept", event);
});
