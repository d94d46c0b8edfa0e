import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startProcess } from "@gavel/scripts/lib/processes.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { BOT_DIR } from "./helpers.ts";

const valid = {
  BOT_TOKEN: "123456:AAH-abcdefghijklmnopqrstuvwxyz012345",
  DATABASE_URL: "postgres://gavel:gavel@127.0.0.1:5432/gavel",
};

function problemsWith(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.variables;
  }
  assert.fail("the configuration was accepted");
}

describe("configuration", () => {
  it("rejects a missing or empty BOT_TOKEN, naming it", () => {
    assert.deepEqual(problemsWith({ DATABASE_URL: valid.DATABASE_URL }), ["BOT_TOKEN"]);
    assert.deepEqual(problemsWith({ ...valid, BOT_TOKEN: "" }), ["BOT_TOKEN"]);
    assert.throws(() => loadConfig({ DATABASE_URL: valid.DATABASE_URL }), /BOT_TOKEN is required/);
  });

  it("reads ARBITER_ADDRESSES as lower-case addresses and names it when one is not an address", () => {
    assert.deepEqual(loadConfig(valid).arbiters, []);
    assert.deepEqual(
      loadConfig({
        ...valid,
        ARBITER_ADDRESSES:
          " 0xAbC0000000000000000000000000000000000001 ,0x00000000000000000000000000000000000000b2,",
      }).arbiters,
      ["0xabc0000000000000000000000000000000000001", "0x00000000000000000000000000000000000000b2"],
    );
    assert.deepEqual(problemsWith({ ...valid, ARBITER_ADDRESSES: "0x1234,alice.eth" }), [
      "ARBITER_ADDRESSES",
    ]);
  });

  it("reads the rate limits, with defaults, and names a bad one", () => {
    assert.deepEqual(loadConfig(valid).rateLimit, { windowMs: 60_000, user: 20, search: 10, chat: 30 });
    assert.deepEqual(
      loadConfig({
        ...valid,
        RATE_LIMIT_WINDOW_S: "5",
        RATE_LIMIT_USER: "3",
        RATE_LIMIT_SEARCH: "2",
        RATE_LIMIT_CHAT: "9",
      }).rateLimit,
      { windowMs: 5_000, user: 3, search: 2, chat: 9 },
    );
    assert.deepEqual(problemsWith({ ...valid, RATE_LIMIT_USER: "0" }), ["RATE_LIMIT_USER"]);
    assert.deepEqual(problemsWith({ ...valid, RATE_LIMIT_WINDOW_S: "a minute" }), ["RATE_LIMIT_WINDOW_S"]);
    assert.deepEqual(problemsWith({ ...valid, RATE_LIMIT_SEARCH: "2.5", RATE_LIMIT_CHAT: "-1" }).sort(), [
      "RATE_LIMIT_CHAT",
      "RATE_LIMIT_SEARCH",
    ]);
  });

  it("names every bad variable at once", () => {
    assert.deepEqual(
      problemsWith({ ...valid, BOT_TOKEN: "nope", HTTP_PORT: "eighty", WEB_URL: "gavel.example" }).sort(),
      ["BOT_TOKEN", "HTTP_PORT", "WEB_URL"],
    );
  });

  it("requires WEBHOOK_URL and WEBHOOK_SECRET in webhook mode and checks the link secret's length", () => {
    assert.deepEqual(problemsWith({ ...valid, BOT_MODE: "webhook" }).sort(), [
      "WEBHOOK_SECRET",
      "WEBHOOK_URL",
    ]);
    assert.deepEqual(
      problemsWith({
        ...valid,
        BOT_MODE: "webhook",
        WEBHOOK_URL: "http://bot.example/hook",
        WEBHOOK_SECRET: "x".repeat(20),
      }),
      ["WEBHOOK_URL"],
    );
    assert.deepEqual(problemsWith({ ...valid, LINK_TOKEN_SECRET: "short" }), ["LINK_TOKEN_SECRET"]);
    assert.deepEqual(problemsWith({ ...valid, CONFIRMATIONS: "-1", FEED_POLL_MS: "soon" }).sort(), [
      "CONFIRMATIONS",
      "FEED_POLL_MS",
    ]);
    // Replaced by folding per block: a deployment still setting it is told so, not ignored.
    assert.deepEqual(problemsWith({ ...valid, FOLD_WINDOW_MS: "400" }), ["FOLD_WINDOW_MS"]);
    // Telegram opens web apps over https only.
    assert.deepEqual(problemsWith({ ...valid, WEB_APP_URL: "http://gavel.example" }), ["WEB_APP_URL"]);
    assert.equal(
      loadConfig({ ...valid, WEB_APP_URL: "https://gavel.example/" }).webAppUrl,
      "https://gavel.example",
    );
    const config = loadConfig({
      ...valid,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example/hook",
      WEBHOOK_SECRET: "s".repeat(16),
    });
    assert.deepEqual(config.webhook, { url: "https://bot.example/hook", secret: "s".repeat(16) });
    assert.equal(config.confirmations, 0);
    assert.equal(config.webAppUrl, undefined);
  });

  it("drops a trailing slash from BOT_API_ROOT and fills defaults", () => {
    const config = loadConfig({ ...valid, BOT_API_ROOT: "http://127.0.0.1:8081/" });
    assert.equal(config.botApiRoot, "http://127.0.0.1:8081");
    assert.equal(config.webUrl, "http://127.0.0.1:5173");
    assert.equal(config.httpPort, 3100);
  });

  it("stops `node src/main.ts` at start-up with a message naming BOT_TOKEN", async () => {
    const output: string[] = [];
    const env = { ...process.env, BOT_TOKEN: "", DATABASE_URL: valid.DATABASE_URL };
    const bot = startProcess("bot", process.execPath, ["src/main.ts"], {
      cwd: BOT_DIR,
      env,
      onLine: (line) => output.push(line),
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve("still running after 20 s"), 20_000);
      });
      const code = await Promise.race([bot.exited, timeout]);
      assert.equal(code, 1);
      assert.match(output.join("\n"), /invalid configuration: BOT_TOKEN is required/);
    } finally {
      clearTimeout(timer);
      await bot.stop();
    }
  });
});
