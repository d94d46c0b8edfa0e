import { error } from "@sveltejs/kit";
import { getAuction } from "#lib/server/indexer.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

/** An auction's whole bid history (as the indexer serves it: the latest 200), its page showing the latest. */
export const load: PageServerLoad = async ({ params, fetch, depends, setHeaders }) => {
  if (!/^\d{1,78}$/.test(params.id)) error(404, "not found");
  depends(`auction:${params.id}`);
  setHeaders({ "cache-control": "no-store" });
  const result = await getAuction({ baseUrl: INDEXER_URL, fetch }, params.id);
  if (!result.ok) {
    if (result.problem === "not_found") error(404, "not found");
    error(503, result.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  }
  const { auction, bids, commitments } = result.value;
  return {
    auction: { id: auction.id, title: auction.title, format: auction.format, bidCount: auction.bidCount },
    bids,
    commitments,
    people: await peopleOf([
      ...bids.flatMap((b) => [b.bidder, b.leader]),
      ...commitments.map((c) => c.bidder),
    ]),
  };
};
