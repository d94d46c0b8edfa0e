import { makeLinkToken } from "@gavel/sdk/link-token";
import { fail } from "@sveltejs/kit";
import { LINK_TOKEN_SECRET } from "$app/env/private";
import { PUBLIC_BOT_USERNAME } from "$app/env/public";
import type { Actions, PageServerLoad } from "./$types";

const TOKEN_TTL_SECONDS = 600;

export const load: PageServerLoad = ({ locals }) => ({
  signedIn: Boolean(locals.user),
  telegramAvailable: Boolean(LINK_TOKEN_SECRET && PUBLIC_BOT_USERNAME),
});

export const actions: Actions = {
  /** A fresh one-time link token for the signed-in wallet (docs/PROTOCOL.md, link tokens), valid ten minutes. */
  telegram: ({ locals }) => {
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    if (!LINK_TOKEN_SECRET || !PUBLIC_BOT_USERNAME) return fail(503, { error: "telegram_unavailable" });
    const token = makeLinkToken({
      address: locals.user.address,
      secret: LINK_TOKEN_SECRET,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    return {
      link: `https://t.me/${PUBLIC_BOT_USERNAME}?start=link_${token}`,
      expiresAt: Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS,
    };
  },
};
