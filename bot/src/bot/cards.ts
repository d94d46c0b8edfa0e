// Auction cards (for /auction, the card's follow button and inline mode) and the /me summary,
// built from the indexer's answers in the reader's language.
import { InlineKeyboard } from "grammy";
import type { Account, Auction, Deal } from "../indexer/client.ts";
import { auctionName, formatDuration, formatTime, formatUsdc, shortAddress } from "../notify/format.ts";
import { buttonUrlAllowed, escapeHtml, openButton, type WebTarget } from "./buttons.ts";

type Translate = (key: string, args?: Record<string, string | number>) => string;

/** `t` for HTML parse mode: every string argument escaped (titles come from sellers). */
export function htmlT(t: Translate): Translate {
  return (key, args) =>
    t(
      key,
      args &&
        Object.fromEntries(
          Object.entries(args).map(([name, value]) => [
            name,
            typeof value === "string" ? escapeHtml(value) : value,
          ]),
        ),
    );
}

/** Who "you" is on a card: the reader's linked wallet, lower-case. */
function who(t: Translate, address: string | null, viewer: string | null | undefined): string {
  if (!address) return "";
  return address === viewer ? t("card-you") : shortAddress(address);
}

/** The card's text (HTML parse mode): name in bold, format, price, leader, time, status, link. */
export function auctionCard(
  plainT: Translate,
  locale: string,
  a: Auction,
  o: { now: number; webUrl: string; viewer?: string | null | undefined },
): string {
  const t = htmlT(plainT);
  const lines = [`<b>${t("card-title", { name: auctionName(a.id, a.title) })}</b>`];
  lines.push(t("card-format", { format: a.format }));
  const sealedOpen = a.format === "sealed" && (a.status === "active" || a.status === "ended");
  if (a.status === "settled" && a.finalPrice) {
    lines.push(t("card-sold", { price: formatUsdc(locale, a.finalPrice.raw) }));
    if (a.winner) lines.push(t("card-winner", { winner: who(t, a.winner, o.viewer) }));
  } else if (sealedOpen) {
    lines.push(t("card-sealed", { count: a.bidCount }));
  } else {
    lines.push(
      t(a.format === "dutch" ? "card-price-dutch" : "card-price", {
        price: formatUsdc(locale, a.currentPrice.raw),
      }),
    );
    if (a.format !== "dutch" && (a.status === "active" || a.status === "ended")) {
      lines.push(
        a.leader
          ? t("card-leader", { leader: who(t, a.leader, o.viewer), count: a.bidCount })
          : t("card-no-bids"),
      );
    }
  }
  if (a.status === "active") {
    lines.push(
      a.startTime > o.now
        ? t("card-starts", {
            left: formatDuration(a.startTime - o.now, locale),
            at: formatTime(a.startTime, locale),
          })
        : a.endTime === null
          ? t("card-clock-idle")
          : t("card-ends", {
              left: formatDuration(a.endTime - o.now, locale),
              at: formatTime(a.endTime, locale),
            }),
    );
  }
  lines.push(t("card-status", { status: a.status }));
  lines.push("", escapeHtml(`${o.webUrl}/auction/${a.id}`));
  return lines.join("\n");
}

/**
 * The card's buttons: open the auction (inside Telegram in a private chat when WEB_APP_URL is
 * set, else the browser) and follow or unfollow.
 */
export function auctionCardKeyboard(
  t: Translate,
  id: string,
  target: WebTarget,
  following: boolean,
  privateChat: boolean,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  keyboard.add(openButton(t("card-open"), `auction/${id}`, target, { privateChat, inTelegram: true }));
  keyboard.text(
    following ? t("card-unfollow") : t("card-follow"),
    `card:${following ? "unfollow" : "follow"}:${id}`,
  );
  return keyboard;
}

/** Buttons of a card shared through inline mode: no chat to follow from, so a deep link to the bot. */
export function sharedCardKeyboard(
  t: Translate,
  id: string,
  webUrl: string,
  botUsername: string,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const url = `${webUrl}/auction/${id}`;
  if (buttonUrlAllowed(url)) keyboard.url(t("card-open"), url);
  keyboard.url(t("card-follow-in-bot"), `https://t.me/${botUsername}?start=follow_${id}`);
  return keyboard;
}

/** What a deal waits for from `wallet`, if anything: ship, reclaim, confirm or release. */
function actionForDeal(deal: Deal, wallet: string, now: number): string | undefined {
  const buyer = deal.buyer === wallet;
  const seller = deal.seller === wallet;
  if (seller && deal.status === "paid" && now <= deal.shipBy) return "ship";
  if (buyer && deal.status === "paid" && now > deal.shipBy) return "reclaim";
  if (buyer && deal.status === "shipped") return "confirm";
  if (seller && deal.status === "shipped" && deal.confirmDeadline !== null && now > deal.confirmDeadline)
    return "release";
  return undefined;
}

export interface MeView {
  account: Account;
  /** The auctions the wallet bid on (from its bids), as the indexer serves them now. */
  bidAuctions: Auction[];
  now: number;
  webUrl: string;
}

/** /me: active bids (leading or outbid), own listings, deals waiting for the user, withdrawable funds. */
export function meSummary(plainT: Translate, locale: string, wallet: string, v: MeView): string {
  const t = htmlT(plainT);
  // "Active": only what still takes bids. Ended auctions waiting to be settled are not live.
  const live = (a: Auction) => a.status === "active" && (a.endTime === null || a.endTime > v.now);
  const timeOf = (a: Auction) =>
    a.endTime === null
      ? t("card-clock-idle")
      : t("me-ends-in", { left: formatDuration(a.endTime - v.now, locale) });
  const sections: string[] = [t("me-header", { wallet: shortAddress(wallet) })];

  const bids = v.bidAuctions.filter(live);
  sections.push(
    [
      t("me-bids-header", { count: bids.length }),
      ...bids.map((a) =>
        t(a.leader === wallet ? "me-bid-leading" : "me-bid-outbid", {
          name: auctionName(a.id, a.title),
          price: formatUsdc(locale, a.currentPrice.raw),
          time: timeOf(a),
        }),
      ),
    ].join("\n"),
  );

  const listings = v.account.history.auctions.filter(live);
  sections.push(
    [
      t("me-listings-header", { count: listings.length }),
      ...listings.map((a) =>
        t("me-listing", {
          name: auctionName(a.id, a.title),
          price: formatUsdc(locale, a.currentPrice.raw),
          bids: a.bidCount,
          time: timeOf(a),
        }),
      ),
    ].join("\n"),
  );

  const deals = v.account.history.deals.flatMap((deal) => {
    const action = actionForDeal(deal, wallet, v.now);
    return action ? [{ deal, action }] : [];
  });
  sections.push(
    [
      t("me-deals-header", { count: deals.length }),
      ...deals.map(({ deal, action }) =>
        t(`me-deal-${action}`, {
          id: deal.id,
          name: auctionName(deal.auctionId, deal.title),
          amount: formatUsdc(locale, deal.amount.raw),
          by: formatTime(deal.shipBy, locale),
        }),
      ),
    ].join("\n"),
  );

  const total = v.account.balances.reduce((sum, b) => sum + BigInt(b.withdrawable.raw), 0n);
  sections.push(
    total > 0n
      ? t("me-withdrawable", { amount: formatUsdc(locale, total), houses: v.account.balances.length })
      : t("me-withdrawable-none"),
  );
  sections.push(escapeHtml(v.webUrl));
  sections[0] = `<b>${sections[0]}</b>`;
  return sections.join("\n\n");
}
