// The dApp as a Telegram Mini App, in Debian chromium against the real local stack. Telegram is a
// stand-in (test/telegram/webview.ts) and its initData is signed by a key pair made here, whose
// public half the web is configured with (TELEGRAM_INIT_DATA_PUBLIC_KEY). The page opens as a Mini
// App, takes Telegram's theme, shows the back button and the main button, the user signs in (SIWE)
// and links Telegram in one tap, and a bid placed with the main button gives a haptic; tampered
// initData is refused with a clear message; an ordinary browser never loads the SDK.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi, gavelConfigAbi } from "@gavel/sdk";
import { verifyLinkToken } from "@gavel/sdk/link-token";
import type { Browser } from "playwright-core";
import { type Abi, type Hex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { chainClients } from "./browser/chain.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { postFromPage, signIn, waitPhase } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys, installWallet } from "./browser/wallet.ts";
import { type RelayStandIn, startRelayStandIn } from "./browser/walletconnect-relay.ts";
import { signInitData, testKeys } from "./telegram/init-data.ts";
import { installTelegram, launchHash, pressTelegram, type TelegramEvent } from "./telegram/webview.ts";

const BOT_ID = 7_000_000_001;
const BOT = "gavel_test_bot";
const LINK_SECRET = "a-test-secret-of-enough-length";
const USDC = 1_000_000n;
const keys = testKeys();
/** Telegram's dark theme (some of its parameters). */
const theme = {
  bg_color: "#17212b",
  secondary_bg_color: "#232e3c",
  section_bg_color: "#17212b",
  text_color: "#f5f5f5",
  hint_color: "#708499",
  button_color: "#5288c1",
  button_text_color: "#ffffff",
};
const telegramUser = { id: 5_550_001, first_name: "Alice", username: "alice_tg", language_code: "en" };

const screenshots = `${webDir}/test-results/screenshots`;
let stack: WebStack;
let relay: RelayStandIn;
let browser: Browser;
const opened: PageWithErrors[] = [];
let auctionPath = "";

/** Client chunks that hold the Mini Apps SDK (the only code that sets up Telegram's main button). */
function sdkChunks(): string[] {
  const dir = join(webDir, "build/client/_app/immutable");
  const found: string[] = [];
  for (const sub of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, sub)).filter((f) => f.endsWith(".js"))) {
      if (readFileSync(join(dir, sub, file), "utf8").includes("web_app_setup_main_button")) found.push(file);
    }
  }
  return found;
}

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  relay = await startRelayStandIn(await freePort());
  stack = await startWebStack({
    env: {
      // WalletConnect with its relay on a loopback port (test/browser/walletconnect-relay.ts).
      PUBLIC_WALLETCONNECT_PROJECT_ID: "0123456789abcdef0123456789abcdef",
      PUBLIC_WALLETCONNECT_RELAY_URL: relay.url,
      LINK_TOKEN_SECRET: LINK_SECRET,
      PUBLIC_BOT_USERNAME: BOT,
      TELEGRAM_BOT_ID: String(BOT_ID),
      TELEGRAM_INIT_DATA_PUBLIC_KEY: keys.publicKeyHex,
    },
  });
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  // An English auction to open from the bot.
  const { reader, write } = chainClients(stack);
  const house = stack.addresses.EnglishAuctionHouse as Hex;
  const now = Number((await reader.getBlock()).timestamp);
  await write(hardhatKeys[1], house, englishAuctionHouseAbi as Abi, "createAuction", [
    {
      title: "Mini App lamp",
      metadataURI: "",
      metadataHash: zeroHash,
      reservePrice: 5n * USDC,
      shipWindow: 3600,
      confirmWindow: 72 * 3600,
      disputeWindow: 24 * 3600,
    },
    {
      startTime: 0,
      endTime: now + 3600,
      startPrice: 5n * USDC,
      minIncrementBps: 100,
      extensionWindow: 0,
      maxExtensions: 0,
    },
  ]);
  const next = await reader.readContract({
    address: stack.addresses.GavelConfig as Hex,
    abi: gavelConfigAbi,
    functionName: "nextAuctionId",
  });
  auctionPath = `/auction/${Number(next) - 1}`;
  await stack.indexerCaughtUp();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
  await relay?.close();
});

