import { type ActivityItem, getActivity, type IndexerResult } from "#lib/server/indexer.ts";
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

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  const activity = await latest(fetch);
  setHeaders({ "cache-control": "no-store" });
  return {
    activity: activity.ok ? activity.value : null,
    /** Why the feed is missing (the page says it in the visitor's language); null when it loaded. */
    notice: activity.ok
      ? null
      : activity.problem === "unreachable"
        ? ("unreachable" as const)
        : ("badResponse" as const),
  };
};
