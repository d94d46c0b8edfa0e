// The dApp on a phone and from the keyboard, in Debian chromium against the real local stack
// (Hardhat with Gavel deployed, the real indexer, embedded Postgres, the built web server):
// - phone first: at 390×844 an auction's title, price, time left and its large primary button are
//   on the first screen (signed out, the button opens the wallet picker); no main page scrolls
//   sideways at 360 px, in English and Russian; the navigation collapses into "Menu" and the
//   wallet's own pages into the account menu;
// - honest bid history: a bid the leader's proxy maximum answered is shown with the leader's
//   automatic bid above it, and the leader in the price box is the history's newest line; a
//   much-bid auction shows its latest 20 bids and links its whole history, a page of its own;
// - activity in words: sentences, relative times and links, no hashes, block numbers or field names;
// - keyboard: the menus open and close (Escape) and a bid is placed with Tab, typing and Enter only.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  sealedBidAuctionHouseAbi,
  testUSDCAbi,
} from "@gavel/sdk";
import type { Browser, Page } from "playwright-core";
import { type Abi, type Hex, zeroHash } from "viem";
import { assertAccessible } from "./browser/a11y.ts";
import { chainClients } from "./browser/chain.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { type Opened, openSignedIn, short, waitPhase } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const screenshots = `${webDir}/test-results/screenshots`;
const USDC = 1_000_000n;
const HOUR = 3600;
const DAY = 24 * HOUR;
const PHONE = { width: 390, height: 844 };

let stack: WebStack;
let browser: Browser;
let clients: ReturnType<typeof chainClients>;
const opened: PageWithErrors[] = [];
const ids = { english: "", dutch: "", sealed: "" };
const [, sellerKey, annaKey, borisKey] = hardhatKeys;
let anna: Hex;
let boris: Hex;

const addr = (name: string) => stack.addresses[name] as Hex;
const write = (key: Hex, contract: string, abi: unknown, fn: string, args: unknown[]) =>
  clients.write(key, addr(contract), abi as Abi, fn, args);
const listing = (title: string, reserve: bigint) => ({
  title,
  metadataURI: "",
  metadataHash: zeroHash,
  reservePrice: reserve,
  shipWindow: HOUR,
  confirmWindow: 3 * DAY,
  disputeWindow: 24 * HOUR,
});
/** The seller's English auction, open two days from now, starting (and reserved) at `price`: its id. */
async function createEnglish(title: string, price: bigint, minIncrementBps: number): Promise<string> {
  const now = Number((await clients.reader.getBlock()).timestamp);
  await write(sellerKey, "EnglishAuctionHouse", englishAuctionHouseAbi, "createAuction", [
    listing(title, price),
    {
      startTime: 0,
      endTime: now + 2 * DAY,
      startPrice: price,
      minIncrementBps,
      extensionWindow: 0,
      maxExtensions: 0,
    },
  ]);
  return lastId();
}
async function lastId(): Promise<string> {
  const next = await clients.reader.readContract({
    address: addr("GavelConfig"),
    abi: gavelConfigAbi,
    functionName: "nextAuctionId",
  });
  return String(next - 1n);
}

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startWebStack();
  clients = chainClients(stack);
  // Lower case, as the pages write addresses.
  anna = clients.walletFor(annaKey).account.address.toLowerCase() as Hex;
  boris = clients.walletFor(borisKey).account.address.toLowerCase() as Hex;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const now = Number((await clients.reader.getBlock()).timestamp);
  // An English auction: Anna bids up to 50, Boris then bids 20 and is outbid at once by Anna's
  // proxy maximum (her automatic bid: 20 + 5 % = 21).
  ids.english = await createEnglish(
    "Leica M6 with a long name that must wrap on a small phone screen",
    10n * USDC,
    500,
  );
  for (const key of [annaKey, borisKey])
    await write(key, "TestUSDC", testUSDCAbi, "approve", [addr("EnglishAuctionHouse"), 1_000n * USDC]);
  await write(annaKey, "EnglishAuctionHouse", englishAuctionHouseAbi, "bid", [
    BigInt(ids.english),
    50n * USDC,
  ]);
  await write(borisKey, "EnglishAuctionHouse", englishAuctionHouseAbi, "bid", [
    BigInt(ids.english),
    20n * USDC,
  ]);
  await write(sellerKey, "DutchAuctionHouse", dutchAuctionHouseAbi, "createAuction", [
    listing("Falling-price lamp", 10n * USDC),
    { startTime: 0, endTime: now + 2 * HOUR, decayDuration: HOUR, startPrice: 50n * USDC },
  ]);
  ids.dutch = await lastId();
  await write(sellerKey, "SealedBidAuctionHouse", sealedBidAuctionHouseAbi, "createAuction", [
    listing("Sealed-bid watch", 5n * USDC),
    { commitEnd: now + DAY, revealEnd: now + 2 * DAY, unrevealedPenaltyBps: 1000, pricing: 0 },
  ]);
  ids.sealed = await lastId();
  await stack.indexerCaughtUp();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

