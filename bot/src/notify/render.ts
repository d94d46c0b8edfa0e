// Outbox rows → one Telegram message (HTML parse mode) in the chat's language, and its buttons.
// Rows of one group (an auction) that are due together become one message: why it was sent (a
// reminder's reason) first, the header in bold, one paragraph per event, the links. Every
// argument is escaped: titles come from sellers.
import type { I18n } from "@grammyjs/i18n";
import type { InlineKeyboardButton } from "grammy/types";
import { escapeHtml, isPrivateChat, openButton, type WebTarget } from "../bot/buttons.ts";
import type { BotContext } from "../bot/context.ts";
import {
  auctionName,
  formatBps,
  formatDuration,
  formatTime,
  formatUsdc,
  formatUsdcExact,
  shortAddress,
} from "./format.ts";
import type { Arg, NotePayload } from "./ingest.ts";

export function formatArg(value: Arg, locale: string, nowSeconds: number): string | number {
  if (typeof value === "string" || typeof value === "number") return value;
  if ("usdc" in value) return formatUsdc(locale, value.usdc);
  if ("usdcExact" in value) return formatUsdcExact(locale, value.usdcExact);
  if ("time" in value) return formatTime(value.time, locale);
  if ("address" in value) return shortAddress(value.address);
  if ("bps" in value) return formatBps(value.bps, locale);
  return formatDuration(value.until - nowSeconds, locale);
}

/**
 * An auction's outcome reads first in a folded message, whatever the order of the events: a
 * settlement emits DealOpened before AuctionSettled, but "sold" should come before "ship by".
 */
const OUTCOME = /^note-(won|bought|sold|lost|ended-sold|no-sale)/;

type Payload = NotePayload & { title?: string };

export function renderNotification(
  i18n: I18n<BotContext>,
  locale: string,
  webUrl: string,
  unordered: Payload[],
  nowSeconds = Date.now() / 1000,
): string {
  const notes = [...unordered].sort((a, b) => Number(!OUTCOME.test(a.key)) - Number(!OUTCOME.test(b.key)));
  const first = notes[0];
  if (!first) throw new Error("nothing to render");
  const t = (key: string, args: Record<string, string | number> = {}) =>
    i18n.t(
      locale,
      key,
      Object.fromEntries(
        Object.entries(args).map(([name, value]) => [
          name,
          typeof value === "string" ? escapeHtml(value) : value,
        ]),
      ),
    );
  const header = first.auctionId
    ? t("note-header-auction", { name: auctionName(first.auctionId, first.title) })
    : first.dealId
      ? t("note-header-deal", { id: first.dealId })
      : t("note-header-account");
  const argsOf = (note: Payload) =>
    Object.fromEntries(
      Object.entries(note.args).map(([name, value]) => [name, formatArg(value, locale, nowSeconds)]),
    );
  const reasons = [...new Set(notes.flatMap((note) => (note.reason ? [t(note.reason, argsOf(note))] : [])))];
  const paragraphs = notes.map((note) => t(note.key, argsOf(note)));
  // The auction's page first, then the deal's (a deal's id is its auction's id since the global
  // ids), then the dashboard.
  const links = new Set<string>();
  for (const note of notes)
    if (!note.dealId && note.auctionId) links.add(`${webUrl}/auction/${note.auctionId}`);
  for (const note of notes) if (note.dealId) links.add(`${webUrl}/deal/${note.dealId}`);
  // Where balances are withdrawn, when a note tells of one.
  if (notes.some((note) => note.dashboard)) links.add(`${webUrl}/dashboard`);
  if (links.size === 0) links.add(webUrl);
  const top = [...reasons.map((reason) => `<b>${reason}</b>`), `<b>${header}</b>`].join("\n");
  return [top, ...paragraphs, escapeHtml([...links].join("\n"))].join("\n\n");
}

/**
 * The message's buttons: View (the auction or deal: a web_app inside Telegram in a private chat
 * when WEB_APP_URL is set, else the browser), Bid again (the auction's bid box in the browser,
 * while it takes bids), Stop following (when this chat follows the auction), or the dashboard.
 */
export function notificationButtons(
  i18n: I18n<BotContext>,
  locale: string,
  target: WebTarget,
  notes: Payload[],
  chat: { id: number; follows: boolean },
): InlineKeyboardButton[][] {
  const t = (key: string) => i18n.t(locale, key);
  const privateChat = isPrivateChat(chat.id);
  const first = notes[0];
  if (!first) return [];
  const row: InlineKeyboardButton[] = [];
  const auctionId = notes.find((note) => note.auctionId)?.auctionId;
  const dealId = notes.find((note) => note.dealId)?.dealId;
  if (auctionId && !dealId) {
    row.push(openButton(t("button-view"), `auction/${auctionId}`, target, { privateChat, inTelegram: true }));
    if (notes.some((note) => note.biddable))
      row.push(
        openButton(t("button-bid-again"), `auction/${auctionId}#bid`, target, {
          privateChat,
          inTelegram: false,
        }),
      );
  } else if (dealId) {
    row.push(openButton(t("button-view"), `deal/${dealId}`, target, { privateChat, inTelegram: true }));
  }
  if (notes.some((note) => note.dashboard))
    row.push(openButton(t("button-dashboard"), "dashboard", target, { privateChat, inTelegram: true }));
  const rows = row.length > 0 ? [row] : [];
  if (auctionId && chat.follows)
    rows.push([{ text: t("button-stop-following"), callback_data: `unfollow:${auctionId}` }]);
  return rows;
}
