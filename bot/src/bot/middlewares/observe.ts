import type { MiddlewareFn } from "grammy";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { BotContext } from "../context.ts";

/** Counts each update, gives it a logger that carries its id, and logs how long it took. */
export function observeUpdates(logger: Logger, metrics: Metrics): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const type = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
    metrics.updates.inc({ type });
    ctx.logger = logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    const started = performance.now();
    ctx.logger.debug({ type }, "update received");
    await next();
    ctx.logger.debug({ type, ms: Math.round(performance.now() - started) }, "update handled");
  };
}
