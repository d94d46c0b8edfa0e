import { listTickets, supportViewer } from "#lib/server/support.ts";
import { ticketStatuses } from "#lib/support.ts";
import type { PageServerLoad } from "./$types";

/** A `?deal=` / `?auction=` number to put in the form (e.g. from a deal page's support link). */
function prefillId(value: string | null): string {
  return value && /^[1-9][0-9]{0,30}$/.test(value) ? value : "";
}

/**
 * The contact form and the viewer's tickets with their status; arbiters and admins see everyone's
 * tickets (`?status=` filters them). `?deal=` and `?auction=` fill the form's numbers. Signed out:
 * only an invitation to sign in.
 */
export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "cache-control": "no-store" });
  const prefill = {
    dealId: prefillId(event.url.searchParams.get("deal")),
    auctionId: prefillId(event.url.searchParams.get("auction")),
  };
  const viewer = await supportViewer(event);
  if (!viewer.ok) return { signedIn: false as const, staff: false, tickets: [], status: null, prefill };
  const asked = event.url.searchParams.get("status");
  const status = ticketStatuses.find((s) => s === asked) ?? null;
  const tickets = await listTickets({
    author: viewer.staff ? undefined : viewer.me,
    status: viewer.staff ? (status ?? undefined) : undefined,
  });
  return { signedIn: true as const, staff: viewer.staff, tickets, status, prefill };
};
