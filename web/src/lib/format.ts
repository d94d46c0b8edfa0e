/** Presentation helpers shared by server and browser code (no secrets, no Node APIs). */

/** "AuctionCreated", "auction_created" or "Auction:Created" → "Auction created". */
export function humanizeKind(kind: string): string {
  const words = kind
    .replace(/[:_\-.]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 0x1234…abcd */
export function shortHex(hex: string, keep = 4): string {
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

/** "2025-11-23 14:05 UTC"; locale-aware formatting comes with the i18n layer. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A short, readable rendering of an event's payload values. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40,}$/.test(value) ? shortHex(value) : value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value);
}
