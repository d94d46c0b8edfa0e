import { verifyLinkToken } from "@gavel/sdk/link-token";
import { Composer } from "grammy";
import type { ChatStore } from "../../db/chats.ts";
import { shortAddress } from "../../notify/format.ts";
import type { BotContext } from "../context.ts";

/** `/start link_<token>`: checks the token (tag, expiry, first use) and links the chat to its wallet. */
export async function linkChat(
  ctx: BotContext,
  deps: { chats: Pick<ChatStore, "link">; linkTokenSecret: string | undefined },
  token: string,
): Promise<void> {
  if (!ctx.chat) return;
  if (!deps.linkTokenSecret) {
    await ctx.reply(ctx.t("link-disabled"));
    return;
  }
  const check = verifyLinkToken(token, deps.linkTokenSecret);
  if (!check.ok) {
    ctx.logger.info({ reason: check.reason }, "link token refused");
    await ctx.reply(ctx.t(check.reason === "expired" ? "link-expired" : "link-invalid"));
    return;
  }
  const result = await deps.chats.link(ctx.chat.id, check.address, check.nonce, check.expiresAt);
  if (result === "reused") {
    ctx.logger.info({ wallet: check.address }, "link token reused");
    await ctx.reply(ctx.t("link-reused"));
    return;
  }
  ctx.logger.info({ wallet: check.address }, "chat linked to a wallet");
  await ctx.reply(ctx.t("link-done", { wallet: shortAddress(check.address) }), {
    link_preview_options: { is_disabled: true },
  });
}

/** `/unlink`: forgets the chat's wallet (follows stay). */
export function unlinkFeature(chats: Pick<ChatStore, "unlink">): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("unlink", async (ctx) => {
    const wallet = await chats.unlink(ctx.chat.id);
    await ctx.reply(wallet ? ctx.t("unlink-done", { wallet: shortAddress(wallet) }) : ctx.t("unlink-none"));
  });
  return feature;
}
