/**
 * Gavel's one i18n layer: typed message catalogues (en.json is the source of truth, ru.json
 * must have the same keys), `{name}` placeholders, plurals chosen by Intl.PluralRules, and
 * numbers, USDC amounts and dates formatted by Intl for the active locale. Shared by server and
 * browser code; no Node APIs. English is always loaded (it is also the fallback); another
 * locale's catalogue is its own chunk, loaded by `loadCatalogue` before a page renders in it
 * (the root layout's load does this), so an English visit downloads no Russian text.
 */
import { formatUsdc, formatUsdcExact, type UsdcAmount } from "@gavel/sdk/usdc";
import en from "./en.json" with { type: "json" };

export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
/** Cookie that keeps the chosen language. */
export const localeCookie = "gavel_locale";
/** Cookie in which the browser leaves the viewer's time zone, so server renders can use it. */
export const timeZoneCookie = "gavel_tz";

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type English = typeof en;
export type MessageKey = keyof English;
/** Keys whose message has plural forms (take a `count`). */
export type PluralKey = { [K in MessageKey]: English[K] extends string ? never : K }[MessageKey];
export type Catalogue = { [K in MessageKey]: English[K] extends string ? string : PluralForms };

const loaded: Partial<Record<Locale, Catalogue>> = { en };
const loaders: Record<Locale, () => Promise<Catalogue>> = {
  en: async () => en,
  ru: async () => {
    // The annotation makes a missing or misspelt key in ru.json a type error. No `with { type:
    // "json" }` here: Vite turns the JSON into a JS module, and under `vite dev` the browser would
    // then refuse it (a JSON import attribute demands a JSON MIME type) and every Russian page died.
    const ru: Catalogue = (await import("./ru.json")).default;
    return ru;
  },
};

/** Loads `locale`'s catalogue (once); `translate` needs it before it can speak that language. */
export async function loadCatalogue(locale: Locale): Promise<Catalogue> {
  const catalogue = loaded[locale] ?? (await loaders[locale]());
  loaded[locale] = catalogue;
  return catalogue;
}

export type Params = Record<string, string | number | bigint>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The best supported locale for an Accept-Language header (q-values honoured), or null. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...attributes] = part.trim().split(";");
      const q = attributes.map((a) => a.trim()).find((a) => a.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isNaN(quality) ? 0 : quality, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return null;
}

function interpolate(template: string, params: Params | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "string" ? value : formatNumber(locale, value);
  });
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const catalogue = loaded[locale];
  if (!catalogue) throw new Error(`the ${locale} catalogue is not loaded (loadCatalogue first)`);
  const message = catalogue[key] ?? en[key];
  if (typeof message === "string") return interpolate(message, params, locale);
  const count = params?.count;
  if (count === undefined) throw new Error(`message ${key} needs a count`);
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const category = rules.select(Number(count));
  return interpolate(message[category] ?? message.other, params, locale);
}

export function formatNumber(locale: Locale, value: number | bigint): string {
  return new Intl.NumberFormat(locale).format(value);
}

// USDC amounts are written by @gavel/sdk/usdc, the one formatter the bot uses too.
export { formatUsdc, formatUsdcExact, USDC_DECIMALS, type UsdcAmount } from "@gavel/sdk/usdc";

/** The viewer's time zone when the browser has told us, else UTC (server render, first visit). */
export const defaultTimeZone = "UTC";

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date and time in the viewer's time zone, written the locale's way and naming the zone:
 * "Nov 23, 2025, 12:13 PM UTC", "23 нояб. 2025 г., 15:13 MSK".
 */
export function formatDateTime(
  locale: Locale,
  iso: string | Date,
  timeZone: string = defaultTimeZone,
): string {
  const key = `${locale}|${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** A length of time as "2 d 3 h", "3 h 5 min" or "4 min 05 s" (largest two units). */
export function formatDuration(locale: Locale, seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return translate(locale, "countdown.days", { d, h });
  if (h > 0) return translate(locale, "countdown.hours", { h, m });
  return translate(locale, "countdown.minutes", { m, s: String(s).padStart(2, "0") });
}

/**
 * Time left as a card says it, to the minute: "2 d 3 h", "3 h 5 min", "14 min", "under a minute"
 * (never negative: 0 is "under a minute").
 */
export function formatTimeLeft(locale: Locale, seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total >= 3600) return formatDuration(locale, total);
  const m = Math.floor(total / 60);
  return m > 0
    ? translate(locale, "countdown.minutesOnly", { m })
    : translate(locale, "countdown.underMinute");
}

/**
 * How long ago something happened, as a feed says it: "just now", "2 min ago", "3 h ago", "4 days
 * ago" (a time a minute or more ahead, as a local chain's blocks may carry, reads "in 2 min").
 */
export function formatAgo(locale: Locale, seconds: number): string {
  const total = Math.floor(seconds);
  if (total <= -60) return translate(locale, "ago.future", { time: formatTimeLeft(locale, -total) });
  if (total < 60) return translate(locale, "ago.now");
  if (total < 3600) return translate(locale, "ago.minutes", { count: Math.floor(total / 60) });
  if (total < 86_400) return translate(locale, "ago.hours", { count: Math.floor(total / 3600) });
  return translate(locale, "ago.days", { count: Math.floor(total / 86_400) });
}

/** Everything a component needs, bound to one locale. */
export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Params): string;
  /** The time zone dates are shown in (the viewer's, once known). */
  timeZone: string;
  /** Two decimals unless more are needed (see `formatUsdc`); `<Usdc>` adds the exact title. */
  usdc(baseUnits: UsdcAmount): string;
  /** Exact to the unit: for amounts to meet or type, and titles. */
  usdcExact(baseUnits: UsdcAmount): string;
  dateTime(iso: string | Date): string;
  number(value: number | bigint): string;
  duration(seconds: number): string;
  timeLeft(seconds: number): string;
  /** `seconds` ago as "2 min ago" (see `formatAgo`). */
  ago(seconds: number): string;
}

export function translator(locale: Locale, timeZone: string = defaultTimeZone): Translator {
  return {
    locale,
    timeZone,
    t: (key, params) => translate(locale, key, params),
    usdc: (baseUnits) => formatUsdc(locale, baseUnits),
    usdcExact: (baseUnits) => formatUsdcExact(locale, baseUnits),
    dateTime: (iso) => formatDateTime(locale, iso, timeZone),
    number: (value) => formatNumber(locale, value),
    duration: (seconds) => formatDuration(locale, seconds),
    timeLeft: (seconds) => formatTimeLeft(locale, seconds),
    ago: (seconds) => formatAgo(locale, seconds),
  };
}
