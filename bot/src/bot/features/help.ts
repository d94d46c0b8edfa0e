import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/** `/help`: what the bot can do. */
export function helpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("help", async (ctx) => {
    await ctx.reply(ctx.t("help", { botUsername: ctx.me.username }), {
      link_preview_options: { is_disabled: true },
    });
  });
  return feature;
}
