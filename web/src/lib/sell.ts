/**
 * The sell form's schema for every auction format, shared by the browser (checks before anything
 * is uploaded or signed) and the server (checks again before the listing's metadata is stored).
 * The bounds are the house contracts' own (`createAuction` of each house and AuctionHouseBase), so
 * a form that passes never reverts on chain, and one that fails names the field. Messages are i18n
 * keys (`sell.error.*`); the page shows them in the visitor's language.
 */
import type {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
} from "@gavel/sdk";
import type { ContractFunctionArgs } from "viem";
import { z } from "./zod.ts";

export const USDC_UNITS = 1_000_000n;
export const formats = ["english", "dutch", "sealed", "rolling"] as const;
export type SellFormat = (typeof formats)[number];

const DAY_MINUTES = 24 * 60;

/** Bounds from the contracts (AuctionHouseBase and each format's house). */
export const bounds = {
  titleBytes: 64,
  /** MIN_START_PRICE (English, rolling), MIN_PRICE (Dutch floor), MIN_RESERVE (sealed). */
  minPrice: 1_000_000n,
  /** Amounts are uint96. */
  maxPrice: 2n ** 96n - 1n,
  /** English and Dutch duration, rolling round duration, sealed commit phase: 5 min – 30 days. */
  minDurationMinutes: 5,
  maxDurationMinutes: 30 * DAY_MINUTES,
  /** Dutch: the fall to the floor takes at least a minute and at most the whole auction. */
  minDecayMinutes: 1,
  /** English and Dutch may start later: at most 90 days ahead (MAX_START_DELAY). */
  maxStartHours: 90 * 24,
  minIncrementPercent: 1,
  maxIncrementPercent: 50,
  maxExtensionMinutes: DAY_MINUTES,
  maxExtensions: 100,
  /**
   * Sealed: reveal phase 1 hour – 7 days; the unrevealed penalty (kept for the platform's
   * treasury, never the seller) 10 – 100 %, offered at 25 % (MIN/DEFAULT/MAX_PENALTY_BPS).
   */
  minRevealHours: 1,
  maxRevealHours: 7 * 24,
  minPenaltyPercent: 10,
  defaultPenaltyPercent: 25,
  maxPenaltyPercent: 100,
  /** Rolling: identical units, 1 – 1000. */
  minUnits: 1,
  maxUnits: 1000,
  minShipHours: 1,
  maxShipHours: 60 * 24,
  /** The buyer's confirmation time: 3 – 60 days (MIN/MAX_CONFIRM_WINDOW). */
  minConfirmDays: 3,
  maxConfirmDays: 60,
  minDisputeHours: 1,
  maxImages: 8,
  descriptionChars: 5000,
} as const;

/**
 * Seconds a transaction may take to be mined after the form's times were counted from the chain's
 * "now". Durations get this much slack so a minimum-length phase is still long enough when it
 * lands, and never more than the maximum.
 */
export const MINING_SLACK_SECONDS = 60;

/** "12.5" → 12500000n (USDC has 6 decimals); exact. */
export function parseUsdc(decimal: string): bigint {
  const [whole = "0", fraction = ""] = decimal.trim().split(".");
  return BigInt(whole) * USDC_UNITS + BigInt(fraction.padEnd(6, "0"));
}

const USDC_TEXT = /^\d{1,21}(\.\d{1,6})?$/;

/** Token units of a typed amount, or null when it is not a USDC amount (≤ 6 decimals). */
function units(value: unknown): bigint | null {
  return typeof value === "string" && USDC_TEXT.test(value.trim()) ? parseUsdc(value) : null;
}

/** A price the contracts accept: at least 1 USDC, at most uint96. */
function validPrice(value: unknown): bigint | null {
  const u = units(value);
  return u !== null && u >= bounds.minPrice && u <= bounds.maxPrice ? u : null;
}

const between = (value: unknown, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

const usdc = (message: string) => z.string({ error: message }).trim().regex(USDC_TEXT, message);

/** A USDC amount of at least 1 USDC (the contracts' minimum) and at most uint96. */
const price = (message: string) => usdc(message).refine((v) => validPrice(v) !== null, message);

const int = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

const duration = (message: string) => int(bounds.minDurationMinutes, bounds.maxDurationMinutes, message);
/** English and Dutch: hours until bidding opens; empty or 0 — as soon as it is mined. */
const startHours = z.union([z.literal(""), int(0, bounds.maxStartHours, "sell.error.start")]).default("");
/** Empty: the starting price. */
const optionalReserve = z.union([z.literal(""), usdc("sell.error.reserve")]).default("");

/** What every format asks: the item and the deal deadlines (AuctionHouseBase). */
const common = {
  title: z
    .string({ error: "sell.error.title" })
    .trim()
    .min(1, "sell.error.title")
    .refine((t) => new TextEncoder().encode(t).length <= bounds.titleBytes, "sell.error.title"),
  description: z.string().trim().max(bounds.descriptionChars, "sell.error.description").default(""),
  images: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, "sell.error.images"))
    .max(bounds.maxImages, "sell.error.images")
    .default([]),
  shipHours: int(bounds.minShipHours, bounds.maxShipHours, "sell.error.ship"),
  confirmDays: int(bounds.minConfirmDays, bounds.maxConfirmDays, "sell.error.confirm"),
  disputeHours: int(bounds.minDisputeHours, bounds.maxConfirmDays * 24, "sell.error.dispute"),
};

