import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeLinkToken } from "@gavel/sdk/link-token";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { SentMessage } from "../dev/fake-bot-api.ts";
import { gavelEvents } from "./feed-server.ts";
import {
  type BotStack,
  Cleanup,
  LINK_SECRET,
  startBotStack,
  users,
  waitForValue,
  wallets,
} from "./helpers.ts";

const token = (address: string, options: { expiresAt?: number; secret?: string } = {}) =>
  makeLinkToken({ address, secret: options.secret ?? LINK_SECRET, ...options });

describe("commands, end to end", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;
  let events: ReturnType<typeof gavelEvents>;

  before(async () => {
    stack = await startBotStack(cleanup);
    events = gavelEvents(stack.feed);
    events.createAuction(7, wallets.sam, "Vintage camera");
    events.createAuction(8, wallets.sam, "Brass telescope");
    await waitForValue("the bot to learn auctions 7 and 8", async () => {
      const { rows } = await stack.db.query("select 1 from bot.auctions where title is not null");
      return rows.length === 2;
    });
  });
  after(() => cleanup.run());

  const say = async (user: (typeof users)[keyof typeof users], text: string, match?: RegExp) => {
    const sentBefore = stack.api.sent.length;
    stack.api.sendText(user, text);
    return stack.api.waitForMessage(
      user.id,
      (m) => stack.api.sent.indexOf(m) >= sentBefore && (!match || match.test(m.text)),
    );
  };
  const walletOf = async (chatId: number) =>
    (
      await stack.db.query<{ wallet: string | null }>("select wallet from bot.chats where chat_id = $1", [
        chatId,
      ])
    ).rows[0]?.wallet;

  it("links a chat to the wallet of a good token and says so", async () => {
    const reply = await say(users.alice, `/start link_${token(wallets.alice)}`);
    assert.match(reply.text, /^Done: this chat is linked to wallet 0xa11c…0a11\./);
    assert.equal(await walletOf(users.alice.id), wallets.alice.toLowerCase());
  });

  it("refuses a reused token, even from the chat it linked, and the Russian reply is in Russian", async () => {
    const t = token(wallets.ivan);
    assert.match(
      (await say(users.ivan, `/start link_${t}`)).text,
      /^Готово: этот чат привязан к кошельку 0x1fa0…0002/,
    );
    const again = await say(users.ivan, `/start link_${t}`);
    assert.match(again.text, /^Эта ссылка уже использована/);
    const elsewhere = await say(users.bob, `/start link_${t}`);
    assert.equal(
      elsewhere.text,
      "This link was already used. Each link works once: press “Link Telegram” on Gavel for a new one.",
    );
    assert.equal(await walletOf(users.bob.id), null, "a reused token linked another chat");
  });

  it("refuses an expired token and a forged one with different messages", async () => {
    const expired = await say(
      users.bob,
      `/start link_${token(wallets.bob, { expiresAt: Math.floor(Date.now() / 1000) - 1 })}`,
    );
    assert.match(expired.text, /^This link has expired\./);
    const forged = await say(
      users.bob,
      `/start link_${token(wallets.bob, { secret: "someone-elses-secret!" })}`,
    );
    assert.match(forged.text, /^This link is not valid: it was not made by Gavel/);
    const garbage = await say(users.bob, "/start link_abc");
    assert.match(garbage.text, /^This link is not valid/);
    assert.equal(await walletOf(users.bob.id), null);
  });

  it("unlinks on /unlink and says when there is nothing to unlink", async () => {
    await say(users.bob, `/start link_${token(wallets.bob)}`, /^Done/);
    assert.match((await say(users.bob, "/unlink")).text, /^This chat is no longer linked to 0xb0b0…0b0b\./);
    assert.equal(await walletOf(users.bob.id), null);
    assert.match((await say(users.bob, "/unlink")).text, /^This chat is not linked to a wallet\./);
  });

  it("follows by number, #number, dApp link and /start follow_<id>, and lists what a chat follows", async () => {
    const done = await say(users.olga, "/follow 7");
    assert.match(done.text, /^Вы следите за аукционом #7 “Vintage camera”\./);
    assert.ok(done.text.includes(`${stack.webUrl}/auction/7`));
    assert.match((await say(users.olga, "/follow #7")).text, /^Вы уже следите за аукционом #7/);
    assert.match(
      (await say(users.sam, `/follow ${stack.webUrl}/auction/8?ref=share`)).text,
      /^You follow auction #8 “Brass telescope”\./,
    );
    assert.match((await say(users.sam, "/start follow_7")).text, /^You follow auction #7 “Vintage camera”\./);
    const list = await say(users.sam, "/following");
    assert.equal(list.text, "You follow 2 auctions:\n• #8 “Brass telescope”\n• #7 “Vintage camera”");
  });

  it("unfollows, and answers bad arguments with a short example", async () => {
    assert.equal((await say(users.sam, "/unfollow 8")).text, "You no longer follow auction #8.");
    assert.match((await say(users.sam, "/unfollow 8")).text, /^You don't follow auction #8\./);
    assert.equal((await say(users.sam, "/following")).text, "You follow one auction:\n• #7 “Vintage camera”");
    assert.match((await say(users.sam, "/follow")).text, /^Which auction\? .*\/follow 12$/);
    assert.match(
      (await say(users.sam, "/follow banana")).text,
      /^“banana” is not an auction number or link\./,
    );
    assert.match((await say(users.sam, "/follow 0")).text, /^“0” is not an auction number or link\./);
    assert.match((await say(users.sam, "/follow 999")).text, /^I don't know auction #999\./);
    assert.match((await say(users.sam, "/unfollow")).text, /^Which auction\?/);
    assert.match((await say(users.sam, "/start follow_x")).text, /is not an auction number or link/);
    assert.equal(
      (await say(users.alice, "/following")).text.split("\n")[0],
      "You don't follow any auction. Send /follow with an auction's number or link.",
    );
  });

  it("switches notification kinds, reminder lead times and language from /settings, and keeps them", async () => {
    const menu = await say(users.alice, "/settings");
    const buttons = () =>
      (
        stack.api.sent.find((m) => m === menu)!.message as { reply_markup?: InlineKeyboardMarkup }
      ).reply_markup!.inline_keyboard.flat();
    const button = (data: string) => buttons().find((b) => "callback_data" in b && b.callback_data === data)!;
    assert.equal(button("set:kind:bids").text, "✅ New bids");
    assert.equal(button("set:lead:900").text, "✅ 15 min");
    assert.equal(button("set:lead:3600").text, "▫️ 1 h");

    const press = async (data: string, edits: number) => {
      stack.api.pressButton(users.alice, menu.message, data);
      await waitForValue(`the menu to change after ${data}`, () => (menu.edits ?? 0) >= edits);
    };
    await press("set:kind:bids", 1);
    assert.equal(button("set:kind:bids").text, "▫️ New bids");
    await press("set:lead:3600", 2);
    await press("set:lead:900", 3);
    assert.equal(button("set:lead:3600").text, "✅ 1 h");
    assert.equal(button("set:lead:900").text, "▫️ 15 min");
    await press("set:lang:ru", 4);
    assert.match(menu.text, /^Уведомления: нажмите/);
    assert.equal(button("set:kind:outbid").text, "✅ Вашу ставку перебили");
    assert.equal(button("set:lead:3600").text, "✅ 1 ч");
    const answers = stack.api.calls.filter((c) => c.method === "answerCallbackQuery");
    assert.ok(answers.length >= 4 && answers.at(-1)!.params.text === "Сохранено");

    const { rows } = await stack.db.query(
      "select language, muted_kinds, lead_times from bot.chats where chat_id = $1",
      [users.alice.id],
    );
    assert.deepEqual(rows[0], { language: "ru", muted_kinds: ["bids"], lead_times: [3600] });
    // A restart keeps them: the next /settings shows the same state, in Russian.
    await stack.restart();
    const again: SentMessage = await say(users.alice, "/settings");
    assert.match(again.text, /^Уведомления/);
    const markup = (
      again.message as { reply_markup?: InlineKeyboardMarkup }
    ).reply_markup!.inline_keyboard.flat();
    assert.deepEqual(
      markup.filter((b) => b.text.startsWith("✅")).map((b) => b.text),
      [
        "✅ Вашу ставку перебили",
        "✅ Скорое окончание",
        "✅ Итоги",
        "✅ Сделки",
        "✅ Споры",
        "✅ Средства",
        "✅ 1 ч",
      ],
    );
  });
});
