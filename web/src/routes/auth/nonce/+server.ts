import { json } from "@sveltejs/kit";
import { issueNonce } from "#lib/server/auth.ts";
import { limitAuth } from "#lib/server/auth-http.ts";
import { authRequests } from "#lib/server/metrics.ts";
import type { RequestHandler } from "./$types";

/** A fresh single-use nonce for a Sign-In-With-Ethereum message. POST so that nothing caches it. */
export const POST: RequestHandler = async (event) => {
  const limited = await limitAuth(event, "nonce");
  if (limited) return limited;
  const { nonce, expiresAt } = await issueNonce();
  authRequests.inc({ route: "nonce", outcome: "ok" });
  return json({ nonce, expiresAt: expiresAt.toISOString() }, { headers: { "cache-control": "no-store" } });
};
