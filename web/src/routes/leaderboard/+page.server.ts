import { getLeaderboard, leaderboardSorts } from "#lib/server/indexer.ts";
import { peopleOf } from "#lib/server/profiles.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

type By = (typeof leaderboardSorts)[number];
const isBy = (value: string): value is By => (leaderboardSorts as readonly string[]).includes(value);

export const load: PageServerLoad = async ({ url, fetch, setHeaders }) => {
  setHeaders({ "cache-control": "no-store" });
  // A bad `by` is dropped and named (like browse's filters), the default tab shown instead.
  const raw = url.searchParams.get("by");
  const invalid: string[] = [];
  let by: By = "volume";
  if (raw !== null && raw !== "") {
    if (isBy(raw)) by = raw;
    else invalid.push("by");
  }
  const result = await getLeaderboard({ baseUrl: INDEXER_URL, fetch }, by);
  return {
    people: await peopleOf(result.ok ? result.value.items.map((row) => row.address) : []),
    by,
    invalid,
    items: result.ok ? result.value.items : null,
    notice: result.ok
      ? null
      : result.problem === "unreachable"
        ? ("unreachable" as const)
        : ("badResponse" as const),
  };
};
