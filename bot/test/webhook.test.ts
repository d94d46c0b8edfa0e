import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freePort } from "@gavel/scripts/lib/ports.ts";
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
  const start = (updateId: number) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { ...users.alice, is_bot: false },
      chat: { id: users.alice.id, type: "private", first_name: users.alice.first_name },
      date: Math.floor(Date.now() / 1000),
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  });

  it("registers its webhook with the secret token and does not poll", () => {
    assert.deepEqual(stack.api.webhook(), { url: hook, secret_token: SECRET });
    assert.equal(stack.api.calls.filter((c) => c.method === "getUpdates").length, 0);
  });

  it("refuses updates without the right secret token header", async () => {
    assert.equal((await post(start(1))).status, 401);
    assert.equal((await post(start(2), "wrong-secret-wrong-secret")).status, 401);
    assert.equal(stack.api.sent.length, 0);
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
});
