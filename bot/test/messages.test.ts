// The notifications' form (issue #16 items 11–13, #17 item 4): HTML parse mode with every title
// escaped, the buttons View / Bid again / Stop following (web_app buttons inside Telegram in
// private chats when WEB_APP_URL is set, URL buttons in groups, callback buttons when Telegram
// would refuse the URL), the menu button, why an ending-soon reminder came, folding by block,
// /me's active list, the linking words shared with the web app, and the dev terminal's numbered
// buttons. The fake Bot API checks markup and buttons as Telegram does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { makeLinkToken } from "@gavel/sdk/link-token";
import type { InlineKeyboardButton } from "grammy/types";
import { parseTelegramHtml, type SentMessage, startFakeBotApi } from "../dev/fake-bot-api.ts";
import { createTerminal } from "../dev/terminal.ts";
import { meSummary } from "../src/bot/cards.ts";
import { createI18n } from "../src/bot/i18n.ts";
import type { Account, Auction } from "../src/indexer/client.ts";
import { gavelEvents, USDC } from "./feed-server.ts";
import {
  type BotStack,
  Cleanup,
  LINK_SECRET,
  startBotStack,
  users,
  waitForValue,
  wallets,
} from "./helpers.ts";

type User = (typeof users)[keyof typeof users];
const buttonsOf = (m: SentMessage) =>
  ((m.message.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][]).map((row) =>
    row.map((b) => b),
  );

function helpers(get: () => BotStack) {
  const say = async (user: User, text: string) => {
    const stack = get();
    const before = stack.api.sent.length;
    stack.api.sendText(user, text);
    return stack.api.waitForMessage(user.id, (m) => stack.api.sent.indexOf(m) >= before);
  };
  return {
    say,
    link: (user: User, wallet: string) =>
      say(user, `/start link_${makeLinkToken({ address: wallet, secret: LINK_SECRET })}`),
    known: (id: number) =>
      waitForValue(`auction ${id} known`, async () => {
        const { rows } = await get().db.query("select title from bot.auctions where auction_id = $1", [id]);
        return rows[0]?.title !== undefined;
      }),
    /** The first message to `chatId` sent from index `from` on that matches. */
    next: (chatId: number, from: number, match: (m: SentMessage) => boolean, timeoutMs?: number) =>
      get().api.waitForMessage(chatId, (m) => get().api.sent.indexOf(m) >= from && match(m), timeoutMs),
  };
}

