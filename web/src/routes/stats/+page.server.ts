import { loadStats } from "#lib/server/stats.ts";
import type { PageServerLoad } from "./$types";

/** Public: totals and daily charts from the indexer; `?days=7|30|90` (a bad value is named and dropped). */
export const load: PageServerLoad = async ({ url, fetch, setHeaders }) => {
  setHeaders({ "cache-control": "no-store" });
  return loadStats({ url, fetch });
};
