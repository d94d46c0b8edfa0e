// Gavel's indexed tables. Every row is derived from contract events; Ponder rolls rows back on a
// reorg. Money is `bigint` (raw token units), addresses are `hex`, times are unix seconds
// (`bigint`, block timestamps or on-chain deadlines). The API (src/api/) reads them; see API.md.
import { index, onchainTable, primaryKey } from "ponder";

/** Auction formats, one house contract each. */
export type AuctionFormat = "english" | "dutch" | "sealed" | "rolling";
/** Stored auction status; the API derives `ended` (active past `endTime`) at query time. */
export type AuctionStatus = "active" | "settled" | "cancelled" | "no_sale";
export type DealStatus = "paid" | "shipped" | "completed" | "refunded" | "disputed" | "resolved";
export type DisputeStatus = "open" | "resolved" | "conceded";

/** One row per TestUSDC (the payment token) Transfer. `id` is Ponder's event id. */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    fromIdx: index("transfer_from_idx").on(table.from),
    toIdx: index("transfer_to_idx").on(table.to),
  }),
);

/**
 * Every address that appeared in a Gavel event (or held TestUSDC): token balance, reputation and
 * first/last seen. Counters start at zero; `firstSeen`/`lastSeen` are block timestamps.
 */
export const account = onchainTable(
  "account",
  (t) => ({
    address: t.hex().primaryKey(),
    /** TestUSDC balance (raw units), from transfers. */
    balance: t.bigint().notNull().default(0n),
    /** Deals opened as seller / buyer, and the sum of their amounts. */
    sales: t.integer().notNull().default(0),
    purchases: t.integer().notNull().default(0),
    soldVolume: t.bigint().notNull().default(0n),
    boughtVolume: t.bigint().notNull().default(0n),
    /** Reviews received: count, sum of ratings, and round(sum × 1000 / count) for sorting. */
    ratingCount: t.integer().notNull().default(0),
    ratingSum: t.integer().notNull().default(0),
    ratingMilli: t.integer().notNull().default(0),
    /**
     * Volume-weighted rating: Σ rating × deal amount and Σ deal amount (raw units) over the reviews
     * received, so a review from a 1 USDC self-deal weighs 1/500 of one from a 500 USDC deal.
     */
    ratingWeightedSum: t.bigint().notNull().default(0n),
    ratingWeight: t.bigint().notNull().default(0n),
    /** Deals completed (released to the seller), as buyer or seller. */
    completedDeals: t.integer().notNull().default(0),
    disputesWon: t.integer().notNull().default(0),
    disputesLost: t.integer().notNull().default(0),
    firstSeen: t.bigint().notNull(),
    lastSeen: t.bigint().notNull(),
  }),
  (table) => ({
    soldVolumeIdx: index("account_sold_volume_idx").on(table.soldVolume, table.address),
    salesIdx: index("account_sales_idx").on(table.sales, table.address),
    ratingIdx: index("account_rating_idx").on(table.ratingMilli, table.address),
  }),
);

/** Withdrawable balance per (house, account): Σ BalanceCredited − Σ Withdrawn. */
export const houseBalance = onchainTable(
  "house_balance",
  (t) => ({
    house: t.hex().notNull(),
    account: t.hex().notNull(),
    withdrawable: t.bigint().notNull(),
    credited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.house, table.account] }),
    accountIdx: index("house_balance_account_idx").on(table.account),
  }),
);

/**
 * One row per listing of any format, keyed by the auction id (global across houses since the
 * global-id change). Format-specific settings live in `params` (strings and numbers only).
 */
