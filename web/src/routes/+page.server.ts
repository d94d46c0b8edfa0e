import { getActivity } from "#lib/server/indexer.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  const activity = await getActivity({ baseUrl: INDEXER_URL, fetch }, { limit: 20 });
  setHeaders({ "cache-control": "no-store" });
  return {
    activity: activity.ok ? activity.value : null,
    /** Why the feed is missing, in words a visitor understands; null when it loaded. */
    notice: activity.ok
      ? null
      : activity.problem === "unreachable"
        ? "The activity feed is unavailable right now: the indexer is not answering. Please try again in a moment."
        : "The activity feed is unavailable right now: the indexer sent an answer we could not read. Please try again later.",
  };
};
