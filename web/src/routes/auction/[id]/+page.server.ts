import { error, fail } from "@sveltejs/kit";
import { getAuction } from "#lib/server/indexer.ts";
import { listingMetadata } from "#lib/server/listing.ts";
import { isWatching, setWatching } from "#lib/server/watchlist.ts";
import { INDEXER_URL } from "$app/env/private";
import type { Actions, PageServerLoad } from "./$types";

const idPattern = /^\d{1,78}$/;

export const load: PageServerLoad = async ({ params, fetch, locals, depends, setHeaders, url }) => {
  if (!idPattern.test(params.id)) error(404, "not found");
  depends(`auction:${params.id}`);
  setHeaders({ "cache-control": "no-store" });
  const result = await getAuction({ baseUrl: INDEXER_URL, fetch }, params.id);
  if (!result.ok) {
    if (result.problem === "not_found") error(404, "not found");
    error(503, result.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  }
  const { auction, bids, deal } = result.value;
  const me = locals.user?.address.toLowerCase() ?? null;
  const metadata = await listingMetadata(auction);
  return {
    auction: {
      ...auction,
      // The leader's maximum is public on chain, but only the leader is shown it.
      leaderMax: me && auction.leader === me ? auction.leaderMax : null,
    },
    bids,
    deal,
    metadata,
    watching: me ? await isWatching(me, auction.id) : false,
    pageUrl: `${url.origin}/auction/${auction.id}`,
  };
};

export const actions: Actions = {
  watch: async ({ request, locals, params }) => {
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    if (!idPattern.test(params.id)) return fail(400, { error: "bad_request", field: "id" });
    const form = await request.formData();
    const watch = form.get("watch") === "1";
    return { watching: await setWatching(locals.user.address, params.id, watch) };
  },
};
