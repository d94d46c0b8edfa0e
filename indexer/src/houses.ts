// What every auction house emits the same way — the listing record (AuctionHouseBase) and the
// deal escrow (DealEscrow) — written once. Each house's handler file (src/handlers/<House>.ts)
// registers these for its own contract next to its format's events. (Ponder loads every file
// under src/ as indexing code; this one only defines functions.)
import type { Context, Event, EventNames } from "ponder:registry";
import { account, auction, bid, deal, dispute, houseBalance, review } from "ponder:schema";
import { type Address, zeroAddress } from "viem";
import { argsToData, eventCursor, recordActivity } from "./activity.ts";
import { addRating, bumpDaily, touchAccount } from "./model.ts";
import { claimTransfers } from "./transfer-links.ts";

/** Every house contract indexed (add each new format's house here). */
export type House =
  | "EnglishAuctionHouse"
  | "DutchAuctionHouse"
  | "SealedBidAuctionHouse"
  | "RollingAuctionHouse";

/** `endTime` of a rolling round whose clock has not started (no bid yet); the API serves null. */
export const NO_CLOCK = 2n ** 40n - 1n;

type Db = Context["db"];
type HouseEvent<name extends string> = Event<Extract<EventNames, `${House}:${name}`>>;

/** The arguments by which a house event names auctions (a deal's id is its auction's). */
const AUCTION_ARGS = ["auctionId", "dealId", "listingId", "roundId", "lastRoundId"] as const;

/**
 * Appends any house event to the activity feed, arguments under their Solidity names, and marks
 * every auction it names with its revision (the `auction.revision` column): whatever a house event
 * changes of an auction's page, the revision changes with it.
 */
export async function houseActivity(
  db: Db,
  house: House,
  name: string,
  event: HouseEvent<string>,
): Promise<void> {
  const args = event.args as Record<string, unknown>;
  const data = argsToData(args);
  await recordActivity(db, event, house, name, data);
  // USDC moved in the same transaction belongs to this listing (see transfer-links.ts).
  await claimTransfers(db, event.transaction.hash, event.log.address, data);
  const revision = `${event.block.hash}:${event.log.logIndex}`;
  const named = new Set(
    AUCTION_ARGS.map((arg) => args[arg]).filter((id) => typeof id === "bigint" && id > 0n),
  );
  for (const id of named as Set<bigint>) {
    // An unsold AuctionSettled names deal 0, which is no auction.
    if (await db.find(auction, { id })) await db.update(auction, { id }).set({ revision });
  }
}

