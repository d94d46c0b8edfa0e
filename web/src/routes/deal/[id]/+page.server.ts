import { error } from "@sveltejs/kit";
import { chainNow } from "#lib/server/chain-time.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { readNote } from "#lib/server/notes.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, fetch, depends, setHeaders }) => {
  if (!/^\d{1,78}$/.test(params.id)) error(404, "not found");
  depends(`deal:${params.id}`);
  setHeaders({ "cache-control": "no-store" });
  const [result, now] = await Promise.all([
    getDeal({ baseUrl: INDEXER_URL, fetch }, params.id),
    chainNow(fetch),
  ]);
  if (!result.ok) {
    if (result.problem === "not_found") error(404, "not found");
    error(503, result.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  }
  const deal = result.value;
  const [evidence, reviews] = await Promise.all([
    deal.dispute ? readNote(deal.dispute.evidenceURI, deal.dispute.evidenceHash) : null,
    Promise.all(deal.reviews.map(async (r) => ({ ...r, note: await readNote(r.contentURI, r.contentHash) }))),
  ]);
  return { deal, evidence, reviews, chainNow: now };
};
