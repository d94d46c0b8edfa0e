// One-tap linking from the Telegram Mini App, across the real web app and the real bot: the web
// checks Telegram's (stand-in's) signed initData, the user signs in with SIWE and taps "Link
// Telegram"; the Mini App opens the bot's link inside Telegram, and when Telegram sends the bot
// `/start link_…` (the fake Bot API does) the bot links the chat to that wallet. Web and bot share
// nothing but the indexer and LINK_TOKEN_SECRET.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { BOT_USER } from "../../bot/dev/fake-bot-api.ts";
import { type BotStack, Cleanup, LINK_SECRET, startBotStack } from "../../bot/test/helpers.ts";
import { hardhatDevKey } from "../../scripts/lib/chain.ts";
import { launchChromium } from "../../web/test/browser/chromium.ts";
import { signIn } from "../../web/test/browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack } from "../../web/test/browser/stack.ts";
import { installWallet } from "../../web/test/browser/wallet.ts";
import { signInitData, testKeys } from "../../web/test/telegram/init-data.ts";
import { installTelegram, launchHash } from "../../web/test/telegram/webview.ts";

const keys = testKeys();
const ada = { id: 420_001, first_name: "Ada", language_code: "en" };
const cleanup = new Cleanup();
let stack: WebStack;
let bot: BotStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;

before(async () => {
  try {
    stack = await startWebStack({
      env: {
        LINK_TOKEN_SECRET: LINK_SECRET,
        PUBLIC_BOT_USERNAME: BOT_USER.username,
        TELEGRAM_BOT_ID: String(BOT_USER.id),
        TELEGRAM_INIT_DATA_PUBLIC_KEY: keys.publicKeyHex,
      },
    });
    cleanup.add(() => stack.stop());
    bot = await startBotStack(cleanup, {
      databaseUrl: stack.databaseUrl,
      env: { INDEXER_URL: stack.indexerUrl, WEB_URL: stack.url },
    });
    browser = await launchChromium();
    cleanup.add(() => browser.close());
  } catch (error) {
    await cleanup.run().catch(() => {});
    throw error;
  }
});
after(() => cleanup.run());

test("inside Telegram, signing in and one tap link the chat to the wallet in the bot", async () => {
  const context = await browser.newContext({ extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
  cleanup.add(() => context.close());
  const events = await installTelegram(context);
  const page = await context.newPage();
  const key = hardhatDevKey(8);
  await installWallet(page, { privateKey: key, rpcUrl: stack.rpcUrl, chainId: stack.chainId });
  const initData = signInitData(
    { user: ada, auth_date: Math.floor(Date.now() / 1000), chat_type: "sender", chat_instance: "1" },
    BOT_USER.id,
    keys.privateKey,
  );
  await page.goto(`${stack.url}/${launchHash(initData, { bg_color: "#ffffff", text_color: "#000000" })}`);
  await page.getByText("Hello, Ada!").waitFor();
  await signIn(page);
  await page.getByRole("button", { name: "Link Telegram" }).click();
  await page.getByText("The bot's chat is opening").waitFor();

  const opened = events.find((e) => e.type === "web_app_open_tg_link");
  const match = /^\/(\w+)\?start=(link_[A-Za-z0-9_-]+)$/.exec(String(opened?.data?.path_full));
  assert.ok(match, `the Mini App opened the bot's link, got ${JSON.stringify(opened)}`);
  assert.equal(match[1], BOT_USER.username);

  // Telegram opens the chat and sends the start parameter; the bot links the chat.
  const from = bot.api.sent.length;
  bot.api.sendText(ada, `/start ${match[2]}`);
  const reply = await bot.api.waitForMessage(ada.id, (m) => bot.api.sent.indexOf(m) >= from, 15_000);
  const address = privateKeyToAccount(key).address.toLowerCase();
  assert.equal(
    reply.text.split("\n")[0],
    `Done: this chat is linked to wallet ${address.slice(0, 6)}…${address.slice(-4)}.`,
  );
});
