// How rows become JSON (see API.md): money as { raw, decimal } strings, ids as decimal strings,
// times and block numbers as numbers (the shapes are declared in schemas.ts).
import type { activity, auction, bid, deal, dispute, review, sealedBid } from "ponder:schema";
import { formatUnits } from "viem";
import type {
  ActivityJson,
  AuctionJson,
  BidJson,
  CommitmentJson,
  DealJson,
  DisputeJson,
  ReviewJson,
} from "./schemas.ts";

export const USDC_DECIMALS = 6;

export interface Amount {
  raw: string;
  decimal: string;
}

/** Exact money: raw units and the USDC decimal, both strings. */
export function amount(raw: bigint): Amount {
  return { raw: raw.toString(), decimal: formatUnits(raw, USDC_DECIMALS) };
}

export const amountOrNull = (raw: bigint | null): Amount | null => (raw === null ? null : amount(raw));
const num = (value: bigint | null): number | null => (value === null ? null : Number(value));

/** "Now" for deriving `ended`: the later of the wall clock and the last indexed block's time. */
export function derivedStatus(
  row: { status: Exclude<AuctionJson["status"], "ended">; endTime: bigint },
  now: bigint,
): AuctionJson["status"] {
  return row.status === "active" && row.endTime <= now ? "ended" : row.status;
}

/** `endTime` of a rolling round whose clock has not started (src/houses.ts NO_CLOCK). */
const NO_CLOCK = 2n ** 40n - 1n;

/** A Dutch auction's price at `now`, exactly as the house computes it (`_priceAt`). */
export function dutchPriceAt(row: typeof auction.$inferSelect, now: bigint): bigint {
  const floor = BigInt(row.params.floorPrice ?? row.reservePrice);
  const decay = BigInt(row.params.floorTime ?? 0) - row.startTime;
  if (now <= row.startTime) return row.startPrice;
  const elapsed = now - row.startTime;
  if (elapsed >= decay) return floor;
  return floor + ((row.startPrice - floor) * (decay - elapsed)) / decay;
}

/** Format-specific settings, amounts as Amount objects. */
function serializeParams(row: typeof auction.$inferSelect) {
  if (row.format === "dutch" && row.params.floorPrice !== undefined) {
    return { ...row.params, floorPrice: amount(BigInt(row.params.floorPrice)) };
  }
  return row.params;
}

export function serializeAuction(row: typeof auction.$inferSelect, now: bigint): AuctionJson {
  const status = derivedStatus(row, now);
  const currentPrice =
    row.format === "dutch" && status === "active" ? dutchPriceAt(row, now) : row.currentPrice;
  return {
    id: row.id.toString(),
    house: row.house,
    format: row.format,
    seller: row.seller,
    title: row.title,
    metadataURI: row.metadataURI,
    metadataHash: row.metadataHash,
    status,
    startTime: Number(row.startTime),
    endTime: row.endTime === NO_CLOCK ? null : Number(row.endTime),
    reservePrice: amount(row.reservePrice),
    startPrice: amount(row.startPrice),
    currentPrice: amount(currentPrice),
    leader: row.leader,
    leaderMax: amountOrNull(row.leaderMax),
    bidCount: row.bidCount,
    extensions: row.extensions,
    feeBps: row.feeBps,
    treasury: row.treasury,
    shipWindow: row.shipWindow,
    confirmWindow: row.confirmWindow,
    disputeWindow: row.disputeWindow,
    params: serializeParams(row),
    winner: row.winner,
    finalPrice: amountOrNull(row.finalPrice),
    dealId: row.dealId === null ? null : row.dealId.toString(),
    createdBlock: Number(row.createdBlock),
    createdAt: Number(row.createdAt),
    settledAt: num(row.settledAt),
    transactionHash: row.transactionHash,
  };
}

export function serializeCommitment(row: typeof sealedBid.$inferSelect): CommitmentJson {
  return {
    bidder: row.bidder,
    commitment: row.commitment,
    collateral: amount(row.collateral),
    committedAt: Number(row.committedAt),
    revealedAmount: amountOrNull(row.revealedAmount),
    revealedAt: num(row.revealedAt),
    penalty: amountOrNull(row.penalty),
    penaltyTreasury: row.penaltyTreasury,
  };
}

