// The whole Telegram path, every piece real but Telegram itself (issue #17, item 7): chain, indexer,
// web (built), bot and relayer as separate processes on one stack; the Bot API stand-in
// (bot/dev/fake-bot-api.ts) and a stand-in for Telegram's WebApp object in Debian chromium whose
// initData is signed by a test Ed25519 key the web is configured with (TELEGRAM_INIT_DATA_PUBLIC_KEY).
// A chat asks the bot for an auction, opens the card's web_app button, the page takes Telegram's
// theme, the user signs in (SIWE) with a wallet holding USDC and no ETH, bids from Telegram's main
// button, the relayer submits the bid, the page shows the user leading and a second chat that
// follows the auction gets the bot's message. Then the refusals: tampered initData, a tampered bid
// and a replayed authorization, each in words.
//
// The bot's web_app button points at WEB_APP_URL (Telegram opens web apps over https only); the
// test opens the same path on the local web server, as a reverse proxy for that domain would.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi } from "@gavel/sdk";
import { BOT_USER } from "../../bot/dev/fake-bot-api.ts";
import { type BotStack, Cleanup, LINK_SECRET, startBotStack } from "../../bot/test/helpers.ts";
import { rpc } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { postBid, type RelayerProcess, startRelayerProcess } from "../../scripts/lib/relayer.ts";
import { type Addresses, createScenario, type Scenario, usdc } from "../../scripts/lib/scenario.ts";
import { launchChromium, newPage, type PageWithErrors } from "../../web/test/browser/chromium.ts";
import { signIn } from "../../web/test/browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack } from "../../web/test/browser/stack.ts";
import { installWallet } from "../../web/test/browser/wallet.ts";
import { signInitData, testKeys } from "../../web/test/telegram/init-data.ts";
import { installTelegram, launchHash, pressTelegram } from "../../web/test/telegram/webview.ts";

const WEB_APP_URL = "https://miniapp.gavel.test";
/** How many blocks back the relayer looks for the transaction that used an authorization. */
const LOOKBACK_BLOCKS = 3;
const keys = testKeys();
const ada = { id: 430_001, first_name: "Ada", language_code: "en" };
const follower = { id: 430_002, first_name: "Fred", language_code: "en" };
/** Telegram's dark theme (some of its parameters). */
const theme = {
  bg_color: "#17212b",
  secondary_bg_color: "#232e3c",
  text_color: "#f5f5f5",
  hint_color: "#708499",
  button_color: "#5288c1",
  button_text_color: "#ffffff",
};
const cleanup = new Cleanup();
let stack: WebStack;
let bot: BotStack;
let relayer: RelayerProcess;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let s: Scenario;

before(async () => {
  try {
    const relayerPort = await freePort();
    stack = await startWebStack({
      env: {
        PUBLIC_RELAYER_URL: `http://127.0.0.1:${relayerPort}`,
        LINK_TOKEN_SECRET: LINK_SECRET,
        PUBLIC_BOT_USERNAME: BOT_USER.username,
        TELEGRAM_BOT_ID: String(BOT_USER.id),
        TELEGRAM_INIT_DATA_PUBLIC_KEY: keys.publicKeyHex,
      },
    });
    cleanup.add(() => stack.stop());
    const [started, botStack, chromium] = await Promise.all([
      startRelayerProcess({
        rpcUrl: stack.rpcUrl,
        databaseUrl: stack.databaseUrl,
        addresses: stack.addresses,
        gasKey: 17,
        port: relayerPort,
        env: {
          RELAYER_ALLOWED_ORIGINS: stack.url,
          RELAYER_LOOKBACK_BLOCKS: String(LOOKBACK_BLOCKS),
          LOG_LEVEL: "info",
        },
      }),
      startBotStack(cleanup, {
        databaseUrl: stack.databaseUrl,
        env: { INDEXER_URL: stack.indexerUrl, WEB_URL: stack.url, WEB_APP_URL },
      }),
      launchChromium(),
    ]);
    relayer = started;
    cleanup.add(() => relayer.stop());
    bot = botStack;
    browser = chromium;
    cleanup.add(() => browser.close());
    s = createScenario(stack.rpcUrl, stack.addresses as unknown as Addresses);
  } catch (error) {
    await cleanup.run().catch(() => {});
    throw error;
  }
});
after(() => cleanup.run());

