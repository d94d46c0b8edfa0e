import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import type pg from "pg";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { createHttpApp } from "../src/server.ts";
import { WebhookIngress } from "../src/webhook.ts";
import { type BotStack, Cleanup, startBotStack, users } from "./helpers.ts";

const SECRET = "webhook-secret-for-tests_0123";

describe("webhook mode", () => {
  const cleanup = new Cleanup();
  let stack: BotStack;
  let hook: string;

  before(async () => {
    const port = await freePort();
    hook = `http://127.0.0.1:${port}/telegram/updates`;
    stack = await startBotStack(cleanup, {
      env: { BOT_MODE: "webhook", WEBHOOK_URL: hook, WEBHOOK_SECRET: SECRET, HTTP_PORT: String(port) },
    });
  });
  after(() => cleanup.run());

  const post = (update: object, secret?: string) =>
    fetch(hook, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(update),
    });
  const start = (updateId: number, user: (typeof users)[keyof typeof users] = users.alice) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { ...user, is_bot: false },
      chat: { id: user.id, type: "private", first_name: user.first_name },
      date: Math.floor(Date.now() / 1000),
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  });

  it("registers its webhook with the secret token and does not poll", () => {
    assert.deepEqual(stack.api.webhook(), { url: hook, secret_token: SECRET });
    assert.equal(stack.api.calls.filter((c) => c.method === "getUpdates").length, 0);
  });

  it("refuses updates without the right secret token header, and does not handle them", async () => {
    stack.api.knowChat(users.bob.id);
    assert.equal((await post(start(1, users.bob))).status, 401);
    assert.equal((await post(start(2, users.bob), "wrong-secret-wrong-secret")).status, 401);
    assert.equal((await post(start(3, users.bob), `${SECRET}x`)).status, 401);
    assert.equal((await post(start(4, users.bob), SECRET.slice(0, -1))).status, 401);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stack.api.sent.length, 0);
    // Not even remembered: the first middleware that stores a chat never saw them.
    const { rowCount } = await stack.db.query("select 1 from bot.chats where chat_id = $1", [users.bob.id]);
    assert.equal(rowCount, 0);
    const metrics = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    assert.match(metrics, /^gavel_bot_webhook_requests_total\{outcome="unauthorized"\} 4$/m);
  });

  it("answers 400 to a body that is not a Telegram update, 404 elsewhere; /health and /metrics still served", async () => {
    const bad = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: "{not json",
    });
    assert.equal(bad.status, 400);
    assert.equal((await post({ message: {} }, SECRET)).status, 400);
    assert.equal((await post({ update_id: -1 }, SECRET)).status, 400);
    assert.equal((await fetch(hook)).status, 404);
    assert.equal((await fetch(`${stack.httpUrl}/nothing-here`)).status, 404);
    const health = await fetch(`${stack.httpUrl}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(((await health.json()) as { status: string }).status, "ok");
    const metrics = await fetch(`${stack.httpUrl}/metrics`);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(await metrics.text(), /^gavel_bot_webhook_requests_total\{outcome="invalid"\} 3$/m);
  });

  it("answers an update posted with the secret, once even when Telegram posts it again", async () => {
    stack.api.knowChat(users.alice.id);
    assert.equal((await post(start(10), SECRET)).status, 200);
    assert.equal((await post(start(10), SECRET)).status, 200);
    const reply = await stack.api.waitForMessage(users.alice.id);
    assert.match(reply.text, /^Welcome to Gavel, Alice!/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(stack.api.sent.filter((m) => m.chatId === users.alice.id).length, 1);
  });

  it("handles an update posted twice at once only once", async () => {
    stack.api.knowChat(users.sam.id);
    const answers = await Promise.all([
      post(start(11, users.sam), SECRET),
      post(start(11, users.sam), SECRET),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200],
    );
    await stack.api.waitForMessage(users.sam.id);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(stack.api.sent.filter((m) => m.chatId === users.sam.id).length, 1);
  });

  it("still knows a handled update_id after a restart: Telegram's re-post is answered 200, not handled", async () => {
    await stack.restart();
    assert.deepEqual(stack.api.webhook(), { url: hook, secret_token: SECRET });
    const before = stack.api.sent.length;
    assert.equal((await post(start(10), SECRET)).status, 200);
    assert.equal((await post(start(11, users.sam), SECRET)).status, 200);
    assert.equal((await post(start(12), SECRET)).status, 200); // a new update is handled
    await stack.api.waitForMessage(users.alice.id, (m) => stack.api.sent.indexOf(m) >= before);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      stack.api.sent.slice(before).map((m) => m.chatId),
      [users.alice.id],
    );
    const metrics = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    assert.match(metrics, /^gavel_bot_webhook_requests_total\{outcome="repeated"\} 2$/m);
    assert.match(metrics, /^gavel_bot_webhook_requests_total\{outcome="handled"\} 1$/m);
  });
});

describe("webhook ingress on its own (Hono app, a stand-in for the database)", () => {
  const handled: number[] = [];
  const recorded = new Set<number>();
  // The two statements WebhookIngress runs, answered from memory.
  const pool = {
    async query(sql: string, params: unknown[] = []) {
      const id = Number(params[0]);
      if (sql.startsWith("select")) return { rowCount: recorded.has(id) ? 1 : 0, rows: [] };
      if (sql.startsWith("insert")) recorded.add(id);
      return { rowCount: 1, rows: [] };
    },
  } as unknown as pg.Pool;
  let finishSlow: (() => void) | undefined;
  const ingress = new WebhookIngress({
    secret: SECRET,
    pool,
    timeoutMs: 200,
    logger: createLogger("silent"),
    metrics: createMetrics(),
    handleUpdate: async (update) => {
      if ("message" in update && update.message?.text === "slow")
        await new Promise<void>((resolve) => (finishSlow = resolve));
      handled.push(update.update_id);
    },
  });
  const app = createHttpApp({
    registry: createMetrics().registry,
    health: async () => ({ ok: true, checks: {} }),
    webhook: { path: "/hook", handle: ingress.handle },
  });
  const post = (update: object, secret = SECRET) =>
    app.request("/hook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });

  it("answers a slow update after the timeout and drops Telegram's re-post while it is still handled", async () => {
    const started = Date.now();
    const first = await post({ update_id: 7, message: { text: "slow" } });
    assert.equal(first.status, 200);
    assert.ok(Date.now() - started >= 190, "answered before the timeout");
    assert.deepEqual(handled, []); // still running
    assert.equal((await post({ update_id: 7, message: { text: "slow" } })).status, 200);
    finishSlow?.();
    await ingress.drain();
    assert.deepEqual(handled, [7]);
    assert.ok(recorded.has(7));
    assert.equal((await post({ update_id: 7, message: { text: "slow" } })).status, 200);
    assert.deepEqual(handled, [7]);
  });

  it("checks the header's value exactly (case of the header name does not matter)", async () => {
    assert.equal((await post({ update_id: 8 }, SECRET.toUpperCase())).status, 401);
    const ok = await app.request("/hook", {
      method: "POST",
      headers: { "X-TELEGRAM-BOT-API-SECRET-TOKEN": SECRET },
      body: JSON.stringify({ update_id: 8 }),
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(handled, [7, 8]);
  });
});