export function serializeBid(row: typeof bid.$inferSelect): BidJson {
  return {
    id: row.id,
    auctionId: row.auctionId.toString(),
    bidder: row.bidder,
    maxAmount: amount(row.maxAmount),
    price: amount(row.price),
    leader: row.leader,
    endTime: Number(row.endTime),
    extended: row.extended,
    // BidPlaced names the leader after the bid: another address means the leader's proxy
    // maximum outbid this one automatically.
    answeredByProxy: row.leader.toLowerCase() !== row.bidder.toLowerCase(),
    blockNumber: Number(row.blockNumber),
    timestamp: Number(row.timestamp),
    transactionHash: row.transactionHash,
    logIndex: row.logIndex,
  };
}

export function serializeDispute(
  row: typeof dispute.$inferSelect,
  parent: typeof deal.$inferSelect | undefined,
  title: string | null,
): DisputeJson {
  return {
    dealId: row.dealId.toString(),
    house: row.house,
    auctionId: parent ? parent.auctionId.toString() : null,
    title,
    buyer: parent?.buyer ?? null,
    seller: parent?.seller ?? null,
    amount: parent ? amount(parent.amount) : null,
    status: row.status,
    openedBy: row.openedBy,
    openedAt: Number(row.openedAt),
    evidenceHash: row.evidenceHash,
    evidenceURI: row.evidenceURI,
    arbiterDeadline: Number(row.arbiterDeadline),
    resolvedBy: row.resolvedBy,
    resolvedAt: num(row.resolvedAt),
    byTimeout: row.byTimeout,
    buyerShareBps: row.buyerShareBps,
    buyerAmount: amountOrNull(row.buyerAmount),
    sellerProceeds: amountOrNull(row.sellerProceeds),
    fee: amountOrNull(row.fee),
  };
}

export function serializeReview(row: typeof review.$inferSelect): ReviewJson {
  return {
    dealId: row.dealId.toString(),
    house: row.house,
    reviewer: row.reviewer,
    subject: row.subject,
    role: row.role,
    rating: row.rating,
    dealAmount: amount(row.dealAmount),
    contentHash: row.contentHash,
    contentURI: row.contentURI,
    timestamp: Number(row.timestamp),
    transactionHash: row.transactionHash,
  };
}

export function serializeDeal(
  row: typeof deal.$inferSelect,
  extra: {
    title: string | null;
    dispute?: DisputeJson | null;
    reviews?: ReviewJson[];
  },
): DealJson {
  return {
    id: row.id.toString(),
    house: row.house,
    auctionId: row.auctionId.toString(),
    title: extra.title,
    buyer: row.buyer,
    seller: row.seller,
    amount: amount(row.amount),
    status: row.status,
    feeBps: row.feeBps,
    treasury: row.treasury,
    openedAt: Number(row.openedAt),
    shipBy: Number(row.shipBy),
    shippedAt: num(row.shippedAt),
    trackingHash: row.trackingHash,
    confirmDeadline: num(row.confirmDeadline),
    confirmExtension: Number(row.confirmExtension),
    disputeDeadline: num(row.disputeDeadline),
    arbiterDeadline: num(row.arbiterDeadline),
    closedAt: num(row.closedAt),
    confirmedByBuyer: row.confirmedByBuyer,
    refundedBySeller: row.refundedBySeller,
    sellerProceeds: amountOrNull(row.sellerProceeds),
    sellerPaidDirectly: row.sellerPaidDirectly,
    buyerAmount: amountOrNull(row.buyerAmount),
    fee: amountOrNull(row.fee),
    buyerReviewed: row.buyerReviewed,
    sellerReviewed: row.sellerReviewed,
    ...(extra.dispute === undefined ? {} : { dispute: extra.dispute }),
    ...(extra.reviews === undefined ? {} : { reviews: extra.reviews }),
  };
}

export function serializeActivity(row: typeof activity.$inferSelect): ActivityJson {
  return {
    cursor: row.cursor,
    contract: row.contract,
    event: row.event,
    blockNumber: Number(row.blockNumber),
    transactionIndex: row.transactionIndex,
    logIndex: row.logIndex,
    timestamp: Number(row.timestamp),
    transactionHash: row.transactionHash,
    data: row.data,
  };
}

/** Average of `count` ratings summing to `sum`, with two decimals, rounded half up; null without ratings. */
export function averageRating(sum: number, count: number): string | null {
  return weightedRating(BigInt(sum), BigInt(count));
}

/**
 * Σ rating × weight / Σ weight with two decimals, rounded half up (exact, in integers); null
 * without weight. The plain average is the case where every review weighs 1.
 */
export function weightedRating(weightedSum: bigint, weight: bigint): string | null {
  if (weight <= 0n) return null;
  const hundredths = (weightedSum * 200n + weight) / (2n * weight);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, "0")}`;
}

/** Opaque page cursors: base64url of a small JSON object. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
