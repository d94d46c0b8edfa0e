// Outbox rows → the text of one Telegram message, in the chat's language. Rows of one group (an
// auction) that are due together become one message: a header, one paragraph per event, links.
import type { I18n } from "@grammyjs/i18n";
import type { BotContext } from "../bot/context.ts";
import { auctionName, formatBps, formatDuration, formatTime, formatUsdc, shortAddress } from "./format.ts";
import type { Arg, NotePayload } from "./ingest.ts";

export function formatArg(value: Arg, locale: string, nowSeconds: number): string | number {
  if (typeof value === "string" || typeof value === "number") return value;
  if ("usdc" in value) return formatUsdc(value.usdc, locale);
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

export function renderNotification(
  i18n: I18n<BotContext>,
  locale: string,
  webUrl: string,
  unordered: (NotePayload & { title?: string })[],
  nowSeconds = Date.now() / 1000,
): string {
  const notes = [...unordered].sort((a, b) => Number(!OUTCOME.test(a.key)) - Number(!OUTCOME.test(b.key)));
  const first = notes[0];
  if (!first) throw new Error("nothing to render");
  const header = first.auctionId
    ? i18n.t(locale, "note-header-auction", { name: auctionName(first.auctionId, first.title) })
    : first.dealId
      ? i18n.t(locale, "note-header-deal", { id: first.dealId })
      : i18n.t(locale, "note-header-account");
  const paragraphs = notes.map((note) =>
    i18n.t(
      locale,
      note.key,
      Object.fromEntries(
        Object.entries(note.args).map(([name, value]) => [name, formatArg(value, locale, nowSeconds)]),
      ),
    ),
  );
  // The auction's page first, then the deal's (a deal's id is its auction's id since the global
  // ids), then the dashboard.
  const links = new Set<string>();
  for (const note of notes)
    if (!note.dealId && note.auctionId) links.add(`${webUrl}/auction/${note.auctionId}`);
  for (const note of notes) if (note.dealId) links.add(`${webUrl}/deal/${note.dealId}`);
  // Where balances are withdrawn, when a note tells of one.
  if (notes.some((note) => note.dashboard)) links.add(`${webUrl}/dashboard`);
  if (links.size === 0) links.add(webUrl);
  return [header, ...paragraphs, [...links].join("\n")].join("\n\n");
}
