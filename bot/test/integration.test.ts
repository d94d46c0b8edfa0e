// The bot against the real Gavel stack: embedded Postgres, a Hardhat node with the contracts
// deployed by Ignition, the real indexer (`ponder start`), the real bot process and the fake Bot
// API. Users link wallets and follow an auction; Hardhat's development accounts create, bid,
// outbid, settle, ship, confirm and withdraw on chain; every chat must get exactly the right
// messages, once, in its language, and the commands must answer with the indexer's real data.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeLinkToken } from "@gavel/sdk/link-token";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { SentMessage } from "../dev/fake-bot-api.ts";
import { type ChainDriver, chainDriver } from "./chain.ts";
import { type BotStack, Cleanup, LINK_SECRET, startBotStack, waitForValue } from "./helpers.ts";
import { type ChainStack, startChainStack } from "./real-stack.ts";

// Telegram users; sam, alice, ivan and arbiter link development accounts 1, 2, 3 and 0.
const sam = { id: 300_001, first_name: "Sam", language_code: "en" };
const alice = { id: 300_002, first_name: "Alice", language_code: "en" };
const ivan = { id: 300_003, first_name: "Иван", language_code: "ru" };
const olga = { id: 300_004, first_name: "Ольга", language_code: "ru" };
const bob = { id: 300_005, first_name: "Bob", language_code: "en" };
const arbiter = { id: 300_006, first_name: "Ada", language_code: "en" };
const safeOwner = { id: 300_007, first_name: "Owen", language_code: "en" };
type User = typeof sam;
const WEB = "https://gavel.test";