export const auction = onchainTable(
  "auction",
  (t) => ({
    id: t.bigint().primaryKey(),
    house: t.hex().notNull(),
    format: t.text().$type<AuctionFormat>().notNull(),
    seller: t.hex().notNull(),
    title: t.text().notNull(),
    metadataURI: t.text().notNull(),
    metadataHash: t.hex().notNull(),
    status: t.text().$type<AuctionStatus>().notNull(),
    startTime: t.bigint().notNull(),
    endTime: t.bigint().notNull(),
    reservePrice: t.bigint().notNull(),
    startPrice: t.bigint().notNull(),
    /** Visible price (English), price at last event (Dutch: start price until sold), final price once settled. */
    currentPrice: t.bigint().notNull(),
    leader: t.hex(),
    leaderMax: t.bigint(),
    bidCount: t.integer().notNull(),
    extensions: t.integer().notNull(),
    feeBps: t.integer().notNull(),
    treasury: t.hex().notNull(),
    shipWindow: t.integer().notNull(),
    confirmWindow: t.integer().notNull(),
    disputeWindow: t.integer().notNull(),
    params: t.json().$type<Record<string, string | number>>().notNull(),
    winner: t.hex(),
    finalPrice: t.bigint(),
    dealId: t.bigint(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    settledAt: t.bigint(),
    transactionHash: t.hex().notNull(),
    /**
     * The last house event naming this auction (its block hash and log index): the auction page's
     * bids, commitments, deal and dispute are what the events up to it made them, so the API keeps
     * them per revision (src/api/auctions.ts). A block hash commits to the whole chain before it,
     * so a reorg that changes anything about the auction changes its revision too.
     */
    revision: t.text(),
  }),
  (table) => ({
    statusEndIdx: index("auction_status_end_idx").on(table.status, table.endTime, table.id),
    endIdx: index("auction_end_idx").on(table.endTime, table.id),
    newestIdx: index("auction_newest_idx").on(table.createdAt, table.id),
    priceIdx: index("auction_price_idx").on(table.currentPrice, table.id),
    bidsIdx: index("auction_bids_idx").on(table.bidCount, table.id),
    sellerIdx: index("auction_seller_idx").on(table.seller, table.createdAt),
    formatIdx: index("auction_format_idx").on(table.format, table.status),
  }),
);

/** One row per accepted bid (English and rolling: `BidPlaced`). `id` is Ponder's event id. */
export const bid = onchainTable(
  "bid",
  (t) => ({
    id: t.text().primaryKey(),
    auctionId: t.bigint().notNull(),
    bidder: t.hex().notNull(),
    /** The bidder's proxy maximum (public in the event; a plain bid: its amount). */
    maxAmount: t.bigint().notNull(),
    price: t.bigint().notNull(),
    leader: t.hex().notNull(),
    endTime: t.bigint().notNull(),
    extended: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    /** Activity cursor of the event: chain order. */
    cursor: t.text().notNull(),
  }),
  (table) => ({
    auctionIdx: index("bid_auction_idx").on(table.auctionId, table.cursor),
    bidderIdx: index("bid_bidder_idx").on(table.bidder, table.cursor),
  }),
);

/** Sealed-bid commitments and their reveals (one row per auction and bidder), for the sealed house. */
export const sealedBid = onchainTable(
  "sealed_bid",
  (t) => ({
    auctionId: t.bigint().notNull(),
    bidder: t.hex().notNull(),
    commitment: t.hex().notNull(),
    collateral: t.bigint().notNull(),
    committedAt: t.bigint().notNull(),
    revealedAmount: t.bigint(),
    revealedAt: t.bigint(),
    /** Collateral withheld as the unrevealed-bid penalty. */
    penalty: t.bigint(),
    /** Who the penalty accrued to: the listing's treasury (never the seller). */
    penaltyTreasury: t.hex(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.auctionId, table.bidder] }),
  }),
);

/** One row per deal (escrowed sale), keyed by the deal id (= the auction id since the global-id change). */
export const deal = onchainTable(
  "deal",
  (t) => ({
    id: t.bigint().primaryKey(),
    house: t.hex().notNull(),
    auctionId: t.bigint().notNull(),
    buyer: t.hex().notNull(),
    seller: t.hex().notNull(),
    amount: t.bigint().notNull(),
    status: t.text().$type<DealStatus>().notNull(),
    feeBps: t.integer().notNull(),
    treasury: t.hex().notNull(),
    openedAt: t.bigint().notNull(),
    shipBy: t.bigint().notNull(),
    shippedAt: t.bigint(),
    trackingHash: t.hex(),
    /** Confirm deadline, the buyer's extension included. */
    confirmDeadline: t.bigint(),
    /** Seconds the buyer added to the confirm window (`ConfirmWindowExtended`); 0 if never. */
    confirmExtension: t.bigint().notNull().default(0n),
    /** Last second the seller may open a dispute (the buyer may until the deal is released). */
    disputeDeadline: t.bigint(),
    arbiterDeadline: t.bigint(),
    closedAt: t.bigint(),
    confirmedByBuyer: t.boolean(),
    refundedBySeller: t.boolean(),
    sellerProceeds: t.bigint(),
    /** Completed: the proceeds reached the seller's wallet in that transaction (false: credited). */
    sellerPaidDirectly: t.boolean(),
    buyerAmount: t.bigint(),
    fee: t.bigint(),
    buyerReviewed: t.boolean().notNull(),
    sellerReviewed: t.boolean().notNull(),
    cursor: t.text().notNull(),
  }),
  (table) => ({
    buyerIdx: index("deal_buyer_idx").on(table.buyer, table.cursor),
    sellerIdx: index("deal_seller_idx").on(table.seller, table.cursor),
    statusIdx: index("deal_status_idx").on(table.status),
  }),
);

