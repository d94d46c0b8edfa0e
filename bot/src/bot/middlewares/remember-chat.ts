import type { MiddlewareFn } from "grammy";
import type { ChatStore } from "../../db/chats.ts";
import type { BotContext } from "../context.ts";
import { supportedLocale } from "../i18n.ts";

/** Stores every chat the first time it talks to the bot and puts its record on the context. */
export function rememberChat(
  chats: Pick<ChatStore, "ensure">,
  locales: () => readonly string[],
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.chatRecord = ctx.chat
      ? await chats.ensure(ctx.chat.id, supportedLocale(locales(), ctx.from?.language_code))
      : undefined;
    await next();
  };
}
