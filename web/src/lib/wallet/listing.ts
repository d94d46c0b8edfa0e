/**
 * After the sale and around it: creating a listing (its new auction id from the event), the
 * tracking hash a deal's shipment puts on chain, and withdrawing a balance from a house.
 */
import { type Abi, decodeEventLog, keccak256, toBytes } from "viem";
import type { ListingCall } from "#lib/sell.ts";
import {
  callHouse,
  chainClock,
  ensureAccount,
  guarded,
  type Hex,
  houseAbis,
  type OnPhase,
  type Request,
  send,
} from "./tx.ts";

/** keccak256 of a tracking number (trimmed); only this goes on chain. */
export function trackingHash(trackingNumber: string): Hex {
  return keccak256(toBytes(trackingNumber.trim()));
}

/** Pulls the account's withdrawable balance from one house. */
export async function withdrawFrom(house: Hex, expected: string | null, on: OnPhase): Promise<Hex | null> {
  return callHouse({ house, functionName: "withdraw", args: [], account: expected }, on);
}

export interface CreateArgs {
  /** The house of the listing's format. */
  house: Hex;
  account: string | null;
  /** The `createAuction` call, with its times counted from the chain's clock. */
  build: (clock: { now: number; latest: number }) => ListingCall;
}

/**
 * Creates a listing in the house of its format (one `createAuction` transaction); returns the new
 * auction's id from the ListingCreated event (the same event in every house).
 */
export async function createListing(
  args: CreateArgs,
  on: OnPhase,
): Promise<{ hash: Hex; auctionId: bigint } | null> {
  return guarded(on, async () => {
    const account = await ensureAccount(on, args.account);
    on({ kind: "checking" });
    const { format, listing, params } = args.build(await chainClock());
    const { hash, logs } = await send(on, {
      address: args.house,
      abi: houseAbis[format],
      functionName: "createAuction",
      args: [listing, params],
      account,
    } as Request);
    for (const log of logs) {
      if (log.address.toLowerCase() !== args.house.toLowerCase()) continue;
      try {
        const event = decodeEventLog({
          abi: houseAbis[format] as Abi,
          data: log.data,
          topics: log.topics as [Hex, ...Hex[]],
        });
        if (event.eventName === "ListingCreated") {
          return { hash, auctionId: (event.args as unknown as { auctionId: bigint }).auctionId };
        }
      } catch {
        // another event
      }
    }
    throw new Error("the transaction has no ListingCreated event");
  });
}
