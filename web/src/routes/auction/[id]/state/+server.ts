import { json } from "@sveltejs/kit";
import { getAuction } from "#lib/server/indexer.ts";
import { INDEXER_URL } from "$app/env/private";
import type { RequestHandler } from "./$types";

/**
 * What the indexer knows of one auction, for the browser to poll after a transaction until it
 * shows ("indexed"): 404 until the listing is indexed, then its status and transaction hashes.
 */
export const GET: RequestHandler = async ({ params, fetch }) => {
  if (!/^\d{1,78}$/.test(params.id)) return json({ error: "bad_request", field: "id" }, { status: 400 });
  const result = await getAuction({ baseUrl: INDEXER_URL, fetch, timeoutMs: 2_000 }, params.id);
  const headers = { "cache-control": "no-store" };
  if (!result.ok) {
    return json({ indexed: false }, { status: result.problem === "not_found" ? 404 : 503, headers });
  }
  const { auction, bids, commitments } = result.value;
  return json(
    {
      indexed: true,
      status: auction.status,
      transactions: [auction.transactionHash, ...bids.map((b) => b.transactionHash)],
      settled: auction.status === "settled" || auction.status === "no_sale",
      committed: commitments.map((c) => c.bidder),
      revealed: commitments.filter((c) => c.revealedAmount !== null).map((c) => c.bidder),
    },
    { headers },
  );
};
