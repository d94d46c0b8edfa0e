/** Presentation helpers shared by server and browser code (no secrets, no Node APIs). */

/** 0x1234…abcd */
export function shortHex(hex: string, keep = 4): string {
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

/** An average rating as the indexer sends it ("4.5", "4.67") with two decimals, the locale's way. */
export function formatRating(locale: string, average: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Number(average),
  );
}
