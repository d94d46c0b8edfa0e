import { error } from "@sveltejs/kit";
import { translate } from "#lib/i18n/index.ts";
import { listReplies, ticketAccess } from "#lib/server/support.ts";
import type { PageServerLoad } from "./$types";

/** One ticket and its replies: its author and arbiters/admins only (401 signed out, 403 anyone else). */
export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "cache-control": "no-store" });
  const access = await ticketAccess(event, event.params.id);
  if (!access.ok) {
    const locale = event.locals.locale;
    error(
      access.status,
      access.status === 401
        ? translate(locale, "support.signIn")
        : access.status === 403
          ? translate(locale, "support.forbidden")
          : translate(locale, "support.notFound"),
    );
  }
  return {
    ticket: access.ticket,
    replies: await listReplies(access.ticket.id),
    me: access.me,
    staff: access.staff,
  };
};