describe("the bot on the real stack (chain, indexer, Postgres)", { timeout: 240_000 }, () => {
  const cleanup = new Cleanup();
  let chain: ChainStack;
  let stack: BotStack;
  let c: ChainDriver;
  let auctionId: bigint;
  /** Index in stack.api.sent where notifications for this test start being counted. */
  let since = 0;
  /** Replies to commands, kept out of the notification counts. */
  const replies = new Set<SentMessage>();

  const say = async (user: User, text: string) => {
    const before = stack.api.sent.length;
    stack.api.sendText(user, text);
    const reply = await stack.api.waitForMessage(user.id, (m) => stack.api.sent.indexOf(m) >= before);
    replies.add(reply);
    return reply;
  };
  const notes = (user: User) =>
    stack.api.sent.slice(since).filter((m) => m.chatId === user.id && !replies.has(m));
  const waitNote = (user: User, pattern: RegExp) =>
    stack.api.waitForMessage(user.id, (m) => !replies.has(m) && pattern.test(m.text), 15_000);

  before(async () => {
    chain = await startChainStack(cleanup);
    c = chainDriver(chain.rpcUrl, chain.addresses);
    stack = await startBotStack(cleanup, {
      databaseUrl: chain.databaseUrl,
      env: {
        INDEXER_URL: chain.indexerUrl,
        WEB_URL: WEB,
        // A Safe owner's own wallet, as production would list them; account 0 holds ARBITER_ROLE.
        ARBITER_ADDRESSES: c.address(5),
      },
    });
    for (const [user, account] of [
      [sam, 1],
      [alice, 2],
      [ivan, 3],
      [arbiter, 0],
      [safeOwner, 5],
    ] as const) {
      const reply = await say(
        user,
        `/start link_${makeLinkToken({ address: c.address(account), secret: LINK_SECRET })}`,
      );
      assert.match(reply.text, /^(Done|Готово)/, reply.text);
    }
    for (const account of [2, 3, 4]) await c.approve(account);
  });
  after(() => cleanup.run());

  it("shows a real auction's card, and its follow button follows and updates the card", async () => {
    ({ id: auctionId } = await c.createEnglish(1, "Leica M6", 10_000_000n, 3_600));
    await waitForValue(
      "the bot to learn the auction from the feed",
      async () =>
        (
          await stack.db.query("select 1 from bot.auctions where auction_id = $1 and title is not null", [
            auctionId,
          ])
        ).rowCount === 1,
      15_000,
    );
    const card = await say(olga, `/auction ${auctionId}`);
    assert.match(card.text, new RegExp(`^🔨 Аукцион #${auctionId} “Leica M6”\\nФормат: английский`));
    assert.match(card.text, /Цена: 10,00\u00a0USDC\nСтавок пока нет\.\nЗавершится через 1 ч /);
    assert.match(card.text, /Статус: идёт\n\nhttps:\/\/gavel\.test\/auction\/\d+$/);
    const keyboard = card.params.reply_markup as InlineKeyboardMarkup;
    const [open, follow] = keyboard.inline_keyboard.flat();
    assert.equal(open && "url" in open ? open.url : undefined, `${WEB}/auction/${auctionId}`);
    assert.equal(
      follow && "callback_data" in follow ? follow.callback_data : undefined,
      `card:follow:${auctionId}`,
    );
    stack.api.pressButton(olga, card.message, `card:follow:${auctionId}`);
    await waitForValue("the card to show Unfollow", () =>
      JSON.stringify(card.message.reply_markup).includes(`card:unfollow:${auctionId}`),
    );
    const { rowCount } = await stack.db.query(
      "select 1 from bot.follows where chat_id = $1 and auction_id = $2",
      [olga.id, auctionId],
    );
    assert.equal(rowCount, 1);
  });

  it("relays a bid and an outbid to the right chats, with exact amounts, in their language", async () => {
    since = stack.api.sent.length;
    await c.bid(2, auctionId, 12_345_678n); // Alice leads at the start price
    await waitNote(sam, /New bid/);
    await waitNote(olga, /Новая ставка/);
    await c.bid(3, auctionId, 20_000_000n); // Ivan outbids: price = 12.345678 + 5 %, rounded up
    const outbid = await waitNote(alice, /outbid/);
    assert.equal(
      outbid.text,
      `Auction #${auctionId} “Leica M6”\n\nYou were outbid — the price is now 12.96\u00a0USDC. Your 12.35\u00a0USDC went back to your wallet. The next bid must be at least 13.611111\u00a0USDC.\n\n${WEB}/auction/${auctionId}`,
    );
    const samNotes = await waitForValue("two bids to Sam", () => notes(sam).length === 2).then(() =>
      notes(sam),
    );
    assert.match(
      samNotes[0]!.text,
      /New bid: the price is now 10\.00\u00a0USDC\. The next bid must be at least 10\.50\u00a0USDC\. Ends /,
    );
    assert.match(
      samNotes[1]!.text,
      /New bid: the price is now 12\.96\u00a0USDC\. The next bid must be at least 13\.611111\u00a0USDC\. Ends /,
    );
    await waitNote(olga, /12,96\u00a0USDC/);
    assert.match(
      notes(olga)[1]!.text,
      /^Аукцион #\d+ “Leica M6”\n\nНовая ставка: цена теперь 12,96\u00a0USDC\./,
    );
  });

  it("answers /auction and /me with the indexer's data", async () => {
    const card = await say(bob, `/auction ${auctionId}`);
    assert.match(card.text, new RegExp(`Price: 12\\.96\u00a0USDC\\nLeader: ${c.address(3).slice(0, 6)}…`));
    assert.match(card.text, /\(2 bids\)/);
    const ivanMe = await say(ivan, "/me");
    assert.match(ivanMe.text, /Активные ставки \(1\):\n• #\d+ “Leica M6”: 12,96\u00a0USDC, вы лидируете\./);
    assert.match(ivanMe.text, /Можно вывести: ничего\./);
    const aliceMe = await say(alice, "/me");
    assert.match(aliceMe.text, /• #\d+ “Leica M6”: 12\.96\u00a0USDC, you were outbid\. Ends in /);
    const samMe = await say(sam, "/me");
    assert.match(samMe.text, /Your open listings \(1\):\n• #\d+ “Leica M6”: 12\.96\u00a0USDC, 2 bids\./);
    assert.match((await say(bob, "/me")).text, /not linked to a wallet/);
    assert.match((await say(bob, "/auction 999999")).text, /There is no auction #999999 on Gavel/);
  });

  it("offers auction cards in inline mode, by id and by words of the title", async () => {
    for (const query of [String(auctionId), "leica"]) {
      const answer = await stack.api.waitForInlineAnswer(stack.api.inlineQuery(bob, query));
      const [result] = answer.results as {
        id: string;
        title: string;
        input_message_content: { message_text: string };
        reply_markup: InlineKeyboardMarkup;
      }[];
      assert.equal(result?.id, `auction-${auctionId}`);
      assert.equal(result.title, `#${auctionId} “Leica M6”`);
      assert.match(result.input_message_content.message_text, /Price: 12\.96\u00a0USDC/);
      assert.ok(
        JSON.stringify(result.reply_markup).includes(`https://t.me/gavel_test_bot?start=follow_${auctionId}`),
      );
    }
    const none = await stack.api.waitForInlineAnswer(stack.api.inlineQuery(bob, "no such thing"));
    assert.equal(none.results.length, 0);
    assert.match(JSON.stringify(none.params.button), /No auction matches/);
  });

  it("settles, ships, confirms and withdraws: each party hears its part exactly once", async () => {
    await c.travel(4_000);
    await c.settle(4, auctionId);
    const won = await waitNote(ivan, /Вы выиграли/);
    assert.match(won.text, new RegExp(`Вы выиграли за 12,96\u00a0USDC! Открыта сделка №${auctionId}:`));
    assert.match(won.text, /7,04\u00a0USDC вашего эскроу вернулись на ваш кошелёк|7,04\u00a0USDC/);
    const sold = await waitNote(sam, /Sold for/);
    assert.match(sold.text, new RegExp(`Sold for 12\\.96\u00a0USDC\\. Deal #${auctionId} is open`));
    assert.match(sold.text, /Deal opened for 12\.96\u00a0USDC\. Ship by /);
    assert.ok(sold.text.endsWith(`${WEB}/auction/${auctionId}\n${WEB}/deal/${auctionId}`), sold.text);
    await waitNote(alice, /someone else won, at 12\.96\u00a0USDC/);
    await waitNote(olga, /продано за 12,96\u00a0USDC/);
    assert.match(
      (await say(sam, "/me")).text,
      new RegExp(`Deals waiting for you \\(1\\):\\n• #${auctionId} “Leica M6”: ship the item by `),
    );

    await c.ship(1, auctionId);
    await waitNote(ivan, /Продавец отправил ваш товар/);
    assert.match((await say(ivan, "/me")).text, /товар в пути; подтвердите получение \(12,96\u00a0USDC\)/);

    await c.confirm(3, auctionId);
    // Seller proceeds: 12.962962 − 2.5 % fee (0.324074, rounded down) = 12.638888.
    // The confirm pays the seller's wallet (DealCompleted pushed=true): nothing to withdraw.
    const confirmed = await waitNote(
      sam,
      /The buyer confirmed delivery\. 12\.64\u00a0USDC was paid to your wallet\./,
    );
    assert.ok(confirmed.text.endsWith(`${WEB}/deal/${auctionId}`), confirmed.text);
    await waitNote(ivan, /Вы подтвердили получение, сделка завершена\./);
    assert.match((await say(sam, "/me")).text, /Withdrawable: nothing\./);

    await new Promise((r) => setTimeout(r, 1_500)); // room for any duplicate or stray message
    const texts = (user: User) => notes(user).map((m) => m.text);
    assert.equal(notes(sam).length, 4, texts(sam).join("\n---\n")); // 2 bids, sold+deal, confirmed
    assert.equal(notes(ivan).length, 3, texts(ivan).join("\n---\n")); // won+escrow back, shipped, confirmed
    assert.equal(notes(alice).length, 2, texts(alice).join("\n---\n")); // outbid, lost
    assert.equal(notes(olga).length, 3, texts(olga).join("\n---\n")); // 2 bids, ended
    assert.equal(notes(bob).length, 0);
  });

  it("tells the arbiters (ARBITER_ROLE holders and ARBITER_ADDRESSES) about a dispute", async () => {
    const { id } = await c.createEnglish(1, "Tea set", 5_000_000n, 600);
    await c.bid(2, id, 5_000_000n);
    await c.travel(700);
    await c.settle(4, id);
    await c.ship(1, id);
    await c.openDispute(2, id);
    for (const user of [arbiter, safeOwner]) {
      const note = await waitNote(user, /A dispute needs an arbiter/);
      assert.match(
        note.text,
        new RegExp(
          `^Auction #${id} “Tea set”\\n\\n⚖️ A dispute needs an arbiter: 5\\.00\u00a0USDC in escrow\\. Please rule by `,
        ),
      );
    }
    await waitNote(alice, /You opened a dispute/);
    await waitNote(sam, /The buyer opened a dispute/);
  });

  it("answers /auction, /me and inline search when a rolling round has no bid yet (endTime null)", async () => {
    // The indexer serves `endTime: null` for a rolling round whose clock has not started.
    const { id } = await c.createRolling(5, "Pottery wheel", 7_000_000n, 3);
    await waitForValue(
      "the indexer to serve the rolling round",
      async () => (await fetch(`${chain.indexerUrl}/api/auctions/${id}`)).ok,
      15_000,
    );
    const served = (await (await fetch(`${chain.indexerUrl}/api/auctions/${id}`)).json()) as {
      auction: { endTime: number | null };
    };
    assert.equal(served.auction.endTime, null, "the round's clock has not started");

    const card = await say(bob, `/auction ${id}`);
    assert.match(card.text, new RegExp(`^🔨 Auction #${id} “Pottery wheel”\\nFormat: rolling rounds`));
    assert.match(
      card.text,
      /Price: 7\.00\u00a0USDC\nNo bids yet\.\nThe clock starts with the first bid\.\nStatus: open/,
    );
    const me = await say(safeOwner, "/me");
    assert.match(
      me.text,
      new RegExp(
        `Your open listings \\(1\\):\\n• #${id} “Pottery wheel”: 7\\.00\u00a0USDC, no bids\\. The clock starts with the first bid\\.`,
      ),
    );
    const answer = await stack.api.waitForInlineAnswer(stack.api.inlineQuery(bob, "pottery"));
    const [result] = answer.results as { id: string; input_message_content: { message_text: string } }[];
    assert.equal(result?.id, `auction-${id}`);
    assert.match(result.input_message_content.message_text, /The clock starts with the first bid\./);
  });

  it("answers clearly when the indexer is down", async () => {
    await chain.stopIndexer();
    assert.match((await say(bob, `/auction ${auctionId}`)).text, /can't reach Gavel's auction data/);
    assert.match((await say(ivan, "/me")).text, /Сейчас не получается связаться/);
    const answer = await stack.api.waitForInlineAnswer(stack.api.inlineQuery(bob, "leica"));
    assert.match(JSON.stringify(answer.params.button), /unreachable/);
  });
});
