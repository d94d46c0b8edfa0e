// Listing every format through the sell form, in Debian chromium against the real local stack
// (Hardhat with Gavel deployed by Ignition, the real indexer, embedded Postgres, the built web
// server; the seller's wallet signs with a Hardhat key in Node). One stack run: the form asks
// each format for its own fields and names a bad one before anything is sent; then a Dutch, a
// sealed-bid and a rolling listing each go on chain in one transaction to their own house, and
// their pages and the indexer show exactly the parameters typed in.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { rpc } from "../../scripts/lib/chain.ts";
import { launchChromium } from "./browser/chromium.ts";
import { type Opened, openSignedIn, postFromPage } from "./browser/session.ts";
import { startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const screenshots = `${webDir}/test-results/screenshots`;
const USDC = 1_000_000n;

let stack: WebStack;
let browser: Browser;
let seller: Opened;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startWebStack();
  try {
    browser = await launchChromium();
    seller = await openSignedIn(browser, stack, hardhatKeys[3], "/sell");
  } catch (error) {
    await browser?.close().catch(() => {});
    await stack.stop();
    throw error;
  }
});

after(async () => {
  await seller?.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

interface Amount {
  raw: string;
}
interface IndexedAuction {
  format: string;
  house: string;
  title: string;
  seller: string;
  status: string;
  startTime: number;
  endTime: number | null;
  createdAt: number;
  reservePrice: Amount;
  startPrice: Amount;
  shipWindow: number;
  confirmWindow: number;
  disputeWindow: number;
  params: Record<string, string | number>;
}

async function indexed(id: string): Promise<IndexedAuction> {
  const response = await fetch(`${stack.indexerUrl}/api/auctions/${id}`);
  assert.equal(response.status, 200, `indexer answers auction ${id}`);
  return ((await response.json()) as { auction: IndexedAuction }).auction;
}

const sends = () => seller.wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;

/** Submits the form and waits for the listing's page; asserts one transaction; answers the id. */
async function submitListing(page: Page): Promise<string> {
  const before = sends();
  await page.getByRole("button", { name: "Review and sign" }).click();
  const refused = page.locator('[data-phase="failed"], [data-phase="rejected"], .error.block');
  const outcome = await Promise.race([
    page.waitForURL(/\/auction\/\d+$/, { timeout: 60_000 }).then(() => null),
    refused.waitFor({ timeout: 60_000 }).then(() => refused.textContent()),
  ]);
  if (outcome !== null) assert.fail(`the listing was refused: ${outcome}`);
  assert.equal(sends() - before, 1, "one transaction");
  return /\/auction\/(\d+)$/.exec(page.url())?.[1] ?? "";
}

async function fill(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);
}

describe("the sell form for every format", () => {
  test("each format asks for its own fields and names a bad one before anything is sent", async () => {
    const { page } = seller;
    await page.getByRole("heading", { name: "List an item" }).waitFor();
    const metadataRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/sell/metadata")) metadataRequests.push(r.url());
    });
    // Every format is offered with its plain-language help.
    for (const name of ["English auction", "Dutch auction", "Sealed bid", "Rolling auction"]) {
      assert.equal(await page.getByRole("radio", { name: new RegExp(`^${name} — `) }).count(), 1, name);
    }

    await page.getByRole("radio", { name: /^Dutch auction — / }).check();
    assert.equal(
      await page.getByLabel("Late-bid extension (minutes)").count(),
      0,
      "no extensions in a Dutch auction",
    );
    await page.getByText("The deal opens the moment someone buys").waitFor();
    await fill(page, {
      Title: "Walnut writing desk",
      "Starting price (USDC)": "50",
      "Lowest price (USDC)": "60",
    });
    await page.getByRole("button", { name: "Review and sign" }).click();
    await page
      .getByText("The lowest price must be at least 1 USDC and no higher than the starting price.")
      .waitFor();
    assert.equal(await page.getByLabel("Lowest price (USDC)").getAttribute("aria-invalid"), "true");
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "floorPrice",
      "the first bad field has the focus",
    );

    await page.getByRole("radio", { name: /^Sealed bid — / }).check();
    await fill(page, {
      "Reserve price (USDC)": "0.5",
      "Bidding phase (minutes)": "4",
      "Reveal phase (hours)": "169",
    });
    await page.getByText("The reserve must be at least 1 USDC.").waitFor();
    await page
      .getByText("The bidding phase must be between 5 minutes and 30 days (43200 minutes).")
      .waitFor();
    await page
      .getByText("The reveal phase must be a whole number of hours from 1 to 168 (7 days).")
      .waitFor();

    await page.getByRole("radio", { name: /^Rolling auction — / }).check();
    await fill(page, { "Starting price (USDC)": "5", "Units for sale": "1001" });
    await page.getByText("Units must be a whole number from 1 to 1000.").waitFor();
    assert.deepEqual(metadataRequests, [], "nothing sent while the form is invalid");

    // The server checks the same schema: 400 naming the field.
    const deal = { title: "Lamp", shipHours: 24, confirmDays: 3, disputeHours: 24 };
    const dutch = { ...deal, format: "dutch", startPrice: "20", floorPrice: "5", durationMinutes: 60 };
    const sealed = {
      ...deal,
      format: "sealed",
      reservePrice: "5",
      pricing: "first",
      commitMinutes: 60,
      revealHours: 2,
      penaltyPercent: 40,
    };
    const rolling = {
      ...deal,
      format: "rolling",
      startPrice: "5",
      minIncrementPercent: 5,
      extensionMinutes: 0,
      maxExtensions: 0,
      roundMinutes: 60,
    };
    const answers = await postFromPage(page, "/sell/metadata", [
      { ...dutch, decayMinutes: 61 },
      { ...dutch, floorPrice: "20.000001" },
      { ...sealed, penaltyPercent: 9 },
      { ...sealed, penaltyPercent: 101 },
      { ...sealed, confirmDays: 2 },
      { ...sealed, pricing: "lowest" },
      { ...sealed, reservePrice: "five" },
      { ...rolling, units: 0 },
      { ...deal, format: "candle" },
    ]);
    assert.deepEqual(
      answers.map((a) => [a.status, a.field]),
      [
        [400, "decayMinutes"],
        [400, "floorPrice"],
        [400, "penaltyPercent"],
        [400, "penaltyPercent"],
        [400, "confirmDays"],
        [400, "pricing"],
        [400, "reservePrice"],
        [400, "units"],
        [400, "format"],
      ],
    );
    assert.deepEqual(
      seller.errors.filter((e) => !e.includes("status of 4")),
      [],
    );
  });

  test("a Dutch auction of the longest duration: one transaction to the Dutch house; the page and the indexer show its fall", async () => {
    const { page } = seller;
    await page.goto(`${stack.url}/sell`);
    await page.getByRole("radio", { name: /^Dutch auction — / }).check();
    await fill(page, {
      Title: "Walnut writing desk",
      Description: "Solid walnut, three drawers.",
      "Starting price (USDC)": "120",
      "Lowest price (USDC)": "45.5",
      "Duration (minutes)": "43200",
      "Price falls over (minutes)": "30",
      "Ship within (hours)": "48",
      "Confirmation time (days)": "5",
      "Dispute window (hours)": "96",
    });
    const preview = page.getByRole("complementary", { name: "Preview" });
    await preview.getByText("Dutch auction").waitFor();
    await preview.getByText("120.00\u00a0USDC falling to 45.50\u00a0USDC").waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}/sell-dutch-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 800 });

    // An idle chain: the next block comes 150 s after the latest one. The longest duration counted
    // from the next block would be too long for a call simulated on the latest one.
    const latest = await rpc<{ timestamp: string }>(stack.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    await rpc(stack.rpcUrl, "evm_setNextBlockTimestamp", [Number(latest.timestamp) + 150]);
    const id = await submitListing(page);
    await page.getByRole("heading", { name: "Walnut writing desk" }).waitFor();
    await page.getByText("Dutch auction", { exact: true }).first().waitFor();
    await page.getByText("45.50\u00a0USDC", { exact: true }).first().waitFor(); // the floor

    const a = await indexed(id);
    assert.equal(a.format, "dutch");
    assert.equal(a.house.toLowerCase(), stack.addresses.DutchAuctionHouse?.toLowerCase());
    assert.equal(a.seller.toLowerCase(), seller.wallet.account.address.toLowerCase());
    assert.equal(BigInt(a.startPrice.raw), 120n * USDC);
    assert.equal(BigInt(a.reservePrice.raw), 45_500_000n, "the floor is the listing's reserve");
    assert.equal(Number(a.params.floorTime) - a.startTime, 30 * 60, "falls over 30 minutes");
    const duration = (a.endTime ?? 0) - a.startTime;
    const max = 30 * 86_400;
    assert.ok(duration > max - 160 && duration <= max, `runs the longest the contract allows: ${duration}`);
    assert.deepEqual([a.shipWindow, a.confirmWindow, a.disputeWindow], [48 * 3600, 5 * 86_400, 96 * 3600]);
  });

  test("a sealed-bid auction at the shortest bidding phase: first price, phases and the lowest penalty (10 %) as typed, even when the next block is minutes after the latest", async () => {
    const { page } = seller;
    await page.goto(`${stack.url}/sell`);
    await page.getByRole("radio", { name: /^Sealed bid — / }).check();
    await fill(page, {
      Title: "Signed first edition",
      "Reserve price (USDC)": "25",
      "Penalty for not revealing (%)": "10",
      "Bidding phase (minutes)": "5",
      "Reveal phase (hours)": "2",
    });
    // An idle chain: the next block comes 150 s after the latest one. Counted from the latest
    // block, a 5-minute phase would be too short when mined (SealedInvalidCommitDuration).
    const latest = await rpc<{ timestamp: string }>(stack.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    await rpc(stack.rpcUrl, "evm_setNextBlockTimestamp", [Number(latest.timestamp) + 150]);
    await page.getByRole("radio", { name: "their own bid (first price)" }).check();
    const preview = page.getByRole("complementary", { name: "Preview" });
    await preview.getByText("Reserve 25.00\u00a0USDC").waitFor();
    await preview.getByText("Sealed bids for 5 minutes").waitFor();
    await page.setViewportSize({ width: 1200, height: 1400 });
    await page.screenshot({ path: `${screenshots}/sell-sealed.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}/sell-sealed-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 800 });

    const id = await submitListing(page);
    await page.getByRole("heading", { name: "Signed first edition" }).waitFor();
    await page.getByText("Sealed bid", { exact: true }).first().waitFor();
    assert.equal(await page.getByTestId("price").textContent(), "25.00\u00a0USDC");

    const a = await indexed(id);
    assert.equal(a.format, "sealed");
    assert.equal(a.house.toLowerCase(), stack.addresses.SealedBidAuctionHouse?.toLowerCase());
    assert.equal(BigInt(a.reservePrice.raw), 25n * USDC);
    assert.equal(a.params.pricing, "first");
    assert.equal(Number(a.params.unrevealedPenaltyBps), 1000, "the contracts' lowest penalty, 10 %");
    assert.equal(Number(a.params.revealEnd) - Number(a.params.commitEnd), 2 * 3600);
    const commit = Number(a.params.commitEnd) - a.createdAt;
    assert.ok(commit >= 5 * 60 && commit <= 6 * 60, `bids for 5 minutes (+ up to a minute): ${commit}`);
  });

  test("an English auction scheduled the longest the contract allows ahead (90 days), at the shortest duration", async () => {
    const { page } = seller;
    await page.goto(`${stack.url}/sell`);
    await fill(page, {
      Title: "Vintage chess set",
      "Starting price (USDC)": "30",
      "Duration (minutes)": "5",
      "Starts in (hours)": "2160",
    });
    await page.getByRole("complementary", { name: "Preview" }).getByText("Starts in 2,160 hours").waitFor();
    const id = await submitListing(page);
    await page.getByRole("heading", { name: "Vintage chess set" }).waitFor();
    const a = await indexed(id);
    assert.equal(a.format, "english");
    const ahead = a.startTime - a.createdAt;
    assert.ok(ahead > 2160 * 3600 - 60 && ahead <= 2160 * 3600, `starts 90 days after it is mined: ${ahead}`);
    assert.equal((a.endTime ?? 0) - a.startTime, 5 * 60, "runs exactly 5 minutes from its start");
  });

  test("a rolling listing: units and round length; round 1 opens at once", async () => {
    const { page } = seller;
    await page.goto(`${stack.url}/sell`);
    await page.getByRole("radio", { name: /^Rolling auction — / }).check();
    await fill(page, {
      Title: "Single-origin coffee, 250 g",
      "Starting price (USDC)": "12",
      "Reserve price (USDC)": "15",
      "Units for sale": "8",
      "Round length (minutes)": "20",
      "Late-bid extension (minutes)": "2",
      "Most extensions": "4",
    });
    await page
      .getByRole("complementary", { name: "Preview" })
      .getByText("8 units, one round at a time")
      .waitFor();

    const id = await submitListing(page);
    await page.getByRole("heading", { name: "Single-origin coffee, 250 g" }).waitFor();
    await page.getByTestId("round").waitFor();

    const a = await indexed(id);
    assert.equal(a.format, "rolling");
    assert.equal(a.status, "active");
    assert.equal(BigInt(a.startPrice.raw), 12n * USDC);
    assert.equal(BigInt(a.reservePrice.raw), 15n * USDC);
    assert.deepEqual(
      [
        a.params.units,
        a.params.roundDuration,
        a.params.extensionWindow,
        a.params.maxExtensions,
        a.params.minIncrementBps,
      ].map(Number),
      [8, 20 * 60, 120, 4, 500],
    );
    assert.deepEqual(
      seller.errors.filter((e) => !e.includes("status of 4")),
      [],
    );
  });

  test("pictures: a drop zone, reordering and removal, at most 8; duration presets; the listing's gallery opens full size", async () => {
    const { page } = seller;
    /** A real 2×2 PNG; bytes after its end make each one a different file (browsers ignore them). */
    const picture = (name: string) => ({
      name: `${name}.png`,
      mimeType: "image/png",
      buffer: Buffer.concat([
        Buffer.from(
          "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==",
          "base64",
        ),
        Buffer.from(name),
      ]),
    });
    const media = (name: string) =>
      `/media/${createHash("sha256").update(picture(name).buffer).digest("hex")}`;
    const order = () =>
      page
        .getByTestId("picture-order")
        .locator("li")
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-name")));

    await page.goto(`${stack.url}/sell`);
    await fill(page, { Title: "Darkroom enlarger", "Starting price (USDC)": "40" });
    await page
      .getByLabel("Pictures", { exact: true })
      .setInputFiles([picture("a"), picture("b"), picture("c")]);
    assert.deepEqual(await order(), ["a.png", "b.png", "c.png"]);
    await page.getByRole("button", { name: "Move picture 3 earlier" }).click();
    await page.getByRole("button", { name: "Move picture 2 earlier" }).click();
    assert.deepEqual(await order(), ["c.png", "a.png", "b.png"], "the third picture is now the cover");
    await page.getByRole("button", { name: "Remove picture 3" }).click();
    assert.deepEqual(await order(), ["c.png", "a.png"]);
    // Seven more would make nine: refused, nothing added.
    await page.getByLabel("Pictures", { exact: true }).setInputFiles("defghij".split("").map(picture));
    await page.getByText("Choose at most 8 pictures.").waitFor();
    assert.deepEqual(await order(), ["c.png", "a.png"]);
    // Dropped on the zone, as a file dragged from the desktop.
    const dropped = picture("d");
    await page.getByTestId("picture-drop").evaluate(
      (zone, bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], "d.png", { type: "image/png" }));
        zone.dispatchEvent(
          new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      },
      [...dropped.buffer],
    );
    assert.deepEqual(await order(), ["c.png", "a.png", "d.png"]);

    // Durations in days and hours with one tap; the exact value stays in the field's own unit.
    const durations = page.getByTestId("durationMinutes-presets");
    await durations.getByRole("button", { name: "7 days" }).click();
    assert.equal(await page.getByLabel("Duration (minutes)", { exact: true }).inputValue(), "10080");
    assert.equal(
      await durations.getByRole("button", { name: "7 days" }).getAttribute("aria-pressed"),
      "true",
    );
    const ship = page.getByTestId("shipHours-presets");
    await ship.getByRole("button", { name: "3 days" }).click();
    assert.equal(await page.getByLabel("Ship within (hours)", { exact: true }).inputValue(), "72");

    const id = await submitListing(page);
    await page.getByRole("heading", { name: "Darkroom enlarger" }).waitFor();
    const a = await indexed(id);
    const runs = (a.endTime ?? 0) - a.startTime;
    assert.ok(
      runs >= 7 * 86_400 && runs <= 7 * 86_400 + 60,
      `runs the preset's 7 days (+ mining slack): ${runs}`,
    );

    // The gallery: the cover large, every picture as a thumbnail in the seller's order.
    const gallery = page.getByRole("region", { name: "Pictures" });
    const main = gallery.getByRole("img", { name: "Darkroom enlarger" });
    assert.equal(await main.getAttribute("src"), media("c"));
    const thumbs = gallery.getByRole("button", { name: /^Picture \d of 3$/ });
    assert.deepEqual(
      await thumbs.evaluateAll((buttons) => buttons.map((b) => b.querySelector("img")?.getAttribute("src"))),
      [media("c"), media("a"), media("d")],
    );
    await gallery.getByRole("button", { name: "Picture 2 of 3" }).click();
    assert.equal(await main.getAttribute("src"), media("a"));
    // Full size in a dialog; the arrow keys move on, Escape closes.
    await gallery.getByRole("button", { name: "Enlarge the picture" }).click();
    const viewer = page.getByRole("dialog", { name: "Darkroom enlarger" });
    await viewer.waitFor();
    await page.keyboard.press("ArrowRight");
    assert.equal(await viewer.getByRole("img").getAttribute("src"), media("d"));
    await page.keyboard.press("Escape");
    await viewer.waitFor({ state: "hidden" });
  });
});
