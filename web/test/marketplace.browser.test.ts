// Long on purpose: one story in order (list → bid → watch → settle → dashboards), each step building on the last.
// The marketplace end to end in Debian chromium against the real local stack: Hardhat with Gavel
// deployed by Ignition, the real indexer (ponder start), embedded Postgres and the built web
// server. Injected wallets sign with Hardhat's well-known keys in Node. One story, in order:
// a seller lists with a picture, two bidders bid (permit), a third browser watches it live,
// time passes the end, someone settles, and the dashboards show the deal's next action.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { toFunctionSelector } from "viem";
import { rpc } from "../../scripts/lib/chain.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { assertAccessible } from "./browser/a11y.ts";
import { firstVisitScripts, launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import {
  type Opened,
  openSignedIn as openSignedIn_,
  postFromPage,
  short,
  waitHydrated,
  waitPhase,
} from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const screenshots = `${webDir}/test-results/screenshots`;
const BOT = "gavel_test_bot";
const WALLETCONNECT_PROJECT_ID = "0123456789abcdef0123456789abcdef";

/** A 2×2 PNG (a real image, checked by its magic bytes on upload). */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==",
  "base64",
);

let stack: WebStack;
let browser: Browser;
const opened: PageWithErrors[] = [];
/**
 * A WalletConnect "relay" on a loopback port that refuses every WebSocket upgrade: the tests never
 * reach WalletConnect's real relay, and the failure path is exercised from here.
 */
let relay: Server;
let relayUrl = "";
const relayAttempts: string[] = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  relay = createServer((request, response) => {
    relayAttempts.push(request.url ?? "");
    response.writeHead(503).end();
  });
  relay.on("upgrade", (request, socket) => {
    relayAttempts.push(request.url ?? "");
    socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
  });
  const relayPort = await freePort();
  await new Promise<void>((resolve) => relay.listen(relayPort, "127.0.0.1", resolve));
  relayUrl = `ws://127.0.0.1:${relayPort}`;
  stack = await startWebStack({
    env: {
      LINK_TOKEN_SECRET: "a-test-secret-of-enough-length",
      PUBLIC_BOT_USERNAME: BOT,
      // WalletConnect is offered; its relay is the refusing loopback server above.
      PUBLIC_WALLETCONNECT_PROJECT_ID: WALLETCONNECT_PROJECT_ID,
      PUBLIC_WALLETCONNECT_RELAY_URL: relayUrl,
    },
  });
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
  relay?.close();
});

const openSignedIn = (key: `0x${string}`, path = "/") => openSignedIn_(browser, stack, key, path, opened);

async function bid(page: Page, amount: string) {
  await page.getByLabel(/Your maximum bid|Raise your maximum/).fill(amount);
  await page.getByRole("button", { name: "Place bid" }).click();
}

let seller: Opened;
let bidderA: Opened;
let bidderB: Opened;
let watcher: PageWithErrors;
let auctionUrl = "";

