// Delivery and every auction format against the real Gavel stack, shared by every test of this
// file: embedded Postgres, a Hardhat node with the contracts deployed by Ignition, the real
// indexer (`ponder start`), the real bot process and the fake Bot API. What the issue asks to see
// end to end: the ending-soon reminder (across a restart), 429 retried after retry_after, 403
// deactivating a chat, kill -9 in the middle of a fan-out (every message exactly once), a
// notification for each of Dutch, sealed-bid and rolling auctions, a refund credited rather than
// pushed and its withdrawal, and the lag behind the chain head.
//
// Order matters: the reminder test runs first, while chain time is still wall-clock time
// (reminders are due by the wall clock; later tests move chain time forward).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { rpc } from "@gavel/scripts/lib/chain.ts";
import { makeLinkToken } from "@gavel/sdk/link-token";
import { type SentMessage, tooManyRequests } from "../dev/fake-bot-api.ts";
import { formatTime, formatUsdc } from "../src/notify/format.ts";
import { type ChainDriver, chainDriver } from "./chain.ts";
import { type BotStack, Cleanup, LINK_SECRET, startBotStack, waitForValue } from "./helpers.ts";
import { type ChainStack, startChainStack } from "./real-stack.ts";

// Linked: sam (seller, account 1), alice (2), ivan (3), bob (4). Followers: fol, olga.
const sam = { id: 500_001, first_name: "Sam", language_code: "en" };
const alice = { id: 500_002, first_name: "Alice", language_code: "en" };
const ivan = { id: 500_003, first_name: "Иван", language_code: "ru" };
const bob = { id: 500_004, first_name: "Bob", language_code: "en" };
const fol = { id: 500_005, first_name: "Fol", language_code: "en" };
const olga = { id: 500_006, first_name: "Ольга", language_code: "ru" };
type User = typeof sam;
const WEB = "https://gavel.test";
const USDC = (whole: number) => BigInt(Math.round(whole * 1e6));
const FOLLOWERS = 60;
const FIRST_FOLLOWER = 600_000;

