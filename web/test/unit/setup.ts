// Unit tests render in any language: every catalogue is loaded before they run (the app loads
// the visitor's own in the root layout's load).
import { loadCatalogue, locales } from "#lib/i18n/index.ts";

await Promise.all(locales.map((locale) => loadCatalogue(locale)));
