import { chainNow } from "#lib/server/chain-time.ts";
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

  const [account, listings, bidOn, watched, now] = await Promise.all([
    getAccount(options, me),
    getAuctions(options, { seller: me, sort: "newest", limit: 50 }),
    // The auctions I bid on (or committed to, or bought), in one request.
    getAuctions(options, { bidder: me, sort: "newest", limit: 50 }),
    watchedIds(me),
    // The bids' "ends in" / "ended" texts are judged by the chain's clock.
    chainNow(),
  ]);
  const unavailable = (!account.ok && account.problem !== "not_found") || !listings.ok || !bidOn.ok;
  const profile: AccountProfile | null = account.ok ? account.value : null;
  const bidAuctions = bidOn.ok ? bidOn.value.items : [];

  // Watched auctions not already at hand.
  const byId = new Map(bidAuctions.map((a) => [a.id, a]));
  const details = await Promise.all(
    watched
      .slice(0, 20)
      .filter((id) => !byId.has(id))
      .map(async (id) => {
        const detail = await getAuction(options, id);
        return detail.ok ? detail.value.auction : null;
      }),
  );
  for (const a of details) if (a) byId.set(a.id, a);

  // My bids: one row per auction I bid on, with whether I lead now.
  const bids = bidAuctions.map((auction) => {
    const id = auction.id;
    const mine = profile?.history.bids.find((b) => b.auctionId === id);
    const leading = auction.leader === me;
    const standing =
      auction.format === "sealed" && auction.status === "active"
        ? ("sealed" as const) // nobody knows who leads until the reveals
        : auction.status === "settled"
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
    return { auction, standing, lastBidAt: mine?.timestamp ?? 0 };
  });

  return {
    signedIn: true as const,
    me,
    now,
    unavailable,
    bids,
    listings: listings.ok ? listings.value.items : [],
    deals: profile?.history.deals ?? [],
    balances: profile?.balances ?? [],
    watched: watched.map((id) => byId.get(id)).filter((a) => a !== undefined),
  };
};
