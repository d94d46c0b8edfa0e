/**
 * Profile badges, earned from facts the indexer keeps about an account (`GET /api/accounts/:address`
 * → `reputation`). Pure: the same facts always give the same badges, on the server and in the
 * browser. Thresholds are the constants below; names and "how it is earned" texts are the
 * `badge.<id>.name` / `badge.<id>.how` messages.
 */

/** USDC has 6 decimals. */
const USDC = 1_000_000n;

export const BADGE_THRESHOLDS = {
  /** "Ten deals": deals (as buyer or seller) that ended Completed. */
  tenDeals: 10,
  /** "Clean record": this many completed deals… */
  cleanDeals: 50,
  /** …and at most this many deals ever disputed. */
  cleanDisputes: 0,
  /** "Top rated": at least this many reviews received… */
  topRatedReviews: 5,
  /** …with an average (as shown, 2 decimals) of at least 4.50, in hundredths. */
  topRatedAverage: 450,
  /** "High volume": bought + sold, in USDC base units (10,000 USDC). */
  highVolume: 10_000n * USDC,
} as const;

/** What the badges are computed from: the indexer's reputation figures. */
export interface BadgeFacts {
  sales: number;
  purchases: number;
  completedDeals: number;
  disputedDeals: number;
  ratingCount: number;
  /** "4.67" (2 decimals, as the indexer sends it) or null without reviews. */
  averageRating: string | null;
  /** Bought + sold, USDC base units as a decimal string. */
  volume: string;
  /** Unix seconds: when its first deal as seller / buyer opened (null: none yet). */
  firstSaleAt?: number | null;
  firstPurchaseAt?: number | null;
}

export type BadgeId = "firstSale" | "firstPurchase" | "tenDeals" | "cleanRecord" | "topRated" | "highVolume";

/**
 * One condition of a badge and how far the account is. `atMost`: met while `current ≤ target`
 * (e.g. disputes); otherwise met once `current ≥ target`. Values are numbers, except `volume`
 * (USDC base units as a string) and `rating` (hundredths: 450 = 4.50).
 */
export type Requirement =
  | {
      measure: "sales" | "purchases" | "completedDeals" | "reviews" | "rating";
      current: number;
      target: number;
      atMost?: false;
      met: boolean;
    }
  | { measure: "disputedDeals"; current: number; target: number; atMost: true; met: boolean }
  | { measure: "volume"; current: string; target: string; atMost?: false; met: boolean };

export interface Badge {
  id: BadgeId;
  earned: boolean;
  /** A badge that can no longer be earned (a dispute rules out the clean record). */
  unattainable: boolean;
  /** Unix seconds when it was earned, where the facts say (first sale, first purchase). */
  earnedAt: number | null;
  requirements: Requirement[];
}

/** "4.67" → 467; null or anything else → 0. */
function hundredths(average: string | null): number {
  const match = average === null ? null : /^(\d+)(?:\.(\d{1,2}))?$/.exec(average);
  if (!match) return 0;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

function atLeast<M extends "sales" | "purchases" | "completedDeals" | "reviews" | "rating">(
  measure: M,
  current: number,
  target: number,
): Requirement {
  return { measure, current, target, met: current >= target };
}

/** Every badge, earned or not, in display order. */
export function computeBadges(facts: BadgeFacts): Badge[] {
  const t = BADGE_THRESHOLDS;
  const volume = BigInt(facts.volume);
  const disputes: Requirement = {
    measure: "disputedDeals",
    current: facts.disputedDeals,
    target: t.cleanDisputes,
    atMost: true,
    met: facts.disputedDeals <= t.cleanDisputes,
  };
  const list: [BadgeId, Requirement[]][] = [
    ["firstSale", [atLeast("sales", facts.sales, 1)]],
    ["firstPurchase", [atLeast("purchases", facts.purchases, 1)]],
    ["tenDeals", [atLeast("completedDeals", facts.completedDeals, t.tenDeals)]],
    ["cleanRecord", [atLeast("completedDeals", facts.completedDeals, t.cleanDeals), disputes]],
    [
      "topRated",
      [
        atLeast("reviews", facts.ratingCount, t.topRatedReviews),
        atLeast("rating", hundredths(facts.averageRating), t.topRatedAverage),
      ],
    ],
    [
      "highVolume",
      [
        {
          measure: "volume",
          current: volume.toString(),
          target: t.highVolume.toString(),
          met: volume >= t.highVolume,
        },
      ],
    ],
  ];
  const earnedAt: Partial<Record<BadgeId, number | null | undefined>> = {
    firstSale: facts.firstSaleAt,
    firstPurchase: facts.firstPurchaseAt,
  };
  return list.map(([id, requirements]) => {
    const earned = requirements.every((r) => r.met);
    return {
      id,
      earned,
      unattainable: requirements.some((r) => r.atMost === true && !r.met),
      earnedAt: earned ? (earnedAt[id] ?? null) : null,
      requirements,
    };
  });
}

/** How far along a requirement is, 0…1 (for a progress bar). */
export function progressOf(requirement: Requirement): number {
  if (requirement.met) return 1;
  if (requirement.atMost) return 0;
  if (requirement.measure === "volume") {
    const target = BigInt(requirement.target);
    return target === 0n ? 1 : Number((BigInt(requirement.current) * 1000n) / target) / 1000;
  }
  return requirement.target === 0 ? 1 : Math.min(requirement.current / requirement.target, 1);
}
