import { page } from "$app/state";
import {
  defaultLocale,
  defaultTimeZone,
  isLocale,
  isTimeZone,
  type Locale,
  type Translator,
  translator,
} from "./index.ts";
import { viewer } from "./viewer.svelte.ts";

const translators = new Map<string, Translator>();

/**
 * The translator for the page being shown (locale from the root layout's data), writing dates in
 * the viewer's time zone (the browser's once known, else the one remembered in a cookie, else UTC).
 * Reactive when read inside `$derived` or markup: `const i18n = $derived(pageI18n());`.
 */
export function pageI18n(): Translator {
  const locale: Locale = isLocale(page.data.locale) ? page.data.locale : defaultLocale;
  const remembered = page.data.timeZone;
  const timeZone = viewer.timeZone ?? (isTimeZone(remembered) ? remembered : defaultTimeZone);
  const key = `${locale}|${timeZone}`;
  let found = translators.get(key);
  if (!found) {
    found = translator(locale, timeZone);
    translators.set(key, found);
  }
  return found;
}
