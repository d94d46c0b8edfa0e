import { json, type RequestEvent } from "@sveltejs/kit";
import type { z } from "zod";
import { AUTH_RATE_LIMIT_PER_MINUTE } from "$app/env/private";
import { log } from "./log.ts";
import { authRequests } from "./metrics.ts";
import { hit } from "./rate-limit.ts";

/** A JSON error answer: `{ error, field?, detail? }`. */
export function problem(status: number, error: string, extra: { field?: string; detail?: string } = {}) {
  return json({ error, ...extra }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * Rate limit for the auth routes, per client address across all replicas. Returns the 429 answer
 * to send, or null to go on.
 */
export async function limitAuth(event: RequestEvent, route: string): Promise<Response | null> {
  const result = await hit(`auth:${event.getClientAddress()}`, AUTH_RATE_LIMIT_PER_MINUTE);
  if (result.allowed) return null;
  authRequests.inc({ route, outcome: "rate_limited" });
  log.warn(
    { requestId: event.locals.requestId, route, client: event.getClientAddress() },
    "auth rate limit hit",
  );
  const response = problem(429, "rate_limited", {
    detail: "too many sign-in requests; try again in a minute",
  });
  response.headers.set("retry-after", String(result.retryAfterSeconds));
  return response;
}

/**
 * Reads a JSON body and checks it with `schema`. Requests that are not `application/json` are
 * refused (415): a cross-site HTML form cannot send JSON, so this also keeps forms from other
 * sites away from the auth routes. On a bad field, the 400 answer names it.
 */
export async function readJson<T>(
  event: RequestEvent,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const type = event.request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    return {
      ok: false,
      response: problem(415, "unsupported_media_type", { detail: "send application/json" }),
    };
  }
  let body: unknown;
  try {
    body = await event.request.json();
  } catch (error) {
    // The server's body size limit (adapter-node's BODY_SIZE_LIMIT) stops reading with a 413.
    if ((error as { status?: unknown } | null)?.status === 413) {
      return {
        ok: false,
        response: problem(413, "too_large", { field: "body", detail: "request body too large" }),
      };
    }
    return { ok: false, response: problem(400, "bad_request", { field: "body", detail: "not valid JSON" }) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    return {
      ok: false,
      response: problem(400, "bad_request", { field, detail: issue?.message ?? "invalid" }),
    };
  }
  return { ok: true, value: parsed.data };
}
