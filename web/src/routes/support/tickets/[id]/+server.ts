import { json } from "@sveltejs/kit";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { limitWrite } from "#lib/server/quota.ts";
import { listReplies, ticketAccess, updateTicket } from "#lib/server/support.ts";
import { ticketUpdateSchema } from "#lib/support.ts";
import type { RequestHandler } from "./$types";

/** One ticket with its replies: its author and arbiters/admins; 401 signed out, 403 anyone else. */
export const GET: RequestHandler = async (event) => {
  const access = await ticketAccess(event, event.params.id);
  if (!access.ok) return problem(access.status, access.error);
  return json(
    { ticket: access.ticket, replies: await listReplies(access.ticket.id) },
    { headers: { "cache-control": "no-store" } },
  );
};

/**
 * `{ reply?, status? }`: the author may reply; arbiters and admins may reply and set the status
 * (open / answered / closed). A status from anyone else is refused (403), changing nothing.
 */
export const POST: RequestHandler = async (event) => {
  const access = await ticketAccess(event, event.params.id);
  if (!access.ok) return problem(access.status, access.error);
  const limited = await limitWrite(event, "reply", access.me);
  if (limited) return limited;
  const body = await readJson(event, ticketUpdateSchema);
  if (!body.ok) return body.response;
  if (body.value.status !== undefined && !access.staff) return problem(403, "forbidden", { field: "status" });
  const ticket = await updateTicket(access.ticket, access, body.value);
  return json({ ticket, replies: await listReplies(ticket.id) });
};