/** An English auction by account 1 that the indexer lists and the bot has learned from the feed. */
async function listed(title: string): Promise<bigint> {
  const { id } = await s.createEnglish(1, { title, durationSeconds: 3600, startPrice: usdc("10") });
  await waitFor(
    "the bot to learn the auction",
    async () =>
      (await bot.db.query("select 1 from bot.auctions where auction_id = $1", [id.toString()])).rowCount ===
      1,
    { timeoutMs: 30_000 },
  );
  return id;
}

/** `user` says `text` to the bot; resolves with the bot's first answer after it. */
async function say(user: typeof ada, text: string) {
  const from = bot.api.sent.length;
  bot.api.sendText(user, text);
  return bot.api.waitForMessage(user.id, (m) => bot.api.sent.indexOf(m) >= from, 20_000);
}

/** A page in a fresh context with Telegram's stand-in and the wallet for `key`, opened at `url` as Telegram opens it. */
async function openInTelegram(url: string, initData: string, key: `0x${string}`) {
  const one: PageWithErrors = await newPage(browser, {
    extraHTTPHeaders: proxyHeaders(),
    locale: "en-US",
    viewport: { width: 390, height: 800 },
  });
  cleanup.add(() => one.context.close());
  const events = await installTelegram(one.context);
  const wallet = await installWallet(one.page, {
    privateKey: key,
    rpcUrl: stack.rpcUrl,
    chainId: stack.chainId,
  });
  await one.page.goto(`${url}${launchHash(initData, theme)}`);
  return { ...one, events, wallet };
}

const initDataFor = (user: typeof ada) =>
  signInitData(
    { user, auth_date: Math.floor(Date.now() / 1000) - 2, chat_type: "sender", chat_instance: "7" },
    BOT_USER.id,
    keys.privateKey,
  );

describe("the Telegram path end to end", () => {
  test("bot button → Mini App with Telegram's theme → SIWE → gasless bid from the main button → relayed, shown, and the follower told", async () => {
    const id = await listed("Mini App proof lamp");
    const followed = await say(follower, `/follow ${id}`);
    assert.match(followed.text, /follow/i);

    // Ada asks the bot about the auction; its card carries a web_app button.
    const card = await say(ada, `/auction ${id}`);
    const buttons = (card.params.reply_markup as { inline_keyboard: { web_app?: { url: string } }[][] })
      .inline_keyboard;
    const webApp = buttons.flat().find((b) => b.web_app)?.web_app;
    assert.equal(
      webApp?.url,
      `${WEB_APP_URL}/auction/${id}`,
      `the card's buttons: ${JSON.stringify(buttons)}`,
    );
    const opened = webApp.url.replace(WEB_APP_URL, stack.url);

    // A fresh wallet: USDC, and not one wei of ETH.
    const { key, account } = await s.gaslessWallet(usdc("200"));
    assert.equal(await s.publicClient.getBalance({ address: account.address }), 0n);
    const { page, events, wallet, errors } = await openInTelegram(opened, initDataFor(ada), key);
    await page.getByRole("heading", { name: "Mini App proof lamp" }).waitFor({ timeout: 30_000 });

    // Telegram's theme drives the colours.
    await waitFor("web_app_ready", async () => events.some((e) => e.type === "web_app_ready"));
    await page.waitForFunction(() => document.documentElement.style.getPropertyValue("--bg") !== "");
    const colours = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
    }));
    assert.deepEqual(colours, { body: "rgb(23, 33, 43)", text: "rgb(245, 245, 245)" });
    await page.getByText("Hello, Ada! Sign in with your wallet").waitFor();

    await signIn(page);
    // No ETH: the page offers the relayer; the main button is the bid.
    await page.getByTestId("gasless").waitFor({ timeout: 30_000 });
    await waitFor("the main button to say Place bid", async () =>
      events.some((e) => e.type === "web_app_setup_main_button" && e.data?.text === "Place bid"),
    );
    await page.getByLabel(/Your maximum bid/).fill("25");
    const fromMessages = bot.api.sent.length;
    await pressTelegram(page, "main_button_pressed");

    // The page shows the bid as leading, once mined and indexed.
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor({ timeout: 45_000 });
    const methods = wallet.requests.map((r) => r.method);
    assert.ok(methods.includes("eth_signTypedData_v4"), "the wallet signed the bid");
    assert.ok(!methods.includes("eth_sendTransaction"), "the wallet sent no transaction");
    await waitFor("the haptic of a confirmed bid", async () =>
      events.some((e) => e.type === "web_app_trigger_haptic_feedback"),
    );

    // The relayer submitted it: the chain has Ada leading, her ETH is still 0.
    const auction = await s.publicClient.readContract({
      address: stack.addresses.EnglishAuctionHouse as `0x${string}`,
      abi: englishAuctionHouseAbi,
      functionName: "getAuction",
      args: [id],
    });
    assert.equal(auction.leader, account.address);
    assert.equal(auction.leaderMax, usdc("25"));
    assert.equal(
      await s.publicClient.getBalance({ address: account.address }),
      0n,
      "the bidder spent no ETH",
    );
    assert.equal(await s.tokenBalance(account.address), usdc("175"), "the maximum is in escrow");
    assert.ok(
      relayer.log.some((line) => line.includes('"bid relayed"')),
      "the relayer says it relayed a bid",
    );

    // The follower's chat is told, by the bot, through the Bot API stand-in.
    const told = await bot.api.waitForMessage(
      follower.id,
      (m) => bot.api.sent.indexOf(m) >= fromMessages && /New bid: the price is now 10\.00\sUSDC/.test(m.text),
      20_000,
    );
    assert.match(told.text, /Mini App proof lamp/);
    assert.deepEqual(errors, [], "no console errors, CSP violations or requests off loopback");
  });
});

