import { fail } from "@sveltejs/kit";
import { telegramLink, telegramLinkAvailable } from "#lib/server/telegram-link.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => ({
  signedIn: Boolean(locals.user),
  telegramAvailable: telegramLinkAvailable(),
});

export const actions: Actions = {
  /** A fresh one-time link token for the signed-in wallet (docs/PROTOCOL.md, link tokens), valid ten minutes. */
  telegram: ({ locals }) => {
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    return telegramLink(locals.user.address) ?? fail(503, { error: "telegram_unavailable" });
  },
};
