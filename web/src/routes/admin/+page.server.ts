import { error } from "@sveltejs/kit";
import { translate } from "#lib/i18n/index.ts";
import { isAdmin, pausedState } from "#lib/server/arbiters.ts";
import { chainNow } from "#lib/server/chain-time.ts";
import { getOpenDisputes } from "#lib/server/indexer.ts";
import { loadStats } from "#lib/server/stats.ts";
import { listTickets } from "#lib/server/support.ts";
import { disputeAgeing } from "#lib/stats.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

/**
 * Admin role holders only (DEFAULT_ADMIN_ROLE on GavelConfig, or owners of a Safe holding it):
 * everyone else, signed out included, gets the 403 page. The public stats plus open-dispute
 * ageing, the pause flag and the support tickets.
 */
export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "cache-control": "no-store" });
  if (!(await isAdmin(event.locals.user?.address)))
    error(403, translate(event.locals.locale, "admin.forbidden"));
  const [stats, open, paused, now, tickets] = await Promise.all([
    loadStats(event),
    getOpenDisputes({ baseUrl: INDEXER_URL, fetch: event.fetch }),
    pausedState(),
    chainNow(),
    listTickets(),
  ]);
  const disputes = open.ok
    ? open.value.map((d) => ({
        dealId: d.dealId,
        title: d.title,
        amount: d.amount,
        openedAt: d.openedAt,
        ageSeconds: Math.max(0, now - d.openedAt),
      }))
    : null;
  return {
    ...stats,
    paused,
    disputes,
    ageing: disputes
      ? disputeAgeing(
          disputes.map((d) => d.openedAt),
          now,
        )
      : null,
    tickets,
  };
};
