import { defaultLocale, isLocale, loadCatalogue } from "#lib/i18n/index.ts";
import type { LayoutLoad } from "./$types";

/** Before any page renders (on the server and, for hydration and navigation, in the browser), the
 * visitor's catalogue is loaded: English ships with the app, other languages are fetched once. */
export const load: LayoutLoad = async ({ data }) => {
  await loadCatalogue(isLocale(data.locale) ? data.locale : defaultLocale);
  return data;
};
