import { Composer, InlineKeyboard } from "grammy";
import { type ChatStore, LEAD_TIMES, NOTIFICATION_KINDS, type NotificationKind } from "../../db/chats.ts";
import { formatDuration } from "../../notify/format.ts";
import type { BotContext } from "../context.ts";

interface SettingsView {
  language: string;
  mutedKinds: readonly string[];
  leadTimes: readonly number[];
}

/** The /settings message: its text and its inline keyboard, in the chat's language. */
export function settingsMessage(t: (key: string) => string, view: SettingsView, locales: readonly string[]) {
  const on = (yes: boolean) => (yes ? "✅" : "▫️");
  const keyboard = new InlineKeyboard();
  NOTIFICATION_KINDS.forEach((kind, i) => {
    keyboard.text(`${on(!view.mutedKinds.includes(kind))} ${t(`settings-kind-${kind}`)}`, `set:kind:${kind}`);
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row();
  for (const lead of LEAD_TIMES) {
    keyboard.text(
      `${on(view.leadTimes.includes(lead))} ${formatDuration(lead, view.language)}`,
      `set:lead:${lead}`,
    );
  }
  keyboard.row();
  for (const locale of locales) {
    keyboard.text(`${locale === view.language ? "● " : ""}${t(`language-${locale}`)}`, `set:lang:${locale}`);
  }
  return { text: t("settings-text"), keyboard };
}

/** `/settings`: notification kinds on/off, ending-soon lead times and language, as an inline menu. */
export function settingsFeature(chats: ChatStore, locales: () => readonly string[]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const show = (ctx: BotContext) => {
    const record = ctx.chatRecord!;
    return settingsMessage((key) => ctx.t(key), record, locales());
  };

  feature.command("settings", async (ctx) => {
    const { text, keyboard } = show(ctx);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  feature.callbackQuery(/^set:(kind|lead|lang):([\w-]+)$/, async (ctx) => {
    const record = ctx.chatRecord;
    const [, what, value = ""] = ctx.match;
    if (!record) return void (await ctx.answerCallbackQuery());
    if (what === "kind" && (NOTIFICATION_KINDS as readonly string[]).includes(value)) {
      record.mutedKinds = await chats.toggleKind(record.chatId, value as NotificationKind);
    } else if (what === "lead" && (LEAD_TIMES as readonly number[]).includes(Number(value))) {
      record.leadTimes = await chats.toggleLeadTime(record.chatId, Number(value));
    } else if (what === "lang" && locales().includes(value)) {
      await chats.setLanguage(record.chatId, value);
      record.language = value;
      await ctx.i18n.renegotiateLocale();
    } else {
      return void (await ctx.answerCallbackQuery({ text: ctx.t("settings-stale") }));
    }
    await ctx.answerCallbackQuery({ text: ctx.t("settings-saved") });
    const { text, keyboard } = show(ctx);
    await ctx.editMessageText(text, { reply_markup: keyboard });
  });
  return feature;
}