async function openAnonymous(viewport = PHONE, locale = "en-US"): Promise<PageWithErrors> {
  const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale, viewport });
  opened.push(one);
  return one;
}

/** How far the page scrolls sideways (0 when it fits). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });

/** The element that has the keyboard focus, described for assertions. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? "",
      id: element?.id ?? "",
      text: element?.textContent?.trim() ?? "",
      controls: element?.getAttribute("aria-controls") ?? "",
    };
  });

/** Presses Tab until `match` says the focus is where wanted (at most `limit` presses). */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (match(await focused(page))) return;
  }
  assert.fail(`Tab never reached the element (last: ${JSON.stringify(await focused(page))})`);
}

describe("phone first", () => {
  test("at 390×844 each format's title, price, time left and a large primary button are on the first screen", async () => {
    const { page, errors } = await openAnonymous();
    for (const [format, id] of Object.entries(ids)) {
      await page.goto(`${stack.url}/auction/${id}`);
      await page.locator(".account button:not([disabled])").first().waitFor();
      const primary = page.locator("[data-primary-action]");
      const boxes = {
        title: await page.getByRole("heading", { level: 1 }).boundingBox(),
        price: await page.getByTestId("price").boundingBox(),
        timeLeft: await page.getByTestId("countdown").boundingBox(),
        primary: await primary.boundingBox(),
      };
      for (const [what, box] of Object.entries(boxes)) {
        assert.ok(box, `${format}: ${what} is shown`);
        assert.ok(box.y + box.height <= PHONE.height, `${format}: ${what} ends at ${box.y + box.height} px`);
      }
      assert.ok((boxes.primary?.height ?? 0) >= 44, `${format}: the primary button is at least 44 px tall`);
      assert.ok((boxes.primary?.width ?? 0) >= 300, `${format}: the primary button spans the width`);
      await page.screenshot({ path: `${screenshots}/phone-first-${format}.png` });
    }
    // Signed out, the primary action opens the wallet picker.
    await page.goto(`${stack.url}/auction/${ids.english}`);
    await page.locator(".account button:not([disabled])").first().waitFor();
    await page.getByRole("button", { name: "Connect wallet to bid" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await assertAccessible(page, "an auction page on a phone, signed out");
    assert.deepEqual(errors, []);
  });

  test("no main page scrolls sideways at 360 px, in English and Russian, signed in", async () => {
    const one = await openSignedIn(browser, stack, annaKey, "/", opened, {
      viewport: { width: 360, height: 740 },
    });
    const { page } = one;
    const paths = [
      "/",
      `/auction/${ids.english}`,
      `/auction/${ids.dutch}`,
      `/auction/${ids.sealed}`,
      "/activity",
      "/sell",
      "/dashboard",
      "/settings",
      "/leaderboard",
      "/stats",
      "/support",
      `/u/${anna.toLowerCase()}`,
    ];
    const wide: string[] = [];
    for (const language of ["en", "ru"]) {
      await page.goto(`${stack.url}/?lang=${language}`);
      for (const path of paths) {
        await page.goto(`${stack.url}${path}`);
        await page.locator(".account button:not([disabled])").first().waitFor();
        const overflow = await sidewaysOverflow(page);
        if (overflow > 0) wide.push(`${language} ${path}: ${overflow} px`);
      }
    }
    assert.deepEqual(wide, [], "pages wider than a 360 px screen");
    await page.goto(`${stack.url}/?lang=en`);
    assert.deepEqual(
      one.errors.filter((e) => !/status of 4\d\d/.test(e)),
      [],
    );
  });

  test("on a phone the navigation collapses into Menu, the wallet's own pages into the account menu", async () => {
    const one = await openSignedIn(browser, stack, annaKey, "/", opened, { viewport: PHONE });
    const { page } = one;
    const main = page.getByRole("navigation", { name: "Main" });
    assert.equal(await main.isVisible(), false, "the main links are folded away");
    await page.getByRole("button", { name: "Menu" }).click();
    await main.getByRole("link", { name: "Activity" }).waitFor();
    assert.equal(await main.getByRole("link", { name: "Dashboard" }).count(), 0, "not in the main menu");
    // A tap outside closes it.
    await page.locator("main").click({ position: { x: 5, y: 300 } });
    await main.waitFor({ state: "hidden" });
    await page.getByTestId("signed-in-address").click();
    const account = page.getByRole("navigation", { name: "Account" });
    await account.getByRole("link", { name: "Dashboard" }).waitFor();
    await page.getByTestId("account-menu").getByRole("button", { name: "Sign out" }).waitFor();
    await page.screenshot({ path: `${screenshots}/phone-account-menu.png` });
    await account.getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL(/\/dashboard$/);
    assert.equal(await account.isVisible(), false, "the menu closes on navigation");
    // At laptop width the links are in the header as before.
    await page.setViewportSize({ width: 1200, height: 800 });
    await main.getByRole("link", { name: "Dashboard" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Menu" }).isVisible(), false);
  });
});

describe("honest bid history", () => {
  test("a bid answered by the leader's proxy maximum shows the automatic bid; the leader matches the history", async () => {
    const { page } = await openAnonymous({ width: 1200, height: 900 });
    await page.goto(`${stack.url}/auction/${ids.english}`);
    const history = page.getByTestId("bid-history").locator("li");
    assert.equal(await history.count(), 3, "Anna's bid, Boris's bid, Anna's automatic answer");
    const newest = history.nth(0);
    assert.equal(await newest.getAttribute("data-kind"), "automatic");
    await newest.getByText("automatic bid").waitFor();
    await newest.getByText("21.00\u00a0USDC").waitFor();
    const leader = ((await page.getByTestId("leader").textContent()) ?? "").trim();
    assert.equal(leader, short(anna));
    assert.ok(((await newest.textContent()) ?? "").includes(leader), "the leader is the newest line");
    const beaten = history.nth(1);
    assert.equal(await beaten.getAttribute("data-kind"), "beaten");
    await beaten.getByText(short(boris)).waitFor();
    await beaten.getByText("20.00\u00a0USDC").waitFor();
    await beaten.getByText("outbid at once by the leader's maximum").waitFor();
    await page.getByTestId("price").getByText("21.00\u00a0USDC").waitFor();
  });
});

describe("keyboard", () => {
  let boris_: Opened;

  test("the menus open, are walked and close with the keyboard (Escape returns the focus)", async () => {
    boris_ = await openSignedIn(browser, stack, borisKey, `/auction/${ids.english}`, opened, {
      viewport: PHONE,
    });
    const { page } = boris_;
    await page.locator("body").focus();
    await tabTo(page, (f) => f.controls === "main-nav");
    await page.keyboard.press("Enter");
    const main = page.getByRole("navigation", { name: "Main" });
    await main.getByRole("link", { name: "Activity" }).waitFor();
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).text, "Browse", "Tab goes into the open menu");
    await page.keyboard.press("Escape");
    await main.waitFor({ state: "hidden" });
    assert.equal((await focused(page)).controls, "main-nav", "the focus is back on Menu");

    await tabTo(page, (f) => f.controls === "account-menu");
    await page.keyboard.press("Space");
    const account = page.getByRole("navigation", { name: "Account" });
    await account.getByRole("link", { name: "Dashboard" }).waitFor();
    await assertAccessible(page, "the account menu open on a phone");
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).text, "Dashboard");
    await page.keyboard.press("Escape");
    await account.waitFor({ state: "hidden" });
    assert.equal((await focused(page)).controls, "account-menu");
  });

  test("a bid is placed with Tab, typing and Enter only", async () => {
    const { page } = boris_;
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${stack.url}/auction/${ids.english}`);
    await page.locator(".account button:not([disabled])").first().waitFor();
    await page.locator("body").focus();
    await tabTo(page, (f) => f.id === "bid-amount");
    await page.keyboard.type("60");
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).text, "Place bid");
    await page.keyboard.press("Enter");
    await waitPhase(page);
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor();
    assert.equal(((await page.getByTestId("leader").textContent()) ?? "").trim(), "you");
    const newest = page.getByTestId("bid-history").locator("li").first();
    assert.equal(await newest.getAttribute("data-kind"), "bid");
    await newest.getByText("you", { exact: true }).waitFor();
    await newest.getByText("52.50\u00a0USDC").waitFor();
    // The status is about this bid only: nothing older is left beside it.
    assert.equal(await page.locator("[data-phase]").count(), 1);
    assert.deepEqual(
      boris_.errors.filter((e) => !/status of 4\d\d/.test(e)),
      [],
    );
  });
});

/** Feed events about no listing: nothing to link to. */
const NO_LISTING = new Set([
  "RoleGranted",
  "RoleRevoked",
  "RoleAdminChanged",
  "FeeUpdated",
  "TreasuryUpdated",
  "DisputeTimeoutUpdated",
  "Paused",
  "Unpaused",
  "Withdrawn",
  "FeesSwept",
]);

describe("activity in words", () => {
  test("sentences with relative times and links; no hashes, block numbers or field names, in both languages", async () => {
    await stack.indexerCaughtUp();
    const anna_ = await openSignedIn(browser, stack, annaKey, "/activity", opened);
    const { page } = anna_;
    for (const language of ["en", "ru"] as const) {
      await page.goto(`${stack.url}/activity?lang=${language}`);
      const items = page.getByTestId("activity-item");
      assert.ok((await items.count()) >= 10, "the feed shows the latest events");
      const text = ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
      assert.doesNotMatch(text, /0x[0-9a-f]{40}/i, "no full addresses or hashes");
      assert.doesNotMatch(text, /\b(Block|Блок)\b/, "no block numbers");
      assert.doesNotMatch(
        text,
        /\b(auctionId|dealId|maxAmount|bidder|newLeader|transactionHash|reservePrice|metadataHash|[a-z]+[A-Z][a-zA-Z]+)\b/,
        "no raw field names",
      );
      for (const time of await items.locator("time").allInnerTexts())
        assert.match(time, language === "en" ? /ago|just now|^in / : /назад|только что|^через /);
      if (language === "en") {
        // Anna, signed in, reads that Boris outbid her, with the price now.
        await page
          .getByText(
            `${short(boris)} outbid you on Leica M6 with a long name that must wrap on a small phone screen — now 52.50\u00a0USDC`,
          )
          .waitFor();
        await page
          .getByText(
            `${short(boris)} bid up to 20.00\u00a0USDC on Leica M6 with a long name that must wrap on a small phone screen; ${short(anna)}'s automatic bid stays ahead — now 21.00\u00a0USDC`,
          )
          .waitFor();
        await assertAccessible(page, "the activity page");
      } else {
        await page.getByText(/перебивает вашу ставку на «Leica M6/).waitFor();
      }
      // Every line about a listing links to it — a token transfer made inside a bid, refund or
      // payout too: the indexer names its auction. Only events about no listing (roles, platform
      // settings, withdrawals, test-token mints) have nothing to link to.
      let escrowLines = 0;
      for (const line of await items.all()) {
        const event = (await line.getAttribute("data-event")) ?? "";
        const sentence = ((await line.locator(".sentence").textContent()) ?? "").replace(/\s+/g, " ").trim();
        const link = line.locator('a[href^="/auction/"], a[href^="/deal/"]');
        if (NO_LISTING.has(event) || (event === "Transfer" && /test tokens|тестовые токены/.test(sentence))) {
          assert.equal(await link.count(), 0, `"${sentence}" is about no listing`);
          continue;
        }
        assert.equal(await link.count(), 1, `"${sentence}" links to its listing`);
        assert.match((await link.getAttribute("href")) ?? "", /^\/(auction|deal)\/\d+$/);
        if (event === "Transfer") escrowLines++;
      }
      assert.ok(escrowLines > 0, "the bids' escrow transfers are among the newest lines, linked");
    }
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${screenshots}/activity-phone.png`, fullPage: true });
  });
});

// Last: its two dozen bids would push the Leica's events out of the activity feed's latest lines.
describe("long bid history", () => {
  test("a much-bid auction's page shows its latest 20 bids and links the whole history, in English and Russian", async () => {
    const id = await createEnglish("Much-bid stamp", 1n * USDC, 100);
    // Anna bids once, first; Boris outbids her and then raises his own maximum: 24 bids, one
    // history line each, Anna's the oldest (not among the 20 the auction page shows).
    for (let i = 0; i < 24; i++) {
      await write(i === 0 ? annaKey : borisKey, "EnglishAuctionHouse", englishAuctionHouseAbi, "bid", [
        BigInt(id),
        BigInt(2 + i) * USDC,
      ]);
    }
    const { page, errors } = await openAnonymous({ width: 1200, height: 900 });
    const link = page.getByTestId("all-bids");
    for (let tries = 0; ; tries++) {
      await page.goto(`${stack.url}/auction/${id}`);
      if (((await link.textContent({ timeout: 1_000 }).catch(() => "")) ?? "").includes("(24)")) break;
      assert.ok(tries < 30, "the page came to show 24 bids");
      await page.waitForTimeout(500);
    }
    const history = page.getByTestId("bid-history").locator("li");
    assert.equal(await history.count(), 20, "the latest 20 bids");
    await history.first().getByText(short(boris)).waitFor();
    assert.equal((await link.textContent())?.trim(), "Full bid history (24)");

    await link.click();
    await page.waitForURL(`${stack.url}/auction/${id}/bids`);
    await page.getByRole("heading", { level: 1, name: "Much-bid stamp" }).waitFor();
    assert.equal(await history.count(), 24, "every bid on the history page");
    await history.last().getByText(short(anna)).waitFor();
    await assertAccessible(page, "the bid history page");
    await page.getByRole("link", { name: "Back to the auction" }).click();
    await page.waitForURL(`${stack.url}/auction/${id}`);

    await page.goto(`${stack.url}/auction/${id}?lang=ru`);
    assert.equal((await link.textContent())?.trim(), "Вся история ставок (24)");
    await page.goto(`${stack.url}/auction/${id}/bids`);
    await page.getByRole("heading", { level: 2, name: "История ставок" }).waitFor();
    assert.equal(await history.count(), 24);
    await page.getByRole("link", { name: "Назад к аукциону" }).waitFor();
    assert.deepEqual(errors, []);

    // Anna's only bid is not among the 20 shown; signed in, she is still told she was outbid.
    const annaPage = await openSignedIn(browser, stack, annaKey, `/auction/${id}`, opened);
    await annaPage.page.getByTestId("standing").getByText("You have been outbid").waitFor();
  });
});
