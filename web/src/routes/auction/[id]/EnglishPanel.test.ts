// @vitest-environment happy-dom
// The bid form's status line is honest: a new bid clears the previous message, and a late answer
// about an older bid (its wallet prompt, its transaction) never overwrites what the newer one says.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { OnPhase } from "#lib/wallet/tx.ts";
import EnglishPanel from "./EnglishPanel.svelte";

/** Each placeBid call waits here until the test lets it answer. */
const calls: { maxAmount: bigint; onPhase: OnPhase; finish: (hash: `0x${string}` | null) => void }[] = [];
vi.mock("#lib/wallet/bidding.ts", () => ({
  placeBid: (args: { maxAmount: bigint }, onPhase: OnPhase) =>
    new Promise<`0x${string}` | null>((resolve) => {
      calls.push({ maxAmount: args.maxAmount, onPhase, finish: resolve });
    }),
}));

const hash = (byte: string) => `0x${byte.repeat(32)}` as `0x${string}`;
let indexed: string[] = [];

beforeEach(() => {
  calls.length = 0;
  indexed = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => Response.json({ transactions: indexed, settled: false, committed: [], revealed: [] })),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const auctionWith = (bidCount: number) =>
  ({
    id: "7",
    house: `0x${"22".repeat(20)}`,
    format: "english",
    leaderMax: null,
    bidCount,
  }) as never;
const auction = auctionWith(0);

function renderPanel() {
  return render(EnglishPanel, {
    auction,
    me: `0x${"33".repeat(20)}`,
    isSeller: false,
    iLead: false,
    open: true,
    usdc: `0x${"44".repeat(20)}`,
    minimum: 10_000_000n,
  });
}

async function bid(amount: string) {
  await fireEvent.input(screen.getByLabelText("Your maximum bid"), { target: { value: amount } });
  await fireEvent.click(screen.getByRole("button", { name: "Place bid" }));
}

const phaseShown = () => document.querySelector("[data-phase]")?.getAttribute("data-phase") ?? null;

describe("the bid form's status line", () => {
  test("a new bid clears the last message; a late answer about an older bid is ignored", async () => {
    renderPanel();
    await bid("20");
    await waitFor(() => expect(calls).toHaveLength(1));
    const first = calls[0]!;
    first.onPhase({ kind: "rejected" });
    await waitFor(() => expect(phaseShown()).toBe("rejected"));

    // Another try with a typo: the old "declined" message goes, only the field error is shown.
    await bid("abc");
    await waitFor(() => expect(phaseShown()).toBeNull());
    expect(screen.getByRole("alert").textContent).toBe("Enter an amount in USDC, for example 25 or 25.50.");

    // A real second bid, sent and pending.
    await bid("25");
    await waitFor(() => expect(calls).toHaveLength(2));
    const second = calls[1]!;
    expect(second.maxAmount).toBe(25_000_000n);
    second.onPhase({ kind: "pending", hash: hash("bb") });
    await waitFor(() => expect(phaseShown()).toBe("pending"));

    // The first bid's wallet answers late: it must not replace the second bid's status.
    first.onPhase({ kind: "failed", reason: "tx.error.wallet", detail: "late" });
    first.finish(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(phaseShown()).toBe("pending");
    expect(screen.queryByText(/late/)).toBeNull();

    // The second bid lands and is shown on Gavel.
    indexed = [hash("bb")];
    second.onPhase({ kind: "confirmed", hash: hash("bb") });
    second.finish(hash("bb"));
    await waitFor(() => expect(phaseShown()).toBe("indexed"));
  });

  test("'done' goes once a later bid by someone else changes the auction", async () => {
    const { rerender } = renderPanel();
    await bid("20");
    await waitFor(() => expect(calls).toHaveLength(1));
    indexed = [hash("aa")];
    calls[0]!.finish(hash("aa"));
    await waitFor(() => expect(phaseShown()).toBe("indexed"));
    // The page reloads with this bid in it: still done.
    await rerender({ auction: auctionWith(1) });
    expect(phaseShown()).toBe("indexed");
    // Someone else bids: the old "done" would sit under "You have been outbid".
    await rerender({ auction: auctionWith(2) });
    await waitFor(() => expect(phaseShown()).toBeNull());
  });
});
