// Small write helpers shared by the handler files: accounts' first/last seen and reputation
// counters, and the per-day statistics. (Ponder loads every file under src/ as indexing code;
// this one only defines functions.)
import type { Context } from "ponder:registry";
import { account, dailyStats } from "ponder:schema";
import { type Address, zeroAddress } from "viem";

type Db = Context["db"];

/** The UTC day (`YYYY-MM-DD`) of a block timestamp. */
export function dayOf(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
}

export type AccountCounters = Partial<
  Pick<
    typeof account.$inferInsert,
    "sales" | "purchases" | "soldVolume" | "boughtVolume" | "disputesWon" | "disputesLost" | "balance"
  >
>;

/**
 * Records that `address` took part in an event at `timestamp` (first/last seen) and adds the
 * given counters. The zero address is never an account.
 */
export async function touchAccount(
  db: Db,
  address: Address,
  timestamp: bigint,
  add: AccountCounters = {},
): Promise<void> {
  if (address === zeroAddress) return;
  await db
    .insert(account)
    .values({ address, firstSeen: timestamp, lastSeen: timestamp, ...add })
    .onConflictDoUpdate((row) => ({
      lastSeen: timestamp > row.lastSeen ? timestamp : row.lastSeen,
      balance: row.balance + (add.balance ?? 0n),
      sales: row.sales + (add.sales ?? 0),
      purchases: row.purchases + (add.purchases ?? 0),
      soldVolume: row.soldVolume + (add.soldVolume ?? 0n),
      boughtVolume: row.boughtVolume + (add.boughtVolume ?? 0n),
      disputesWon: row.disputesWon + (add.disputesWon ?? 0),
      disputesLost: row.disputesLost + (add.disputesLost ?? 0),
    }));
}

/**
 * Adds a review's rating to its subject's reputation: to the plain average, and weighted by the
 * amount of the deal it came from (`dealAmount`, raw units) to the volume-weighted one.
 */
export async function addRating(
  db: Db,
  subject: Address,
  rating: number,
  dealAmount: bigint,
  timestamp: bigint,
): Promise<void> {
  const weighted = BigInt(rating) * dealAmount;
  const milli = (sum: number, count: number) => Math.round((sum * 1000) / count);
  await db
    .insert(account)
    .values({
      address: subject,
      firstSeen: timestamp,
      lastSeen: timestamp,
      ratingCount: 1,
      ratingSum: rating,
      ratingMilli: rating * 1000,
      ratingWeightedSum: weighted,
      ratingWeight: dealAmount,
    })
    .onConflictDoUpdate((row) => ({
      lastSeen: timestamp > row.lastSeen ? timestamp : row.lastSeen,
      ratingCount: row.ratingCount + 1,
      ratingSum: row.ratingSum + rating,
      ratingMilli: milli(row.ratingSum + rating, row.ratingCount + 1),
      ratingWeightedSum: row.ratingWeightedSum + weighted,
      ratingWeight: row.ratingWeight + dealAmount,
    }));
}

export type DailyCounters = Partial<
  Pick<
    typeof dailyStats.$inferInsert,
    "newListings" | "bids" | "dealsOpened" | "dealsCompleted" | "disputesOpened" | "volume" | "fees"
  >
>;

/** Adds `add` to the statistics of the day of `timestamp`. */
export async function bumpDaily(db: Db, timestamp: bigint, add: DailyCounters): Promise<void> {
  await db
    .insert(dailyStats)
    .values({ day: dayOf(timestamp), ...add })
    .onConflictDoUpdate((row) => ({
      newListings: row.newListings + (add.newListings ?? 0),
      bids: row.bids + (add.bids ?? 0),
      dealsOpened: row.dealsOpened + (add.dealsOpened ?? 0),
      dealsCompleted: row.dealsCompleted + (add.dealsCompleted ?? 0),
      disputesOpened: row.disputesOpened + (add.disputesOpened ?? 0),
      volume: row.volume + (add.volume ?? 0n),
      fees: row.fees + (add.fees ?? 0n),
    }));
}
