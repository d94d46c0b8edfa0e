// Prometheus metrics of one bot process, served on /metrics.
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  /** Updates taken from Telegram, by type (message, callback_query, …). */
  updates: Counter<"type">;
  /** Updates whose handling threw (caught by the error boundary). */
  handlerErrors: Counter;
  /** Bot API calls made, by method and outcome (ok, or the error code). */
  apiCalls: Counter<"method" | "outcome">;
  /** Outbox rows by what became of them: sent, deferred (retry later), failed (given up). */
  notifications: Counter<"outcome">;
  /** Telegram messages that carried notifications (several rows may fold into one). */
  notificationMessages: Counter;
  /** Chats switched off because Telegram refused to deliver to them. */
  deactivations: Counter;
  /** Outbox rows neither sent nor given up. */
  outboxDepth: Gauge;
  /** Blocks between the newest the feed has shown and the bot's cursor. */
  feedLag: Gauge;
  /** The chain's head block, as the indexer's /api/ready last reported it. */
  chainHead: Gauge;
  /** Blocks between the chain head and the block up to which the bot has relayed everything. */
  headLagBlocks: Gauge;
  /** Seconds between the chain head's timestamp and that block's. */
  headLagSeconds: Gauge;
  /** Webhook requests by outcome (handled, repeated, unauthorized, invalid, failed). */
  webhookRequests: Counter<"outcome">;
  /** Activity items read from the feed, by outcome (relayed, invalid). */
  feedItems: Counter<"outcome">;
  /** Updates turned away by the rate limiter, by the limit they hit (user, search, chat). */
  rateLimited: Counter<"limit">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gavel_bot_" });
  return {
    registry,
    updates: new Counter({
      name: "gavel_bot_updates_total",
      help: "Telegram updates received, by update type",
      labelNames: ["type"],
      registers: [registry],
    }),
    handlerErrors: new Counter({
      name: "gavel_bot_handler_errors_total",
      help: "Updates whose handling failed",
      registers: [registry],
    }),
    apiCalls: new Counter({
      name: "gavel_bot_api_calls_total",
      help: "Bot API calls, by method and outcome (ok or the Bot API error code)",
      labelNames: ["method", "outcome"],
      registers: [registry],
    }),
    notifications: new Counter({
      name: "gavel_bot_notifications_total",
      help: "Outbox rows by outcome: sent, deferred (retried later), failed (given up)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    notificationMessages: new Counter({
      name: "gavel_bot_notification_messages_total",
      help: "Telegram messages sent for notifications (folded rows count once)",
      registers: [registry],
    }),
    deactivations: new Counter({
      name: "gavel_bot_chats_deactivated_total",
      help: "Chats deactivated because Telegram refused delivery (blocked, deleted)",
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: "gavel_bot_outbox_depth",
      help: "Outbox rows waiting to be sent",
      registers: [registry],
    }),
    feedLag: new Gauge({
      name: "gavel_bot_feed_lag_blocks",
      help: "Blocks between the newest block the activity feed has shown and the bot's cursor",
      registers: [registry],
    }),
    chainHead: new Gauge({
      name: "gavel_bot_chain_head_block",
      help: "The chain's head block, as the indexer's /api/ready last reported it",
      registers: [registry],
    }),
    headLagBlocks: new Gauge({
      name: "gavel_bot_head_lag_blocks",
      help: "Blocks between the chain head and the block up to which the bot has relayed every activity item",
      registers: [registry],
    }),
    headLagSeconds: new Gauge({
      name: "gavel_bot_head_lag_seconds",
      help: "Seconds between the chain head's timestamp and that of the block up to which the bot has relayed everything",
      registers: [registry],
    }),
    webhookRequests: new Counter({
      name: "gavel_bot_webhook_requests_total",
      help: "Webhook requests by outcome: handled, repeated (same update_id), unauthorized, invalid, failed",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    feedItems: new Counter({
      name: "gavel_bot_feed_items_total",
      help: "Activity items read, by outcome (relayed, invalid)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "gavel_bot_rate_limited_total",
      help: "Updates refused by the rate limiter, by the limit they hit (user, search, chat)",
      labelNames: ["limit"],
      registers: [registry],
    }),
  };
}
