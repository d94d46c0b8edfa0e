import { type AccountProfile, getAccount, getAuction, getAuctions } from "#lib/server/indexer.ts";
import { watchedIds } from "#lib/server/watchlist.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, fetch, setHeaders, depends }) => {
  setHeaders({ "cache-control": "no-store" });
  depends("dashboard");
  if (!locals.user) return { signedIn: false as const };
  const me = locals.user.address.toLowerCase();
  const options = { baseUrl: INDEXER_URL, fetch };

  const [account, listings, watched] = await Promise.all([
    getAccount(options, me),
    getAuctions(options, new URLSearchParams({ seller: me, sort: "newest", limit: "50" })),
    watchedIds(me),
  ]);
  const unavailable = (!account.ok && account.problem !== "not_found") || !listings.ok;
  const profile: AccountProfile | null = account.ok ? account.value : null;

  // My bids: one row per auction I bid on, with whether I lead now.
  const bidAuctionIds = [...new Set(profile?.history.bids.map((b) => b.auctionId) ?? [])].slice(0, 20);
  const details = await Promise.all(
    [...new Set([...bidAuctionIds, ...watched.slice(0, 20)])].map(async (id) => {
      const detail = await getAuction(options, id);
      return detail.ok ? detail.value.auction : null;
    }),
  );
  const byId = new Map(details.filter((a) => a !== null).map((a) => [a.id, a]));
  const bids = bidAuctionIds.flatMap((id) => {
    const auction = byId.get(id);
    if (!auction) return [];
    const mine = profile?.history.bids.find((b) => b.auctionId === id);
    const leading = auction.leader === me;
    const standing =
      auction.status === "settled"
        ? auction.winner === me
          ? ("won" as const)
          : ("lost" as const)
        : auction.status === "active"
          ? leading
            ? ("leading" as const)
            : ("outbid" as const)
          : auction.status === "ended"
            ? leading
              ? ("winning" as const)
              : ("lost" as const)
            : ("lost" as const);
    return [{ auction, standing, lastBidAt: mine?.timestamp ?? 0 }];
  });

  return {
    signedIn: true as const,
    me,
    unavailable,
    bids,
    listings: listings.ok ? listings.value.items : [],
    deals: profile?.history.deals ?? [],
    balances: profile?.balances ?? [],
    watched: watched.map((id) => byId.get(id)).filter((a) => a !== undefined),
  };
};
