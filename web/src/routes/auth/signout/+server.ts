import { json } from "@sveltejs/kit";
import { deleteSession, SESSION_COOKIE } from "#lib/server/auth.ts";
import { limitAuth, problem } from "#lib/server/auth-http.ts";
import { authRequests } from "#lib/server/metrics.ts";
import type { RequestHandler } from "./$types";

/** Ends the session: deletes its row and the cookie. */
export const POST: RequestHandler = async (event) => {
  const limited = await limitAuth(event, "signout");
  if (limited) return limited;
  if (!/^application\/json\b/i.test(event.request.headers.get("content-type") ?? "")) {
    return problem(415, "unsupported_media_type", { detail: "send application/json" });
  }
  const token = event.cookies.get(SESSION_COOKIE);
  if (token) await deleteSession(token);
  event.cookies.delete(SESSION_COOKIE, { path: "/", secure: event.url.protocol === "https:" });
  authRequests.inc({ route: "signout", outcome: "ok" });
  return json({ signedOut: true }, { headers: { "cache-control": "no-store" } });
};
