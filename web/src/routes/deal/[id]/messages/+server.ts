import { json } from "@sveltejs/kit";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { addMessage, listMessages, messageAccess, messageSchema } from "#lib/server/messages.ts";
import { limitWrite } from "#lib/server/quota.ts";
import type { RequestHandler } from "./$types";

/**
 * The deal's private messages, `?after=<id>` for the newer ones only (the page polls this).
 * Buyer, seller, and arbiters of a disputed deal; 401 signed out, 403 anyone else.
 */
export const GET: RequestHandler = async (event) => {
  const access = await messageAccess(event, event.params.id);
  if (!access.ok) return problem(access.status, access.error);
  const after = event.url.searchParams.get("after") ?? "0";
  if (!/^\d{1,19}$/.test(after)) return problem(400, "bad_request", { field: "after" });
  return json(
    { messages: await listMessages(access.deal.id, after), role: access.role },
    { headers: { "cache-control": "no-store" } },
  );
};

export const POST: RequestHandler = async (event) => {
  const access = await messageAccess(event, event.params.id);
  if (!access.ok) return problem(access.status, access.error);
  const limited = await limitWrite(event, "message", access.me);
  if (limited) return limited;
  const body = await readJson(event, messageSchema);
  if (!body.ok) return body.response;
  return json(await addMessage(access.deal.id, access.me, body.value.body), { status: 201 });
};
