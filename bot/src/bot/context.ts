import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { ChatRecord } from "../db/chats.ts";
import type { Logger } from "../logger.ts";

/** What every handler can rely on besides grammY's own context. */
interface GavelFlavor {
  /** The process logger with this update's id attached. */
  logger: Logger;
  /** The stored chat the update came from; undefined for updates without a chat. */
  chatRecord: ChatRecord | undefined;
}

export type BotContext = Context & I18nFlavor & GavelFlavor;
