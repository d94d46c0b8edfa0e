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

/** Payload keys that carry USDC amounts in base units (6 decimals). */
const usdcKeys = /^(amount|price|bid|maxAmount|reservePrice|startPrice|floorPrice|fee|escrow|refund)$/i;

/** Whether `value` under `key` is a USDC amount that should be shown formatted. */
export function isUsdcField(key: string, value: unknown): value is string | number {
  return (
    usdcKeys.test(key) && (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value)))
  );
}

/** Payload keys that name an account taking part (links to its profile). */
const accountKeys = /^(seller|buyer|bidder|leader|winner|openedBy|reviewer|subject|account)$/;

/** Whether `value` under `key` is the address of a party (seller, bidder, buyer, …). */
export function isAccountField(key: string, value: unknown): value is string {
  return accountKeys.test(key) && typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);
}

/** A short, readable rendering of an event's payload values. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40,}$/.test(value) ? shortHex(value) : value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value);
}

/** An average rating as the indexer sends it ("4.5", "4.67") with two decimals, the locale's way. */
export function formatRating(locale: string, average: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Number(average),
  );
}
