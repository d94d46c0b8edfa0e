import { error } from "@sveltejs/kit";
import { chainNow } from "#lib/server/chain-time.ts";
import { withConfirmTimes } from "#lib/server/deal-chain.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { readNote, withReviewTexts } from "#lib/server/notes.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, fetch, depends, setHeaders }) => {
  if (!/^\d{1,78}$/.test(params.id)) error(404, "not found");
  depends(`deal:${params.id}`);
  setHeaders({ "cache-control": "no-store" });
  const [result, now] = await Promise.all([getDeal({ baseUrl: INDEXER_URL, fetch }, params.id), chainNow()]);
  if (!result.ok) {
    if (result.problem === "not_found") error(404, "not found");
    error(503, result.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  }
  const indexed = result.value;
  const [deal, evidence, reviews] = await Promise.all([
    // The buyer's extension from the chain: right before (and without) an indexer that knows it.
    withConfirmTimes(indexed),
    indexed.dispute ? readNote(indexed.dispute.evidenceURI, indexed.dispute.evidenceHash) : null,
    withReviewTexts(indexed.reviews),
  ]);
  const people = await peopleOf([deal.buyer, deal.seller]);
  return { deal, evidence, reviews, chainNow: now, people };
};
