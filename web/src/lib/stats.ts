/**
 * The stats pages' pure logic, shared by server and browser: the chart range in the URL, the
 * indexer's daily rows padded to one row per day, and the ageing of open disputes.
 */
import type { Stats } from "@gavel/indexer-client";

/** Chart ranges offered (days, today included). */
export const statsRanges = [7, 30, 90] as const;
export type StatsRange = (typeof statsRanges)[number];
export const defaultRange: StatsRange = 30;

/** `?days=` → the range; anything but 7, 30 or 90 is dropped (and reported) for the default. */
export function parseRange(value: string | null | undefined): { days: StatsRange; invalid: boolean } {
  if (value === null || value === undefined || value === "") return { days: defaultRange, invalid: false };
  const found = statsRanges.find((range) => String(range) === value.trim());
  return found ? { days: found, invalid: false } : { days: defaultRange, invalid: true };
}

/** A row of the indexer's `daily`, its amounts as USDC base units (the Amounts' `raw`). */
export type DailyRow = Omit<Stats["daily"][number], "volume" | "fees"> & { volume: string; fees: string };

const DAY_MS = 86_400_000;

/** "2026-11-23" for a unix time in seconds (UTC, as the indexer counts days). */
export function utcDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/**
 * One row per UTC day for the `days` days ending on `lastDay` (oldest first), zero where the
 * indexer had no activity (it leaves such days out). Rows outside the range are dropped.
 */
export function fillDays(rows: readonly DailyRow[], days: number, lastDay: string): DailyRow[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: days }, (_, index) => {
    const day = new Date(end - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10);
    return (
      byDay.get(day) ?? {
        day,
        newListings: 0,
        bids: 0,
        dealsOpened: 0,
        dealsCompleted: 0,
        disputesOpened: 0,
        volume: "0",
        fees: "0",
      }
    );
  });
}

export const ageBuckets = ["underDay", "oneToThree", "threeToSeven", "overWeek"] as const;
export type AgeBucket = (typeof ageBuckets)[number];

/** The bucket of a dispute open for `seconds`: < 1 day, 1–3 days, 3–7 days, > 7 days. */
export function ageBucket(seconds: number): AgeBucket {
  const days = seconds / 86_400;
  if (days < 1) return "underDay";
  if (days < 3) return "oneToThree";
  if (days <= 7) return "threeToSeven";
  return "overWeek";
}

/** How many open disputes fall in each age bucket at `now`, and how long the oldest has been open. */
export function disputeAgeing(
  openedAts: readonly number[],
  now: number,
): { buckets: Record<AgeBucket, number>; oldestSeconds: number | null } {
  const buckets: Record<AgeBucket, number> = { underDay: 0, oneToThree: 0, threeToSeven: 0, overWeek: 0 };
  let oldest: number | null = null;
  for (const openedAt of openedAts) {
    const age = Math.max(0, now - openedAt);
    buckets[ageBucket(age)] += 1;
    if (oldest === null || age > oldest) oldest = age;
  }
  return { buckets, oldestSeconds: oldest };
}
