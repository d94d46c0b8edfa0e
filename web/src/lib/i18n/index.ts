/**
 * Gavel's one i18n layer: typed message catalogues (English is the source of truth, Russian must
 * have the same keys), `{name}` placeholders, plurals chosen by Intl.PluralRules, and numbers,
 * USDC amounts and dates formatted by Intl for the active locale. Shared by server and browser
 * code; no Node APIs.
 *
 * Each language's catalogue is in two parts, so a first visit to the browse page downloads only
 * the text it shows:
 * - `core` (en.core.json, ru.core.json): what the layout, the browse page, the error page and the
 *   wallet sign-in say. English core ships with the app;
 * - `pages` (en.pages.json, ru.pages.json): every other page's text, a chunk of its own.
 * `loadCatalogue(locale, parts)` fetches what is missing (once) before a page renders; the root
 * layout's load asks for `core` on the browse page and for both everywhere else, and the server
 * loads everything at start. Which keys belong to `core` is checked by catalogue-split.test.ts
 * (every key the browse page's code can show must be there).
 */
import { formatUsdc, formatUsdcExact, type UsdcAmount } from "@gavel/sdk/usdc";
import enCore from "./en.core.json" with { type: "json" };

export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
/** Cookie that keeps the chosen language. */
export const localeCookie = "gavel_locale";
/** Cookie in which the browser leaves the viewer's time zone, so server renders can use it. */
export const timeZoneCookie = "gavel_tz";

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type EnglishCore = typeof enCore;
// The pages part's type without bundling it (a dynamic import's module type; "default" is
// its JSON object again).
type EnglishPages = Omit<typeof import("./en.pages.json"), "default">;
type English = EnglishCore & EnglishPages;
export type MessageKey = keyof English;
/** Keys whose message has plural forms (take a `count`). */
export type PluralKey = { [K in MessageKey]: English[K] extends string ? never : K }[MessageKey];
/** A catalogue (part) in the shape of its English original: strings, or plural forms. */
type Shaped<E> = { [K in keyof E]: E[K] extends string ? string : PluralForms };
export type Catalogue = Shaped<English>;

/** The two parts of every language's catalogue (see above). */
export const catalogueParts = ["core", "pages"] as const;
export type CataloguePart = (typeof catalogueParts)[number];

// The annotations make a missing or misspelt key in a translation a type error. No `with { type:
// "json" }` on the dynamic imports: Vite turns the JSON into a JS module, and under `vite dev` the
// browser would then refuse it (a JSON import attribute demands a JSON MIME type) and every
// Russian page died.
const loaders: Record<Locale, Record<CataloguePart, () => Promise<Partial<Catalogue>>>> = {
  en: {
    core: async () => enCore,
    pages: async () => {
      const pages: Shaped<EnglishPages> = (await import("./en.pages.json")).default;
      return pages;
    },
  },
  ru: {
    core: async () => {
      const core: Shaped<EnglishCore> = (await import("./ru.core.json")).default;
      return core;
    },
    pages: async () => {
      const pages: Shaped<EnglishPages> = (await import("./ru.pages.json")).default;
      return pages;
    },
  },
};

/** Each language's messages loaded so far, and which parts they came from. */
const loaded: Record<Locale, { messages: Partial<Catalogue>; parts: Set<CataloguePart> }> = {
  en: { messages: { ...enCore }, parts: new Set(["core"]) },
  ru: { messages: {}, parts: new Set() },
};
const loading = new Map<string, Promise<void>>();

/**
 * Loads these parts of `locale`'s catalogue (each once; by default all of it): `translate` needs
 * them before it can speak that language.
 */
export async function loadCatalogue(
  locale: Locale,
  parts: readonly CataloguePart[] = catalogueParts,
): Promise<void> {
  const into = loaded[locale];
  await Promise.all(
    parts
      .filter((part) => !into.parts.has(part))
      .map((part) => {
        const key = `${locale}:${part}`;
        let promise = loading.get(key);
        if (!promise) {
          promise = loaders[locale][part]().then(
            (messages) => {
              Object.assign(into.messages, messages);
              into.parts.add(part);
            },
            (error: unknown) => {
              loading.delete(key); // a failed download is tried again on the next page
              throw error;
            },
          );
          loading.set(key, promise);
        }
        return promise;
      }),
  );
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
  const { messages, parts } = loaded[locale];
  if (parts.size === 0) throw new Error(`the ${locale} catalogue is not loaded (loadCatalogue first)`);
  const message = messages[key] ?? loaded.en.messages[key];
  // A part not loaded yet: the key itself, never a crash (catalogue-split.test.ts keeps the
  // browse page's keys in the core part).
  if (message === undefined) return key;
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

/** One Intl.NumberFormat per locale: making one costs far more than using it. */
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number | bigint): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

// USDC amounts are written by @gavel/sdk/usdc, the one formatter the bot uses too.
export { formatUsdc, formatUsdcExact, USDC_DECIMALS, type UsdcAmount } from "@gavel/sdk/usdc";

/** The viewer's time zone when the browser has told us, else UTC (server render, first visit). */
export const defaultTimeZone = "UTC";

/**
 * Answers of `isTimeZone` so far: every component's translator asks for the page's zone, and
 * asking Intl means building a DateTimeFormat (the most expensive step of a server render before
 * this was kept). Bounded: the zone comes from a cookie, so anything may be asked.
 */
const knownZones = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size >= 1_000) knownZones.clear();
    knownZones.set(zone, known);
  }
  return known;
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