/** `ListingCreated`: the format-independent part; the format's own `*Created` event fills the rest. */
export async function listingCreated(
  db: Db,
  event: HouseEvent<"ListingCreated">,
  format: (typeof auction.$inferInsert)["format"],
): Promise<void> {
  const a = event.args;
  await db.insert(auction).values({
    id: a.auctionId,
    house: event.log.address,
    format,
    seller: a.seller,
    title: a.title,
    metadataURI: a.metadataURI,
    metadataHash: a.metadataHash,
    status: "active",
    startTime: event.block.timestamp,
    endTime: event.block.timestamp,
    reservePrice: a.reservePrice,
    startPrice: a.reservePrice,
    currentPrice: a.reservePrice,
    bidCount: 0,
    extensions: 0,
    feeBps: a.feeBps,
    treasury: a.treasury,
    shipWindow: a.shipWindow,
    confirmWindow: a.confirmWindow,
    disputeWindow: a.disputeWindow,
    params: {},
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  await touchAccount(db, a.seller, event.block.timestamp);
  await bumpDaily(db, event.block.timestamp, { newListings: 1 });
}

/** `BidPlaced` (English and rolling rounds): the bid row and the auction's visible state after it. */
export async function bidPlaced(db: Db, event: HouseEvent<"BidPlaced">): Promise<void> {
  const { auctionId, bidder, leader, maxAmount, price, endTime, extended } = event.args;
  await db.insert(bid).values({
    id: event.id,
    auctionId,
    bidder,
    maxAmount,
    price,
    leader,
    endTime,
    extended,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    cursor: eventCursor(event),
  });
  // The leader's maximum is the bid's when the bidder leads after it (a new leader, or the
  // leader raising their own maximum); a losing bid leaves it alone.
  await db.update(auction, { id: auctionId }).set((row) => ({
    leader,
    leaderMax: leader === bidder ? maxAmount : row.leaderMax,
    currentPrice: price,
    endTime,
    bidCount: row.bidCount + 1,
    extensions: extended ? row.extensions + 1 : row.extensions,
  }));
  await touchAccount(db, bidder, event.block.timestamp);
  await bumpDaily(db, event.block.timestamp, { bids: 1 });
}

export async function auctionCancelled(db: Db, event: HouseEvent<"AuctionCancelled">): Promise<void> {
  await db
    .update(auction, { id: event.args.auctionId })
    .set({ status: "cancelled", settledAt: event.block.timestamp });
}

export async function auctionSettled(db: Db, event: HouseEvent<"AuctionSettled">): Promise<void> {
  const { auctionId, winner, dealId, price } = event.args;
  const sold = winner !== zeroAddress;
  await db.update(auction, { id: auctionId }).set(
    sold
      ? {
          status: "settled",
          winner,
          finalPrice: price,
          currentPrice: price,
          dealId,
          settledAt: event.block.timestamp,
        }
      : { status: "no_sale", settledAt: event.block.timestamp },
  );
  if (sold) await touchAccount(db, winner, event.block.timestamp);
}

export async function escrowReturned(db: Db, event: HouseEvent<"EscrowReturned">): Promise<void> {
  await touchAccount(db, event.args.bidder, event.block.timestamp);
}

export async function dealOpened(db: Db, event: HouseEvent<"DealOpened">): Promise<void> {
  const { dealId, auctionId, buyer, seller, amount, shipBy } = event.args;
  const listing = await db.find(auction, { id: auctionId });
  if (!listing) throw new Error(`DealOpened ${dealId} for unknown auction ${auctionId}`);
  await db.insert(deal).values({
    id: dealId,
    house: event.log.address,
    auctionId,
    buyer,
    seller,
    amount,
    status: "paid",
    feeBps: listing.feeBps,
    treasury: listing.treasury,
    openedAt: event.block.timestamp,
    shipBy,
    buyerReviewed: false,
    sellerReviewed: false,
    cursor: eventCursor(event),
  });
  // A deal can open without AuctionSettled (Dutch: the purchase itself); keep the auction in step.
  if (listing.status === "active" || listing.dealId === null) {
    await db.update(auction, { id: auctionId }).set({
      status: "settled",
      winner: buyer,
      finalPrice: amount,
      currentPrice: amount,
      dealId,
      settledAt: listing.settledAt ?? event.block.timestamp,
    });
  }
  const ts = event.block.timestamp;
  await touchAccount(db, seller, ts, { sales: 1, soldVolume: amount });
  await touchAccount(db, buyer, ts, { purchases: 1, boughtVolume: amount });
  await bumpDaily(db, ts, { dealsOpened: 1, volume: amount });
}

async function findDeal(db: Db, dealId: bigint, what: string) {
  const row = await db.find(deal, { id: dealId });
  if (!row) throw new Error(`${what} for unknown deal ${dealId}`);
  return row;
}

export async function dealShipped(db: Db, event: HouseEvent<"DealShipped">): Promise<void> {
  const { dealId, trackingHash, confirmDeadline, disputeDeadline } = event.args;
  const row = await findDeal(db, dealId, "DealShipped");
  await db.update(deal, { id: dealId }).set({
    status: "shipped",
    shippedAt: event.block.timestamp,
    trackingHash,
    confirmDeadline,
    disputeDeadline,
  });
  await touchAccount(db, row.seller, event.block.timestamp);
}

export async function dealCompleted(db: Db, event: HouseEvent<"DealCompleted">): Promise<void> {
  const { dealId, caller, confirmedByBuyer, sellerProceeds, fee, pushed } = event.args;
  const row = await findDeal(db, dealId, "DealCompleted");
  // Read before the update: Ponder's cache may hand back the row object it then updates.
  const { buyer, seller } = row;
  await db.update(deal, { id: dealId }).set({
    status: "completed",
    closedAt: event.block.timestamp,
    confirmedByBuyer,
    sellerProceeds,
    sellerPaidDirectly: pushed,
    fee,
  });
  await touchAccount(db, caller, event.block.timestamp);
  // Both parties have an account row since DealOpened; their last-seen stays as it was.
  for (const party of [seller, buyer]) {
    await db.update(account, { address: party }).set((a) => ({ completedDeals: a.completedDeals + 1 }));
  }
  await bumpDaily(db, event.block.timestamp, { dealsCompleted: 1, fees: fee });
}

/** `ConfirmWindowExtended`: the buyer moved the confirm deadline (once); the seller's dispute deadline stays. */
export async function confirmWindowExtended(
  db: Db,
  event: HouseEvent<"ConfirmWindowExtended">,
): Promise<void> {
  const { dealId, buyer, extension, confirmDeadline } = event.args;
  await findDeal(db, dealId, "ConfirmWindowExtended");
  await db.update(deal, { id: dealId }).set({ confirmDeadline, confirmExtension: extension });
  await touchAccount(db, buyer, event.block.timestamp);
}

export async function dealRefunded(db: Db, event: HouseEvent<"DealRefunded">): Promise<void> {
  const { dealId, caller, bySeller, amount } = event.args;
  const row = await findDeal(db, dealId, "DealRefunded");
  // Read before the update: Ponder's cache may hand back the row object it then updates.
  const { buyer, seller } = row;
  const wasDisputed = row.status === "disputed";
  const ts = event.block.timestamp;
  await db.update(deal, { id: dealId }).set({
    status: "refunded",
    closedAt: ts,
    refundedBySeller: bySeller,
    buyerAmount: amount,
  });
  await touchAccount(db, caller, ts);
  if (wasDisputed) {
    // The seller conceded: the buyer gets everything, the best any ruling could give them.
    await db.update(dispute, { dealId }).set({
      status: "conceded",
      resolvedBy: caller,
      resolvedAt: ts,
      buyerShareBps: 10_000,
      buyerAmount: amount,
      sellerProceeds: 0n,
      fee: 0n,
    });
    await touchAccount(db, buyer, ts, { disputesWon: 1 });
    await touchAccount(db, seller, ts, { disputesLost: 1 });
  }
}

export async function disputeOpened(db: Db, event: HouseEvent<"DisputeOpened">): Promise<void> {
  const { dealId, openedBy, evidenceHash, evidenceURI, arbiterDeadline } = event.args;
  await findDeal(db, dealId, "DisputeOpened");
  await db.update(deal, { id: dealId }).set({ status: "disputed", arbiterDeadline });
  await db.insert(dispute).values({
    dealId,
    house: event.log.address,
    status: "open",
    openedBy,
    openedAt: event.block.timestamp,
    evidenceHash,
    evidenceURI,
    arbiterDeadline,
    cursor: eventCursor(event),
  });
  await touchAccount(db, openedBy, event.block.timestamp);
  await bumpDaily(db, event.block.timestamp, { disputesOpened: 1 });
}

export async function disputeResolved(db: Db, event: HouseEvent<"DisputeResolved">): Promise<void> {
  const { dealId, resolvedBy, byTimeout, buyerShareBps, buyerAmount, sellerProceeds, fee } = event.args;
  const row = await findDeal(db, dealId, "DisputeResolved");
  const ts = event.block.timestamp;
  await db.update(deal, { id: dealId }).set({
    status: "resolved",
    closedAt: ts,
    buyerAmount,
    sellerProceeds,
    fee,
  });
  await db.update(dispute, { dealId }).set({
    status: "resolved",
    resolvedBy,
    resolvedAt: ts,
    byTimeout,
    buyerShareBps,
    buyerAmount,
    sellerProceeds,
    fee,
  });
  await touchAccount(db, resolvedBy, ts);
  if (buyerShareBps > 5_000) {
    await touchAccount(db, row.buyer, ts, { disputesWon: 1 });
    await touchAccount(db, row.seller, ts, { disputesLost: 1 });
  } else if (buyerShareBps < 5_000) {
    await touchAccount(db, row.seller, ts, { disputesWon: 1 });
    await touchAccount(db, row.buyer, ts, { disputesLost: 1 });
  }
  await bumpDaily(db, ts, { fees: fee });
}

export async function reviewSubmitted(db: Db, event: HouseEvent<"ReviewSubmitted">): Promise<void> {
  const { dealId, reviewer, subject, rating, contentHash, contentURI } = event.args;
  const row = await findDeal(db, dealId, "ReviewSubmitted");
  const role = reviewer === row.buyer ? "buyer" : "seller";
  await db.insert(review).values({
    dealId,
    reviewer,
    house: event.log.address,
    subject,
    role,
    rating,
    dealAmount: row.amount,
    contentHash,
    contentURI,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    cursor: eventCursor(event),
  });
  await db
    .update(deal, { id: dealId })
    .set(role === "buyer" ? { buyerReviewed: true } : { sellerReviewed: true });
  await touchAccount(db, reviewer, event.block.timestamp);
  await addRating(db, subject, rating, row.amount, event.block.timestamp);
}

async function addBalance(db: Db, house: Address, who: Address, credited: bigint, withdrawn: bigint) {
  await db
    .insert(houseBalance)
    .values({ house, account: who, withdrawable: credited - withdrawn, credited, withdrawn })
    .onConflictDoUpdate((row) => ({
      withdrawable: row.withdrawable + credited - withdrawn,
      credited: row.credited + credited,
      withdrawn: row.withdrawn + withdrawn,
    }));
}

export async function balanceCredited(db: Db, event: HouseEvent<"BalanceCredited">): Promise<void> {
  await addBalance(db, event.log.address, event.args.account, event.args.amount, 0n);
  await touchAccount(db, event.args.account, event.block.timestamp);
}

export async function withdrawn(db: Db, event: HouseEvent<"Withdrawn">): Promise<void> {
  await addBalance(db, event.log.address, event.args.account, 0n, event.args.amount);
  await touchAccount(db, event.args.account, event.block.timestamp);
}