describe("notifications with WEB_URL and WEB_APP_URL on https", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;
  let events: ReturnType<typeof gavelEvents>;
  const h = helpers(() => stack);
  const WEB = "https://gavel.example";
  const APP = "https://app.gavel.example";
  const GROUP = -100_500;
  const ATTACK = '<b>Bold</b> & <a href="https://evil.example">click</a>';

  before(async () => {
    stack = await startBotStack(cleanup, { env: { WEB_URL: WEB, WEB_APP_URL: APP } });
    events = gavelEvents(stack.feed);
    await h.link(users.sam, wallets.sam);
    await h.link(users.alice, wallets.alice);
    await h.link(users.ivan, wallets.ivan);
  });
  after(() => cleanup.run());

  it("sets the chat menu button to the browse page inside Telegram at start-up", () => {
    assert.deepEqual(stack.api.menuButton(), { type: "web_app", text: "Gavel", web_app: { url: `${APP}/` } });
  });

  it("escapes a seller's title: tags and entities arrive as text, never as markup", async () => {
    events.createAuction(1, wallets.sam, ATTACK);
    await h.known(1);
    await h.say(users.olga, "/follow 1");
    const start = stack.api.sent.length;
    events.bid(1, wallets.alice, USDC(12));
    const olga = await h.next(users.olga.id, start, (m) => m.text.includes("Новая ставка"));
    // What the user reads: the title exactly as the seller wrote it.
    assert.ok(olga.text.startsWith(`Аукцион #1 “${ATTACK}”\n\n`), olga.text);
    const raw = String(olga.params.text);
    assert.equal(olga.params.parse_mode, "HTML");
    assert.ok(
      raw.startsWith(
        "<b>Аукцион #1 “&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;”</b>",
      ),
      raw,
    );
    assert.doesNotMatch(raw, /<a /);
  });

  it("gives the new price and the minimum next bid, with View (inside Telegram), Bid again and Stop following", async () => {
    const start = stack.api.sent.length;
    events.bid(1, wallets.ivan, USDC(20), { previousLeader: wallets.alice, refund: USDC(12) });
    const olga = await h.next(users.olga.id, start, (m) => m.text.includes("20,00"));
    assert.match(
      olga.text,
      /Новая ставка: цена теперь 20,00\u00a0USDC\. Следующая ставка — не меньше 21,00\u00a0USDC\. Окончание /,
    );
    assert.deepEqual(buttonsOf(olga), [
      [
        { text: "Открыть", web_app: { url: `${APP}/auction/1` } },
        { text: "Сделать ставку", url: `${WEB}/auction/1#bid` },
      ],
      [{ text: "Не следить", callback_data: "unfollow:1" }],
    ]);
    const alice = await h.next(users.alice.id, start, (m) => m.text.includes("outbid"));
    assert.match(
      alice.text,
      /You were outbid — the price is now 20\.00\u00a0USDC\. Your 12\.00\u00a0USDC went back to your wallet\. The next bid must be at least 21\.00\u00a0USDC\./,
    );
    // Alice does not follow: no Stop following; English labels.
    assert.deepEqual(buttonsOf(alice), [
      [
        { text: "View", web_app: { url: `${APP}/auction/1` } },
        { text: "Bid again", url: `${WEB}/auction/1#bid` },
      ],
    ]);
  });

  it("uses a URL button, not web_app, in a group chat (Telegram: BUTTON_TYPE_INVALID)", async () => {
    stack.api.knowChat(GROUP, "Collectors");
    await stack.db.query("insert into bot.chats (chat_id, language) values ($1, 'en')", [GROUP]);
    await stack.db.query("insert into bot.follows (chat_id, auction_id) values ($1, 1)", [GROUP]);
    const start = stack.api.sent.length;
    events.bid(1, wallets.alice, USDC(25), { previousLeader: wallets.ivan, refund: USDC(20) });
    const group = await h.next(GROUP, start, () => true);
    assert.deepEqual(buttonsOf(group), [
      [
        { text: "View", url: `${WEB}/auction/1` },
        { text: "Bid again", url: `${WEB}/auction/1#bid` },
      ],
      [{ text: "Stop following", callback_data: "unfollow:1" }],
    ]);
    const failed = await stack.db.query("select failure from bot.outbox where failed_at is not null");
    assert.deepEqual(failed.rows, []);
  });

  it("Stop following removes the follow, says so and takes the button off", async () => {
    const message = await h.next(users.olga.id, 0, (m) => m.text.includes("25,00"));
    const answers = stack.api.callbackAnswers.length;
    stack.api.pressButton(users.olga, message.message, "unfollow:1");
    await waitForValue("the button to go", () => (message.edits ?? 0) >= 1);
    assert.deepEqual(buttonsOf(message), [
      [
        { text: "Открыть", web_app: { url: `${APP}/auction/1` } },
        { text: "Сделать ставку", url: `${WEB}/auction/1#bid` },
      ],
    ]);
    assert.match(String(stack.api.callbackAnswers[answers]?.text), /больше не следите за аукционом №1/);
    const { rowCount } = await stack.db.query("select 1 from bot.follows where chat_id = $1", [
      users.olga.id,
    ]);
    assert.equal(rowCount, 0);
    // The next bid reaches the seller but no longer Olga.
    const start = stack.api.sent.length;
    events.bid(1, wallets.ivan, USDC(30), { previousLeader: wallets.alice, refund: USDC(25) });
    await h.next(users.sam.id, start, (m) => m.text.includes("30.00"));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(stack.api.sent.slice(start).filter((m) => m.chatId === users.olga.id).length, 0);
  });

  it("says in the first line why an ending-soon reminder came: leading, outbid, selling, following", async () => {
    const endTime = Math.floor(Date.now() / 1000) + 900 + 6; // the default 15-minute reminder, due in ~6 s
    events.createAuction(2, wallets.sam, "Brass clock", endTime);
    await h.known(2);
    await h.say(users.olga, "/follow 2");
    events.bid(2, wallets.alice, USDC(10), { endTime });
    events.bid(2, wallets.ivan, USDC(12), { endTime, previousLeader: wallets.alice, refund: USDC(10) });
    const start = stack.api.sent.length;
    const reminder = (user: User) => h.next(user.id, start, (m) => m.text.startsWith("⏰"), 20_000);
    const [ivan, alice, sam, olga] = await Promise.all([
      reminder(users.ivan),
      reminder(users.alice),
      reminder(users.sam),
      reminder(users.olga),
    ]);
    const firstLine = (m: SentMessage) => m.text.split("\n")[0];
    assert.match(firstLine(ivan)!, /^⏰ До окончания 1[45] мин — ваша ставка лидирует$/);
    assert.match(firstLine(alice)!, /^⏰ Ending in 1[45] min — you were outbid$/);
    assert.match(firstLine(sam)!, /^⏰ Ending in 1[45] min — your auction$/);
    assert.match(firstLine(olga)!, /^⏰ До окончания 1[45] мин — вы следите за этим аукционом$/);
    assert.match(
      alice.text,
      /^⏰ .*\nAuction #2 “Brass clock”\n\nEnds .* UTC\. The price is now 12\.00\u00a0USDC\. The next bid must be at least 12\.60\u00a0USDC\./,
    );
    assert.match(
      String(alice.params.text).split("\n")[0]!,
      /^<b>⏰ Ending in 1[45] min — you were outbid<\/b>$/,
    );
  });
});

