import type { Translator } from "#lib/i18n/index.ts";

/** What the indexer's `/api/reputations` gives per seller (the fields a badge shows). */
export interface BadgeReputation {
  ratingCount: number;
  weightedRating: string | null;
  completedDeals: number;
  disputesLost: number;
  memberSince: number | null;
}

export type BadgeFacts =
  | { kind: "new" }
  | { kind: "known"; rating: string | null; deals: string; disputesLost: string; since: string | null };

/**
 * The seller badge's line — "★ 4.62 · 12 deals · 0 disputes lost · since Nov 2026" — or "New
 * seller" for an address without a review or a completed deal. The rating is the indexer's
 * volume-weighted one, so a cheap self-dealt review barely moves it.
 */
export function badgeFacts(
  rep: BadgeReputation,
  i18n: Pick<Translator, "t" | "locale" | "timeZone">,
): BadgeFacts {
  if (rep.ratingCount === 0 && rep.completedDeals === 0) return { kind: "new" };
  const since =
    rep.memberSince === null
      ? null
      : new Intl.DateTimeFormat(i18n.locale, {
          month: "short",
          year: "numeric",
          timeZone: i18n.timeZone,
        }).format(new Date(rep.memberSince * 1000));
  const rating =
    rep.weightedRating === null
      ? null
      : new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
          Number(rep.weightedRating),
        );
  return {
    kind: "known",
    rating,
    deals: i18n.t("seller.deals", { count: rep.completedDeals }),
    disputesLost: i18n.t("seller.disputesLost", { count: rep.disputesLost }),
    since: since === null ? null : i18n.t("seller.since", { date: since }),
  };
}
