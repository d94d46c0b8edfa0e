// Gavel's one way to write a USDC amount, shared by the web app and the bot so both show the same
// figure, and the proxy-bidding increment the contracts use. Exact from base units (bigint), never
// through floating point; locale grouping and decimal sign from Intl.

export const USDC_DECIMALS = 6;
const USDC_SCALE = 10n ** BigInt(USDC_DECIMALS);

/** A USDC amount as the formatters take it: base units, or an indexer Amount (`{ raw, decimal }`). */
export type UsdcAmount = bigint | string | { raw: string };

const usdcUnits = (amount: UsdcAmount): bigint => BigInt(typeof amount === "object" ? amount.raw : amount);

/** How a locale writes numbers: its decimal separator, minus sign and integer format. */
interface NumberStyle {
  decimal: string;
  minus: string;
  integer: Intl.NumberFormat;
}

/**
 * Styles by locale, made once each: building an Intl.NumberFormat costs far more than using one,
 * and a page of cards writes dozens of amounts (a few locales at most; bounded all the same).
 */
const styles = new Map<string, NumberStyle>();

function numberStyle(locale: string): NumberStyle {
  let style = styles.get(locale);
  if (!style) {
    const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(-1.5);
    style = {
      decimal: parts.find((part) => part.type === "decimal")?.value ?? ".",
      minus: parts.find((part) => part.type === "minusSign")?.value ?? "-",
      integer: new Intl.NumberFormat(locale),
    };
    if (styles.size >= 64) styles.clear();
    styles.set(locale, style);
  }
  return style;
}

/** Base units → "<sign><whole><decimal><fraction> USDC" written the locale's way (exact integers). */
function writeUsdc(locale: string, negative: boolean, whole: bigint, fraction: string): string {
  const { decimal, minus, integer } = numberStyle(locale);
  const sign = negative && (whole > 0n || /[1-9]/.test(fraction)) ? minus : "";
  return `${sign}${integer.format(whole)}${decimal}${fraction}\u00a0USDC`;
}

/**
 * A USDC amount in base units (6 decimals), exact to the unit: "1,234.50 USDC" / "1 234,50 USDC",
 * "10.000001 USDC" — at least two decimals, more only when the amount has them. For amounts a
 * user has to meet or type (a minimum bid, a shortfall) and for the title that shows any amount
 * in full. No float rounding at any size.
 */
export function formatUsdcExact(locale: string, baseUnits: UsdcAmount): string {
  const units = usdcUnits(baseUnits);
  const abs = units < 0n ? -units : units;
  const fraction = (abs % USDC_SCALE)
    .toString()
    .padStart(USDC_DECIMALS, "0")
    .replace(/0+$/, "")
    .padEnd(2, "0");
  return writeUsdc(locale, units < 0n, abs / USDC_SCALE, fraction);
}

/**
 * Gavel's one way to show a USDC amount (base units, 6 decimals): two decimals ("1,234.50 USDC",
 * "20.48 USDC" for 20.475, halves rounded away from zero), more only when two would hide a
 * non-zero amount ("0.004 USDC", "0.000001 USDC"). The exact amount is `formatUsdcExact`.
 */
export function formatUsdc(locale: string, baseUnits: UsdcAmount): string {
  const units = usdcUnits(baseUnits);
  const abs = units < 0n ? -units : units;
  const cents = (abs + 5_000n) / 10_000n; // to 0.01 USDC, half away from zero
  if (cents === 0n && abs !== 0n) return formatUsdcExact(locale, units);
  return writeUsdc(locale, units < 0n, cents / 100n, (cents % 100n).toString().padStart(2, "0"));
}

/** The contracts' minimum raise over `price` (ProxyBidding): `incrementBps` of it, rounded up, at least 1 unit. */
export function bidIncrement(price: bigint, incrementBps: number): bigint {
  const step = (price * BigInt(incrementBps) + 9_999n) / 10_000n;
  return step === 0n ? 1n : step;
}

/** The lowest maximum a bidder other than the leader may send: the start price before any bid. */
export function minimumBid(price: bigint, incrementBps: number, hasLeader: boolean): bigint {
  return hasLeader ? price + bidIncrement(price, incrementBps) : price;
}
