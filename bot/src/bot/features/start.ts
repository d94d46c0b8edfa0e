import { Composer } from "grammy";
import type { ChatStore } from "../../db/chats.ts";
import type { BotContext } from "../context.ts";
import { linkChat } from "./link.ts";

export interface StartDeps {
  chats: Pick<ChatStore, "reactivate" | "link">;
  linkTokenSecret: string | undefined;
  /** Follows an auction for the chat, answering it (the follow feature's handler). */
  follow: (ctx: BotContext, argument: string) => Promise<void>;
}

/**
 * `/start`: a welcome in the chat's language with a link to the dApp. Deep links carry a payload:
 * `link_<token>` links the chat to a wallet, `follow_<auctionId>` follows an auction. Any /start
 * switches notifications back on for a chat that had blocked the bot.
 */
export function startFeature(deps: StartDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", async (ctx) => {
    if (await deps.chats.reactivate(ctx.chat.id)) ctx.logger.info("chat reactivated by /start");
    const payload = ctx.match.trim();
    if (payload.startsWith("link_")) return linkChat(ctx, deps, payload.slice("link_".length));
    if (payload.startsWith("follow_")) return deps.follow(ctx, payload.slice("follow_".length));
    await ctx.reply(ctx.t("start-welcome", { name: ctx.from?.first_name ?? "" }), {
      link_preview_options: { is_disabled: true },
    });
  });
  return feature;
}
