import { error } from "@sveltejs/kit";
import { translate } from "#lib/i18n/index.ts";
import { type AccountProfile, getAccount } from "#lib/server/indexer.ts";
import { withReviewTexts } from "#lib/server/notes.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

/** An address Gavel has never seen: a profile with nothing in it yet (not an error). */
function emptyProfile(address: string): AccountProfile {
  return {
    address,
    firstSeen: 0,
    lastSeen: 0,
    reputation: {
      sales: 0,
      purchases: 0,
      soldVolume: { raw: "0", decimal: "0" },
      boughtVolume: { raw: "0", decimal: "0" },
      volume: { raw: "0", decimal: "0" },
      ratingCount: 0,
      averageRating: null,
      weightedRating: null,
      disputesWon: 0,
      disputesLost: 0,
      completedDeals: 0,
      disputedDeals: 0,
      firstSaleAt: null,
      firstPurchaseAt: null,
    },
    balances: [],
    reviews: [],
    history: { auctions: [], bids: [], deals: [] },
  };
}

export const load: PageServerLoad = async ({ params, fetch, locals, setHeaders }) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(params.address)) {
    error(400, translate(locals.locale, "profile.badAddress", { address: params.address.slice(0, 100) }));
  }
  const address = params.address.toLowerCase();
  setHeaders({ "cache-control": "no-store" });
  const result = await getAccount({ baseUrl: INDEXER_URL, fetch }, address);
  if (!result.ok && result.problem !== "not_found") {
    return {
      address,
      known: false,
      notice: result.problem === "unreachable" ? ("unreachable" as const) : ("badResponse" as const),
      profile: emptyProfile(address),
      reviews: [],
      people: await peopleOf([address]),
    };
  }
  const profile = result.ok ? result.value : emptyProfile(address);
  const reviews = await withReviewTexts(profile.reviews);
  const people = await peopleOf([
    address,
    ...profile.reviews.map((r) => r.reviewer),
    ...profile.history.deals.flatMap((d) => [d.buyer, d.seller]),
  ]);
  return { address, known: result.ok, notice: null, profile, reviews, people };
};
