// Starts the bot with long polling (grammY runner), the /health and /metrics server, and stops
// everything cleanly on SIGINT/SIGTERM. Run it as `node src/main.ts`.
import { run } from "@grammyjs/runner";
import pg from "pg";
import { createI18n } from "./bot/i18n.ts";
import { createBot, publishCommands } from "./bot/index.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { ChatStore } from "./db/chats.ts";
import { migrate } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { startHttpServer } from "./server.ts";

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger("info").fatal({ variables: error.variables }, error.message);
    return 1;
  }
  const logger = createLogger(config.logLevel);

  // Resolves with the signal's name; installed first so a signal during start-up is not lost.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
  });

  // Each started part pushes how to stop it; they are stopped in reverse order, every one awaited.
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let exitCode = 0;
  try {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    pool.on("error", (error) => logger.error({ err: error }, "idle database connection failed"));
    stops.push({ name: "database pool", stop: () => pool.end() });
    const applied = await migrate(pool).catch((error: unknown) => {
      const where = new URL(config.databaseUrl);
      where.password = where.password ? "***" : "";
      throw new Error(
        `cannot prepare the database at DATABASE_URL=${where}: ${error instanceof Error ? error.message : error}`,
        { cause: error },
      );
    });
    if (applied.length > 0) logger.info({ applied }, "database migrated");

    const metrics = createMetrics();
    const i18n = createI18n(config.webUrl);
    const bot = createBot(config.botToken, {
      apiRoot: config.botApiRoot,
      logger,
      metrics,
      chats: new ChatStore(pool),
      i18n,
    });
    try {
      await bot.init(); // getMe: fails here, not later, on a wrong token or an unreachable API
    } catch (error) {
      throw new Error(
        `the Bot API at ${config.botApiRoot ?? "https://api.telegram.org"} refused BOT_TOKEN or is unreachable: ${error instanceof Error ? error.message : error}`,
        { cause: error },
      );
    }
    await bot.api.deleteWebhook(); // a webhook left by a previous deployment would block getUpdates
    await publishCommands(bot, i18n);

    const runner = run(bot, {
      runner: {
        fetch: { timeout: config.pollingTimeout, allowed_updates: [] },
        retryInterval: "exponential",
      },
    });
    stops.push({
      name: "long polling",
      stop: () => (runner.isRunning() ? runner.stop() : Promise.resolve()),
    });

    const server = await startHttpServer({
      host: config.httpHost,
      port: config.httpPort,
      registry: metrics.registry,
      health: async () => {
        const database = await pool.query("select 1").then(
          () => true,
          () => false,
        );
        const polling = runner.isRunning();
        return { ok: database && polling, checks: { database, polling } };
      },
    });
    stops.push({ name: "http server", stop: () => server.close() });
    logger.info(
      { bot: `@${bot.botInfo.username}`, health: `${server.url}/health`, metrics: `${server.url}/metrics` },
      "bot is running (long polling)",
    );

    const stoppedBy = await Promise.race([stopRequested, runner.task()?.then(() => "runner") ?? "runner"]);
    if (stoppedBy === "runner") {
      logger.error("long polling stopped on its own; shutting down");
      exitCode = 1;
    } else {
      logger.info({ signal: stoppedBy }, "shutting down");
    }
  } catch (error) {
    logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
    exitCode = 1;
  } finally {
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error }, `stopping the ${name} failed`);
        exitCode = 1;
      }
    }
  }
  logger.info({ exitCode }, "stopped");
  return exitCode;
}

process.exitCode = await main();
