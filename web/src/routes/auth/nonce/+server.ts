import { json } from "@sveltejs/kit";
import { issueNonce, NONCE_COOKIE } from "#lib/server/auth.ts";
import { limitAuth } from "#lib/server/auth-http.ts";
import { authRequests } from "#lib/server/metrics.ts";
import { NONCE_TTL_MS } from "#lib/server/siwe.ts";
import type { RequestHandler } from "./$types";

/**
 * A fresh single-use nonce for a Sign-In-With-Ethereum message, bound to this browser by an
 * httpOnly cookie: only the browser that asked for the nonce can spend it. POST so that nothing
 * caches it.
 */
export const POST: RequestHandler = async (event) => {
  const limited = await limitAuth(event, "nonce");
  if (limited) return limited;
  const { nonce, expiresAt, binding } = await issueNonce();
  event.cookies.set(NONCE_COOKIE, binding, {
    path: "/auth",
    httpOnly: true,
    sameSite: "strict",
    secure: event.url.protocol === "https:",
    maxAge: NONCE_TTL_MS / 1000,
  });
  authRequests.inc({ route: "nonce", outcome: "ok" });
  return json({ nonce, expiresAt: expiresAt.toISOString() }, { headers: { "cache-control": "no-store" } });
};