type Issues = { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void };

/*
 * Checks between fields run even when a field failed its own check (zod 4 does not abort on
 * those), so each compares only values that are valid on their own: one mistake, one message.
 */

/** The dispute window ends no later than the confirmation time (AuctionInvalidDisputeWindow). */
function checkDeadlines(form: { disputeHours: number; confirmDays: number }, ctx: Issues) {
  if (!between(form.confirmDays, bounds.minConfirmDays, bounds.maxConfirmDays)) return;
  if (form.disputeHours > form.confirmDays * 24) {
    ctx.addIssue({ code: "custom", path: ["disputeHours"], message: "sell.error.dispute" });
  }
}

/** English and rolling: a reserve, when given, is at least the starting price and fits uint96. */
function checkReserve(form: { reservePrice: string; startPrice: string }, ctx: Issues) {
  const reserve = units(form.reservePrice);
  const start = validPrice(form.startPrice);
  if (reserve === null || start === null) return;
  if (reserve > bounds.maxPrice || reserve < start) {
    ctx.addIssue({ code: "custom", path: ["reservePrice"], message: "sell.error.reserve" });
  }
}

/** English and rolling rounds: proxy bidding with increments and anti-sniping extensions. */
const bidding = {
  startPrice: price("sell.error.startPrice"),
  reservePrice: optionalReserve,
  minIncrementPercent: int(bounds.minIncrementPercent, bounds.maxIncrementPercent, "sell.error.increment"),
  extensionMinutes: int(0, bounds.maxExtensionMinutes, "sell.error.extension"),
  maxExtensions: int(0, bounds.maxExtensions, "sell.error.maxExtensions"),
};
const checkBidding = (
  form: Parameters<typeof checkReserve>[0] & Parameters<typeof checkDeadlines>[0],
  ctx: Issues,
) => {
  checkReserve(form, ctx);
  checkDeadlines(form, ctx);
};

const english = z
  .object({
    format: z.literal("english"),
    ...common,
    ...bidding,
    durationMinutes: duration("sell.error.duration"),
    startHours,
  })
  .superRefine(checkBidding);

const dutch = z
  .object({
    format: z.literal("dutch"),
    ...common,
    startPrice: price("sell.error.startPrice"),
    /** The listing's reserve: the price stops falling here. */
    floorPrice: price("sell.error.floorPrice"),
    durationMinutes: duration("sell.error.duration"),
    startHours,
    /** Empty: the price falls over the whole auction. */
    decayMinutes: z
      .union([z.literal(""), int(bounds.minDecayMinutes, bounds.maxDurationMinutes, "sell.error.decay")])
      .default(""),
  })
  .superRefine((form, ctx) => {
    const floor = validPrice(form.floorPrice);
    const start = validPrice(form.startPrice);
    if (floor !== null && start !== null && floor > start) {
      ctx.addIssue({ code: "custom", path: ["floorPrice"], message: "sell.error.floorPrice" });
    }
    const duration = between(form.durationMinutes, bounds.minDurationMinutes, bounds.maxDurationMinutes);
    if (duration && form.decayMinutes !== "" && form.decayMinutes > form.durationMinutes) {
      ctx.addIssue({ code: "custom", path: ["decayMinutes"], message: "sell.error.decay" });
    }
    checkDeadlines(form, ctx);
  });

const sealed = z
  .object({
    format: z.literal("sealed"),
    ...common,
    /** The lowest bid that can win; every bidder's collateral must reach it. */
    reservePrice: price("sell.error.sealedReserve"),
    pricing: z.enum(["first", "second"], { error: "sell.error.pricing" }),
    commitMinutes: duration("sell.error.commit"),
    revealHours: int(bounds.minRevealHours, bounds.maxRevealHours, "sell.error.reveal"),
    penaltyPercent: int(bounds.minPenaltyPercent, bounds.maxPenaltyPercent, "sell.error.penalty"),
  })
  .superRefine(checkDeadlines);

const rolling = z
  .object({
    format: z.literal("rolling"),
    ...common,
    ...bidding,
    units: int(bounds.minUnits, bounds.maxUnits, "sell.error.units"),
    roundMinutes: duration("sell.error.round"),
  })
  .superRefine(checkBidding);

export const sellSchema = z.discriminatedUnion("format", [english, dutch, sealed, rolling], {
  error: "sell.error.format",
});

export type SellInput = z.input<typeof sellSchema>;
export type SellForm = z.output<typeof sellSchema>;

