/**
 * What an auction card (and a dashboard row) says about price and time, from the listing and the
 * chain's "now" — pure, so the texts are unit-tested without rendering. A Dutch listing that is
 * running shows its price now ("Now"); a running auction shows the time left ("Ends in 14 min"),
 * urgent under an hour; an ended one is dated only when that date is not in the future (a Dutch
 * sale or a cancellation ends a listing before its planned end).
 */
import { dutchPriceAt, paramUnits } from "./auction-math.ts";
import type { MessageKey, Translator } from "./i18n/index.ts";
import type { Auction } from "./server/indexer.ts";

/** Under this many seconds left, a running auction is urgent. */
export const URGENT_SECONDS = 3600;

export type CardAuction = Pick<
  Auction,
  | "format"
  | "status"
  | "startTime"
  | "endTime"
  | "bidCount"
  | "currentPrice"
  | "startPrice"
  | "reservePrice"
  | "finalPrice"
  | "params"
>;

export interface CardTexts {
  priceLabel: string;
  /** USDC base units. */
  price: string;
  /** "Ends in 14 min", "Ended Nov 23, 2025, 12:13 PM UTC", "Ended", … */
  ends: string;
  /** Running with less than an hour left. */
  urgent: boolean;
}

/** When bidding (or, for sealed bids, the current phase) ends; null: a rolling round with no clock yet. */
function deadline(a: CardAuction, now: number): number | null {
  if (a.endTime === null) return null;
  if (a.format === "sealed") {
    const commitEnd = Number(a.params.commitEnd ?? 0);
    if (commitEnd > 0 && now < commitEnd) return commitEnd;
  }
  return a.endTime;
}

export function cardTexts(a: CardAuction, now: number, i18n: Translator): CardTexts {
  const running = a.status === "active";
  const dutchLive = a.format === "dutch" && running && a.finalPrice === null && now >= a.startTime;
  let price = (a.finalPrice ?? a.currentPrice).raw;
  let label: MessageKey = a.bidCount > 0 ? "auction.currentPrice" : "auction.startPrice";
  if (a.finalPrice !== null) label = "auction.finalPrice";
  else if (dutchLive) {
    label = "auction.priceNow";
    price = dutchPriceAt(now, {
      startPrice: BigInt(a.startPrice.raw),
      floorPrice: paramUnits(a.params.floorPrice ?? a.reservePrice),
      startTime: a.startTime,
      floorTime: Number(a.params.floorTime ?? a.startTime),
    }).toString();
  }

  const end = deadline(a, now);
  let ends: string;
  let urgent = false;
  if (end === null) ends = i18n.t("auction.clockAtFirstBid");
  else if (running && now < end) {
    ends = i18n.t("auction.endsInTime", { time: i18n.timeLeft(end - now) });
    urgent = end - now < URGENT_SECONDS;
  } else if (end <= now) ends = i18n.t("auction.endedAt", { date: i18n.dateTime(new Date(end * 1000)) });
  else ends = i18n.t("auction.ended"); // ended before its planned end: no date in the future
  return { priceLabel: i18n.t(label), price, ends, urgent };
}
