import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tooManyRequests } from "../dev/fake-bot-api.ts";
import { type BotStack, Cleanup, startBotStack } from "./helpers.ts";

const ivan = { id: 100_001, first_name: "Иван", language_code: "ru" };
const alice = { id: 100_002, first_name: "Alice", language_code: "en" };
const pedro = { id: 100_003, first_name: "Pedro", language_code: "pt-br" };

describe("the bot, end to end over a local Bot API", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;

  before(async () => {
    stack = await startBotStack(cleanup);
  });
  after(() => cleanup.run());

  it("publishes its command menu in English and Russian at start-up", () => {
    const menus = stack.api.calls.filter((c) => c.method === "setMyCommands");
    const en = menus.find((c) => c.params.language_code === undefined);
    const ru = menus.find((c) => c.params.language_code === "ru");
    assert.ok(en && ru, "a menu is missing");
    assert.deepEqual(
      (en.params.commands as { command: string }[]).map((c) => c.command),
      ["start", "auction", "me", "follow", "unfollow", "following", "settings", "unlink", "help"],
    );
    assert.match(JSON.stringify(ru.params.commands), /Что умеет этот бот/);
  });

  it("welcomes a Russian-speaking user in Russian with a link to the dApp", async () => {
    stack.api.sendText(ivan, "/start");
    const reply = await stack.api.waitForMessage(ivan.id);
    assert.match(reply.text, /^Добро пожаловать в Gavel, Иван!/);
    assert.ok(reply.text.includes(stack.webUrl), `no dApp link in: ${reply.text}`);
    assert.doesNotMatch(reply.text, /[\u2068\u2069]/, "Fluent isolation marks leaked into the text");
  });

  it("welcomes an English-speaking user in English", async () => {
    stack.api.sendText(alice, "/start");
    const reply = await stack.api.waitForMessage(alice.id);
    assert.match(reply.text, /^Welcome to Gavel, Alice!/);
    assert.ok(reply.text.includes(stack.webUrl));
  });

  it("answers a language it has no texts for in English", async () => {
    stack.api.sendText(pedro, "/start");
    const reply = await stack.api.waitForMessage(pedro.id);
    assert.match(reply.text, /^Welcome to Gavel, Pedro!/);
  });

  it("stores each chat once, with its language and when it was first seen", async () => {
    stack.api.sendText(ivan, "/help"); // a second update from a known chat must not add a row
    await stack.api.waitForMessage(ivan.id, (m) => m.text.startsWith("Я бот Gavel"));
    const { rows } = await stack.db.query<{ chat_id: string; language: string; first_seen: Date }>(
      "select chat_id, language, first_seen from bot.chats order by chat_id",
    );
    assert.deepEqual(
      rows.map((r) => [Number(r.chat_id), r.language]),
      [
        [ivan.id, "ru"],
        [alice.id, "en"],
        [pedro.id, "en"],
      ],
    );
    for (const row of rows) assert.ok(Date.now() - row.first_seen.getTime() < 120_000);
  });

  it("answers an unknown command with a pointer to /help, in the user's language", async () => {
    stack.api.sendText(alice, "/frobnicate now");
    const en = await stack.api.waitForMessage(alice.id, (m) => m.text.includes("/frobnicate"));
    assert.equal(en.text, "I don't know the command /frobnicate. Send /help to see the ones I understand.");
    stack.api.sendText(ivan, "/frobnicate");
    const ru = await stack.api.waitForMessage(ivan.id, (m) => m.text.includes("/frobnicate"));
    assert.match(ru.text, /^Я не знаю команду \/frobnicate\./);
  });

  it("retries a reply that Telegram rate-limited with 429, after retry_after", async () => {
    stack.api.stageFailures("sendMessage", tooManyRequests(1));
    const pushedAt = Date.now();
    stack.api.sendText(alice, "/help");
    const reply = await stack.api.waitForMessage(alice.id, (m) => m.text.startsWith("I am Gavel's bot"));
    const attempts = stack.api.calls.filter((c) => c.method === "sendMessage" && c.at >= pushedAt);
    assert.equal(attempts.length, 2, "one refused attempt and one that went through");
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 1_000, "retried before retry_after had passed");
    assert.ok(reply.text.includes(stack.webUrl));
  });

  it("survives a user who blocked it and keeps answering others", async () => {
    const blocker = { id: 100_004, first_name: "Bob", language_code: "en" };
    stack.api.sendText(blocker, "/start"); // stores the chat and gets a welcome
    await stack.api.waitForMessage(blocker.id);
    stack.api.blockChat(blocker.id);
    const sentBefore = stack.api.sent.length;
    stack.api.sendText(blocker, "/help");
    stack.api.sendText(alice, "/help");
    await stack.api.waitForMessage(alice.id, (m) => stack.api.sent.indexOf(m) >= sentBefore);
    await waitForMetric(stack, /^gavel_bot_api_calls_total\{method="sendMessage",outcome="403"\} [1-9]/m);
    assert.equal(stack.bot.process.exitCode, null, "the bot process died");
  });

  it("reports health and Prometheus metrics over HTTP", async () => {
    const health = await fetch(`${stack.httpUrl}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), {
      status: "ok",
      checks: { database: true, updates: true, feed: true },
    });
    const metrics = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    assert.match(metrics, /^gavel_bot_updates_total\{type="message"\} ([5-9]|\d{2,})$/m);
    assert.match(metrics, /^gavel_bot_api_calls_total\{method="sendMessage",outcome="429"\} 1$/m);
  });

  it("confirms every update it took and stops cleanly on SIGTERM", async () => {
    // The runner confirms updates with the offset of its next getUpdates call.
    await waitForValue("every update confirmed", () => stack.api.pendingUpdates() === 0);
    await stack.bot.stop(10_000);
    assert.equal(await stack.bot.exited, 0, stack.output.slice(-10).join("\n"));
    assert.ok(stack.output.some((line) => line.includes('"msg":"stopped"')));
  });
});

async function waitForMetric(stack: BotStack, pattern: RegExp) {
  await waitForValue(`metric ${pattern}`, async () =>
    pattern.test(await (await fetch(`${stack.httpUrl}/metrics`)).text()),
  );
}

async function waitForValue(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
