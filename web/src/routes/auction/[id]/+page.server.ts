import { error, fail } from "@sveltejs/kit";
import { chainNow } from "#lib/server/chain-time.ts";
import {
  type Auction,
  getAccount,
  getAuction,
  getAuctions,
  getReputations,
  type IndexerClientOptions,
} from "#lib/server/indexer.ts";
import { listingMetadata } from "#lib/server/listing.ts";
import { withReviewTexts } from "#lib/server/notes.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { readCache } from "#lib/server/read-cache.ts";
import { isWatching, setWatching } from "#lib/server/watchlist.ts";
import { INDEXER_URL } from "$app/env/private";
import type { Actions, PageServerLoad } from "./$types";
import { SHOWN_BIDS } from "./history.ts";

const idPattern = /^\d{1,78}$/;

export const load: PageServerLoad = async ({ params, fetch, locals, depends, setHeaders, url }) => {
  if (!idPattern.test(params.id)) error(404, "not found");
  depends(`auction:${params.id}`);
  setHeaders({ "cache-control": "no-store" });
  const indexer = { baseUrl: INDEXER_URL, fetch };
  const result = await getAuction(indexer, params.id);
  if (!result.ok) {
    if (result.problem === "not_found") error(404, "not found");
    error(503, result.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  }
  // The chain's "now" that the indexer judged the status by (no RPC round trip); the page's
  // countdown runs from it, offset by the browser's clock at load.
  const now = result.value.now ?? (await chainNow());
  const { auction, bids, deal, commitments } = result.value;
  // The latest bids only: the whole history is a page of its own (/auction/{id}/bids), so that a
  // page of a much-bid auction stays light to send and to render.
  const shown = bids.slice(0, SHOWN_BIDS);
  const me = locals.user?.address.toLowerCase() ?? null;
  // Everything else at once: the page waits for the slowest read, not their sum.
  const [metadata, reputations, sellerReviews, people, currentRoundId, watching] = await Promise.all([
    listingMetadata(auction),
    getReputations(indexer, [auction.seller]),
    reviewsOfSeller(indexer, auction.seller),
    peopleOf([
      auction.seller,
      auction.leader,
      deal?.buyer,
      ...shown.flatMap((b) => [b.bidder, b.leader]),
      ...commitments.map((c) => c.bidder),
    ]),
    auction.format === "rolling" ? currentRound(indexer, auction) : null,
    me ? isWatching(me, auction.id) : false,
  ]);
  return {
    auction: {
      ...auction,
      // The leader's maximum is public on chain, but only the leader is shown it.
      leaderMax: me && auction.leader === me ? auction.leaderMax : null,
    },
    bids: shown,
    /** Whether the signed-in visitor bid on it at all (not only among the bids shown). */
    youBid: me !== null && bids.some((b) => b.bidder === me),
    commitments,
    deal,
    metadata,
    chainNow: now,
    /**
     * While the platform is paused: when the pause began (the auction's clocks stand still there).
     * From the index, like everything else on the page: a render reads no chain state.
     */
    pausedAt: result.value.pausedAt,
    currentRoundId,
    watching,
    sellerReputation: reputations.ok ? (reputations.value.get(auction.seller) ?? null) : null,
    sellerReviews,
    people,
    pageUrl: `${url.origin}/auction/${auction.id}`,
  };
};

/** Seller reviews read in the last second, shared by this process's renders (see read-cache.ts). */
const recentReviews = readCache<Awaited<ReturnType<typeof readSellerReviews>>>({
  ttlMs: 1_000,
  maxEntries: 1_000,
});

/** What buyers said about the seller: the three newest reviews it received as a seller, checked. */
function reviewsOfSeller(indexer: IndexerClientOptions, seller: string) {
  return recentReviews.one(seller, () => readSellerReviews(indexer, seller)).catch(() => []);
}

async function readSellerReviews(indexer: IndexerClientOptions, seller: string) {
  const account = await getAccount(indexer, seller);
  // A failed read is not kept (the page shows no reviews this time).
  if (!account.ok) throw new Error(`seller account: ${account.problem}`);
  return withReviewTexts(account.value.reviews.filter((r) => r.role === "buyer").slice(0, 3));
}

/** Rolling: the listing's newest round, to send bidders on once this round is over. */
async function currentRound(indexer: IndexerClientOptions, auction: Auction): Promise<string | null> {
  const rounds = await getAuctions(indexer, {
    seller: auction.seller,
    format: "rolling",
    sort: "newest",
    limit: 100,
  });
  const listingId = String(auction.params.listingId ?? auction.id);
  const newest = rounds.ok
    ? rounds.value.items.find((r) => String(r.params.listingId ?? r.id) === listingId)
    : undefined;
  return newest?.id ?? null;
}

export const actions: Actions = {
  watch: async ({ request, locals, params }) => {
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    if (!idPattern.test(params.id)) return fail(400, { error: "bad_request", field: "id" });
    const form = await request.formData();
    const watch = form.get("watch") === "1";
    return { watching: await setWatching(locals.user.address, params.id, watch) };
  },
};
