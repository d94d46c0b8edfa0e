// What an auction card says: the Dutch price "Now", "Ends in 14 min" (urgent under an hour), an
// ended listing never dated in the future — as texts, and rendered (the exact amount as the
// price's title, the urgent class) in English and Russian.
// @vitest-environment happy-dom
import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, test } from "vitest";
import { page } from "../../test/unit/app-state.svelte.ts";
import { type CardAuction, cardTexts } from "./card.ts";
import AuctionCard from "./components/AuctionCard.svelte";
import { translator } from "./i18n/index.ts";
import type { Auction } from "./server/indexer.ts";

const en = translator("en");
const ru = translator("ru");
/** An indexer Amount (`{ raw, decimal }`) for base units. */
const usdc = (raw: string) => ({ raw, decimal: (Number(raw) / 1e6).toString() });
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
const NOW = 1_764_000_000; // 2025-11-24T16:00:00Z

const english: CardAuction = {
  format: "english",
  status: "active",
  startTime: NOW - 86_400,
  endTime: NOW + 14 * 60 + 30,
  bidCount: 2,
  currentPrice: usdc("12340000"),
  startPrice: usdc("10000000"),
  reservePrice: usdc("10000000"),
  finalPrice: null,
  params: {},
};
// Falls from 100 to 20 USDC over 8000 s, starting an hour ago: 64 USDC now (100 − 80 × 3600/8000).
const dutch: CardAuction = {
  ...english,
  format: "dutch",
  bidCount: 0,
  startTime: NOW - 3600,
  endTime: NOW + 86_400,
  startPrice: usdc("100000000"),
  currentPrice: usdc("100000000"),
  reservePrice: usdc("20000000"),
  params: { floorPrice: "20000000", floorTime: NOW - 3600 + 8000 },
};

describe("card texts", () => {
  test("a running auction: time left to the minute, urgent under an hour", () => {
    const texts = cardTexts(english, NOW, en);
    expect(plain(texts.ends)).toBe("Ends in 14 min");
    expect(texts.urgent).toBe(true);
    expect(texts.priceLabel).toBe("Current price");
    expect(texts.price).toBe("12340000");
    expect(plain(cardTexts(english, NOW, ru).ends)).toBe("Завершится через 14 мин");
  });

  test("an hour or more left is not urgent; under a minute still is", () => {
    const later = { ...english, endTime: NOW + 3600 };
    expect(plain(cardTexts(later, NOW, en).ends)).toBe("Ends in 1 h 0 min");
    expect(cardTexts(later, NOW, en).urgent).toBe(false);
    const last = cardTexts({ ...english, endTime: NOW + 20 }, NOW, en);
    expect(last.ends).toBe("Ends in under a minute");
    expect(last.urgent).toBe(true);
  });

  test("a running Dutch listing says Now (Сейчас) with the price now, not Starting at", () => {
    const texts = cardTexts(dutch, NOW, en);
    expect(texts.priceLabel).toBe("Now");
    expect(texts.price).toBe("64000000");
    expect(cardTexts(dutch, NOW, ru).priceLabel).toBe("Сейчас");
    // Not started yet: the starting price.
    const soon = cardTexts({ ...dutch, startTime: NOW + 600 }, NOW, en);
    expect(soon.priceLabel).toBe("Starting at");
    expect(soon.price).toBe("100000000");
    // Sold: what it sold for.
    const sold = cardTexts({ ...dutch, status: "settled", finalPrice: usdc("61000000") }, NOW, en);
    expect(sold.priceLabel).toBe("Sold for");
    expect(sold.price).toBe("61000000");
  });

  test("nothing ended is dated in the future", () => {
    // Bought before its planned end: "Ended", no date.
    const bought = cardTexts({ ...dutch, status: "settled", finalPrice: usdc("61000000") }, NOW, en);
    expect(bought.ends).toBe("Ended");
    expect(bought.urgent).toBe(false);
    const cancelled = cardTexts({ ...english, status: "cancelled" }, NOW, ru);
    expect(cancelled.ends).toBe("Завершён");
    // Ended at its planned end: dated.
    const over = cardTexts({ ...english, status: "settled", endTime: NOW - 60 }, NOW, en);
    expect(plain(over.ends)).toBe("Ended Nov 24, 2025, 3:59 PM UTC");
    // Past its end, not settled yet: ended, dated, not counting down.
    const waiting = cardTexts({ ...english, endTime: NOW - 60 }, NOW, en);
    expect(plain(waiting.ends)).toBe("Ended Nov 24, 2025, 3:59 PM UTC");
  });

  test("a rolling round without a bid; a sealed auction counts down to the close of bids", () => {
    expect(cardTexts({ ...english, format: "rolling", endTime: null }, NOW, en).ends).toBe(
      "The clock starts at the first bid",
    );
    const sealed = {
      ...english,
      format: "sealed" as const,
      endTime: NOW + 7200,
      params: { commitEnd: NOW + 1800 },
    };
    expect(plain(cardTexts(sealed, NOW, en).ends)).toBe("Ends in 30 min");
    expect(plain(cardTexts(sealed, NOW + 1800, en).ends)).toBe("Ends in 1 h 30 min"); // the reveal
  });

  test("dates in the viewer's time zone", () => {
    const over = cardTexts(
      { ...english, status: "settled", endTime: NOW - 60 },
      NOW,
      translator("en", "Asia/Tokyo"),
    );
    expect(plain(over.ends)).toBe("Ended Nov 25, 2025, 12:59 AM GMT+9");
  });
});

describe("AuctionCard", () => {
  afterEach(() => {
    page.data = { locale: "en" };
  });
  const listing = (a: CardAuction): Auction & { cover: null } =>
    ({
      id: "7",
      house: `0x${"1".repeat(40)}`,
      seller: `0x${"2".repeat(40)}`,
      title: "Leica M6",
      metadataURI: "",
      metadataHash: `0x${"0".repeat(64)}`,
      leader: null,
      leaderMax: null,
      extensions: 0,
      feeBps: 250,
      shipWindow: 0,
      confirmWindow: 0,
      disputeWindow: 0,
      winner: null,
      dealId: null,
      createdAt: NOW - 86_400,
      transactionHash: `0x${"0".repeat(64)}`,
      cover: null,
      ...a,
    }) as Auction & { cover: null };

  test("price with its exact amount on hover; urgent time left is marked", () => {
    const { container } = render(AuctionCard, {
      auction: listing({ ...english, currentPrice: usdc("12345678") }),
      now: NOW,
    });
    const price = container.querySelector(".price .usdc");
    expect(plain(price?.textContent ?? "")).toBe("12.35 USDC");
    expect(plain(price?.getAttribute("title") ?? "")).toBe("12.345678 USDC");
    const ends = screen.getByTestId("card-ends");
    expect(plain(ends.textContent ?? "")).toBe("Ends in 14 min");
    expect(ends.classList.contains("urgent")).toBe(true);
  });

  test("in Russian: a Dutch card says Сейчас", () => {
    page.data = { locale: "ru" };
    const { container } = render(AuctionCard, { auction: listing(dutch), now: NOW });
    expect(container.querySelector("dt")?.textContent).toBe("Сейчас");
    expect(plain(container.querySelector(".price")?.textContent ?? "")).toBe("64,00 USDC");
    const ends = screen.getByTestId("card-ends");
    expect(plain(ends.textContent ?? "")).toBe("Завершится через 1 д 0 ч");
    expect(ends.classList.contains("urgent")).toBe(false);
  });
});
