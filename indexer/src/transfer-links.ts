// USDC transfers linked to the listing they moved money for (issue #16): a transfer made in the
// same transaction as a house event that names a listing (a bid's escrow, an outbid's refund, a
// settlement's payout, a deal's release) carries that listing's `auctionId` and `house` in its
// feed data, so every such line of the activity feed links to its auction. Within a transaction a
// transfer belongs to the latest such event before it, or, when it comes first (an EIP-3009 bid
// pulls the money before the house emits), to the first one after it. Only Ponder's store API by
// primary key is used, so linking costs no query outside the indexing cache. (Ponder loads every
// file under src/ as indexing code; this one only defines functions.)
import type { Context } from "ponder:registry";
import { activity, transactionListing } from "ponder:schema";
import { type Address, type Hex, isAddressEqual } from "viem";

type Db = Context["db"];

/** A feed event's listing: its auction (or round, or deal: a deal's id is its auction's) id. */
export function listingIdOf(data: Record<string, string>): string | null {
  const id = data.auctionId ?? data.roundId ?? data.listingId ?? data.dealId;
  return id !== undefined && /^\d+$/.test(id) ? id : null;
}

/** The houses' addresses, from Ponder's `context.contracts`. */
const HOUSES = [
  "EnglishAuctionHouse",
  "DutchAuctionHouse",
  "SealedBidAuctionHouse",
  "RollingAuctionHouse",
] as const;

/** Whether a transfer goes into or out of an auction house (only those belong to a listing). */
export function touchesHouse(contracts: Context["contracts"], from: Address, to: Address): boolean {
  return HOUSES.some((name) => {
    const address = contracts[name].address;
    return typeof address === "string" && (isAddressEqual(address, from) || isAddressEqual(address, to));
  });
}

/** What a linked transfer's feed data gains. */
export interface TransferLink {
  auctionId: string;
  house: string;
}

/**
 * The listing of a transfer at `cursor` in `transactionHash`, when a house event before it in the
 * transaction named one; otherwise the transfer waits for the transaction's next such event (null).
 */
export async function linkTransfer(
  db: Db,
  transactionHash: Hex,
  cursor: string,
): Promise<TransferLink | null> {
  const known = await db.find(transactionListing, { transactionHash });
  if (known?.auctionId && known.house) return { auctionId: known.auctionId, house: known.house };
  if (known)
    await db.update(transactionListing, { transactionHash }).set({ waiting: [...known.waiting, cursor] });
  else await db.insert(transactionListing).values({ transactionHash, waiting: [cursor] });
  return null;
}

/**
 * After a house event with `data`: the transfers waiting in its transaction join its listing, and
 * later transfers in the transaction will too (until another listing's event).
 */
export async function claimTransfers(
  db: Db,
  transactionHash: Hex,
  house: Address,
  data: Record<string, string>,
): Promise<void> {
  const auctionId = listingIdOf(data);
  if (auctionId === null) return;
  const link = { auctionId, house: house.toLowerCase() as Hex };
  const known = await db.find(transactionListing, { transactionHash });
  for (const cursor of known?.waiting ?? []) {
    const row = await db.find(activity, { cursor });
    if (row) await db.update(activity, { cursor }).set({ data: { ...row.data, ...link } });
  }
  if (known) await db.update(transactionListing, { transactionHash }).set({ ...link, waiting: [] });
  else await db.insert(transactionListing).values({ transactionHash, ...link, waiting: [] });
}