describe("refused in words: tampered initData, a tampered bid, a replayed authorization", () => {
  test("tampered initData: the Mini App says it could not be verified, the server answers 400 naming the field", async () => {
    const tampered = new URLSearchParams(initDataFor(ada));
    tampered.set("user", JSON.stringify({ ...ada, id: 1 })); // claims to be someone else
    const { key } = await s.gaslessWallet(usdc("1"));
    const { page } = await openInTelegram(`${stack.url}/`, tampered.toString(), key);
    const alert = page.getByTestId("telegram-refused");
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? "", /could not be verified/);
    assert.equal(await page.getByText("Hello, Ada!").count(), 0, "nobody is greeted");

    const response = await fetch(`${stack.url}/auth/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", ...proxyHeaders() },
      body: JSON.stringify({ initData: tampered.toString() }),
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: "invalid_init_data",
      field: "initData",
      detail: "bad_signature",
    });
  });

  test("a tampered bid: the relayer refuses it as a signature that does not match, and nothing moves", async () => {
    const id = await listed("Tampered bid");
    const { account } = await s.gaslessWallet(usdc("100"));
    const signed = await s.signedBid(account, "english", id, usdc("20"), usdc("20"));
    const tampered = await postBid(relayer.url, {
      ...signed,
      maximum: usdc("90").toString(),
      value: usdc("90").toString(),
    });
    assert.equal(tampered.status, 422, JSON.stringify(tampered.body));
    assert.equal(tampered.body.reason, "signature");
    assert.match(String(tampered.body.message), /The signature does not match this bid/);
    assert.equal(await s.tokenBalance(account.address), usdc("100"), "nothing moved");
  });

  test("a replayed authorization: relayed once; replayed later it is refused as already used", async () => {
    const id = await listed("Replayed bid");
    const { account } = await s.gaslessWallet(usdc("100"));
    const signed = await s.signedBid(account, "english", id, usdc("30"), usdc("30"));
    const first = await postBid(relayer.url, signed);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.alreadySubmitted, false);
    // Sent again at once (a retry): answered with the transaction that used it; charged once.
    const retry = await postBid(relayer.url, signed);
    assert.deepEqual(retry, { status: 200, body: { hash: first.body.hash, alreadySubmitted: true } });
    // Replayed once its transaction is older than the relayer looks back: refused in words.
    for (let i = 0; i <= LOOKBACK_BLOCKS; i++) await rpc(stack.rpcUrl, "evm_mine");
    const replay = await postBid(relayer.url, signed);
    assert.equal(replay.status, 422, JSON.stringify(replay.body));
    assert.equal(replay.body.reason, "used");
    assert.equal(replay.body.message, "This signed bid has already been used.");
    assert.equal(await s.tokenBalance(account.address), usdc("70"), "charged once");
  });
});
