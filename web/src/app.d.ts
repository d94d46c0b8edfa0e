// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale } from "#lib/i18n/index.ts";
import type { SessionUser } from "#lib/server/auth.ts";

declare global {
  namespace App {
    interface Locals {
      /** Id of the request, repeated in every log line about it. */
      requestId: string;
      /** Language of the response: the `gavel_locale` cookie, else Accept-Language, else English. */
      locale: Locale;
      /** The signed-in wallet (a valid session cookie), or null. */
      user: SessionUser | null;
    }
  }
}
