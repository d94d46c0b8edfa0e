import { json } from "@sveltejs/kit";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { limitWrite } from "#lib/server/quota.ts";
import { hit } from "#lib/server/rate-limit.ts";
import { createTicket, listTickets, supportViewer, TICKETS_PER_MINUTE } from "#lib/server/support.ts";
import { ticketSchema, ticketStatuses } from "#lib/support.ts";
import type { RequestHandler } from "./$types";

/** The viewer's tickets, newest first; arbiters and admins get everyone's (`?status=` filters). */
export const GET: RequestHandler = async (event) => {
  const viewer = await supportViewer(event);
  if (!viewer.ok) return problem(viewer.status, viewer.error);
  const status = event.url.searchParams.get("status");
  if (status !== null && !(ticketStatuses as readonly string[]).includes(status)) {
    return problem(400, "bad_request", { field: "status" });
  }
  const tickets = await listTickets({
    author: viewer.staff ? undefined : viewer.me,
    status: (status as (typeof ticketStatuses)[number] | null) ?? undefined,
  });
  return json({ tickets }, { headers: { "cache-control": "no-store" } });
};

/** Files a ticket: `{ subject, body, auctionId?, dealId? }` → 201 with the ticket. */
export const POST: RequestHandler = async (event) => {
  const viewer = await supportViewer(event);
  if (!viewer.ok) return problem(viewer.status, viewer.error);
  const limited = await limitWrite(event, "ticket", viewer.me);
  if (limited) return limited;
  const body = await readJson(event, ticketSchema);
  if (!body.ok) return body.response;
  const limit = await hit(`support:${viewer.me}`, TICKETS_PER_MINUTE);
  if (!limit.allowed) {
    const response = problem(429, "rate_limited", { detail: "too many tickets; try again in a minute" });
    response.headers.set("retry-after", String(limit.retryAfterSeconds));
    return response;
  }
  return json(await createTicket(viewer.me, body.value), { status: 201 });
};
