import { getActivity } from "#lib/server/indexer.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  const activity = await getActivity({ baseUrl: INDEXER_URL, fetch }, { limit: 20 });
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
