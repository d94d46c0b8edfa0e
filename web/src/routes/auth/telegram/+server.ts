import { json } from "@sveltejs/kit";
import { z } from "zod";
import { limitAuth, problem, readJson } from "#lib/server/auth-http.ts";
import { log } from "#lib/server/log.ts";
import { authRequests } from "#lib/server/metrics.ts";
import { checkInitData, ed25519PublicKey, MAX_INIT_DATA_LENGTH } from "#lib/server/telegram-init-data.ts";
import { telegramLink } from "#lib/server/telegram-link.ts";
import {
  TELEGRAM_BOT_ID,
  TELEGRAM_INIT_DATA_MAX_AGE_SECONDS,
  TELEGRAM_INIT_DATA_PUBLIC_KEY,
} from "$app/env/private";
import type { RequestHandler } from "./$types";

const body = z.object({
  initData: z
    .string({ error: "must be the Mini App's initData (tgWebAppData), a query string" })
    .min(1, { error: "must not be empty" })
    .max(MAX_INIT_DATA_LENGTH, { error: "too long" }),
});

/** Decoded once: the key is configuration (TELEGRAM_INIT_DATA_PUBLIC_KEY, checked at start-up). */
let publicKey: ReturnType<typeof ed25519PublicKey> | undefined;

/**
 * Mini App sign-in (web/README.md, "Telegram Mini App"): checks `initData` by Telegram's
 * third-party Ed25519 signature for TELEGRAM_BOT_ID and its age, and answers who the Telegram
 * user is. For a wallet signed in with SIWE it also answers the bot's link deep link
 * (`https://t.me/<bot>?start=link_<token>`), which the Mini App opens with `openTelegramLink`:
 * linking the chat is one tap, and the bot redeems the token exactly as from the settings page.
 */
export const POST: RequestHandler = async (event) => {
  const limited = await limitAuth(event, "telegram");
  if (limited) return limited;
  if (TELEGRAM_BOT_ID === undefined) {
    authRequests.inc({ route: "telegram", outcome: "unavailable" });
    return problem(503, "telegram_unavailable", { detail: "TELEGRAM_BOT_ID is not configured" });
  }
  const input = await readJson(event, body);
  if (!input.ok) {
    authRequests.inc({ route: "telegram", outcome: "bad_request" });
    return input.response;
  }
  publicKey ??= ed25519PublicKey(TELEGRAM_INIT_DATA_PUBLIC_KEY);
  const check = checkInitData(input.value.initData, {
    botId: TELEGRAM_BOT_ID,
    publicKey,
    maxAgeSeconds: TELEGRAM_INIT_DATA_MAX_AGE_SECONDS,
  });
  if (!check.ok) {
    authRequests.inc({ route: "telegram", outcome: check.reason });
    log.info({ requestId: event.locals.requestId, reason: check.reason }, "telegram initData refused");
    // Launch data that does not prove who sent it (no signature, a wrong one, or outside its time)
    // fails authentication, as a refused SIWE signature does; signed data that cannot be read is a
    // bad request.
    const status = check.reason === "malformed" ? 400 : 401;
    return problem(status, "invalid_init_data", { field: "initData", detail: check.reason });
  }
  const user = event.locals.user;
  const link = user ? telegramLink(user.address) : null;
  authRequests.inc({ route: "telegram", outcome: "ok" });
  log.info(
    { requestId: event.locals.requestId, telegramUser: check.user.id, wallet: user?.address ?? null },
    "telegram initData accepted",
  );
  return json(
    {
      telegramUser: { id: check.user.id, firstName: check.user.firstName, username: check.user.username },
      signedIn: Boolean(user),
      link: link?.link ?? null,
      expiresAt: link?.expiresAt ?? null,
    },
    { headers: { "cache-control": "no-store" } },
  );
};
