import { type BotError, GrammyError } from "grammy";
import type { Metrics } from "../../metrics.ts";
import type { BotContext } from "../context.ts";

/**
 * The error boundary's handler: logs the failure with its update, counts it, and tells the user
 * something went wrong (when there is a chat to tell and Telegram lets us).
 */
export function errorHandler(metrics: Metrics, translate: (ctx: BotContext, key: string) => string) {
  return async (error: BotError<BotContext>): Promise<void> => {
    const { ctx } = error;
    if (error.error instanceof GrammyError && error.error.error_code === 403) {
      // Blocked, kicked or deactivated: nobody to tell. (Deactivating the chat comes with the outbox.)
      ctx.logger.info({ description: error.error.description }, "Telegram refused to deliver to this chat");
      return;
    }
    metrics.handlerErrors.inc();
    ctx.logger.error({ err: error.error, update: ctx.update }, "update handling failed");
    if (!ctx.chat) return;
    try {
      await ctx.api.sendMessage(ctx.chat.id, translate(ctx, "error-generic"));
    } catch (replyError) {
      ctx.logger.warn({ err: replyError }, "could not tell the user about the failure");
    }
  };
}
