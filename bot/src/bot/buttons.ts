// The buttons that open Gavel: a web_app button (the dApp inside Telegram) in private chats when
// WEB_APP_URL is set, else a URL button, else — Telegram refuses URL buttons to localhost and IP
// hosts — a callback button (`open:<path>`) that the bot answers with the link as a message.
import type { InlineKeyboardButton } from "grammy/types";

/** Telegram refuses URL buttons pointing at localhost or plain IP addresses. */
export function buttonUrlAllowed(url: string): boolean {
  const host = new URL(url).hostname;
  return host !== "localhost" && !/^[\d.]+$/.test(host) && !host.startsWith("[");
}

/** Where the dApp is: WEB_URL for links, WEB_APP_URL (https) for web_app buttons when set. */
export interface WebTarget {
  webUrl: string;
  webAppUrl?: string | undefined;
}

/** A path of the dApp a button may open: `auction/12`, `auction/12#bid`, `deal/12`, `dashboard`, `` (browse). */
export const OPEN_PATH = /^(auction\/\d{1,30}(#bid)?|deal\/\d{1,30}|dashboard|)$/;

/**
 * A button opening `path` of the dApp. `inTelegram`: a web_app button when WEB_APP_URL is set
 * and the chat is private (Telegram allows web_app buttons only there, "BUTTON_TYPE_INVALID"
 * elsewhere); otherwise the browser.
 */
export function openButton(
  text: string,
  path: string,
  target: WebTarget,
  options: { privateChat: boolean; inTelegram: boolean },
): InlineKeyboardButton {
  if (options.inTelegram && options.privateChat && target.webAppUrl)
    return { text, web_app: { url: `${target.webAppUrl}/${path}` } };
  const url = `${target.webUrl}/${path}`;
  if (buttonUrlAllowed(url)) return { text, url };
  return { text, callback_data: `open:${path}` };
}

/** Telegram's chat ids: users (private chats) are positive, groups and channels negative. */
export const isPrivateChat = (chatId: number) => chatId > 0;

/** Text for Telegram's HTML parse mode: `<`, `>`, `&` (and `"` for attributes) as entities. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
