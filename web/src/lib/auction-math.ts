/** Price maths the contracts use (ProxyBidding), for showing the minimum bid before any wallet: shared with the bot. */
export { bidIncrement as increment, minimumBid } from "@gavel/sdk/usdc";

/** "1.5" → 1500000n; null when not a USDC amount with at most 6 decimals. */
export function usdcUnits(decimal: string): bigint | null {
  const text = decimal.trim().replace(",", ".");
  if (!/^\d{1,21}(\.\d{1,6})?$/.test(text)) return null;
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
}

/** 1500000n → "1.5" (plain decimal for inputs). */
export function usdcDecimal(units: bigint): string {
  const whole = units / 1_000_000n;
  const fraction = (units % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** An amount from the indexer's `params` (a raw string, or `{ raw, decimal }`) as token units. */
export function paramUnits(value: unknown): bigint {
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === "number") return BigInt(Math.trunc(value));
  if (value && typeof value === "object" && "raw" in value && typeof value.raw === "string")
    return BigInt(value.raw);
  return 0n;
}

/**
 * The Dutch house's `priceAt`: the start price until `startTime`, then a linear fall (rounded
 * down, towards the floor) to the floor at `floorTime`, the floor after that.
 */
export function dutchPriceAt(
  t: number,
  p: { startPrice: bigint; floorPrice: bigint; startTime: number; floorTime: number },
): bigint {
  if (t <= p.startTime) return p.startPrice;
  if (t >= p.floorTime) return p.floorPrice;
  const decay = BigInt(p.floorTime - p.startTime);
  return p.floorPrice + ((p.startPrice - p.floorPrice) * BigInt(p.floorTime - t)) / decay;
}
