// Prometheus metrics of one bot process, served on /metrics.
import { Counter, collectDefaultMetrics, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  /** Updates taken from Telegram, by type (message, callback_query, …). */
  updates: Counter<"type">;
  /** Updates whose handling threw (caught by the error boundary). */
  handlerErrors: Counter;
  /** Bot API calls made, by method and outcome (ok, or the error code). */
  apiCalls: Counter<"method" | "outcome">;
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
  };
}
