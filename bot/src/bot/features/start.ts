import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/** `/start`: a welcome in the chat's language with a link to the dApp. */
export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", async (ctx) => {
    await ctx.reply(ctx.t("start-welcome", { name: ctx.from?.first_name ?? "" }), {
      link_preview_options: { is_disabled: true },
    });
  });
  return feature;
}
