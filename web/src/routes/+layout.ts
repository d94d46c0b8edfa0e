import { defaultLocale, isLocale, loadCatalogue } from "#lib/i18n/index.ts";
import type { LayoutLoad } from "./$types";

/**
 * Before any page renders (on the server and, for hydration and navigation, in the browser), the
 * visitor's catalogue is loaded: the browse page needs only its `core` part (English core ships
 * with the app), every other page the `pages` part too, fetched once on the first such page.
 */
export const load: LayoutLoad = async ({ data, route }) => {
  const locale = isLocale(data.locale) ? data.locale : defaultLocale;
  await loadCatalogue(locale, route.id === "/" ? ["core"] : ["core", "pages"]);
  return data;
};
