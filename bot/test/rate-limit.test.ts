// Rate limits: the limiter against real Postgres with an injected clock, then floods through the
// real bot process and the fake Bot API.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import type { Update } from "grammy/types";
import pg from "pg";
import { RateLimiter, type RateLimits } from "../src/bot/middlewares/rate-limit.ts";
import { migrate } from "../src/db/migrate.ts";
import { type BotStack, Cleanup, startBotStack, users, waitForValue } from "./helpers.ts";

const DATA_ROOT = fileURLToPath(new URL("../../.data", import.meta.url));
const LIMITS: RateLimits = { windowMs: 60_000, user: 20, search: 10, chat: 30 };

describe("the rate limiter, on Postgres with an injected clock", () => {
  const cleanup = new Cleanup();
  const pools: pg.Pool[] = [];
  let clock = Date.parse("2026-12-01T12:00:00Z");
  const now = () => clock;
  // Two limiters on two pools: two bot processes sharing one database.
  let a: RateLimiter;
  let b: RateLimiter;

  before(async () => {
    const postgres = await startPostgres({
      dataDir: `${DATA_ROOT}/tmp-bot-${randomBytes(4).toString("hex")}`,
      port: await freePort(),
      ephemeral: true,
    });
    cleanup.add(() => postgres.stop());
    const url = await postgres.createDatabase("gavel_bot_limits");
    for (let i = 0; i < 2; i++) {
      const pool = new pg.Pool({ connectionString: url, max: 8 });
      cleanup.add(() => pool.end());
      pools.push(pool);
    }
    await migrate(pools[0]!);
    a = new RateLimiter(pools[0]!, LIMITS, now);
    b = new RateLimiter(pools[1]!, LIMITS, now);
  });
  after(() => cleanup.run());

  it("lets exactly the limit through a concurrent flood from two processes, and answers one refusal", async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).hit(1, { search: false })),
    );
    assert.equal(verdicts.filter((v) => v.allowed).length, 20);
    const refused = verdicts.filter((v) => !v.allowed);
    assert.equal(refused.length, 80);
    assert.equal(refused.filter((v) => v.answer).length, 1, "one answer per window, not one per update");
    assert.ok(refused.every((v) => v.limit === "user" && v.retryAfterSeconds === 60));
  });

  it("counts down the time left and lets the user in again once the window is over", async () => {
    clock += 15_400;
    const later = await a.hit(1);
    assert.ok(!later.allowed);
    assert.deepEqual([later.retryAfterSeconds, later.answer], [45, false]);
    clock += 44_600; // exactly one window after the first update
    assert.deepEqual(await b.hit(1), { allowed: true });
    for (let i = 1; i < 20; i++) assert.equal((await a.hit(1)).allowed, true);
    const over = await a.hit(1);
    assert.ok(!over.allowed && over.answer, "the new window's first refusal is answered again");
  });

  it("keeps other users apart and limits search separately and lower", async () => {
    const user = 2;
    for (let i = 0; i < 10; i++) assert.equal((await a.hit(user, { search: true })).allowed, true);
    const search = await b.hit(user, { search: true });
    assert.ok(!search.allowed && search.limit === "search" && search.answer);
    assert.equal((await a.hit(user)).allowed, true, "a plain command is still within the user limit");
    assert.deepEqual(await b.hit(3), { allowed: true });
  });

  it("limits a group as a whole and answers in it once, however many members flood it", async () => {
    const group = -100_777;
    const verdicts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).hit(1_000 + i, { groupId: group })),
    );
    assert.equal(verdicts.filter((v) => v.allowed).length, 30);
    const refused = verdicts.filter((v) => !v.allowed);
    assert.ok(refused.every((v) => v.limit === "chat"));
    assert.equal(refused.filter((v) => v.answer).length, 1);
  });

  it("prunes the rows of windows that are over, and only those", async () => {
    clock += 59_000;
    await a.hit(4); // a window that is still running
    clock += 1_000;
    assert.equal(a.pruneDue(), true);
    const keys = async () =>
      (await pools[0]!.query<{ key: string }>("select key from bot.rate_limits order by key")).rows.map(
        (r) => r.key,
      );
    assert.ok((await keys()).length > 50);
    await a.prune();
    assert.deepEqual(await keys(), ["user:4"]);
    assert.equal(a.pruneDue(), false);
  });
});

