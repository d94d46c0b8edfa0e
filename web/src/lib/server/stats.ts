import { fillDays, parseRange, utcDay } from "#lib/stats.ts";
import { INDEXER_URL } from "$app/env/private";
import { chainNow } from "./chain-time.ts";
import { getStats } from "./indexer.ts";

/**
 * What the stats view needs (the public page and the admin page): the range from `?days=` (a bad
 * value is dropped and named in `invalid`), the indexer's totals, and one row per day of the range
 * ending today by the chain's clock. `stats` is null with a `notice` when the indexer fails.
 */
export async function loadStats(event: { url: URL; fetch: typeof fetch }) {
  const range = parseRange(event.url.searchParams.get("days"));
  const [result, now] = await Promise.all([
    getStats({ baseUrl: INDEXER_URL, fetch: event.fetch }, range.days),
    chainNow(),
  ]);
  const invalid = range.invalid ? ["days"] : [];
  if (!result.ok) {
    return {
      days: range.days,
      invalid,
      stats: null,
      notice: result.problem === "unreachable" ? ("unreachable" as const) : ("badResponse" as const),
    };
  }
  const { totals } = result.value;
  // Chart rows carry base units (the indexer's Amount.raw).
  const daily = result.value.daily.map((row) => ({ ...row, volume: row.volume.raw, fees: row.fees.raw }));
  const today = utcDay(now);
  const last = daily.at(-1)?.day;
  return {
    days: range.days,
    invalid,
    stats: { totals, daily: fillDays(daily, range.days, last && last > today ? last : today) },
    notice: null,
  };
}
