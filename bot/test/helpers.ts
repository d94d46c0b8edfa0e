// Shared set-up for the bot's end-to-end tests: embedded Postgres, the fake Bot API, and the
// real bot process (`node src/main.ts`) wired to both, with everything torn down afterwards.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { type Child, startProcess } from "@gavel/scripts/lib/processes.ts";
import pg from "pg";
import { type FakeBotApi, startFakeBotApi } from "./fake-bot-api.ts";

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
  db: pg.Pool;
  databaseUrl: string;
  webUrl: string;
  bot: Child;
  /** http://127.0.0.1:<HTTP_PORT> of the bot process. */
  httpUrl: string;
  /** Every line the bot process printed (JSON logs). */
  output: string[];
}

export async function startBotStack(cleanup: Cleanup): Promise<BotStack> {
  const postgres = await startPostgres({
    dataDir: `${DATA_ROOT}/tmp-bot-${randomBytes(4).toString("hex")}`,
    port: await freePort(),
    ephemeral: true,
  });
  cleanup.add(() => postgres.stop());
  const databaseUrl = await postgres.createDatabase("gavel_bot_test");
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  cleanup.add(() => db.end());

  const api = await startFakeBotApi();
  cleanup.add(() => api.close());

  const httpPort = await freePort();
  const webUrl = "http://127.0.0.1:5999";
  const output: string[] = [];
  const bot = startProcess("bot", process.execPath, ["src/main.ts"], {
    cwd: BOT_DIR,
    env: {
      BOT_TOKEN: api.token,
      BOT_API_ROOT: `${api.apiRoot}/`, // a trailing slash must be tolerated
      DATABASE_URL: databaseUrl,
      WEB_URL: webUrl,
      INDEXER_URL: "http://127.0.0.1:1",
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: "debug",
      POLLING_TIMEOUT: "10",
    },
    onLine: (line) => output.push(line),
  });
  cleanup.add(() => bot.stop());
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  await Promise.race([
    waitFor("the bot's /health", async () => (await fetch(`${httpUrl}/health`)).ok, { timeoutMs: 30_000 }),
    bot.exited.then((code) => {
      throw new Error(`the bot exited (${code}) during start-up:\n${output.slice(-20).join("\n")}`);
    }),
  ]);
  return { api, db, databaseUrl, webUrl, bot, httpUrl, output };
}