describe("rate limits, end to end", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;

  before(async () => {
    stack = await startBotStack(cleanup); // the default limits: 20 a minute, 10 searches, 30 a group
  });
  after(() => cleanup.run());

  const sentTo = (chatId: number) => stack.api.sent.filter((m) => m.chatId === chatId);
  const refusals = () => stack.output.filter((line) => line.includes("update refused: rate limit")).length;
  const handled = () => stack.output.filter((line) => line.includes('"msg":"update handled"')).length;
  /** Waits until the bot has handled `count` more updates than `before` (refused ones included). */
  const settle = async (before: number, count: number) => {
    await waitForValue(`${count} updates handled`, () => handled() >= before + count, 30_000);
    await waitForValue("the bot's answers", async () => stack.api.pendingUpdates() === 0);
    await new Promise((r) => setTimeout(r, 300)); // answers still on their way to the fake API
  };
  const flood = async (user: (typeof users)[keyof typeof users], count: number, text = "/help") => {
    const start = handled();
    for (let i = 0; i < count; i++) stack.api.sendText(user, text);
    await settle(start, count);
  };
  const metric = async (limit: string) => {
    const text = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`gavel_bot_rate_limited_total{limit="${limit}"}`));
    return line ? Number(line.split(" ")[1]) : 0;
  };

  // Telegram lets a bot write about once a second to one chat (the throttler keeps to it), so 20
  // answers take 20 s; refused updates cost no message and go by at once.
  it("answers 20 of 100 commands from one user, then once 'slow down', while another user is served", async () => {
    const start = handled();
    for (let i = 0; i < 100; i++) {
      stack.api.sendText(users.alice, "/help");
      if (i % 20 === 10) stack.api.sendText(users.bob, "/help");
    }
    await settle(start, 105);
    const alice = sentTo(users.alice.id);
    assert.equal(alice.length, 21, alice.map((m) => m.text.slice(0, 30)).join(" | "));
    assert.equal(alice.filter((m) => m.text.startsWith("I am Gavel's bot")).length, 20);
    const seconds = Number(/^Slow down — try again in (\d+) s\.$/.exec(alice.at(-1)!.text)?.[1]);
    assert.ok(seconds >= 1 && seconds <= 60, alice.at(-1)!.text);
    assert.equal(sentTo(users.bob.id).length, 5, "bob was refused during alice's flood");
    assert.equal(await metric("user"), 80);
  });

  it("answers an inline search flood 10 times, then once with the slow-down button, then not at all", async () => {
    const before = stack.api.inlineAnswers.length;
    const start = handled();
    const ids = Array.from({ length: 40 }, (_, i) => stack.api.inlineQuery(users.olga, `camera ${i}`));
    await settle(start, 40);
    const answers = stack.api.inlineAnswers.slice(before);
    assert.equal(answers.length, 11);
    const slow = answers.filter((a) => /Не так быстро/.test(JSON.stringify(a.params.button)));
    assert.equal(slow.length, 1, "the slow-down button is in the user's language (ru)");
    assert.deepEqual(slow[0]!.results, []);
    assert.ok(ids.includes(slow[0]!.inlineQueryId));
    assert.equal(await metric("search"), 30);
  });

  it("keeps the count across a restart: 15 before and 10 after give 20 answers and one slow-down", async () => {
    await flood(users.sam, 15);
    assert.equal(sentTo(users.sam.id).length, 15);
    await stack.restart();
    await flood(users.sam, 10);
    const sam = sentTo(users.sam.id);
    assert.equal(sam.length, 21);
    assert.match(sam.at(-1)!.text, /^Slow down/);
    // alice, refused before the restart, is still refused, silently, after it
    const aliceBefore = sentTo(users.alice.id).length;
    const refusedBefore = refusals();
    await flood(users.alice, 3);
    assert.equal(sentTo(users.alice.id).length, aliceBefore);
    assert.equal(refusals(), refusedBefore + 3);
  });

  describe("with 2 updates per user and 3 per group", () => {
    before(() => stack.restart({ env: { RATE_LIMIT_USER: "2", RATE_LIMIT_CHAT: "3" } }));

    it("says it in Russian to a Russian-speaking user, plain text included", async () => {
      await flood(users.ivan, 2, "/help");
      await flood(users.ivan, 5, "привет");
      const ivan = sentTo(users.ivan.id);
      assert.equal(ivan.length, 3);
      assert.match(ivan.at(-1)!.text, /^Не так быстро — попробуйте снова через \d+ с\.$/);
    });

    it("limits a group flooded by 10 members to 3 answers and one slow-down", async () => {
      const group = { id: -100_123, type: "group", title: "Bidders" };
      const start = handled();
      const command = (from: object, text: string, messageId: number) =>
        stack.api.pushUpdate({
          message: {
            message_id: messageId,
            from,
            chat: group,
            date: Math.floor(Date.now() / 1000),
            text,
            entities: [{ type: "bot_command", offset: 0, length: text.length }],
          },
        } as Omit<Update, "update_id">);
      for (let i = 0; i < 10; i++) {
        command(
          { id: 300_000 + i, is_bot: false, first_name: `M${i}`, language_code: "en" },
          "/help@gavel_test_bot",
          10_000 + i,
        );
      }
      // A command for another bot in the group is not ours to count (or answer).
      command({ id: 300_100, is_bot: false, first_name: "X" }, "/help@some_other_bot", 10_100);
      await settle(start, 11);
      const inGroup = sentTo(group.id);
      assert.equal(inGroup.length, 4, inGroup.map((m) => m.text.slice(0, 30)).join(" | "));
      assert.equal(inGroup.filter((m) => m.text.startsWith("Slow down")).length, 1);
      assert.equal(await metric("chat"), 7);
    });
  });

  describe("with a 3 s window", () => {
    before(() => stack.restart({ env: { RATE_LIMIT_WINDOW_S: "3" } }));

    it("answers again once the window is over", async () => {
      const user = { id: 200_050, first_name: "Nina", language_code: "en" };
      const floodStart = Date.now();
      await flood(user, 10);
      const first = sentTo(user.id);
      assert.equal(first.length, 3, first.map((m) => m.text.slice(0, 30)).join(" | "));
      const seconds = Number(/^Slow down — try again in (\d) s\.$/.exec(first.at(-1)!.text)?.[1]);
      assert.ok(seconds >= 1 && seconds <= 3, first.at(-1)!.text);
      await new Promise((r) => setTimeout(r, Math.max(0, floodStart + 3_100 - Date.now())));
      await flood(user, 1);
      assert.equal(sentTo(user.id).length, 4);
      assert.match(sentTo(user.id).at(-1)!.text, /^I am Gavel's bot/);
    });
  });
});
