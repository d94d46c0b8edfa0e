import { page } from "$app/state";
import { defaultLocale, isLocale, type Locale, type Translator, translator } from "./index.ts";

const translators = new Map<Locale, Translator>();

/**
 * The translator for the page being shown (locale from the root layout's data). Reactive when
 * read inside `$derived` or markup: `const i18n = $derived(pageI18n());`.
 */
export function pageI18n(): Translator {
  const locale = isLocale(page.data.locale) ? page.data.locale : defaultLocale;
  let found = translators.get(locale);
  if (!found) {
    found = translator(locale);
    translators.set(locale, found);
  }
  return found;
}