/** A page in a fresh context with Telegram's stand-in and a wallet, opened as Telegram opens it. */
async function openInTelegram(initData: string, key: Hex = hardhatKeys[2]) {
  const one = await newPage(browser, {
    extraHTTPHeaders: proxyHeaders(),
    locale: "en-US",
    viewport: { width: 390, height: 800 },
  });
  opened.push(one);
  const events = await installTelegram(one.context);
  await installWallet(one.page, { privateKey: key, rpcUrl: stack.rpcUrl, chainId: stack.chainId });
  const requested: string[] = [];
  one.page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await one.page.goto(`${stack.url}${auctionPath}${launchHash(initData, theme)}`);
  return { ...one, events, requested };
}

const last = (events: TelegramEvent[], type: string) => events.filter((e) => e.type === type).at(-1)?.data;

async function until(what: string, check: () => boolean, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the dApp as a Telegram Mini App", () => {
  test("opened from Telegram: theme, back and main buttons, SIWE, one-tap link, haptic on a confirmed bid", async () => {
    const now = Math.floor(Date.now() / 1000);
    const initData = signInitData(
      { query_id: "AAE1", user: telegramUser, auth_date: now - 5, chat_type: "sender", chat_instance: "42" },
      BOT_ID,
      keys.privateKey,
    );
    const { page, events, requested, errors } = await openInTelegram(initData);
    await page.getByRole("heading", { name: "Mini App lamp" }).waitFor();

    // The SDK chunk was loaded (and only here, see the last test).
    const chunks = sdkChunks();
    assert.ok(chunks.length > 0, "the build has a chunk with the Mini Apps SDK");
    await until("the SDK chunk", () =>
      requested.some((path) => chunks.some((chunk) => path.endsWith(chunk))),
    );

    // Telegram's theme drives the app's colours.
    await until("web_app_ready", () => events.some((e) => e.type === "web_app_ready"));
    await page.waitForFunction(() => document.documentElement.style.getPropertyValue("--bg") !== "");
    const colours = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
    }));
    assert.equal(colours.body, "rgb(23, 33, 43)", "body background = bg_color");
    assert.equal(colours.text, "rgb(245, 245, 245)", "text = text_color");

    // The viewport's stable height reaches the layout (as a CSS variable the SDK keeps up to date).
    await page.waitForFunction(
      () => document.documentElement.style.getPropertyValue("--tg-viewport-stable-height") === "800px",
    );

    // The auction page is not the root: Telegram's back button is shown.
    await until(
      "the back button shown",
      () => last(events, "web_app_setup_back_button")?.is_visible === true,
    );
    // Who is this user: the server accepted Telegram's signature.
    await page.getByText("Hello, Alice! Sign in with your wallet").waitFor();

    // Sign in (SIWE as in a browser), then link Telegram in one tap.
    await signIn(page);
    const bidder = privateKeyToAccount(hardhatKeys[2]).address;
    await page.getByRole("button", { name: "Link Telegram" }).click();
    await until("web_app_open_tg_link", () => events.some((e) => e.type === "web_app_open_tg_link"));
    const path = String(last(events, "web_app_open_tg_link")?.path_full);
    const match = /^\/gavel_test_bot\?start=link_([A-Za-z0-9_-]+)$/.exec(path);
    assert.ok(match, `opened ${path}`);
    // The token is the one the bot redeems on /start (same @gavel/sdk code, same secret).
    const check = verifyLinkToken(match[1] as string, LINK_SECRET);
    assert.ok(check.ok, "a valid link token");
    assert.equal(check.ok && check.address, bidder.toLowerCase());
    await page.getByText("The bot's chat is opening").waitFor();
    await page.screenshot({ path: `${screenshots}/miniapp-auction-phone.png`, fullPage: true });

    // The main button is the page's primary action: "Place bid".
    await until("the main button", () => last(events, "web_app_setup_main_button")?.text === "Place bid");
    assert.equal(last(events, "web_app_setup_main_button")?.is_visible, true);
    await page.getByLabel(/Your maximum bid/).fill("6");
    await pressTelegram(page, "main_button_pressed");
    await waitPhase(page, "indexed");
    const haptic = events.find((e) => e.type === "web_app_trigger_haptic_feedback");
    assert.deepEqual(haptic?.data, { type: "notification", notification_type: "success" });

    // Telegram's back button goes back.
    await pressTelegram(page, "back_button_pressed");
    await page.waitForURL((url) => url.pathname !== auctionPath);
    assert.deepEqual(errors, [], "no console errors or CSP violations");
  });

  test("tampered initData is refused with a clear message, and the server names the field", async () => {
    const now = Math.floor(Date.now() / 1000);
    const signed = new URLSearchParams(
      signInitData({ user: telegramUser, auth_date: now - 5, chat_type: "sender" }, BOT_ID, keys.privateKey),
    );
    signed.set("user", JSON.stringify({ ...telegramUser, id: 1 })); // someone else's id
    const { page, errors } = await openInTelegram(signed.toString());
    const alert = page.getByTestId("telegram-refused");
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /could not be verified/);
    assert.equal(await page.getByRole("button", { name: "Link Telegram" }).count(), 0);
    const answer = await page.evaluate(async (initData) => {
      const response = await fetch("/auth/telegram", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ initData }),
      });
      return { status: response.status, body: await response.json() };
    }, signed.toString());
    // A signature that does not match fails authentication: 401, as a refused SIWE signature.
    assert.deepEqual(answer, {
      status: 401,
      body: { error: "invalid_init_data", field: "initData", detail: "bad_signature" },
    });
    // A body without the field, or with a wrong type, is a 400 naming it; launch data without a
    // signature is a 401.
    assert.deepEqual(
      await postFromPage(page, "/auth/telegram", [
        {},
        { initData: 5 },
        { initData: "" },
        { initData: "user=%7B%7D&auth_date=1" },
      ]),
      [
        { status: 400, field: "initData" },
        { status: 400, field: "initData" },
        { status: 400, field: "initData" },
        { status: 401, field: "initData" },
      ],
    );
    // The refused POSTs are the page's only errors.
    assert.deepEqual(
      errors.filter((e) => !/\b40[01]\b/.test(e)),
      [],
    );
  });

  test("inside Telegram the wallet picker offers phone wallets' WalletConnect deep links instead of a QR code", async (t) => {
    const initData = signInitData(
      { user: telegramUser, auth_date: Math.floor(Date.now() / 1000), chat_type: "sender" },
      BOT_ID,
      keys.privateKey,
    );
    const { page, context, errors } = await openInTelegram(initData);
    // WalletConnect's Verify API: the CSP lets it be framed (frame-src); the test serves it.
    const verified: string[] = [];
    await context.route(/^https:\/\/verify\.walletconnect\.(org|com)\//, (route) => {
      verified.push(route.request().resourceType());
      return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>verify</title>" });
    });
    await page.getByRole("button", { name: "Connect wallet", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    await dialog.getByRole("button", { name: "WalletConnect" }).click();
    const links = dialog.getByTestId("walletconnect-phone-links");
    await links.waitFor({ timeout: 30_000 });
    const hrefs = await links
      .getByRole("link")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const names = await links.getByRole("link").allTextContents();
    assert.deepEqual(
      names.map((n) => n.trim()),
      ["MetaMask", "Trust Wallet", "Rainbow", "Another wallet app"],
    );
    const pairing = hrefs.at(-1) ?? "";
    assert.match(pairing, /^wc:[0-9a-f]{64}@2\?/);
    assert.deepEqual(hrefs.slice(0, 3), [
      `metamask://wc?uri=${encodeURIComponent(pairing)}`,
      `trust://wc?uri=${encodeURIComponent(pairing)}`,
      `rainbow://wc?uri=${encodeURIComponent(pairing)}`,
    ]);
    assert.equal(await dialog.getByRole("img", { name: /QR code/ }).count(), 0, "no QR code on the phone");
    assert.ok(relay.methods.length > 0, "the pairing went through the loopback relay");
    for (const error of errors) t.diagnostic(`console: ${error.slice(0, 200)}`);
    // WalletConnect's Verify API framed verify.walletconnect.org, which the CSP allows (frame-src):
    // the frame was requested (and answered by the route above, so nothing left loopback); no CSP
    // violation or other error showed.
    await waitFor("the Verify API's frame", async () => verified.includes("document"));
    assert.deepEqual(
      errors.filter(
        (e) => !/^request outside loopback: https:\/\/verify\.walletconnect\.(org|com)\//.test(e),
      ),
      [],
    );
  });

  test("in an ordinary browser the browse page never requests the Mini Apps SDK", async () => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    opened.push(one);
    const requested: string[] = [];
    one.page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await one.page.goto(`${stack.url}/`);
    await one.page.getByRole("link", { name: "Mini App lamp" }).first().waitFor();
    await one.page.getByRole("link", { name: "Mini App lamp" }).first().click();
    await one.page.getByRole("heading", { name: "Mini App lamp" }).waitFor();
    const chunks = sdkChunks();
    const scripts = requested.filter((path) => path.endsWith(".js"));
    assert.ok(scripts.length > 0, "the page loaded its scripts");
    assert.deepEqual(
      scripts.filter((path) => chunks.some((chunk) => path.endsWith(chunk))),
      [],
      "no request for the SDK chunk",
    );
    assert.equal(await one.page.getByTestId("telegram-bar").count(), 0);
    assert.deepEqual(one.errors, []);
  });
});
