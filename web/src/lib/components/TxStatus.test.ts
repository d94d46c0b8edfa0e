// @vitest-environment happy-dom
// A component rendered in happy-dom with @testing-library/svelte: the transaction status line
// the bid, buy and sell forms show, in the page's language.
import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, test } from "vitest";
import { page } from "../../../test/unit/app-state.svelte.ts";
import TxStatus from "./TxStatus.svelte";

afterEach(() => {
  page.data = { locale: "en" };
});

describe("TxStatus", () => {
  test("says nothing while idle", () => {
    const { container } = render(TxStatus, { phase: { kind: "idle" } });
    expect(container.textContent?.trim()).toBe("");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("not enough USDC: an alert with both amounts, exact to the unit", () => {
    render(TxStatus, { phase: { kind: "insufficient", balance: 2_500_000n, needed: 10_000_001n } });
    expect(screen.getByRole("alert").textContent?.trim()).toBe(
      "Not enough USDC: this needs 10.000001\u00a0USDC and your wallet holds 2.50\u00a0USDC. Add USDC to your wallet and try again.",
    );
  });

  test("in Russian, with the amounts written the Russian way", () => {
    page.data = { locale: "ru" };
    render(TxStatus, { phase: { kind: "insufficient", balance: 1_234_500_000n, needed: 2_000_000_000n } });
    const text = screen.getByRole("alert").textContent ?? "";
    expect(text).toMatch(/^Недостаточно USDC: нужно 2\s000,00\sUSDC, а в кошельке 1\s234,50\sUSDC\./);
  });

  test("a declined request is a status, not an alert; a pending one shows the short hash", () => {
    const { rerender } = render(TxStatus, { phase: { kind: "rejected" } });
    expect(screen.getByRole("status").textContent?.trim()).toBe(
      "You declined in your wallet. Nothing was sent.",
    );
    const hash = `0x${"ab".repeat(32)}` as const;
    rerender({ phase: { kind: "pending", hash } });
    const status = screen.getByRole("status");
    expect(status.getAttribute("data-phase")).toBe("pending");
    expect(status.querySelector("code")?.getAttribute("title")).toBe(hash);
  });

  test("a known revert is said in words", () => {
    render(TxStatus, {
      phase: { kind: "failed", reason: "tx.error.bidTooLow", params: { name: "EnglishBidTooLow" } },
    });
    expect(screen.getByRole("alert").textContent).toContain("your maximum is now below the minimum bid");
  });
});