describe("notifications with a local WEB_URL, folding by block, and the dev terminal", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;
  let events: ReturnType<typeof gavelEvents>;
  const h = helpers(() => stack);

  before(async () => {
    stack = await startBotStack(cleanup, { env: { FEED_STREAM_RETRY_MS: "100" } });
    events = gavelEvents(stack.feed);
    await h.link(users.sam, wallets.sam);
    await h.link(users.alice, wallets.alice);
    events.createAuction(5, wallets.sam, "Desk lamp");
    await h.known(5);
  });
  after(() => cleanup.run());

  it("turns View and Bid again into buttons that answer with the link when Telegram would refuse the URL", async () => {
    await h.say(users.bob, "/follow 5");
    const start = stack.api.sent.length;
    events.bid(5, wallets.alice, USDC(3));
    const bob = await h.next(users.bob.id, start, (m) => m.text.includes("3.00"));
    assert.deepEqual(buttonsOf(bob), [
      [
        { text: "View", callback_data: "open:auction/5" },
        { text: "Bid again", callback_data: "open:auction/5#bid" },
      ],
      [{ text: "Stop following", callback_data: "unfollow:5" }],
    ]);
    const pressed = stack.api.sent.length;
    stack.api.pressButton(users.bob, bob.message, "open:auction/5#bid");
    const link = await h.next(users.bob.id, pressed, () => true);
    assert.equal(link.text, `${stack.webUrl}/auction/5#bid`);
  });

  it("shows the buttons as numbered choices in the dev terminal; a number presses one", async () => {
    const printed: string[] = [];
    const terminal = createTerminal(
      () => stack.api,
      users.bob,
      (line) => printed.push(line),
    );
    const bob = stack.api.sent.filter((m) => m.chatId === users.bob.id && m.text.includes("3.00")).at(-1)!;
    terminal.onSend(bob);
    assert.equal(printed.at(-1), "  [1] View  [2] Bid again  [3] Stop following");
    const start = stack.api.sent.length;
    terminal.input("1"); // a callback button: the bot answers with the link
    assert.equal(printed.at(-1), `← chat ${users.bob.id}: [1] View`);
    assert.equal((await h.next(users.bob.id, start, () => true)).text, `${stack.webUrl}/auction/5`);
    terminal.input("3"); // Stop following
    await waitForValue("the button to go", () => (bob.edits ?? 0) >= 1);
    const { rowCount } = await stack.db.query("select 1 from bot.follows where chat_id = $1", [users.bob.id]);
    assert.equal(rowCount, 0);
    terminal.input("3"); // the button is gone now
    assert.match(printed.at(-1)!, /no button \[3\]: the last message has 2/);
    // URL and web_app buttons print their link (the terminal has no browser).
    terminal.onSend({
      ...bob,
      message: {
        ...bob.message,
        reply_markup: {
          inline_keyboard: [
            [
              { text: "View", web_app: { url: "https://app.gavel.example/auction/5" } },
              { text: "Bid again", url: "https://gavel.example/auction/5#bid" },
            ],
          ],
        },
      },
    });
    terminal.input("2");
    assert.equal(printed.at(-1), "  opens https://gavel.example/auction/5#bid");
    terminal.input("1");
    assert.equal(printed.at(-1), "  opens inside Telegram: https://app.gavel.example/auction/5");
    // Any other line is a message to the bot.
    const textStart = stack.api.sent.length;
    terminal.input("/help");
    await h.next(users.bob.id, textStart, (m) => m.text.includes("/follow"));
  });

  it("folds one transaction's events into one message even when the stream delivers them apart, and sends it as soon as its block is complete", async () => {
    stack.feed.setStream(true);
    await waitForValue("the stream to open", () => stack.feed.openStreams() === 1, 20_000);
    const start = stack.api.sent.length;
    // A settlement: AuctionSettled and DealOpened in one transaction. The indexer has committed
    // both; its stream writes the second 1 s after the first (a loaded machine).
    const settled = stack.feed.add(
      "EnglishAuctionHouse",
      "AuctionSettled",
      { auctionId: "5", winner: wallets.alice, dealId: "5", price: USDC(3) },
      { streamLater: true },
    );
    const opened = stack.feed.add(
      "DealEscrow",
      "DealOpened",
      {
        dealId: "5",
        auctionId: "5",
        buyer: wallets.alice,
        seller: wallets.sam,
        amount: USDC(3),
        shipBy: String(Math.floor(Date.now() / 1000) + 604_800),
      },
      { sameBlock: true, streamLater: true },
    );
    stack.feed.stream(settled);
    await waitForValue("the settlement relayed", async () => {
      const { rows } = await stack.db.query("select cursor from bot.feed_state");
      return rows[0]?.cursor === settled.cursor;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(
      stack.api.sent.slice(start).filter((m) => m.chatId === users.sam.id).length,
      0,
      "the indexer has more of this block: nothing is sent yet",
    );
    stack.feed.stream(opened); // the block is complete now: no later block needed
    const sam = await h.next(users.sam.id, start, () => true);
    assert.match(
      sam.text,
      /Sold for 3\.00\u00a0USDC\. Deal #5 is open.*\n\nDeal opened for 3\.00\u00a0USDC\./s,
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(stack.api.sent.slice(start).filter((m) => m.chatId === users.sam.id).length, 1);
  });
});

describe("the Bot API stand-in checks markup and buttons as Telegram does", () => {
  const cleanup = new Cleanup();
  let api: Awaited<ReturnType<typeof startFakeBotApi>>;
  const call = async (method: string, body: object) => {
    const response = await fetch(`${api.apiRoot}/bot${api.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { ok: boolean; description?: string };
  };
  before(async () => {
    api = await startFakeBotApi();
    cleanup.add(() => api.close());
    api.knowChat(42, "Private");
    api.knowChat(-42, "Group");
  });
  after(() => cleanup.run());

  it("refuses web_app buttons outside private chats and outside https, and malformed HTML", async () => {
    const webApp = (url: string) => ({ inline_keyboard: [[{ text: "View", web_app: { url } }]] });
    assert.equal(
      (await call("sendMessage", { chat_id: -42, text: "x", reply_markup: webApp("https://a.example/") }))
        .description,
      "Bad Request: BUTTON_TYPE_INVALID",
    );
    assert.match(
      String(
        (await call("sendMessage", { chat_id: 42, text: "x", reply_markup: webApp("http://a.example/") }))
          .description,
      ),
      /Only HTTPS links are allowed/,
    );
    assert.ok(
      (await call("sendMessage", { chat_id: 42, text: "x", reply_markup: webApp("https://a.example/") })).ok,
    );
    assert.match(
      String((await call("sendMessage", { chat_id: 42, text: "<b>x", parse_mode: "HTML" })).description),
      /can't parse entities/,
    );
    assert.match(
      String((await call("sendMessage", { chat_id: 42, text: "a & b", parse_mode: "HTML" })).description),
      /can't parse entities/,
    );
    assert.equal(
      (
        await call("setChatMenuButton", {
          menu_button: { type: "web_app", text: "Gavel", web_app: { url: "http://a/" } },
        })
      ).description,
      "Bad Request: BUTTON_URL_INVALID",
    );
    assert.deepEqual(parseTelegramHtml("<b>1 &lt; 2 &amp;&#33;</b>"), { text: "1 < 2 &!" });
  });
});

describe("/me and the linking words", () => {
  const i18n = createI18n("https://gavel.example");
  const t = (key: string, args?: Record<string, string | number>) => i18n.t("en", key, args);
  const wallet = wallets.alice.toLowerCase();
  const now = 1_800_000_000;
  const auction = (id: string, status: Auction["status"], endTime: number | null, title: string): Auction =>
    ({
      id,
      title,
      status,
      endTime,
      startTime: now - 3_600,
      format: "english",
      leader: wallet,
      bidCount: 1,
      currentPrice: { raw: "5000000", decimal: "5" },
      finalPrice: null,
      winner: null,
    }) as unknown as Auction;

  it("/me lists only live auctions under Active", () => {
    const text = meSummary(t, "en", wallet, {
      account: {
        history: { auctions: [auction("4", "ended", now - 60, "Old listing")], deals: [], bids: [] },
        balances: [],
      } as unknown as Account,
      bidAuctions: [
        auction("1", "active", now + 600, "Live lamp"),
        auction("2", "ended", now - 60, "Ended vase"),
        auction("3", "settled", now - 600, "Sold chair"),
        auction("5", "active", now - 5, "Past its end"),
      ],
      now,
      webUrl: "https://gavel.example",
    });
    const active = text.split("\n\n").find((section) => section.startsWith("Active bids"))!;
    assert.match(
      active,
      /^Active bids \(1\):\n• #1 “Live lamp”: 5\.00\u00a0USDC, you lead\. Ends in 10 min\.$/,
    );
    assert.doesNotMatch(text, /Ended vase|Sold chair|Past its end|Old listing/);
    assert.match(text, /Your open listings: none\./);
  });

  it("the bot and the web app both say “Link Telegram” (ru: «Связать с Telegram»)", () => {
    // The web's catalogue comes in two parts (core: what browse needs; pages: the rest).
    const web = (locale: string) =>
      Object.assign(
        {},
        ...["core", "pages"].map(
          (part) =>
            JSON.parse(
              readFileSync(new URL(`../../web/src/lib/i18n/${locale}.${part}.json`, import.meta.url), "utf8"),
            ) as Record<string, string>,
        ),
      ) as Record<string, string>;
    const bot = (locale: string) =>
      readFileSync(new URL(`../locales/${locale}.ftl`, import.meta.url), "utf8");
    assert.equal(web("en")["settings.makeLink"], "Link Telegram");
    assert.equal(web("ru")["settings.makeLink"], "Связать с Telegram");
    assert.match(bot("en"), /“Link Telegram”/);
    assert.match(bot("ru"), /«Связать с Telegram»/);
    assert.doesNotMatch(bot("en"), /Connect Telegram/);
    assert.doesNotMatch(bot("ru"), /Подключить Telegram/);
  });
});
