import { activityListingId } from "#lib/activity.ts";
import { chainNow } from "#lib/server/chain-time.ts";
import { type ActivityItem, getActivity, getAuction, type IndexerResult } from "#lib/server/indexer.ts";
import { listingMetadata } from "#lib/server/listing.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

const SHOW = 20;
const MAX_PAGES = 10;

/**
 * The latest events. The indexer's feed is oldest-first with an `after` cursor and has no
 * "newest first" option yet, so this walks forward (at most 10 pages of 200) and keeps the tail.
 */
async function latest(fetcher: typeof fetch): Promise<IndexerResult<{ items: ActivityItem[] }>> {
  let after: string | undefined;
  let tail: ActivityItem[] = [];
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await getActivity({ baseUrl: INDEXER_URL, fetch: fetcher }, { limit: 200, after });
    if (!page.ok) return page;
    tail = [...tail, ...page.value.items].slice(-SHOW);
    if (!page.value.nextCursor || page.value.items.length < 200) break;
    after = page.value.nextCursor;
  }
  return { ok: true, value: { items: tail } };
}

/** The title and first picture of each listing the events name (one indexer call per listing). */
async function listingsOf(
  items: ActivityItem[],
  fetcher: typeof fetch,
): Promise<Record<string, { title: string; image: string | null }>> {
  const ids = [...new Set(items.map(activityListingId).filter((id): id is string => id !== null))];
  const found = await Promise.all(
    ids.map(async (id) => {
      const detail = await getAuction({ baseUrl: INDEXER_URL, fetch: fetcher }, id);
      if (!detail.ok) return null;
      const { auction } = detail.value;
      const image = (await listingMetadata(auction))?.images[0] ?? null;
      return [id, { title: auction.title, image }] as const;
    }),
  );
  return Object.fromEntries(found.filter((entry) => entry !== null));
}

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  const [activity, now] = await Promise.all([latest(fetch), chainNow()]);
  setHeaders({ "cache-control": "no-store" });
  return {
    activity: activity.ok ? activity.value : null,
    listings: activity.ok ? await listingsOf(activity.value.items, fetch) : {},
    /** "Now" by the chain's clock: events read "2 min ago" from it. */
    chainNow: now,
    /** Why the feed is missing (the page says it in the visitor's language); null when it loaded. */
    notice: activity.ok
      ? null
      : activity.problem === "unreachable"
        ? ("unreachable" as const)
        : ("badResponse" as const),
  };
};