describe("delivery and auction formats on the real stack (chain, indexer, Postgres)", {
  timeout: 300_000,
}, () => {
  const cleanup = new Cleanup();
  let chain: ChainStack;
  let stack: BotStack;
  let c: ChainDriver;
  /** The English auction the delivery tests bid on. */
  let globe: bigint;
  const replies = new Set<SentMessage>();

  const say = async (user: User, text: string) => {
    const before = stack.api.sent.length;
    stack.api.sendText(user, text);
    const reply = await stack.api.waitForMessage(user.id, (m) => stack.api.sent.indexOf(m) >= before);
    replies.add(reply);
    return reply;
  };
  /** Notifications (not command replies) to `user` from index `from` of the sent messages on. */
  const notes = (user: User, from: number) =>
    stack.api.sent.slice(from).filter((m) => m.chatId === user.id && !replies.has(m));
  const waitNote = (user: User, pattern: RegExp, from = 0, timeoutMs = 20_000) =>
    stack.api.waitForMessage(
      user.id,
      (m) => !replies.has(m) && stack.api.sent.indexOf(m) >= from && pattern.test(m.text),
      timeoutMs,
    );
  const metric = async (name: string) => {
    const text = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    const value = new RegExp(`^${name.replace(/[{}"]/g, (ch) => `\\${ch}`)} (\\S+)$`, "m").exec(text)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const known = (id: bigint) =>
    waitForValue(
      `the bot to learn auction ${id}`,
      async () =>
        (
          await stack.db.query("select 1 from bot.auctions where auction_id = $1 and format is not null", [
            id,
          ])
        ).rowCount === 1,
      15_000,
    );
  const indexerJson = async <T>(path: string) =>
    (await (await fetch(`${chain.indexerUrl}${path}`)).json()) as T;
  const settleDown = () => new Promise((r) => setTimeout(r, 1_200)); // room for a duplicate to show

  before(async () => {
    chain = await startChainStack(cleanup);
    c = chainDriver(chain.rpcUrl, chain.addresses);
    stack = await startBotStack(cleanup, {
      databaseUrl: chain.databaseUrl,
      env: { INDEXER_URL: chain.indexerUrl, WEB_URL: WEB },
    });
    for (const [user, account] of [
      [sam, 1],
      [alice, 2],
      [ivan, 3],
      [bob, 4],
    ] as const) {
      const reply = await say(
        user,
        `/start link_${makeLinkToken({ address: c.address(account), secret: LINK_SECRET })}`,
      );
      assert.match(reply.text, /^(Done|Готово)/, reply.text);
    }
    for (const account of [2, 3, 4]) await c.approveAll(account);
  });
  after(() => cleanup.run());

  it("reminds a follower before the end, at the lead time it chose, across a restart", async () => {
    // Due 5 min before an end ~5 min 10 s away (chain time may run a little ahead of the clock).
    const now = Math.max(Math.floor(Date.now() / 1000), await c.chainNow());
    const endTime = now + 300 + 10;
    const { id } = await c.createEnglish(1, "Pocket watch", USDC(5), 0, { endTime });
    await known(id);
    await say(fol, `/follow ${id}`);
    await stack.db.query("update bot.chats set lead_times = '{300}' where chat_id = $1", [fol.id]);
    const from = stack.api.sent.length;
    await stack.restart(); // the reminder lives in bot.reminders, not in the process
    const reminder = await waitNote(fol, /Ending in/, from, 40_000);
    assert.ok(Date.now() / 1000 >= endTime - 300 - 1, "the reminder came early");
    assert.match(
      reminder.text,
      new RegExp(
        `^⏰ Ending in [45] min — you follow this auction\\nAuction #${id} “Pocket watch”\\n\\nEnds .* UTC\\.\\n\\n${WEB}/auction/${id}$`,
      ),
    );
    await settleDown();
    assert.equal(notes(fol, from).length, 1);
    // The seller keeps the default lead time (15 min), already past when the auction was created.
    assert.equal(notes(sam, from).filter((m) => m.text.includes("Ending in")).length, 0);
  });

  it("retries a 429 after retry_after: each message arrives once", async () => {
    ({ id: globe } = await c.createEnglish(1, "Brass globe", USDC(10), 3_600));
    await known(globe);
    await say(fol, `/follow ${globe}`);
    const from = stack.api.sent.length;
    const before429 = (await metric('gavel_bot_api_calls_total{method="sendMessage",outcome="429"}')) ?? 0;
    stack.api.stageFailures("sendMessage", ...Array.from({ length: 6 }, () => tooManyRequests(1)));
    await c.bid(2, globe, USDC(12)); // Alice leads at 10 USDC
    const follower = await waitNote(fol, /New bid/, from);
    assert.match(
      follower.text,
      new RegExp(`^Auction #${globe} “Brass globe”\\n\\nNew bid: the price is now 10\\.00\u00a0USDC\\.`),
    );
    await waitNote(sam, /New bid: the price is now 10\.00\u00a0USDC/, from);
    await settleDown();
    assert.equal(notes(fol, from).length, 1);
    assert.equal(notes(sam, from).length, 1);
    const after429 = (await metric('gavel_bot_api_calls_total{method="sendMessage",outcome="429"}')) ?? 0;
    assert.ok(after429 - before429 >= 6, `429 answers seen: ${after429 - before429}`);
  });

  it("deactivates a chat that blocked the bot (403) and writes to it no more", async () => {
    stack.api.blockChat(fol.id);
    const from = stack.api.sent.length;
    await c.bid(3, globe, USDC(20)); // Ivan outbids Alice (her 12 USDC maximum goes back)
    await waitNote(
      alice,
      /You were outbid — the price is now 12\.60\u00a0USDC\. Your 12\.00\u00a0USDC went back to your wallet\./,
      from,
    );
    await waitForValue("fol deactivated", async () => {
      const { rows } = await stack.db.query("select active from bot.chats where chat_id = $1", [fol.id]);
      return rows[0]?.active === false;
    });
    assert.equal(await metric("gavel_bot_chats_deactivated_total"), 1);
    const calls = () =>
      stack.api.calls.filter(
        (call) => call.method === "sendMessage" && Number(call.params.chat_id) === fol.id,
      ).length;
    const before = calls();
    const next = stack.api.sent.length;
    await c.bid(2, globe, USDC(30)); // Alice back in the lead
    await waitNote(sam, /New bid/, next);
    await waitNote(ivan, /Вашу ставку перебили/, next);
    await settleDown();
    assert.equal(calls(), before, "the bot wrote again to a chat that blocked it");
  });

  it("kill -9 in the middle of a fan-out, then restart: every message exactly once", async () => {
    const ids = Array.from({ length: FOLLOWERS }, (_, i) => FIRST_FOLLOWER + i);
    for (const id of ids) stack.api.knowChat(id);
    await stack.db.query("insert into bot.chats (chat_id, language) select unnest($1::bigint[]), 'en'", [
      ids,
    ]);
    await stack.db.query("insert into bot.follows (chat_id, auction_id) select unnest($1::bigint[]), $2", [
      ids,
      globe,
    ]);
    const from = stack.api.sent.length;
    /** Messages per (follower, price). */
    const tally = () => {
      const counts = new Map<string, number>();
      for (const m of stack.api.sent.slice(from)) {
        const price = /price is now (\S+)\sUSDC/.exec(m.text)?.[1];
        if (price && m.chatId >= FIRST_FOLLOWER) {
          const key = `${m.chatId}/${price}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      return counts;
    };
    await c.bid(3, globe, USDC(50)); // Ivan leads again
    await waitForValue(
      "part of the fan-out",
      () => stack.api.sent.slice(from).filter((m) => m.chatId >= FIRST_FOLLOWER).length >= 15,
      20_000,
    );
    // Freeze Telegram, let the bot record what was answered, then kill it hard; a bid is mined
    // while it is down.
    stack.api.pause();
    await new Promise((r) => setTimeout(r, 300));
    const beforeKill = stack.api.sent.slice(from).filter((m) => m.chatId >= FIRST_FOLLOWER).length;
    assert.ok(beforeKill < FOLLOWERS, `the fan-out finished before the kill (${beforeKill})`);
    await stack.restart({
      kill: true,
      beforeStart: async () => {
        await c.bid(2, globe, USDC(70)); // Alice outbids while the bot is down
        stack.api.resume();
      },
    });
    await waitForValue("both fan-outs", () => tally().size === 2 * FOLLOWERS, 60_000);
    await settleDown();
    const counts = tally();
    assert.deepEqual(
      [...counts].filter(([, n]) => n !== 1),
      [],
      "some (chat, bid) pairs got more than one message",
    );
    const prices = new Set([...counts.keys()].map((key) => key.split("/")[1]));
    assert.equal(prices.size, 2, [...prices].join(", "));
  });

  it("Dutch: the buyer, the seller and a follower each hear the sale at the exact price", async () => {
    const { id } = await c.createDutch(1, "Tulip bulbs", USDC(50), USDC(10), 600);
    await known(id);
    await say(olga, `/follow ${id}`);
    const from = stack.api.sent.length;
    const price = await c.buy(4, id, USDC(50));
    const en = formatUsdc("en", price.toString());
    const ru = formatUsdc("ru", price.toString());
    const bought = await waitNote(bob, /You bought it/, from);
    assert.match(
      bought.text,
      new RegExp(`^Auction #${id} “Tulip bulbs”\\n\\nYou bought it for ${en}! Deal #${id} is open`),
    );
    const sold = await waitNote(sam, /Sold for/, from);
    assert.match(sold.text, new RegExp(`Sold for ${en}\\. Deal #${id} is open`));
    await waitNote(olga, new RegExp(`Аукцион завершён: продано за ${ru}`), from);
    await settleDown();
    assert.equal(notes(bob, from).length, 1);
    assert.equal(notes(olga, from).length, 1);
  });

  it("sealed bids: commitments announced without amounts, reveals told to their bidders, the winner told", async () => {
    const { id } = await c.createSealed(1, "Sealed vase", USDC(10));
    await known(id);
    await say(olga, `/follow ${id}`);
    const from = stack.api.sent.length;
    await c.commit(2, id, USDC(20), "alice-secret", USDC(25));
    await waitNote(olga, /Поступила новая закрытая ставка/, from);
    await waitNote(sam, /A new sealed bid came in\. Amounts stay hidden until the reveal\./, from);
    await c.commit(3, id, USDC(30), "ivan-secret", USDC(30));
    await waitNote(alice, /A new sealed bid came in/, from);
    await c.travel(601);
    const revealed = stack.api.sent.length;
    await c.reveal(2, id, USDC(20), "alice-secret");
    await waitNote(alice, /Your sealed bid of 20\.00\u00a0USDC is revealed and leads\./, revealed);
    await c.reveal(3, id, USDC(30), "ivan-secret");
    await waitNote(ivan, /Ваша закрытая ставка 30,00\u00a0USDC вскрыта и лидирует\./, revealed);
    await waitNote(
      alice,
      /A higher sealed bid \(30\.00\u00a0USDC\) was revealed: you no longer lead\./,
      revealed,
    );
    await c.sealedSettle(4, id); // everyone revealed: settle at once
    const won = await waitNote(ivan, /Вы выиграли/, revealed);
    assert.match(won.text, new RegExp(`Вы выиграли за 30,00\u00a0USDC! Открыта сделка №${id}`));
    await waitNote(olga, /продано за 30,00\u00a0USDC/, revealed);
  });

  it("rolling rounds: a bid, the round won, and the next round announced to the listing's follower", async () => {
    const { id } = await c.createRolling(1, "Espresso cups", USDC(5), 2);
    await known(id);
    await say(olga, `/follow ${id}`);
    const from = stack.api.sent.length;
    await c.rollingBid(2, id, USDC(8));
    await waitNote(olga, /Новая ставка: цена теперь 5,00\u00a0USDC/, from);
    await c.travel(601);
    const round2 = await c.rollingSettle(4, id);
    assert.ok(round2 > 0n);
    await waitNote(alice, new RegExp(`You won for 5\\.00\u00a0USDC! Deal #${id} is open`), from);
    const next = await waitNote(olga, /Открыт раунд 2/, from);
    assert.match(
      next.text,
      new RegExp(`^Аукцион #${round2} “Espresso cups”\\n\\nОткрыт раунд 2: осталось единиц — 1\\.`),
    );
  });

  it("a refund that cannot be pushed is credited: one message with the amount and the dashboard; the withdrawal confirmed", async () => {
    const { id } = await c.createEnglish(1, "Field radio", USDC(5), 3_600);
    await known(id);
    await c.bid(4, id, USDC(5)); // Bob leads with 5 USDC in escrow
    await c.blacklist(4); // his address can no longer receive USDC
    const from = stack.api.sent.length;
    await c.bid(2, id, USDC(9));
    const outbid = await waitNote(bob, /outbid/, from);
    assert.equal(
      outbid.text,
      `Auction #${id} “Field radio”\n\nYou were outbid — the price is now 5.25\u00a0USDC. Your 5.00\u00a0USDC is waiting on Gavel for you to withdraw: USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused.\n\n${WEB}/auction/${id}\n${WEB}/dashboard`,
    );
    await c.blacklist(4, false);
    await c.withdraw(4);
    const withdrawn = await waitNote(bob, /You withdrew/, from);
    assert.equal(
      withdrawn.text,
      `Your Gavel account\n\nYou withdrew 5.00\u00a0USDC from your Gavel balance to your wallet.\n\n${WEB}/dashboard`,
    );
    await settleDown();
    assert.equal(
      notes(bob, from).length,
      2,
      notes(bob, from)
        .map((m) => m.text)
        .join("\n---\n"),
    );
  });

  it("a confirm pays the seller's wallet; an extended confirm window is told to the seller with the new deadline", async () => {
    const { id } = await c.createEnglish(1, "Camera bag", USDC(10), 600);
    await known(id);
    await c.bid(2, id, USDC(10));
    await c.travel(601);
    await c.settle(4, id);
    await c.ship(1, id);
    const from = stack.api.sent.length;
    await c.extendConfirmWindow(2, id, 86_400);
    const extended = await waitNote(sam, /extended the confirmation window/, from);
    const { deal } = await indexerJson<{ deal: { confirmExtension: number; confirmDeadline: number } }>(
      `/api/deals/${id}`,
    );
    assert.equal(deal.confirmExtension, 86_400);
    assert.ok(
      extended.text.includes(`the money is released to you after ${formatTime(deal.confirmDeadline, "en")}.`),
      extended.text,
    );
    const confirmed = stack.api.sent.length;
    await c.confirm(2, id);
    const paid = await waitNote(sam, /confirmed delivery/, confirmed);
    assert.match(paid.text, /The buyer confirmed delivery\. 9\.75\u00a0USDC was paid to your wallet\./);
    assert.ok(!paid.text.includes("/dashboard"), "nothing to withdraw: no dashboard link");
    await settleDown();
    assert.equal(notes(sam, confirmed).length, 1, "no separate balance note");
  });

  it("a ruling pays both wallets; a party whose transfer fails is told it can withdraw", async () => {
    const { id } = await c.createEnglish(1, "Tea set", USDC(20), 600);
    await known(id);
    await c.bid(3, id, USDC(20));
    await c.travel(601);
    await c.settle(4, id);
    await c.ship(1, id);
    const opened = stack.api.sent.length;
    await c.openDispute(3, id);
    // Sam's earlier notes (sold, dispute opened) arrive first, so that only the ruling's count below.
    await waitNote(sam, /opened a dispute/, opened);
    await c.blacklist(1); // the seller's wallet cannot receive USDC
    const from = stack.api.sent.length;
    await c.rule(0, id, 5_000);
    const buyer = await waitNote(ivan, /Решение арбитра/, from);
    assert.match(buyer.text, /10,00\u00a0USDC переведено на ваш кошелёк\./);
    const seller = await waitNote(sam, /The arbiter ruled/, from);
    assert.match(
      seller.text,
      /9\.75\u00a0USDC \(after the fee\) is yours to withdraw \(USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused\)\./,
    );
    assert.ok(seller.text.includes(`${WEB}/dashboard`));
    await settleDown();
    assert.equal(notes(sam, from).length, 1, "the credit's own note is replaced by the ruling's");
    await c.blacklist(1, false);
  });

  it("after a pause, followers hear that the auction's end moved, with the new end", async () => {
    const { id } = await c.createEnglish(1, "Cuckoo clock", USDC(5), 3_600);
    await known(id);
    await say(olga, `/follow ${id}`);
    type Detail = { auction: { endTime: number } };
    const before = (await indexerJson<Detail>(`/api/auctions/${id}`)).auction.endTime;
    const from = stack.api.sent.length;
    await c.setPaused(true);
    await c.travel(600);
    await c.setPaused(false);
    const moved = await waitNote(olga, /пауз/, from);
    const after = (await indexerJson<Detail>(`/api/auctions/${id}`)).auction.endTime;
    assert.ok(after - before >= 600, `moved by ${after - before} s`);
    assert.ok(moved.text.includes(`заканчивается ${formatTime(after, "ru")}.`), moved.text);
    const seller = await waitNote(sam, /Cuckoo clock[\s\S]*Gavel was paused for a while/, from);
    assert.ok(seller.text.includes(`now ends ${formatTime(after, "en")}.`), seller.text);
  });

  it("reports the lag behind the chain head: none once caught up, with the node's head block", async () => {
    for (let i = 0; i < 3; i++) await rpc(chain.rpcUrl, "evm_mine"); // blocks without activity
    const head = Number(await c.client.getBlockNumber({ cacheTime: 0 }));
    await waitForValue(
      "the bot to see the head, caught up",
      async () =>
        (await metric("gavel_bot_chain_head_block")) === head &&
        (await metric("gavel_bot_head_lag_blocks")) === 0,
      15_000,
    );
    assert.equal(await metric("gavel_bot_head_lag_seconds"), 0);
  });
});
