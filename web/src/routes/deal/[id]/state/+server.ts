import { json } from "@sveltejs/kit";
import { withConfirmTimes } from "#lib/server/deal-chain.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { INDEXER_URL } from "$app/env/private";
import type { RequestHandler } from "./$types";

/** What the indexer knows of one deal (and the chain of its confirm window), for the browser to poll after a transaction ("indexed"). */
export const GET: RequestHandler = async ({ params, fetch }) => {
  if (!/^\d{1,78}$/.test(params.id)) return json({ error: "bad_request", field: "id" }, { status: 400 });
  const result = await getDeal({ baseUrl: INDEXER_URL, fetch, timeoutMs: 2_000 }, params.id);
  const headers = { "cache-control": "no-store" };
  if (!result.ok)
    return json({ indexed: false }, { status: result.problem === "not_found" ? 404 : 503, headers });
  const deal = await withConfirmTimes(result.value);
  return json(
    {
      indexed: true,
      status: deal.status,
      dispute: deal.dispute !== null,
      transactions: deal.reviews.map((r) => r.transactionHash),
      reviews: deal.reviews.length,
      confirmExtension: deal.confirmExtension,
    },
    { headers },
  );
};
