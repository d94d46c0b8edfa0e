import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Drops an update whose update_id was handled recently. Telegram re-posts a webhook update it
 * got no 200 for (a timeout, a restart mid-request); handling it twice would answer twice.
 * Remembers the last `size` ids.
 */
export function dropRepeatedUpdates(size = 10_000): MiddlewareFn<BotContext> {
  const seen = new Set<number>();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) {
      ctx.logger?.info({ update_id: id }, "repeated update dropped");
      return;
    }
    seen.add(id);
    if (seen.size > size) seen.delete(seen.values().next().value!);
    await next();
  };
}
