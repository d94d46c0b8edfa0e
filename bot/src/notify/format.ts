// Locale-aware formatting of what notifications show: USDC amounts (shared with the web app),
// dates, durations, basis points and addresses.

const SEPARATORS: Record<string, { group: string; decimal: string }> = {
  en: { group: ",", decimal: "." },
  ru: { group: "\u00a0", decimal: "," }, // Russian groups digits with a (no-break) space
};

/** USDC amounts exactly as the web shows them ("1,234.50 USDC"): the one formatter, in @gavel/sdk. */
export { formatUsdc, formatUsdcExact } from "@gavel/sdk/usdc";

/** Unix seconds → "5 Mar 2026, 14:05 UTC" in the locale's words. */
export function formatTime(unixSeconds: number, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
    hourCycle: "h23",
  }).format(new Date(unixSeconds * 1000));
  return `${text} UTC`;
}

const UNITS: Record<string, { d: string; h: string; m: string; lessThanMinute: string }> = {
  en: { d: "d", h: "h", m: "min", lessThanMinute: "less than a minute" },
  ru: { d: "д", h: "ч", m: "мин", lessThanMinute: "меньше минуты" },
};

/** 3900 → "1 h 5 min"; whole minutes, rounded to the nearest. */
export function formatDuration(seconds: number, locale: string): string {
  const u = UNITS[locale] ?? UNITS.en!;
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return u.lessThanMinute;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days} ${u.d}`, hours && `${hours} ${u.h}`, rest && `${rest} ${u.m}`]
    .filter(Boolean)
    .join(" ");
}

/** 0xAbC…123: enough to recognise an address, short enough for chat. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Basis points → "62.5 %". */
export function formatBps(bps: number, locale: string): string {
  const sep = SEPARATORS[locale] ?? SEPARATORS.en!;
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${fraction ? sep.decimal + fraction : ""}\u00a0%`;
}

/** "#12 “Vintage camera”", or "#12" when the title is unknown. */
export function auctionName(id: string, title: string | null | undefined): string {
  return title ? `#${id} “${title}”` : `#${id}`;
}
