import { type BrowseQuery, browseKeys, browseQuery } from "#lib/browse.ts";
import { chainNow } from "#lib/server/chain-time.ts";
import { type AuctionsQuery, getAuctions, getReputations } from "#lib/server/indexer.ts";
import { withCover } from "#lib/server/listing.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { watchedIds } from "#lib/server/watchlist.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ url, fetch, locals, setHeaders }) => {
  setHeaders({ "cache-control": "no-store" });
  // Each parameter on its own: one bad value is dropped (and named) instead of failing the page.
  const raw = Object.fromEntries(browseKeys.map((key) => [key, url.searchParams.get(key) ?? undefined]));
  const invalid: string[] = [];
  const query: Record<string, string> = {};
  for (const key of browseKeys) {
    const one = browseQuery.shape[key].safeParse(raw[key]);
    if (!one.success) invalid.push(key);
    else if (one.data !== undefined) query[key] = one.data;
  }
  if (query.minPrice && query.maxPrice && Number(query.minPrice) > Number(query.maxPrice)) {
    invalid.push("maxPrice");
    delete query.maxPrice;
  }
  // Every key passed browseQuery, whose values are a subset of what the indexer accepts.
  const indexerQuery: AuctionsQuery = { ...(query as Partial<BrowseQuery>), limit: 12 };
  const [first, watchedList] = await Promise.all([
    getAuctions({ baseUrl: INDEXER_URL, fetch }, indexerQuery),
    locals.user ? watchedIds(locals.user.address) : Promise.resolve([] as string[]),
  ]);
  let result = first;
  if (!result.ok && result.problem === "bad_request") {
    // e.g. a stale cursor: say which parameter and show the first page.
    invalid.push(result.detail);
    delete indexerQuery[result.detail as keyof AuctionsQuery];
    delete query[result.detail];
    result = await getAuctions({ baseUrl: INDEXER_URL, fetch }, indexerQuery);
  }
  const watched = new Set(watchedList);
  // Every card's seller badge from one batch call; names and faces from the web's own table;
  // covers from the metadata — all at once, so the page waits for the slowest, not the sum.
  const sellers = result.ok ? result.value.items.map((a) => a.seller) : [];
  const [reputations, people, covered, now] = await Promise.all([
    getReputations({ baseUrl: INDEXER_URL, fetch }, sellers),
    peopleOf(sellers),
    result.ok ? withCover(result.value.items) : Promise.resolve(null),
    // The cards' "now" (time left, Dutch prices): the chain's clock the indexer judged their status
    // by, from the same answer (no RPC round trip); the chain read only when there is no answer.
    result.ok ? result.value.now : chainNow(),
  ]);
  const reputationOf = (seller: string) => (reputations.ok ? (reputations.value.get(seller) ?? null) : null);
  return {
    people,
    now,
    query,
    invalid,
    auctions: covered
      ? covered.map((a) => ({
          ...a,
          watched: watched.has(a.id),
          sellerReputation: reputationOf(a.seller),
        }))
      : null,
    nextCursor: result.ok ? result.value.nextCursor : null,
    notice: result.ok
      ? null
      : result.problem === "unreachable"
        ? ("unreachable" as const)
        : ("badResponse" as const),
  };
};
