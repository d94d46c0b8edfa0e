// Shared set-up for the bot's end-to-end tests: embedded Postgres, the fake Bot API, and the
// real bot process (`node src/main.ts`) wired to both, with everything torn down afterwards.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { type Child, startProcess } from "@gavel/scripts/lib/processes.ts";
import pg from "pg";
import { type FakeBotApi, type FakeBotApiOptions, startFakeBotApi } from "../dev/fake-bot-api.ts";
import { type FeedServer, startFeedServer } from "./feed-server.ts";

export const BOT_DIR = fileURLToPath(new URL("..", import.meta.url));
const DATA_ROOT = fileURLToPath(new URL("../../.data", import.meta.url));

/** Runs registered clean-ups in reverse order; every one runs even if another fails. */
export class Cleanup {
  readonly #steps: (() => Promise<unknown>)[] = [];
  add(step: () => Promise<unknown>) {
    this.#steps.push(step);
  }
  async run() {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      await step().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw new AggregateError(errors, "clean-up failed");
  }
}

export interface BotStack {
  api: FakeBotApi;
  feed: FeedServer;
  db: pg.Pool;
  databaseUrl: string;
  webUrl: string;
  bot: Child;
  /** http://127.0.0.1:<HTTP_PORT> of the bot process. */
  httpUrl: string;
  /** Every line the bot process printed (JSON logs), across restarts. */
  output: string[];
  /**
   * Stops the bot (SIGTERM, or SIGKILL with `kill: true`) and starts a new process on the same
   * database, with `env` added to its environment from then on.
   */
  restart(options?: {
    kill?: boolean;
    beforeStart?: () => Promise<void> | void;
    env?: Record<string, string>;
  }): Promise<void>;
}

export const LINK_SECRET = "test-link-secret-0123456789";

export interface StackOptions {
  /** Extra environment for the bot process. */
  env?: Record<string, string>;
  /** Options for the fake Bot API. */
  api?: FakeBotApiOptions;
  /** An existing database (the real stack's) instead of a new embedded Postgres. */
  databaseUrl?: string;
}

export async function startBotStack(cleanup: Cleanup, options: StackOptions = {}): Promise<BotStack> {
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const postgres = await startPostgres({
      dataDir: `${DATA_ROOT}/tmp-bot-${randomBytes(4).toString("hex")}`,
      port: await freePort(),
      ephemeral: true,
    });
    cleanup.add(() => postgres.stop());
    databaseUrl = await postgres.createDatabase("gavel_bot_test");
  }
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  cleanup.add(() => db.end());

  const api = await startFakeBotApi(options.api);
  cleanup.add(() => api.close());
  const feed = await startFeedServer();
  cleanup.add(() => feed.close());

  const httpPort = options.env?.HTTP_PORT ? Number(options.env.HTTP_PORT) : await freePort();
  const webUrl = "http://127.0.0.1:5999";
  const output: string[] = [];
  const env = {
    BOT_TOKEN: api.token,
    BOT_API_ROOT: `${api.apiRoot}/`, // a trailing slash must be tolerated
    DATABASE_URL: databaseUrl,
    WEB_URL: webUrl,
    INDEXER_URL: feed.url,
    HTTP_PORT: String(httpPort),
    LOG_LEVEL: "debug",
    POLLING_TIMEOUT: "10",
    LINK_TOKEN_SECRET: LINK_SECRET,
    CHAIN_ID: "31337", // the tests' link secret is published: only the local chain accepts it
    FEED_POLL_MS: "100",
    HEAD_POLL_MS: "200",
    ...options.env,
  };
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const launch = async () => {
    const child = startProcess("bot", process.execPath, ["src/main.ts"], {
      cwd: BOT_DIR,
      env,
      onLine: (line) => {
        output.push(line);
        if (process.env.BOT_TEST_LOG) console.error(line);
      },
    });
    cleanup.add(() => child.stop());
    await Promise.race([
      waitFor("the bot's /health", async () => (await fetch(`${httpUrl}/health`)).ok, { timeoutMs: 30_000 }),
      child.exited.then((code) => {
        throw new Error(`the bot exited (${code}) during start-up:\n${output.slice(-20).join("\n")}`);
      }),
    ]);
    return child;
  };
  const stack: BotStack = {
    api,
    feed,
    db,
    databaseUrl,
    webUrl,
    bot: await launch(),
    httpUrl,
    output,
    async restart({ kill = false, beforeStart, env: more } = {}) {
      Object.assign(env, more);
      if (kill) {
        stack.bot.process.kill("SIGKILL");
        await stack.bot.exited;
      } else {
        await stack.bot.stop(10_000);
      }
      await beforeStart?.();
      stack.bot = await launch();
    },
  };
  return stack;
}

/** Polls until `probe` is true, failing with `what` after `timeoutMs`. */
export async function waitForValue(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Test users: Telegram user, and (for linked ones) the wallet, mixed-case as the indexer gives it. */
export const users = {
  alice: { id: 200_001, first_name: "Alice", language_code: "en" },
  ivan: { id: 200_002, first_name: "Иван", language_code: "ru" },
  bob: { id: 200_003, first_name: "Bob", language_code: "en" },
  sam: { id: 200_004, first_name: "Sam", language_code: "en" },
  olga: { id: 200_005, first_name: "Ольга", language_code: "ru" },
};
export const wallets = {
  alice: "0xA11cE00000000000000000000000000000000a11",
  ivan: "0x1Fa0000000000000000000000000000000000002",
  bob: "0xB0B0000000000000000000000000000000000b0b",
  sam: "0x5a11e70000000000000000000000000000000005",
  olga: "0x01Ga000000000000000000000000000000000005",
};