describe("an English auction from listing to deal", () => {
  test("a first visit to browse loads at most 70 KB of gzipped JavaScript, without zod or the wallet code", async () => {
    const scripts = await firstVisitScripts(browser, `${stack.url}/`);
    const kb = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
    assert.ok(kb <= 70, `first visit: ${kb.toFixed(1)} KB gzipped in ${scripts.size} scripts`);
    for (const url of scripts.keys()) {
      const source = await (await fetch(url)).text();
      assert.doesNotMatch(source, /ZodError|\$ZodType/, `${url} carries zod`);
      assert.doesNotMatch(source, /eip6963:requestProvider/, `${url} carries the wallet picker`);
    }
  });

  test("the sell form is checked on the client, and again on the server (400 naming the field)", async () => {
    seller = await openSignedIn(hardhatKeys[1], "/sell");
    const { page } = seller;
    await page.getByRole("heading", { name: "List an item" }).waitFor();
    await assertAccessible(page, "the sell form");
    const metadataRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/sell/metadata")) metadataRequests.push(r.url());
    });
    await page.getByLabel("Starting price (USDC)").fill("0.5");
    await page.getByRole("button", { name: "Review and sign" }).click();
    await page.getByText("Enter a title of 1 to 64 characters.").waitFor();
    await page.getByText("The starting price must be at least 1 USDC.").waitFor();
    assert.equal(await page.getByLabel("Title").getAttribute("aria-invalid"), "true");
    assert.deepEqual(metadataRequests, [], "nothing sent while the form is invalid");

    // The server applies the same schema: a 400 that names the field.
    const good = {
      format: "english",
      title: "Lamp",
      startPrice: "5",
      durationMinutes: 60,
      minIncrementPercent: 5,
      extensionMinutes: 0,
      maxExtensions: 0,
      shipHours: 24,
      confirmDays: 3,
      disputeHours: 24,
    };
    const answers = await postFromPage(page, "/sell/metadata", [
      { ...good, startPrice: "0.5" },
      { ...good, durationMinutes: 2 },
      { ...good, reservePrice: "1" },
      { ...good, disputeHours: 24 * 4 },
      { ...good, images: ["ab".repeat(32)] },
    ]);
    assert.deepEqual(
      answers.map((a) => [a.status, a.field]),
      [
        [400, "startPrice"],
        [400, "durationMinutes"],
        [400, "reservePrice"],
        [400, "disputeHours"],
        [400, "images.0"],
      ],
    );

    // An upload that is not an image is refused by its bytes, whatever it claims to be.
    const upload = await page.evaluate(async () => {
      const response = await fetch("/media/upload", {
        method: "POST",
        headers: { "content-type": "image/png" },
        body: new Blob(["<svg onload=alert(1)>not a png</svg>"]),
      });
      return { status: response.status, body: await response.json() };
    });
    assert.equal(upload.status, 415);
    assert.equal(upload.body.field, "file");
    const anonymous = await fetch(`${stack.url}/media/upload`, {
      method: "POST",
      headers: { "content-type": "image/png", ...proxyHeaders() },
      body: png,
    });
    assert.equal(anonymous.status, 401, "uploads need a sign-in");
    assert.deepEqual(
      seller.errors.filter((e) => !e.includes("status of 4")),
      [],
    );
  });

  test("the seller lists with a picture in one transaction and lands on the indexed listing", async () => {
    const { page, wallet } = seller;
    await page.getByLabel("Title").fill("Brass telescope, 1890s");
    await page.getByLabel("Description").fill("Working condition. Original case.\nShips from Lisbon.");
    await page
      .getByLabel("Pictures")
      .setInputFiles({ name: "scope.png", mimeType: "image/png", buffer: png });
    await page.getByLabel("Starting price (USDC)").fill("10");
    await page.getByLabel("Duration (minutes)").fill("30");
    await page.getByLabel("Late-bid extension (minutes)").fill("0");
    await page.getByRole("complementary", { name: "Preview" }).getByText("10.00\u00a0USDC").waitFor();
    await page.setViewportSize({ width: 1200, height: 1400 });
    await page.screenshot({ path: `${screenshots}/sell.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}/sell-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 800 });

    const sends = () => wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    const before = sends();
    await page.getByRole("button", { name: "Review and sign" }).click();
    await page.waitForURL(/\/auction\/\d+$/, { timeout: 60_000 });
    assert.equal(sends() - before, 1, "one transaction");
    auctionUrl = page.url();
    await page.getByRole("heading", { name: "Brass telescope, 1890s" }).waitFor();
    const image = page.getByRole("img", { name: "Brass telescope, 1890s" });
    const src = (await image.getAttribute("src")) ?? "";
    assert.match(src, /^\/media\/[0-9a-f]{64}$/);
    const served = await fetch(`${stack.url}${src}`);
    assert.equal(served.headers.get("content-type"), "image/png");
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
    // Open Graph tags for a shared link.
    const html = await (await fetch(auctionUrl, { headers: proxyHeaders() })).text();
    assert.match(html, /<meta property="og:title" content="Brass telescope, 1890s — 10.00\u00a0USDC"/);
    assert.match(html, new RegExp(`<meta property="og:image" content="${stack.url}/media/[0-9a-f]{64}"`));
  });

  test("a third browser without a wallet follows the auction live", async () => {
    watcher = await newPage(browser, { extraHTTPHeaders: proxyHeaders() });
    opened.push(watcher);
    await watcher.page.goto(auctionUrl);
    await watcher.page.getByText("Live updates").waitFor({ timeout: 15_000 });
    assert.equal(await watcher.page.getByTestId("leader").textContent(), "—");
    await assertAccessible(watcher.page, "an English auction page, signed out");
  });

  test("bidder A bids with a permit signature in one transaction", async () => {
    bidderA = await openSignedIn(hardhatKeys[2], new URL(auctionUrl).pathname);
    const { page, wallet } = bidderA;
    await page.getByText("Enter the most you are willing to pay").waitFor();
    const before = wallet.requests.length;
    await bid(page, "20");
    await waitPhase(page);
    await page.getByText("Done — it is on Gavel now.").waitFor();
    const made = wallet.requests.slice(before);
    assert.ok(
      made.some((r) => r.method === "eth_signTypedData_v4"),
      "permit signed",
    );
    const txs = made.filter((r) => r.method === "eth_sendTransaction");
    assert.equal(txs.length, 1, "one transaction");
    const data = (txs[0]?.params[0] as { data?: string } | undefined)?.data ?? "";
    assert.equal(
      data.slice(0, 10),
      toFunctionSelector("bidWithPermit(uint256,uint256,uint256,uint8,bytes32,bytes32)"),
    );
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor();
    assert.equal(await page.getByTestId("leader").textContent(), "you");

    // The watcher saw it without reloading.
    await watcher.page
      .getByTestId("leader")
      .getByText(short(wallet.account.address))
      .waitFor({ timeout: 15_000 });
    await watcher.page.getByTestId("price").getByText("10.00\u00a0USDC").waitFor();
  });

  test("bidder B: not enough USDC and a declined signature in plain words, then outbids A", async () => {
    bidderB = await openSignedIn(hardhatKeys[3], new URL(auctionUrl).pathname);
    const { page, wallet } = bidderB;
    await bid(page, "2000000");
    await page
      .getByText(
        /Not enough USDC: this needs 2,000,000.00\u00a0USDC and your wallet holds 1,000,000.00\u00a0USDC/,
      )
      .waitFor({ timeout: 15_000 });

    wallet.rejectNext("eth_signTypedData_v4");
    await bid(page, "30");
    await page.getByText("You declined in your wallet. Nothing was sent.").waitFor({ timeout: 15_000 });

    // On another network the page says so in words, sends nothing and offers the switch.
    const sent = () => wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    const sentBefore = sent();
    await wallet.switchTo(1);
    await bid(page, "30");
    const wrong = page.locator('[data-phase="wrongNetwork"]');
    await wrong
      .getByText("Your wallet is on Ethereum. Gavel works on Hardhat (local). Nothing was sent.")
      .waitFor();
    await wrong.getByRole("button", { name: "Switch to Hardhat (local)" }).click();
    await wrong.getByText("Your wallet is on Hardhat (local) now.").waitFor();
    assert.equal(wallet.chainId, stack.chainId);
    // The wallet moves to another network while the bid is being prepared (as the permit is
    // signed): the page stops before the transaction and explains.
    wallet.switchOnNext("eth_signTypedData_v4", 1);
    await bid(page, "30");
    const changed = page.locator('[data-phase="networkChanged"]');
    await changed
      .getByText("Your wallet moved to Ethereum while the transaction was being prepared, so Gavel stopped.")
      .waitFor();
    assert.equal(sent(), sentBefore, "no transaction was sent");
    await changed.getByRole("button", { name: "Switch to Hardhat (local)" }).click();
    await changed.getByTestId("switched").waitFor();

    await bid(page, "30");
    await waitPhase(page);
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor();
    assert.equal(sent(), sentBefore + 1, "one bid transaction");

    // A is told, live, that they were outbid; the watcher sees the new price.
    await bidderA.page.getByTestId("standing").getByText("You have been outbid").waitFor({ timeout: 15_000 });
    await watcher.page.getByTestId("price").getByText("21.00\u00a0USDC").waitFor({ timeout: 15_000 });
    await watcher.page.getByTestId("bid-history").locator("li").nth(1).waitFor();
    await watcher.page.screenshot({ path: `${screenshots}/auction.png`, fullPage: true });
    await watcher.page.setViewportSize({ width: 390, height: 844 });
    await watcher.page.screenshot({ path: `${screenshots}/auction-phone.png`, fullPage: true });
    await watcher.page.setViewportSize({ width: 1200, height: 800 });
  });

  test("the browse page finds it by search and filters, held in the URL", async () => {
    const { page } = watcher;
    await page.goto(stack.url);
    await page.getByRole("link", { name: "Brass telescope, 1890s" }).waitFor();
    await waitHydrated(page);
    await page.getByLabel("Search titles").fill("telescope");
    await page.getByLabel("Min price (USDC)").fill("15");
    await page.getByLabel("Sort by").selectOption("bids");
    await page.getByRole("button", { name: "Show auctions" }).click();
    await page.waitForURL(/q=telescope/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("minPrice"), "15");
    assert.equal(url.searchParams.get("sort"), "bids");
    await page.getByRole("link", { name: "Brass telescope, 1890s" }).waitFor();
    await assertAccessible(page, "browse with a listing card");
    await page.screenshot({ path: `${screenshots}/browse.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}/browse-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(`${stack.url}/?maxPrice=15`);
    await page.getByText("No auction matches these filters.").waitFor();
  });

  test("after the end anyone settles, and the deal opens", async () => {
    await rpc(stack.rpcUrl, "evm_increaseTime", [31 * 60]);
    await rpc(stack.rpcUrl, "evm_mine", []);
    const { page } = bidderA;
    // The indexer judges "ended" by the last indexed block's time; the page offers to settle then.
    const settle = page.getByRole("button", { name: "Settle auction" });
    for (let i = 0; i < 100 && !(await settle.isVisible()); i++) {
      await page.reload();
      await page.waitForTimeout(200);
    }
    await settle.click();
    await waitPhase(page);
    await page
      .getByTestId("deal")
      .getByText(`Won by ${short(bidderB.wallet.account.address)} for 21.00\u00a0USDC`)
      .waitFor({ timeout: 15_000 });
    await watcher.page.goto(auctionUrl);
    await watcher.page.getByTestId("price").getByText("21.00\u00a0USDC").waitFor();
    await watcher.page.getByText("Paid into escrow — waiting for the seller to ship.").waitFor();
  });

  test("the dashboards show the deal with its next action, and bids as won or not", async () => {
    await seller.page.goto(`${stack.url}/dashboard`);
    await seller.page
      .getByTestId("next-action")
      .getByText("Next: ship the item and mark it shipped by")
      .waitFor();
    await seller.page.getByTestId("listing-row").getByText("Brass telescope, 1890s").waitFor();
    await assertAccessible(seller.page, "the seller's dashboard with a deal");
    await seller.page.screenshot({ path: `${screenshots}/dashboard.png`, fullPage: true });
    await seller.page.setViewportSize({ width: 390, height: 844 });
    await seller.page.screenshot({ path: `${screenshots}/dashboard-phone.png`, fullPage: true });

    await bidderB.page.goto(`${stack.url}/dashboard`);
    await bidderB.page.getByTestId("next-action").getByText("Next: the seller ships by").waitFor();
    await bidderB.page.getByTestId("bid-row").getByText("Won").waitFor();
    await bidderA.page.goto(`${stack.url}/dashboard`);
    await bidderA.page.getByTestId("bid-row").getByText("Not won").waitFor();
  });

  test("watchlist and Telegram link for a signed-in wallet", async () => {
    const { page } = bidderA;
    await page.goto(auctionUrl);
    await page.getByRole("button", { name: "Watch" }).click();
    await page.getByRole("button", { name: "Watching" }).waitFor();
    await assertAccessible(page, "a settled auction page, signed in");
    await page.goto(`${stack.url}/dashboard`);
    await page.getByRole("region", { name: "Watchlist" }).getByText("Brass telescope, 1890s").waitFor();

    await page.goto(`${stack.url}/settings`);
    await page.getByRole("button", { name: "Link Telegram" }).click();
    const link = (await page.getByTestId("telegram-link").getAttribute("href")) ?? "";
    assert.match(link, new RegExp(`^https://t\\.me/${BOT}\\?start=link_[A-Za-z0-9_-]{59}$`));
    await assertAccessible(page, "settings with a Telegram link");
    const { verifyLinkToken } = await import("@gavel/sdk/link-token");
    const checked = verifyLinkToken(link.split("link_")[1] ?? "", "a-test-secret-of-enough-length");
    assert.equal(checked.ok && checked.address, bidderA.wallet.account.address.toLowerCase());
  });

  test("with a WalletConnect project id the picker offers it, loads it only when chosen, and explains an unreachable relay", async (t) => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    const { page, errors } = one;
    const scripts: { url: string; body: string }[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() === "script")
        scripts.push({ url: response.url(), body: await response.text().catch(() => "") });
    });
    const walletConnectLoaded = () => scripts.some((s) => s.body.includes("relay.walletconnect"));
    await page.goto(stack.url);
    await page.waitForLoadState("networkidle");
    assert.equal(walletConnectLoaded(), false, "not in a first visit");

    await page.getByRole("button", { name: "Connect wallet", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    const option = dialog.getByRole("button", { name: "WalletConnect" });
    await option.waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(walletConnectLoaded(), false, "not when the picker opens");
    const before = scripts.length;

    await option.click();
    await dialog
      .getByText(/the WalletConnect relay server could not be reached, so no pairing link was made/)
      .waitFor({ timeout: 30_000 });
    assert.ok(
      scripts.slice(before).some((s) => s.body.includes("relay.walletconnect")),
      "the connector was loaded on demand",
    );
    await dialog.getByRole("button", { name: "Try again" }).waitFor();
    await page.screenshot({ path: `${screenshots}/walletconnect-unreachable.png` });
    // The browser tried the configured loopback relay (and nothing outside this machine: any such
    // request is recorded in `errors`); nothing crashed; the only console errors are that relay's
    // refusals.
    assert.ok(relayAttempts.length > 0, "the loopback relay was tried");
    for (const error of errors) t.diagnostic(`console: ${error.slice(0, 60)} … ${error.slice(-120)}`);
    const relayFailure = new RegExp(`^WebSocket connection to '${relayUrl.replace(/[.]/g, "\\.")}/.* failed`);
    const unexpected = errors.filter((e) => !relayFailure.test(e));
    assert.deepEqual(unexpected, []);
    // The page still works: close the dialog and go on.
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.getByRole("link", { name: "Activity" }).click();
    await page.waitForURL(/\/activity$/);
    await one.context.close();
  });

  test("no console errors in any page", () => {
    for (const one of [seller, bidderA, bidderB, watcher]) {
      // 4xx answers the test asked for on purpose show up as console errors; nothing else may.
      assert.deepEqual(
        one.errors.filter((e) => !/status of 4\d\d/.test(e)),
        [],
      );
    }
  });
});