/** Field → message key of the first problem with it. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

type Hex = `0x${string}`;
/** `createAuction(listing, params)` of a house, typed from its ABI's arguments. */
type Call<F extends SellFormat, Args> = Args extends readonly [infer L, infer P]
  ? { format: F; listing: L; params: P }
  : never;

/** `createAuction(listing, params)` of the format's house, from a checked form. */
export type ListingCall =
  | Call<"english", ContractFunctionArgs<typeof englishAuctionHouseAbi, "nonpayable", "createAuction">>
  | Call<"dutch", ContractFunctionArgs<typeof dutchAuctionHouseAbi, "nonpayable", "createAuction">>
  | Call<"sealed", ContractFunctionArgs<typeof sealedBidAuctionHouseAbi, "nonpayable", "createAuction">>
  | Call<"rolling", ContractFunctionArgs<typeof rollingAuctionHouseAbi, "nonpayable", "createAuction">>;

/** The common `ListingParams` struct every house's `createAuction` takes first. */
export type ListingStruct = ListingCall["listing"];

/**
 * The contract call's two structs from a checked form. Times are counted from `nowSeconds` (the
 * chain's clock when the wallet is asked: the next block's time) and bounded by `latestSeconds`
 * (the latest block's: every block that can include, or simulate, the call is at least that
 * late). A phase of `d` seconds ends at `min(now + d + MINING_SLACK_SECONDS, latest + max)`, so it
 * is long enough when mined up to a minute after `now`, and never longer than the maximum. A start
 * time of 0 means "when mined"; a later start (English, Dutch) is at most 90 days after `latest`.
 */
export function listingArgs(
  form: SellForm,
  metadata: { uri: string; hash: Hex },
  nowSeconds: number,
  latestSeconds: number = nowSeconds,
): ListingCall {
  const maxDuration = bounds.maxDurationMinutes * 60;
  const ends = (minutes: number) =>
    Math.min(nowSeconds + minutes * 60 + MINING_SLACK_SECONDS, latestSeconds + maxDuration);
  /** English and Dutch: a later start is exact (the duration counts from it); none is "when mined". */
  const schedule = (hours: number | "", minutes: number) => {
    if (hours === "" || hours === 0) return { startTime: 0, endTime: ends(minutes) };
    const startTime = Math.min(nowSeconds + hours * 3600, latestSeconds + bounds.maxStartHours * 3600);
    return { startTime, endTime: startTime + minutes * 60 };
  };
  const listing = (reservePrice: bigint): ListingStruct => ({
    title: form.title,
    metadataURI: metadata.uri,
    metadataHash: metadata.hash,
    reservePrice,
    shipWindow: form.shipHours * 3600,
    confirmWindow: form.confirmDays * 86_400,
    disputeWindow: form.disputeHours * 3600,
  });
  switch (form.format) {
    case "english": {
      const startPrice = parseUsdc(form.startPrice);
      const { startTime, endTime } = schedule(form.startHours, form.durationMinutes);
      return {
        format: "english",
        listing: listing(form.reservePrice === "" ? startPrice : parseUsdc(form.reservePrice)),
        params: {
          startTime,
          endTime,
          startPrice,
          minIncrementBps: form.minIncrementPercent * 100,
          extensionWindow: form.extensionMinutes * 60,
          maxExtensions: form.maxExtensions,
        },
      };
    }
    case "dutch": {
      const { startTime, endTime } = schedule(form.startHours, form.durationMinutes);
      const decay = (form.decayMinutes === "" ? form.durationMinutes : form.decayMinutes) * 60;
      return {
        format: "dutch",
        listing: listing(parseUsdc(form.floorPrice)),
        params: {
          startTime,
          endTime,
          // Never longer than the auction as mined (a start of 0 is up to the slack after now).
          decayDuration: Math.min(decay, endTime - (startTime || nowSeconds + MINING_SLACK_SECONDS)),
          startPrice: parseUsdc(form.startPrice),
        },
      };
    }
    case "sealed": {
      const commitEnd = ends(form.commitMinutes);
      return {
        format: "sealed",
        listing: listing(parseUsdc(form.reservePrice)),
        params: {
          commitEnd,
          revealEnd: commitEnd + form.revealHours * 3600,
          unrevealedPenaltyBps: form.penaltyPercent * 100,
          pricing: form.pricing === "second" ? 1 : 0,
        },
      };
    }
    case "rolling": {
      const startPrice = parseUsdc(form.startPrice);
      return {
        format: "rolling",
        listing: listing(form.reservePrice === "" ? startPrice : parseUsdc(form.reservePrice)),
        params: {
          startPrice,
          minIncrementBps: form.minIncrementPercent * 100,
          roundDuration: form.roundMinutes * 60,
          extensionWindow: form.extensionMinutes * 60,
          maxExtensions: form.maxExtensions,
          units: form.units,
        },
      };
    }
  }
}
