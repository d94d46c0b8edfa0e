// The profile badges (src/lib/badges.ts): a pure function of the indexer's reputation figures,
// checked at the edges of every threshold.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BADGE_THRESHOLDS, type BadgeFacts, computeBadges, progressOf } from "../src/lib/badges.ts";

const nobody: BadgeFacts = {
  sales: 0,
  purchases: 0,
  completedDeals: 0,
  disputedDeals: 0,
  ratingCount: 0,
  averageRating: null,
  volume: "0",
};
const earned = (facts: Partial<BadgeFacts>) =>
  computeBadges({ ...nobody, ...facts })
    .filter((b) => b.earned)
    .map((b) => b.id);
const badge = (facts: Partial<BadgeFacts>, id: string) => {
  const found = computeBadges({ ...nobody, ...facts }).find((b) => b.id === id);
  assert.ok(found, id);
  return found;
};

test("a new account has every badge listed, none earned, no progress", () => {
  const badges = computeBadges(nobody);
  assert.deepEqual(
    badges.map((b) => b.id),
    ["firstSale", "firstPurchase", "tenDeals", "cleanRecord", "topRated", "highVolume"],
  );
  assert.deepEqual(earned({}), []);
  // The clean record needs deals it does not have yet, but nothing rules it out.
  assert.equal(badge({}, "cleanRecord").unattainable, false);
  assert.deepEqual(
    badges.map((b) => Math.min(...b.requirements.map(progressOf))),
    [0, 0, 0, 0, 0, 0],
  );
});

test("first sale and first purchase come with the first deal on each side", () => {
  assert.deepEqual(earned({ sales: 1 }), ["firstSale"]);
  assert.deepEqual(earned({ purchases: 1 }), ["firstPurchase"]);
  assert.deepEqual(earned({ sales: 3, purchases: 2 }), ["firstSale", "firstPurchase"]);
  // When: the first deal's opening time, as the indexer knows it.
  const both = computeBadges({
    ...nobody,
    sales: 3,
    purchases: 2,
    firstSaleAt: 1_700_000_000,
    firstPurchaseAt: 1_700_000_500,
  });
  assert.deepEqual(
    both.filter((b) => b.earned).map((b) => [b.id, b.earnedAt]),
    [
      ["firstSale", 1_700_000_000],
      ["firstPurchase", 1_700_000_500],
    ],
  );
  assert.equal(
    badge({ sales: 0, firstSaleAt: 1_700_000_000 }, "firstSale").earnedAt,
    null,
    "not earned, no date",
  );
});

test("ten deals: 9 is not enough, exactly 10 is, with progress on the way", () => {
  assert.equal(BADGE_THRESHOLDS.tenDeals, 10);
  const nine = badge({ completedDeals: 9 }, "tenDeals");
  assert.equal(nine.earned, false);
  assert.equal(progressOf(nine.requirements[0] as never), 0.9);
  assert.deepEqual(nine.requirements[0], { measure: "completedDeals", current: 9, target: 10, met: false });
  assert.equal(badge({ completedDeals: 10 }, "tenDeals").earned, true);
  assert.equal(badge({ completedDeals: 11 }, "tenDeals").earned, true);
  // Disputes do not matter for it.
  assert.equal(badge({ completedDeals: 10, disputedDeals: 4 }, "tenDeals").earned, true);
});

test("clean record: 49 deals no, 50 without a dispute yes, any dispute puts it out of reach", () => {
  assert.equal(badge({ completedDeals: 49 }, "cleanRecord").earned, false);
  const fifty = badge({ completedDeals: 50 }, "cleanRecord");
  assert.equal(fifty.earned, true);
  assert.equal(fifty.unattainable, false);
  const disputed = badge({ completedDeals: 50, disputedDeals: 1 }, "cleanRecord");
  assert.equal(disputed.earned, false);
  assert.equal(disputed.unattainable, true);
  assert.deepEqual(
    disputed.requirements.map((r) => [r.measure, r.met]),
    [
      ["completedDeals", true],
      ["disputedDeals", false],
    ],
  );
  const early = badge({ completedDeals: 3, disputedDeals: 1 }, "cleanRecord");
  assert.equal(early.unattainable, true, "a dispute before the 50th deal rules it out too");
  assert.deepEqual(earned({ completedDeals: 120, disputedDeals: 0, sales: 60, purchases: 60 }), [
    "firstSale",
    "firstPurchase",
    "tenDeals",
    "cleanRecord",
  ]);
});

test("top rated: at least 5 reviews averaging at least 4.50", () => {
  assert.equal(badge({ ratingCount: 5, averageRating: "4.50" }, "topRated").earned, true);
  assert.equal(badge({ ratingCount: 5, averageRating: "4.49" }, "topRated").earned, false);
  assert.equal(badge({ ratingCount: 4, averageRating: "5.00" }, "topRated").earned, false);
  assert.equal(badge({ ratingCount: 12, averageRating: "5.00" }, "topRated").earned, true);
  const close = badge({ ratingCount: 4, averageRating: "4.75" }, "topRated");
  assert.deepEqual(
    close.requirements.map((r) => [r.measure, r.current, r.target, r.met]),
    [
      ["reviews", 4, 5, false],
      ["rating", 475, 450, true],
    ],
  );
});

test("high volume: 10,000 USDC bought and sold, counted exactly in base units", () => {
  assert.equal(BADGE_THRESHOLDS.highVolume, 10_000_000_000n);
  assert.equal(badge({ volume: "9999999999" }, "highVolume").earned, false, "one unit short");
  assert.equal(badge({ volume: "10000000000" }, "highVolume").earned, true);
  assert.equal(badge({ volume: "123456789000000000000" }, "highVolume").earned, true, "beyond 2^53");
  const half = badge({ volume: "5000000000" }, "highVolume");
  assert.equal(progressOf(half.requirements[0] as never), 0.5);
});
