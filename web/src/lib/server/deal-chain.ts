import { englishAuctionHouseAbi } from "@gavel/sdk";
import { chainClient } from "./chain.ts";
import type { Deal } from "./indexer.ts";
import { log } from "./log.ts";

/** A shipped deal's confirmation times, as the deal page needs them. */
export interface ConfirmTimes {
  /** Seconds the buyer added to the confirm window; 0 while not extended. */
  confirmExtension: number;
  /** When the buyer's time to confirm ends, the extension included (null before shipping). */
  confirmDeadline: number | null;
  /** The listing's confirm window in seconds: the most the buyer may extend by (null before shipping). */
  confirmWindow: number | null;
}

/**
 * The times from the indexer's deal: an indexer that knows the extension sends `confirmExtension`
 * with the extended deadline; an older one sends neither (0 and the listing's deadline).
 */
export function indexedTimes(deal: Deal): ConfirmTimes {
  const extension = deal.confirmExtension;
  if (deal.shippedAt === null || deal.confirmDeadline === null)
    return { confirmExtension: extension, confirmDeadline: null, confirmWindow: null };
  return {
    confirmExtension: extension,
    confirmDeadline: deal.confirmDeadline,
    confirmWindow: deal.confirmDeadline - deal.shippedAt - extension,
  };
}

/**
 * The same times read from the deal's house (`getDeal`), which is right even before the indexer
 * has seen an extension; null without `RPC_URL` or when the chain does not answer.
 */
export async function chainTimes(house: `0x${string}`, dealId: string): Promise<ConfirmTimes | null> {
  const rpc = chainClient();
  if (!rpc) return null;
  try {
    // Every house is a DealEscrow: one ABI reads any of them.
    const v = await rpc.readContract({
      address: house,
      abi: englishAuctionHouseAbi,
      functionName: "getDeal",
      args: [BigInt(dealId)],
    });
    if (v.shippedAt === 0n) return { confirmExtension: 0, confirmDeadline: null, confirmWindow: null };
    const confirmExtension = Number(v.confirmExtension);
    const confirmDeadline = Number(v.confirmDeadline);
    return {
      confirmExtension,
      confirmDeadline,
      confirmWindow: confirmDeadline - Number(v.shippedAt) - confirmExtension,
    };
  } catch (error) {
    log.warn({ err: error, dealId }, "deal read from the chain failed");
    return null;
  }
}

/** The deal with its confirmation times: the chain's when it answers, else the indexer's. */
export async function withConfirmTimes<D extends Deal>(deal: D): Promise<D & ConfirmTimes> {
  const fromChain = deal.shippedAt === null ? null : await chainTimes(deal.house as `0x${string}`, deal.id);
  return { ...deal, ...(fromChain ?? indexedTimes(deal)) };
}
