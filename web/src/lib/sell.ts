/**
 * The sell form's schema, shared by the browser (checks before anything is uploaded or signed)
 * and the server (checks again before the listing's metadata is stored). Messages are i18n keys
 * (`sell.error.*`); the page shows them in the visitor's language.
 */
import { z } from "zod";

export const USDC_UNITS = 1_000_000n;
/** Bounds from the contracts (AuctionHouseBase, EnglishAuctionHouse). */
export const bounds = {
  titleBytes: 64,
  minStartPrice: 1_000_000n,
  maxPrice: 2n ** 96n - 1n,
  minDurationMinutes: 5,
  maxDurationMinutes: 30 * 24 * 60,
  minIncrementPercent: 1,
  maxIncrementPercent: 50,
  maxExtensionMinutes: 24 * 60,
  maxExtensions: 100,
  minShipHours: 1,
  maxShipHours: 60 * 24,
  minConfirmDays: 1,
  maxConfirmDays: 60,
  minDisputeHours: 1,
  maxImages: 4,
  descriptionChars: 5000,
} as const;

/** "12.5" → 12500000n (USDC has 6 decimals); exact. */
export function parseUsdc(decimal: string): bigint {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole) * USDC_UNITS + BigInt(fraction.padEnd(6, "0"));
}

const usdc = z
  .string({ error: "sell.error.price" })
  .trim()
  .regex(/^\d{1,21}(\.\d{1,6})?$/, "sell.error.price");

const int = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

export const sellSchema = z
  .object({
    format: z.literal("english", { error: "sell.error.format" }),
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
    startPrice: usdc.refine((v) => {
      const units = parseUsdc(v);
      return units >= bounds.minStartPrice && units <= bounds.maxPrice;
    }, "sell.error.startPrice"),
    /** Empty: the start price (any bid at or above the start price sells). */
    reservePrice: z.union([z.literal(""), usdc]).default(""),
    durationMinutes: int(bounds.minDurationMinutes, bounds.maxDurationMinutes, "sell.error.duration"),
    minIncrementPercent: int(bounds.minIncrementPercent, bounds.maxIncrementPercent, "sell.error.increment"),
    extensionMinutes: int(0, bounds.maxExtensionMinutes, "sell.error.extension"),
    maxExtensions: int(0, bounds.maxExtensions, "sell.error.maxExtensions"),
    shipHours: int(bounds.minShipHours, bounds.maxShipHours, "sell.error.ship"),
    confirmDays: int(bounds.minConfirmDays, bounds.maxConfirmDays, "sell.error.confirm"),
    disputeHours: int(bounds.minDisputeHours, bounds.maxConfirmDays * 24, "sell.error.dispute"),
  })
  .superRefine((form, ctx) => {
    if (form.reservePrice !== "") {
      const reserve = parseUsdc(form.reservePrice);
      if (reserve > bounds.maxPrice || reserve < parseUsdc(form.startPrice)) {
        ctx.addIssue({ code: "custom", path: ["reservePrice"], message: "sell.error.reserve" });
      }
    }
    if (form.disputeHours > form.confirmDays * 24) {
      ctx.addIssue({ code: "custom", path: ["disputeHours"], message: "sell.error.dispute" });
    }
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

/** The contract call's two structs from a checked form. */
export function listingArgs(
  form: SellForm,
  metadata: { uri: string; hash: `0x${string}` },
  nowSeconds: number,
) {
  const startPrice = parseUsdc(form.startPrice);
  const reservePrice = form.reservePrice === "" ? startPrice : parseUsdc(form.reservePrice);
  return {
    listing: {
      title: form.title,
      metadataURI: metadata.uri,
      metadataHash: metadata.hash,
      reservePrice,
      shipWindow: form.shipHours * 3600,
      confirmWindow: form.confirmDays * 86_400,
      disputeWindow: form.disputeHours * 3600,
    },
    params: {
      // "Now": the contract treats a past start as the block's time; the end is counted from it.
      startTime: 0,
      endTime: nowSeconds + form.durationMinutes * 60,
      startPrice,
      minIncrementBps: form.minIncrementPercent * 100,
      extensionWindow: form.extensionMinutes * 60,
      maxExtensions: form.maxExtensions,
    },
  };
}
