// Starts the bot — long polling (grammY runner) or a webhook —, the activity feed reader, the
// outbox sender and the /health and /metrics server, and stops everything cleanly on
// SIGINT/SIGTERM. Run it as `node src/main.ts`.
import { run } from "@grammyjs/runner";
import { createI18n } from "./bot/i18n.ts";
import { ALLOWED_UPDATES, createBot, publishCommands, publishMenuButton } from "./bot/index.ts";
import { RateLimiter } from "./bot/middlewares/rate-limit.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { ChatStore } from "./db/chats.ts";
import { FollowStore } from "./db/follows.ts";
import { migrate } from "./db/migrate.ts";
import { createPool } from "./db/pool.ts";
import { OutboxSender } from "./delivery/sender.ts";
import { IndexerClient } from "./indexer/client.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { Ingestor } from "./notify/ingest.ts";
import { startHttpServer } from "./server.ts";
import { FeedSource } from "./source/feed.ts";
import { HeadWatcher } from "./source/head.ts";
import { WebhookIngress } from "./webhook.ts";

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
    const pool = createPool(config.databaseUrl, logger);
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
    const chats = new ChatStore(pool);
    const bot = createBot(config.botToken, {
      apiRoot: config.botApiRoot,
      logger,
      metrics,
      chats,
      follows: new FollowStore(pool),
      i18n,
      linkTokenSecret: config.linkTokenSecret,
      indexer: new IndexerClient(config.indexerUrl),
      webUrl: config.webUrl,
      webAppUrl: config.webAppUrl,
      rateLimiter: new RateLimiter(pool, config.rateLimit),
    });
    if (!config.linkTokenSecret)
      logger.warn("LINK_TOKEN_SECRET is not set: /start link_… will say linking is off");
    try {
      await bot.init(); // getMe: fails here, not later, on a wrong token or an unreachable API
    } catch (error) {
      throw new Error(
        `the Bot API at ${config.botApiRoot ?? "https://api.telegram.org"} refused BOT_TOKEN or is unreachable: ${error instanceof Error ? error.message : error}`,
        { cause: error },
      );
    }
    await publishCommands(bot, i18n);
    if (config.webAppUrl) await publishMenuButton(bot, config.webAppUrl);

    // Updates: long polling, or Telegram posting to WEBHOOK_URL (served by the HTTP server below).
    let updatesRunning: () => boolean;
    let updatesStopped: Promise<string>;
    let webhook: Parameters<typeof startHttpServer>[0]["webhook"];
    if (config.webhook) {
      const { url, secret } = config.webhook;
      const ingress = new WebhookIngress({
        secret,
        pool,
        handleUpdate: (update) => bot.handleUpdate(update),
        logger,
        metrics,
      });
      webhook = { path: new URL(url).pathname, handle: ingress.handle };
      stops.push({ name: "webhook updates in flight", stop: () => ingress.drain() });
      updatesRunning = () => true;
      updatesStopped = new Promise<string>(() => {}); // only a signal stops a webhook bot
    } else {
      await bot.api.deleteWebhook(); // a webhook left by a previous deployment would block getUpdates
      const runner = run(bot, {
        runner: {
          fetch: { timeout: config.pollingTimeout, allowed_updates: [...ALLOWED_UPDATES] },
          retryInterval: "exponential",
        },
      });
      stops.push({
        name: "long polling",
        stop: () => (runner.isRunning() ? runner.stop() : Promise.resolve()),
      });
      updatesRunning = () => runner.isRunning();
      updatesStopped = runner.task()?.then(() => "runner") ?? Promise.resolve("runner");
    }

    // Notifications: feed → outbox (one transaction per batch, cursor included) → sender.
    const ingestor = new Ingestor({ logger, arbiters: config.arbiters });
    const sender = new OutboxSender({
      pool,
      api: bot.api,
      i18n,
      webUrl: config.webUrl,
      webAppUrl: config.webAppUrl,
      chats,
      ingestor,
      logger,
      metrics,
    });
    sender.start();
    stops.push({ name: "outbox sender", stop: () => sender.stop() });
    const feed = new FeedSource({
      indexerUrl: config.indexerUrl,
      confirmations: config.confirmations,
      pollMs: config.feedPollMs,
      streamRetryMs: config.feedStreamRetryMs,
      pool,
      ingestor,
      logger,
      metrics,
      onRows: () => sender.notify(),
    });
    await feed.start();
    stops.push({ name: "activity feed", stop: () => feed.stop() });
    const head = new HeadWatcher({
      indexerUrl: config.indexerUrl,
      intervalMs: config.headPollMs,
      feed,
      logger,
      metrics,
    });
    head.start();
    stops.push({ name: "chain head watcher", stop: () => head.stop() });

    const server = await startHttpServer({
      host: config.httpHost,
      port: config.httpPort,
      registry: metrics.registry,
      webhook,
      health: async () => {
        const database = await pool.query("select 1").then(
          () => true,
          () => false,
        );
        const updates = updatesRunning();
        // The feed is reported but does not fail health: an indexer outage delays messages, and
        // restarting the bot would not help.
        return { ok: database && updates, checks: { database, updates, feed: feed.healthy } };
      },
    });
    stops.push({ name: "http server", stop: () => server.close() });
    if (config.webhook) {
      await bot.api.setWebhook(config.webhook.url, {
        secret_token: config.webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    }
    logger.info(
      {
        bot: `@${bot.botInfo.username}`,
        mode: config.mode,
        health: `${server.url}/health`,
        metrics: `${server.url}/metrics`,
      },
      `bot is running (${config.webhook ? `webhook ${config.webhook.url}` : "long polling"})`,
    );

    const stoppedBy = await Promise.race([stopRequested, updatesStopped]);
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
