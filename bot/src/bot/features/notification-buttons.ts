import { Composer, GrammyError } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { FollowStore } from "../../db/follows.ts";
import { OPEN_PATH } from "../buttons.ts";
import type { BotContext } from "../context.ts";

/**
 * The buttons under notifications. "Stop following" (`unfollow:<id>`) removes the follow, says so
 * in a toast and takes the button off the message. `open:<path>` — what "View" and "Bid again"
 * become when Telegram would refuse a URL button (a localhost WEB_URL) — answers with the link.
 */
export function notificationButtonsFeature(deps: {
  follows: FollowStore;
  webUrl: string;
}): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(/^unfollow:(\d{1,30})$/, async (ctx) => {
    const id = ctx.match[1] ?? "";
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return void (await ctx.answerCallbackQuery());
    const changed = await deps.follows.unfollow(chatId, id);
    await ctx.answerCallbackQuery({
      text: ctx.t(changed ? "card-unfollowed" : "unfollow-not-following", { id }),
    });
    const keyboard = ctx.callbackQuery.message?.reply_markup?.inline_keyboard;
    if (!keyboard) return;
    const kept: InlineKeyboardButton[][] = keyboard
      .map((row) =>
        row.filter((button) => !("callback_data" in button && button.callback_data === ctx.match[0])),
      )
      .filter((row) => row.length > 0);
    try {
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: kept } });
    } catch (error) {
      // A double tap: the button is already gone.
      if (!(error instanceof GrammyError && /message is not modified/.test(error.description))) throw error;
    }
    if (changed) ctx.logger.info({ auctionId: id }, "follow removed from a notification");
  });

  feature.callbackQuery(/^open:(.*)$/, async (ctx) => {
    const path = ctx.match[1] ?? "";
    if (!OPEN_PATH.test(path)) return void (await ctx.answerCallbackQuery());
    await ctx.answerCallbackQuery();
    await ctx.reply(`${deps.webUrl}/${path}`, { link_preview_options: { is_disabled: true } });
  });
  return feature;
}
