// The seller badge on cards: the volume-weighted rating, completed deals, disputes lost and member
// since (en and ru), "New seller" without history, the display name and face from the page's
// people, and the full address one click away.
// @vitest-environment happy-dom
import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, test } from "vitest";
import { page } from "../../test/unit/app-state.svelte.ts";
import SellerBadge from "./components/SellerBadge.svelte";

const seller = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const known = {
  ratingCount: 12,
  weightedRating: "4.62",
  completedDeals: 12,
  disputesLost: 0,
  memberSince: 1_794_000_000, // Nov 6, 2026
};
const plain = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

describe("SellerBadge", () => {
  afterEach(() => {
    page.data = { locale: "en" };
  });

  test("a seller with history: rating, deals, disputes lost, member since; identicon; profile link", () => {
    render(SellerBadge, { address: seller, reputation: known });
    expect(plain(screen.getByTestId("seller-facts").textContent)).toBe(
      "★ 4.62 · 12 deals · 0 disputes lost · since Nov 2026",
    );
    const link = screen.getByRole("link");
    expect(link.getAttribute("href")).toBe(`/u/${seller}`);
    expect(link.getAttribute("title")).toBe(seller);
    expect(screen.getByTestId("identicon")).toBeTruthy();
  });

  test("in Russian, with plural forms", () => {
    page.data = { locale: "ru" };
    render(SellerBadge, { address: seller, reputation: { ...known, completedDeals: 2, disputesLost: 1 } });
    expect(plain(screen.getByTestId("seller-facts").textContent)).toBe(
      "★ 4,62 · 2 сделки · 1 проигранный спор · с нояб. 2026 г.",
    );
  });

  test("no reviews and no completed deal: New seller / Новый продавец", () => {
    const fresh = {
      ratingCount: 0,
      weightedRating: null,
      completedDeals: 0,
      disputesLost: 0,
      memberSince: null,
    };
    render(SellerBadge, { address: seller, reputation: fresh });
    expect(screen.getByTestId("seller-new").textContent).toBe("New seller");
    page.data = { locale: "ru" };
    render(SellerBadge, { address: seller, reputation: fresh });
    expect(screen.getAllByTestId("seller-new")[1]?.textContent).toBe("Новый продавец");
  });

  test("the display name and avatar set on Gavel replace the short address and the identicon", () => {
    page.data = {
      locale: "en",
      people: { [seller]: { name: "Alice's Cameras", avatar: `/media/${"a".repeat(64)}` } },
    };
    render(SellerBadge, { address: seller, reputation: known });
    expect(screen.getByTestId("display-name").textContent).toBe("Alice's Cameras");
    expect(screen.getByTestId("avatar").getAttribute("src")).toBe(`/media/${"a".repeat(64)}`);
    expect(screen.queryByTestId("identicon")).toBeNull();
    expect(screen.getByRole("link").getAttribute("title")).toBe(seller);
  });

  test("without an indexer answer only the name is shown", () => {
    render(SellerBadge, { address: seller, reputation: null });
    expect(screen.queryByTestId("seller-facts")).toBeNull();
    expect(screen.queryByTestId("seller-new")).toBeNull();
    expect(screen.getByRole("link").textContent).toContain("0x7099");
  });
});
