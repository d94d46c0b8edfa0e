import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { BotContext } from "./context.ts";

export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));
export const DEFAULT_LOCALE = "en";

/**
 * Loads every `locales/<locale>.ftl`. The chat's stored language wins; a chat the bot has not
 * stored yet gets the sender's Telegram language when the bot speaks it.
 */
export function createI18n(webUrl: string): I18n<BotContext> {
  const i18n: I18n<BotContext> = new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    // Fluent would wrap every placeable in U+2068/U+2069, which shows up in URLs and copies.
    fluentBundleOptions: { useIsolating: false },
    // Every text may use { $webUrl }, the dApp's address.
    globalTranslationContext: () => ({ webUrl }),
    localeNegotiator: (ctx): string =>
      ctx.chatRecord?.language ?? supportedLocale(i18n.locales, ctx.from?.language_code),
  });
  return i18n;
}

/** Maps a Telegram language code ("ru", "en-US", "pt-br") to a locale we have, or the default. */
export function supportedLocale(locales: readonly string[], languageCode: string | undefined): string {
  const primary = languageCode?.toLowerCase().split(/[-_]/)[0];
  return primary && locales.includes(primary) ? primary : DEFAULT_LOCALE;
}
