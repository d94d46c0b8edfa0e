// The zod schemas of the REST API's answers (checked by the scenario test and by the typed
// client). The OpenAPI document (openapi.ts), the generated client (indexer/client) and API.md all
// come from these and params.ts. No Ponder import: scripts load this file.
import { z } from "zod";
import { CURSOR_PATTERN } from "./params.ts";

/* ------------------------------------------------------------------ errors -------------- */

export const ErrorBody = z.strictObject({ error: z.string() }).meta({
  id: "Error",
  description:
    "Any failure: 404 (unknown id or address), 413, 503 (the database out of reach: try again after Retry-After), 500.",
});

export const BadRequestBody = z
  .strictObject({
    error: z.string().meta({ example: "invalid parameter: limit" }),
    issues: z.array(
      z.strictObject({
        field: z
          .string()
          .meta({ description: "The parameter's name (`id`, `address` for path parameters)." }),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "BadRequest", description: "A path or query parameter failed validation." });

/* ------------------------------------------------------------------ shapes -------------- */

const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
const address = z.string().regex(/^0x[0-9a-f]{40}$/);
const hash = z.string().regex(/^0x[0-9a-f]{64}$/);
const id = z.string().regex(/^\d+$/);
const seconds = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const Amount = z
  .strictObject({
    raw: z.string().regex(/^\d+$/).meta({ description: "Token units (6 decimals) as a decimal string." }),
    decimal: z
      .string()
      .regex(/^\d+(\.\d{1,6})?$/)
      .meta({ description: "The same in USDC, exact, no trailing zeros." }),
  })
  .meta({
    id: "Amount",
    description: "Money: never a JSON number.",
    example: { raw: "1500000", decimal: "1.5" },
  });

export const auctionFormats = ["english", "dutch", "sealed", "rolling"] as const;
export const auctionStatuses = ["active", "ended", "settled", "cancelled", "no_sale"] as const;
export const dealStatuses = ["paid", "shipped", "completed", "refunded", "disputed", "resolved"] as const;
export const disputeStatuses = ["open", "resolved", "conceded"] as const;

export const Auction = z
  .strictObject({
    id,
    house: address.meta({ description: "The house contract that runs it." }),
    format: z.enum(auctionFormats),
    seller: address,
    title: z.string(),
    metadataURI: z.string(),
    metadataHash: hash,
    status: z.enum(auctionStatuses).meta({
      description:
        "`ended`: an active auction past `endTime` (judged by the indexer's now), not settled yet.",
    }),
    startTime: seconds,
    endTime: orNull(seconds).meta({
      description:
        "Current end, after extensions and pauses (sealed: end of the reveal phase); null for a rolling round whose clock has not started (no bid yet).",
    }),
    reservePrice: Amount,
    startPrice: Amount,
    currentPrice: Amount.meta({
      description:
        "English/rolling: visible price; Dutch: the price falling now; sealed: reserve, then the highest revealed amount.",
    }),
    leader: orNull(address),
    leaderMax: orNull(Amount),
    bidCount: count,
    extensions: count,
    feeBps: count,
    treasury: address,
    shipWindow: seconds,
    confirmWindow: seconds,
    disputeWindow: seconds,
    params: z.record(z.string(), z.union([z.string(), z.number(), Amount])).meta({
      description:
        "Format-specific settings (english: minIncrementBps, extensionWindow, maxExtensions; dutch: floorPrice (Amount), floorTime; sealed: commitEnd, revealEnd, pricing, unrevealedPenaltyBps, reveals; rolling: listingId, round, units, unitsLeft, unitsSold, roundDuration, …).",
    }),
    winner: orNull(address),
    finalPrice: orNull(Amount),
    dealId: orNull(id),
    createdBlock: count,
    createdAt: seconds,
    settledAt: orNull(seconds),
    transactionHash: hash,
  })
  .meta({ id: "Auction" });

export const Bid = z
  .strictObject({
    id: z.string(),
    auctionId: id,
    bidder: address,
    maxAmount: Amount.meta({ description: "The bidder's proxy maximum (a plain bid: its amount)." }),
    price: Amount.meta({ description: "Visible price right after this bid." }),
    leader: address,
    endTime: seconds,
    extended: z.boolean(),
    answeredByProxy: z.boolean().meta({
      description:
        "The leader's proxy maximum answered this bid automatically: the bidder did not take the lead, and `price` is the leader's automatic bid on their behalf (`leader` ≠ `bidder`).",
    }),
    blockNumber: count,
    timestamp: seconds,
    transactionHash: hash,
    logIndex: count,
  })
  .meta({ id: "Bid" });

export const Commitment = z
  .strictObject({
    bidder: address,
    commitment: hash,
    collateral: Amount,
    committedAt: seconds,
    revealedAmount: orNull(Amount),
    revealedAt: orNull(seconds),
    penalty: orNull(Amount).meta({ description: "Collateral withheld for not revealing." }),
    penaltyTreasury: orNull(address),
  })
  .meta({ id: "Commitment" });

export const Dispute = z
  .strictObject({
    dealId: id,
    house: address,
    auctionId: orNull(id),
    title: orNull(z.string()),
    buyer: orNull(address),
    seller: orNull(address),
    amount: orNull(Amount),
    status: z.enum(disputeStatuses),
    openedBy: address,
    openedAt: seconds,
    evidenceHash: hash,
    evidenceURI: z.string(),
    arbiterDeadline: seconds,
    resolvedBy: orNull(address),
    resolvedAt: orNull(seconds),
    byTimeout: orNull(z.boolean()),
    buyerShareBps: orNull(count),
    buyerAmount: orNull(Amount),
    sellerProceeds: orNull(Amount),
    fee: orNull(Amount),
  })
  .meta({ id: "Dispute" });

export const Review = z
  .strictObject({
    dealId: id,
    house: address,
    reviewer: address,
    subject: address,
    role: z.enum(["buyer", "seller"]).meta({ description: "The reviewer's role in the deal." }),
    rating: z.number().int().min(1).max(5),
    dealAmount: Amount.meta({
      description: "The amount of the deal reviewed: the review's weight in `weightedRating`.",
    }),
    contentHash: hash,
    contentURI: z.string(),
    timestamp: seconds,
    transactionHash: hash,
  })
  .meta({ id: "Review" });

export const Deal = z
  .strictObject({
    id,
    house: address,
    auctionId: id,
    title: orNull(z.string()),
    buyer: address,
    seller: address,
    amount: Amount,
    status: z.enum(dealStatuses),
    feeBps: count,
    treasury: address,
    openedAt: seconds,
    shipBy: seconds.meta({
      description: "The seller ships until then (inclusive); the buyer may reclaim after.",
    }),
    shippedAt: orNull(seconds),
    trackingHash: orNull(hash),
    confirmDeadline: orNull(seconds),
    confirmExtension: seconds,
    disputeDeadline: orNull(seconds),
    arbiterDeadline: orNull(seconds),
    closedAt: orNull(seconds),
    confirmedByBuyer: orNull(z.boolean()),
    refundedBySeller: orNull(z.boolean()),
    sellerProceeds: orNull(Amount),
    sellerPaidDirectly: orNull(z.boolean()),
    buyerAmount: orNull(Amount),
    fee: orNull(Amount),
    buyerReviewed: z.boolean(),
    sellerReviewed: z.boolean(),
    dispute: orNull(Dispute).optional().meta({ description: "In the auction and deal detail routes." }),
    reviews: z.array(Review).optional().meta({ description: "In GET /api/deals/{id} only." }),
  })
  .meta({ id: "Deal" });

export const ActivityItem = z
  .strictObject({
    cursor: z.string().regex(CURSOR_PATTERN),
    contract: z.string(),
    event: z.string(),
    blockNumber: count,
    transactionIndex: count,
    logIndex: count,
    timestamp: seconds,
    transactionHash: hash,
    data: z.record(z.string(), z.string()).meta({
      description: "The event's arguments under their Solidity names, every value a string.",
    }),
  })
  .meta({ id: "ActivityItem" });

export const AuctionPage = z
  .strictObject({
    items: z.array(Auction),
    nextCursor: orNull(z.string()),
    now: seconds.meta({ description: "The unix-seconds now the items' status was judged by." }),
  })
  .meta({ id: "AuctionPage" });

export const AuctionDetail = z
  .strictObject({
    auction: Auction,
    bids: z.array(Bid).meta({ description: "Newest first, at most 200." }),
    commitments: z.array(Commitment).meta({ description: "Sealed only, in commit order; else []." }),
    deal: orNull(Deal),
    now: seconds.meta({ description: "The unix-seconds now the auction's status was judged by." }),
    pausedAt: orNull(seconds).meta({
      description:
        "While the platform is paused (GavelConfig.pause), when the pause began: every clock of the auction stands still there until Unpaused; null while it is not paused.",
    }),
  })
  .meta({ id: "AuctionDetail" });

export const DealDetail = z.strictObject({ deal: Deal }).meta({ id: "DealDetail" });

export const DisputePage = z
  .strictObject({ items: z.array(Dispute), nextCursor: orNull(z.string()) })
  .meta({ id: "DisputePage" });

export const Account = z
  .strictObject({
    address,
    firstSeen: seconds,
    lastSeen: seconds,
    reputation: z.strictObject({
      sales: count,
      purchases: count,
      soldVolume: Amount,
      boughtVolume: Amount,
      volume: Amount,
      ratingCount: count,
      averageRating: orNull(z.string()).meta({ description: "Two decimals, rounded half up." }),
      weightedRating: orNull(z.string()).meta({
        description:
          "Σ rating × deal amount / Σ deal amount over the reviews received, two decimals, rounded half up: a review from a cheap (perhaps self-dealt) deal counts for little next to one from an expensive deal. Null without reviews.",
      }),
      disputesWon: count,
      disputesLost: count,
      completedDeals: count,
      disputedDeals: count,
      firstSaleAt: orNull(seconds),
      firstPurchaseAt: orNull(seconds),
    }),
    balances: z.array(z.strictObject({ house: address, withdrawable: Amount })),
    reviews: z.array(Review).meta({ description: "Received, newest first, at most 20." }),
    history: z.strictObject({
      auctions: z.array(Auction).meta({ description: "As seller, newest first, at most 20." }),
      bids: z.array(Bid).meta({ description: "Newest first, at most 20." }),
      deals: z.array(Deal).meta({ description: "As buyer or seller, newest first, at most 20." }),
    }),
  })
  .meta({ id: "Account" });

export const Reputation = z
  .strictObject({
    address,
    ratingCount: count,
    averageRating: orNull(z.string()).meta({ description: "Two decimals, rounded half up." }),
    weightedRating: orNull(z.string()).meta({
      description:
        "Σ rating × deal amount / Σ deal amount over the reviews received, two decimals, rounded half up: a review from a cheap (perhaps self-dealt) deal counts for little next to one from an expensive deal. Null without reviews.",
    }),
    sales: count,
    completedDeals: count.meta({ description: "Deals completed (released), as buyer or seller." }),
    disputesLost: count,
    memberSince: orNull(seconds).meta({
      description: "First seen in a Gavel event or TestUSDC transfer; null: never seen (a new account).",
    }),
  })
  .meta({ id: "Reputation", description: "What a card shows beside a seller's name." });

export const Reputations = z
  .strictObject({
    items: z.array(Reputation).meta({
      description: "One per distinct address asked for, in the order asked; unseen ones with zeros.",
    }),
  })
  .meta({ id: "Reputations" });

export const leaderboardSorts = ["volume", "sales", "rating"] as const;

export const Leaderboard = z
  .strictObject({
    by: z.enum(leaderboardSorts),
    items: z.array(
      z.strictObject({
        rank: count,
        address,
        sales: count,
        soldVolume: Amount,
        ratingCount: count,
        averageRating: orNull(z.string()),
      }),
    ),
  })
  .meta({ id: "Leaderboard" });

export const Stats = z
  .strictObject({
    totals: z.strictObject({
      auctions: count,
      activeAuctions: count,
      bids: count,
      deals: count,
      volume: Amount,
      fees: Amount,
      disputes: count,
      openDisputes: count,
      accounts: count,
    }),
    daily: z.array(
      z.strictObject({
        day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        newListings: count,
        bids: count,
        dealsOpened: count,
        dealsCompleted: count,
        disputesOpened: count,
        volume: Amount,
        fees: Amount,
      }),
    ),
  })
  .meta({ id: "Stats" });

export const ActivityPage = z
  .strictObject({
    items: z.array(ActivityItem),
    nextCursor: orNull(z.string()).meta({
      description: "Pass as `after` next time (`after` again when nothing is new).",
    }),
    hasMore: z.boolean(),
  })
  .meta({ id: "ActivityPage" });

export const Readiness = z
  .strictObject({
    ready: z.boolean(),
    indexedBlock: orNull(count),
    headBlock: count,
    indexedTimestamp: orNull(seconds),
    headTimestamp: seconds,
  })
  .meta({ id: "Readiness" });

export const PonderStatus = z
  .record(z.string(), z.object({ id: count, block: z.object({ number: count, timestamp: seconds }) }))
  .meta({ id: "PonderStatus", description: "Per chain (by name): its id and the last indexed block." });

export type AuctionJson = z.infer<typeof Auction>;
export type BidJson = z.infer<typeof Bid>;
export type CommitmentJson = z.infer<typeof Commitment>;
export type DealJson = z.infer<typeof Deal>;
export type DisputeJson = z.infer<typeof Dispute>;
export type ReviewJson = z.infer<typeof Review>;
export type ReputationJson = z.infer<typeof Reputation>;
export type ActivityJson = z.infer<typeof ActivityItem>;
