// The body of POST /bids (zod; a bad field is answered 400 naming it) and the house call each
// kind of signed bid becomes. Amounts are decimal strings in USDC base units (6 decimals).
import {
  authorizationNonce,
  authorizationSignature,
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  testUSDCAbi,
} from "@gavel/sdk";
import type { Abi, Address, Hex } from "viem";
import { z } from "zod";

export const KINDS = ["english", "rolling", "dutch", "sealed"] as const;
export type Kind = (typeof KINDS)[number];

/** The contract name (sdk deployments, GAVEL_ADDRESSES) of each kind's house. */
export const HOUSE_CONTRACTS: Record<Kind, string> = {
  english: "EnglishAuctionHouse",
  rolling: "RollingAuctionHouse",
  dutch: "DutchAuctionHouse",
  sealed: "SealedBidAuctionHouse",
};

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be an address (0x and 40 hex digits)")
  .transform((a) => a.toLowerCase() as Address);
const uint = z
  .string()
  .regex(/^\d{1,78}$/, "must be a whole number written as a decimal string")
  .transform(BigInt)
  .refine((n) => n < 2n ** 256n, "is too large");
const positive = uint.refine((n) => n > 0n, "must be more than zero");
const common = {
  house: address,
  id: uint,
  bidder: address,
  validBefore: uint,
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte signature (0x and 130 hex digits)"),
};

export const BidSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("english"), maximum: positive, value: positive, ...common }),
    z.object({ kind: z.literal("rolling"), maximum: positive, value: positive, ...common }),
    // The Dutch buy's signed value is its price guard.
    z.object({ kind: z.literal("dutch"), price: positive, value: positive.optional(), ...common }),
    z.object({
      kind: z.literal("sealed"),
      commitment: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hash (0x and 64 hex digits)"),
      value: uint,
      ...common,
    }),
  ],
  { error: `must be one of ${KINDS.join(", ")}` },
);
export type Bid = z.infer<typeof BidSchema>;

/** The token's errors, so a revert inside `receiveWithAuthorization` decodes by name. */
const tokenErrors = testUSDCAbi.filter((item) => item.type === "error");

const abis: Record<Kind, Abi> = {
  english: [...englishAuctionHouseAbi, ...tokenErrors],
  rolling: [...rollingAuctionHouseAbi, ...tokenErrors],
  dutch: [...dutchAuctionHouseAbi, ...tokenErrors],
  sealed: [...sealedBidAuctionHouseAbi, ...tokenErrors],
};

export interface HouseCall {
  contract: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] };
  /** The EIP-3009 nonce the house rebuilds: how the transaction that used it is found. */
  authorizationNonce: Hex;
}

/** The house call that submits `bid`. */
export function houseCall(bid: Bid): HouseCall {
  // EIP-2098 compact signature: the houses take (r, vs) after the call's own arguments and the payer.
  const { r, vs } = authorizationSignature(bid.signature as Hex);
  const nonceOf = (bound: bigint | Hex) =>
    authorizationNonce({
      house: bid.house,
      id: bid.id,
      bidder: bid.bidder,
      bound,
      validBefore: bid.validBefore,
    });
  const call = (functionName: string, args: readonly unknown[], bound: bigint | Hex): HouseCall => ({
    contract: { address: bid.house, abi: abis[bid.kind], functionName, args },
    authorizationNonce: nonceOf(bound),
  });
  switch (bid.kind) {
    case "english":
    case "rolling":
      return call(
        "bidWithAuthorization",
        [bid.id, bid.maximum, bid.bidder, bid.value, bid.validBefore, r, vs],
        bid.maximum,
      );
    case "dutch":
      return call("buyWithAuthorization", [bid.id, bid.price, bid.bidder, bid.validBefore, r, vs], bid.price);
    case "sealed":
      return call(
        "commitWithAuthorization",
        [bid.id, bid.commitment, bid.value, bid.bidder, bid.validBefore, r, vs],
        bid.commitment as Hex,
      );
  }
}
