import { json } from "@sveltejs/kit";
import { z } from "zod";
import {
  createSession,
  deleteSession,
  NONCE_COOKIE,
  SESSION_COOKIE,
  verifySignIn,
} from "#lib/server/auth.ts";
import { limitAuth, problem, readJson } from "#lib/server/auth-http.ts";
import { chainClient } from "#lib/server/chain.ts";
import { log } from "#lib/server/log.ts";
import { authRequests } from "#lib/server/metrics.ts";
import { siteOrigin } from "#lib/server/site.ts";
import { SESSION_DAYS } from "$app/env/private";
import { PUBLIC_CHAIN_ID } from "$app/env/public";
import type { RequestHandler } from "./$types";

const body = z.object({
  message: z
    .string({ error: "must be the signed message text" })
    .min(1, { error: "must not be empty" })
    .max(4_000, {
      error: "too long",
    }),
  signature: z
    .string({ error: "must be a 0x-prefixed hex signature" })
    .regex(/^0x(?:[0-9a-fA-F]{2}){64,}$/, { error: "must be a 0x-prefixed hex signature" })
    .max(20_000, { error: "too long" })
    .transform((value) => value as `0x${string}`),
});

/**
 * Checks a signed EIP-4361 message (strict text; domain and URI of the configured ORIGIN, chain
 * id, nonce bound to this browser's cookie, issued-at, expiry, signature)
 * and starts a session: an httpOnly, SameSite=Lax cookie (Secure over https) whose row is in
 * Postgres.
 */
export const POST: RequestHandler = async (event) => {
  const limited = await limitAuth(event, "verify");
  if (limited) return limited;
  const input = await readJson(event, body);
  if (!input.ok) {
    authRequests.inc({ route: "verify", outcome: "bad_request" });
    return input.response;
  }
  // The expected site comes from the configuration, never from Host or X-Forwarded-* headers.
  const origin = siteOrigin(event);
  const result = await verifySignIn(
    input.value.message,
    input.value.signature,
    { domain: new URL(origin).host, origin, chainId: PUBLIC_CHAIN_ID, chain: chainClient() },
    event.cookies.get(NONCE_COOKIE),
  );
  if (!result.ok) {
    const outcome = result.status === 400 ? "bad_request" : result.code;
    authRequests.inc({ route: "verify", outcome });
    log.info({ requestId: event.locals.requestId, outcome, field: result.field }, "sign-in refused");
    return result.status === 400
      ? problem(400, "bad_request", { field: result.field, detail: result.detail })
      : problem(401, result.code, { field: result.field });
  }
  event.cookies.delete(NONCE_COOKIE, { path: "/auth" });
  const previous = event.cookies.get(SESSION_COOKIE);
  if (previous) await deleteSession(previous);
  const session = await createSession(result.user, SESSION_DAYS);
  event.cookies.set(SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: event.url.protocol === "https:",
    expires: session.expiresAt,
  });
  authRequests.inc({ route: "verify", outcome: "ok" });
  log.info({ requestId: event.locals.requestId, address: result.user.address }, "signed in");
  return json({ address: result.user.address }, { headers: { "cache-control": "no-store" } });
};
