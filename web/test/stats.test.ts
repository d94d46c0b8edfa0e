// The stats pages' pure logic: the range in the URL, the daily rows padded to one per day, and
// the ageing buckets of open disputes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ageBucket, disputeAgeing, fillDays, parseRange } from "../src/lib/stats.ts";

test("the range is 7, 30 or 90 days; anything else falls back to 30 and is reported", () => {
  assert.deepEqual(parseRange("7"), { days: 7, invalid: false });
  assert.deepEqual(parseRange("90"), { days: 90, invalid: false });
  assert.deepEqual(parseRange(null), { days: 30, invalid: false });
  assert.deepEqual(parseRange(""), { days: 30, invalid: false });
  for (const bad of ["8", "365", "0", "-7", "7.0", "seven", "1e1"]) {
    assert.deepEqual(parseRange(bad), { days: 30, invalid: true }, bad);
  }
});

test("daily rows are padded with zero days, oldest first, ending on the last day", () => {
  const row = (day: string, newListings: number) => ({
    day,
    newListings,
    bids: 0,
    dealsOpened: 0,
    dealsCompleted: 0,
    disputesOpened: 0,
    volume: "5",
    fees: "0",
  });
  const filled = fillDays(
    [row("2026-02-27", 2), row("2026-03-01", 4), row("2026-01-01", 9)],
    4,
    "2026-03-02",
  );
  assert.deepEqual(
    filled.map((d) => [d.day, d.newListings, d.volume]),
    [
      ["2026-02-27", 2, "5"],
      ["2026-02-28", 0, "0"],
      ["2026-03-01", 4, "5"],
      ["2026-03-02", 0, "0"],
    ],
    "across a month end; a row outside the range is left out",
  );
});

test("open disputes are bucketed by age: < 1 day, 1–3, 3–7, > 7 days; the oldest is reported", () => {
  const day = 86_400;
  assert.equal(ageBucket(day - 1), "underDay");
  assert.equal(ageBucket(day), "oneToThree");
  assert.equal(ageBucket(3 * day - 1), "oneToThree");
  assert.equal(ageBucket(3 * day), "threeToSeven");
  assert.equal(ageBucket(7 * day), "threeToSeven");
  assert.equal(ageBucket(7 * day + 1), "overWeek");
  const now = 1_000 * day;
  assert.deepEqual(disputeAgeing([now - 60, now - 2 * day, now - 2.5 * day, now - 10 * day, now + 5], now), {
    buckets: { underDay: 2, oneToThree: 2, threeToSeven: 0, overWeek: 1 },
    oldestSeconds: 10 * day,
  });
  assert.deepEqual(disputeAgeing([], now), {
    buckets: { underDay: 0, oneToThree: 0, threeToSeven: 0, overWeek: 0 },
    oldestSeconds: null,
  });
});
