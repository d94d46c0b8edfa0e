import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../context.ts";

/**
 * Registered last: whatever no feature answered. Unknown commands (and, in private chats, plain
 * text) get a short pointer to /help instead of silence; button presses are acknowledged so the
 * client stops its spinner.
 */
export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("message", async (ctx) => {
    const command = commandOf(ctx.message, ctx.me.username);
    if (command) {
      await ctx.reply(ctx.t("unknown-command", { command: `/${command}` }));
    } else if (ctx.chat.type === "private" && ctx.message.text !== undefined) {
      await ctx.reply(ctx.t("unknown-text"));
    }
  });
  feature.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery();
  });
  return feature;
}

/** The command a message starts with ("frobnicate" for "/frobnicate@GavelBot x"), if it is for us. */
function commandOf(message: Message, botUsername: string): string | undefined {
  const entity = message.entities?.[0];
  if (entity?.type !== "bot_command" || entity.offset !== 0 || message.text === undefined) return undefined;
  const [name, target] = message.text.slice(1, entity.length).split("@");
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return name;
}