/** At most one dispute per deal (only a shipped deal can be disputed, once). */
export const dispute = onchainTable(
  "dispute",
  (t) => ({
    dealId: t.bigint().primaryKey(),
    house: t.hex().notNull(),
    status: t.text().$type<DisputeStatus>().notNull(),
    openedBy: t.hex().notNull(),
    openedAt: t.bigint().notNull(),
    evidenceHash: t.hex().notNull(),
    evidenceURI: t.text().notNull(),
    arbiterDeadline: t.bigint().notNull(),
    resolvedBy: t.hex(),
    resolvedAt: t.bigint(),
    byTimeout: t.boolean(),
    buyerShareBps: t.integer(),
    buyerAmount: t.bigint(),
    sellerProceeds: t.bigint(),
    fee: t.bigint(),
    /** Activity cursor of `DisputeOpened`: the queue order. */
    cursor: t.text().notNull(),
  }),
  (table) => ({
    statusIdx: index("dispute_status_idx").on(table.status, table.cursor),
    cursorIdx: index("dispute_cursor_idx").on(table.cursor),
  }),
);

/** One row per review (each party reviews the other at most once per deal). */
export const review = onchainTable(
  "review",
  (t) => ({
    dealId: t.bigint().notNull(),
    reviewer: t.hex().notNull(),
    house: t.hex().notNull(),
    subject: t.hex().notNull(),
    role: t.text().$type<"buyer" | "seller">().notNull(),
    rating: t.integer().notNull(),
    /** The amount of the deal reviewed (raw units): the review's weight in the weighted rating. */
    dealAmount: t.bigint().notNull(),
    contentHash: t.hex().notNull(),
    contentURI: t.text().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    cursor: t.text().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.dealId, table.reviewer] }),
    subjectIdx: index("review_subject_idx").on(table.subject, table.cursor),
  }),
);

/** Per UTC day (`YYYY-MM-DD` of the block timestamp): what happened. */
export const dailyStats = onchainTable("daily_stats", (t) => ({
  day: t.text().primaryKey(),
  newListings: t.integer().notNull().default(0),
  bids: t.integer().notNull().default(0),
  dealsOpened: t.integer().notNull().default(0),
  dealsCompleted: t.integer().notNull().default(0),
  disputesOpened: t.integer().notNull().default(0),
  /** Σ amounts of deals opened. */
  volume: t.bigint().notNull().default(0n),
  /** Σ fees accrued (completed and resolved deals). */
  fees: t.bigint().notNull().default(0n),
}));

/** GavelConfig's current settings (one row, id `config`). */
export const gavelConfig = onchainTable("gavel_config", (t) => ({
  id: t.text().primaryKey(),
  feeBps: t.integer(),
  treasury: t.hex(),
  disputeTimeout: t.integer(),
  paused: t.boolean().notNull(),
  /** When the running pause began (null while not paused). */
  pausedAt: t.bigint(),
  /** Seconds of every pause that ended (`Unpaused.pausedTotal`). */
  pausedTotal: t.bigint().notNull().default(0n),
}));

/** Role holders of GavelConfig (AccessControl). */
export const roleMember = onchainTable(
  "role_member",
  (t) => ({
    role: t.hex().notNull(),
    account: t.hex().notNull(),
    grantedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.role, table.account] }) }),
);

/**
 * The listing a transaction's USDC transfers belong to (src/transfer-links.ts): the house and
 * auction id of the transaction's latest house event that names a listing, and the feed cursors of
 * its transfers still waiting for one (those made before the transaction's first such event).
 */
export const transactionListing = onchainTable("transaction_listing", (t) => ({
  transactionHash: t.hex().primaryKey(),
  house: t.hex(),
  auctionId: t.text(),
  waiting: t.text().array().notNull(),
}));

/**
 * The ordered feed the bot and the live UI read: one row per event, in chain order. `cursor` is
 * the zero-padded `block-txIndex-logIndex` (see src/activity.ts), so sorting the text sorts the
 * chain; `data` holds the event's fields as strings (amounts in raw units, exact).
 */
export const activity = onchainTable("activity", (t) => ({
  cursor: t.text().primaryKey(),
  contract: t.text().notNull(),
  event: t.text().notNull(),
  blockNumber: t.bigint().notNull(),
  transactionIndex: t.integer().notNull(),
  logIndex: t.integer().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  data: t.json().$type<Record<string, string>>().notNull(),
}));
