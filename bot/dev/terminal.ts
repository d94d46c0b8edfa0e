// The Bot API stand-in's terminal view (the dev command without BOT_TOKEN): prints what the bot
// sends to the local user, with its inline buttons as numbered choices —
// `[1] View  [2] Bid again  [3] Stop following` —, and turns typed lines into the user's
// messages; typing a number presses that button of the latest message that had buttons: a
// callback button reaches the bot as a callback_query, a URL or web_app button prints its link.
import type { InlineKeyboardButton, User } from "grammy/types";
import type { FakeBotApi, SentMessage } from "./fake-bot-api.ts";

export interface Terminal {
  /** Give it every message the stand-in records (FakeBotApiOptions.onSend). */
  onSend(message: SentMessage): void;
  /** A line the user typed. */
  input(line: string): void;
}

export function createTerminal(
  api: () => Pick<FakeBotApi, "sendText" | "pressButton" | "sent">,
  you: Omit<User, "is_bot">,
  print: (line: string) => void,
): Terminal {
  /** The latest message to the user that had buttons, and its buttons in reading order. */
  let choices: { record: SentMessage; buttons: InlineKeyboardButton[] } | undefined;
  const buttonsOf = (record: SentMessage) =>
    ((record.message.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][]).flat();
  return {
    onSend(record) {
      print(`→ chat ${record.chatId}: ${record.text.replaceAll("\n", "\n  ")}`);
      const buttons = buttonsOf(record);
      if (buttons.length === 0) return;
      print(`  ${buttons.map((button, i) => `[${i + 1}] ${button.text}`).join("  ")}`);
      if (record.chatId === you.id) choices = { record, buttons };
    },
    input(raw) {
      const line = raw.trim();
      if (!line) return;
      const number = /^\d{1,2}$/.test(line) ? Number(line) : undefined;
      if (number !== undefined && choices) {
        // The message may have been edited since (a button removed): press what it shows now.
        const buttons = buttonsOf(choices.record);
        const button = buttons[number - 1];
        if (!button) return print(`  (no button [${number}]: the last message has ${buttons.length})`);
        print(`← chat ${you.id}: [${number}] ${button.text}`);
        if ("callback_data" in button && button.callback_data !== undefined)
          api().pressButton(you, choices.record.message, button.callback_data);
        else if ("url" in button && button.url) print(`  opens ${button.url}`);
        else if ("web_app" in button && button.web_app)
          print(`  opens inside Telegram: ${button.web_app.url}`);
        else print("  (this button does nothing outside Telegram)");
        return;
      }
      print(`← chat ${you.id}: ${line}`);
      api().sendText(you, line);
    },
  };
}
