// A local stand-in for the Telegram Bot API, on node:http, faithful where the bot's behaviour
// depends on it: methods arrive as POST (or GET) /bot<token>/<method> with JSON, form or query
// parameters; answers are `{ok:true,result}` or `{ok:false,error_code,description,parameters}`;
// getUpdates is held open like real long polling and confirms updates below `offset`; a newer
// getUpdates ends the older one with 409, as Telegram does; sendMessage is recorded and answered
// with a real-shaped Message; editMessageText edits it ("message is not modified" like Telegram);
// setWebhook switches getUpdates off (409) as Telegram does; 429 with retry_after and 403 for a
// blocked chat can be staged; optionally Telegram's own rate limits are enforced (429s), and the
// server can be paused (requests held unprocessed; dropped if the client goes away meanwhile), or
// told to have an outage: for a while every method answers 429 and 5xx in turn (`outage()`, or
// `POST /control/outage?seconds=N` for the stand-in run as a process).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { waitFor } from "@gavel/scripts/lib/ports.ts";
import type { Message, Update, User } from "grammy/types";

type Params = Record<string, unknown>;
type Failure = { error_code: number; description: string; parameters?: { retry_after?: number } };
export interface SentMessage {
  chatId: number;
  /** The text as Telegram shows it (HTML parse mode: tags stripped, entities decoded). */
  text: string;
  params: Params;
  message: Message;
  /** When the stand-in accepted it (ms since the epoch). */
  at: number;
  /** How many times editMessageText changed it. */
  edits?: number;
}

export const BOT_USER = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Gavel Test",
  username: "gavel_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
} as const;
export const TOKEN = `${BOT_USER.id}:AAFakeTokenForTheLocalBotApiStandIn01`;

const badRequest = (description: string): Failure => ({
  error_code: 400,
  description: `Bad Request: ${description}`,
});

/** The tags Telegram's HTML parse mode knows. */
const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
  "tg-emoji",
]);

/**
 * Telegram's HTML parse mode: the text the user sees, or Telegram's error for malformed markup
 * (an unknown or unclosed tag, a bare `<` or `&`).
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = "";
  const open: string[] = [];
  for (let i = 0; i < html.length; ) {
    const c = html[i]!;
    if (c === "<") {
      const match = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!match) return { error: `can't parse entities: Unexpected end of name token at byte offset ${i}` };
      const [whole, closing, name = ""] = match;
      if (!HTML_TAGS.has(name))
        return { error: `can't parse entities: Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (open.pop() !== name)
          return {
            error: `can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ""}>", found "</${name}>"`,
          };
      } else open.push(name);
      i += whole.length;
    } else if (c === "&") {
      const match = /^&(lt|gt|amp|quot|#\d+|#x[\da-f]+);/i.exec(html.slice(i));
      if (!match) return { error: `can't parse entities: Character entity expected at byte offset ${i}` };
      const name = match[1]!;
      text +=
        name === "lt"
          ? "<"
          : name === "gt"
            ? ">"
            : name === "amp"
              ? "&"
              : name === "quot"
                ? '"'
                : String.fromCodePoint(
                    Number.parseInt(name.slice(name[1] === "x" ? 2 : 1), name[1] === "x" ? 16 : 10),
                  );
      i += match[0].length;
    } else if (c === ">") {
      text += c;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  if (open.length > 0)
    return { error: `can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

/** Telegram refuses URL buttons to localhost and IP hosts, and web_app buttons outside https. */
function checkKeyboard(markup: unknown, chatType: string | undefined): Failure | undefined {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (markup === undefined) return undefined;
  if (!Array.isArray(rows)) return badRequest("can't parse reply keyboard markup JSON object");
  for (const row of rows) {
    if (!Array.isArray(row))
      return badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const button of row as Record<string, unknown>[]) {
      if (typeof button.text !== "string" || button.text === "") return badRequest("BUTTON_TEXT_INVALID");
      const webApp = button.web_app as { url?: unknown } | undefined;
      const url = typeof button.url === "string" ? button.url : undefined;
      const kinds = ["url", "callback_data", "web_app", "switch_inline_query", "login_url"].filter(
        (k) => k in button,
      );
      if (kinds.length !== 1)
        return badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      if (webApp) {
        if (chatType !== "private") return badRequest("BUTTON_TYPE_INVALID");
        if (typeof webApp.url !== "string" || !webApp.url.startsWith("https://"))
          return badRequest(
            `inline keyboard button Web App URL '${String(webApp.url)}' is invalid: Only HTTPS links are allowed`,
          );
      }
      if (url !== undefined) {
        let host = "";
        try {
          host = new URL(url).hostname;
        } catch {}
        if (
          !/^(https?|tg):/.test(url) ||
          host === "localhost" ||
          /^[\d.]+$/.test(host) ||
          host.startsWith("[")
        )
          return badRequest(`inline keyboard button URL '${url}' is invalid: Wrong HTTP URL`);
      }
      if (typeof button.callback_data === "string" && Buffer.byteLength(button.callback_data) > 64)
        return badRequest("BUTTON_DATA_INVALID");
    }
  }
  return undefined;
}

/** The text of a message as Telegram keeps it, or Telegram's error. */
function messageText(p: Params): { text: string } | { error: string } {
  const raw = typeof p.text === "string" ? p.text : "";
  return p.parse_mode === "HTML" ? parseTelegramHtml(raw) : { text: raw };
}

export const tooManyRequests = (retryAfter: number): Failure => ({
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

export interface FakeBotApiOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Accept any well-formed token instead of TOKEN only (the dev command's local stand-in). */
  acceptAnyToken?: boolean;
  /** Called with each message the bot sends. */
  onSend?: (message: SentMessage) => void;
  /**
   * Enforce Telegram's limits on sendMessage: at most `global` messages in any second overall and
   * `perChat` in any second per chat; beyond them answer 429 with retry_after (seconds).
   */
  rateLimit?: { global: number; perChat: number; retryAfter?: number };
}

export async function startFakeBotApi({
  port = 0,
  acceptAnyToken = false,
  onSend,
  rateLimit,
}: FakeBotApiOptions = {}) {
  const updates: Update[] = []; // not yet confirmed by an offset
  let nextUpdateId = 1;
  let nextIncomingMessageId = 1;
  const chats = new Map<number, Message["chat"]>();
  const blocked = new Set<number>();
  const staged = new Map<string, Failure[]>(); // method → failures to answer next, in order
  const sent: SentMessage[] = [];
  const calls: { method: string; params: Params; at: number }[] = [];
  let poll: { res: ServerResponse; limit: number; timer: NodeJS.Timeout } | undefined;
  let commands: Record<string, unknown> = {};
  let webhook: { url: string; secret_token?: string } | undefined;
  let paused: { resume: Promise<void>; release: () => void } | undefined;
  let menuButton: unknown;
  const callbackAnswers: Params[] = [];
  const recentSends: { chatId: number; at: number }[] = []; // for rateLimit, the last second
  let rateLimited = 0;
  let holdResponse: ((message: SentMessage) => boolean) | undefined;
  let outageUntil = 0;
  let outageAnswers = 0;
  const outageFailures: Failure[] = [
    tooManyRequests(2),
    { error_code: 502, description: "Bad Gateway" },
    { error_code: 500, description: "Internal Server Error" },
  ];
  let nextCallbackId = 1;
  let nextInlineId = 1;
  const inlineAnswers: { inlineQueryId: string; results: unknown[]; params: Params }[] = [];

  const reply = (res: ServerResponse, body: object, status = 200) => {
    if (res.writableEnded) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown) => reply(res, { ok: true, result });
  const fail = (res: ServerResponse, failure: Failure) =>
    reply(res, { ok: false, ...failure }, failure.error_code);
  const endPoll = (result: Update[] | Failure) => {
    if (!poll) return;
    clearTimeout(poll.timer);
    const { res } = poll;
    poll = undefined;
    Array.isArray(result) ? ok(res, result) : fail(res, result);
  };
  const flush = () => {
    if (poll && updates.length > 0) endPoll(updates.slice(0, poll.limit));
  };

  const methods: Record<string, (params: Params, res: ServerResponse) => void> = {
    getMe: (_p, res) => ok(res, BOT_USER),
    deleteWebhook: (_p, res) => {
      webhook = undefined;
      ok(res, true);
    },
    setWebhook: (p, res) => {
      if (typeof p.url !== "string" || p.url === "")
        return fail(res, { error_code: 400, description: "Bad Request: bad webhook: URL must be set" });
      webhook = {
        url: p.url,
        ...(typeof p.secret_token === "string" ? { secret_token: p.secret_token } : {}),
      };
      ok(res, true);
    },
    getWebhookInfo: (_p, res) => ok(res, { url: webhook?.url ?? "", pending_update_count: updates.length }),
    setMyCommands: (p, res) => {
      commands = { ...commands, [String(p.language_code ?? "")]: p.commands };
      ok(res, true);
    },
    getMyCommands: (p, res) => ok(res, commands[String(p.language_code ?? "")] ?? []),
    answerCallbackQuery: (p, res) => {
      callbackAnswers.push(p);
      ok(res, true);
    },
    setChatMenuButton: (p, res) => {
      const button = p.menu_button as
        | { type?: string; text?: string; web_app?: { url?: string } }
        | undefined;
      if (button?.type === "web_app" && !String(button.web_app?.url ?? "").startsWith("https://"))
        return fail(res, badRequest("BUTTON_URL_INVALID"));
      if (button?.type === "web_app" && !button.text) return fail(res, badRequest("BUTTON_TEXT_INVALID"));
      menuButton = button;
      ok(res, true);
    },
    getChatMenuButton: (_p, res) => ok(res, menuButton ?? { type: "default" }),
    answerInlineQuery: (p, res) => {
      if (typeof p.inline_query_id !== "string" || !Array.isArray(p.results))
        return fail(res, { error_code: 400, description: "Bad Request: QUERY_ID_INVALID" });
      if (p.results.length > 50)
        return fail(res, { error_code: 400, description: "Bad Request: RESULTS_TOO_MUCH" });
      inlineAnswers.push({ inlineQueryId: p.inline_query_id, results: p.results, params: p });
      ok(res, true);
    },
    editMessageReplyMarkup: (p, res) => {
      const chatId = Number(p.chat_id);
      const record = sent.find((m) => m.chatId === chatId && m.message.message_id === Number(p.message_id));
      if (!record)
        return fail(res, { error_code: 400, description: "Bad Request: message to edit not found" });
      const invalid = checkKeyboard(p.reply_markup, record.message.chat.type);
      if (invalid) return fail(res, invalid);
      if (JSON.stringify(p.reply_markup) === JSON.stringify(record.message.reply_markup))
        return fail(res, { error_code: 400, description: "Bad Request: message is not modified" });
      record.message = { ...record.message, reply_markup: p.reply_markup } as Message.TextMessage;
      record.edits = (record.edits ?? 0) + 1;
      ok(res, record.message);
    },
    getUpdates: (p, res) => {
      if (webhook)
        return fail(res, {
          error_code: 409,
          description:
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        });
      const offset = Number(p.offset ?? 0);
      if (offset > 0) updates.splice(0, updates.filter((u) => u.update_id < offset).length);
      const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
      endPoll({ error_code: 409, description: "Conflict: terminated by other getUpdates request" });
      if (updates.length > 0) return ok(res, updates.slice(0, limit));
      const timer = setTimeout(() => endPoll([]), Number(p.timeout ?? 0) * 1000);
      poll = { res, limit, timer };
      res.on("close", () => {
        if (poll?.res === res) {
          clearTimeout(timer);
          poll = undefined;
        }
      });
    },
    sendMessage: (p, res) => {
      const chatId = Number(p.chat_id);
      const chat = chats.get(chatId);
      if (!chat) return fail(res, { error_code: 400, description: "Bad Request: chat not found" });
      const parsed = messageText(p);
      if ("error" in parsed) return fail(res, badRequest(parsed.error));
      const { text } = parsed;
      const invalid = checkKeyboard(p.reply_markup, chat.type);
      if (invalid) return fail(res, invalid);
      if (blocked.has(chatId))
        return fail(res, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
      if (text.trim() === "")
        return fail(res, { error_code: 400, description: "Bad Request: message text is empty" });
      if (text.length > 4096)
        return fail(res, { error_code: 400, description: "Bad Request: message is too long" });
      if (rateLimit) {
        const now = Date.now();
        while (recentSends.length > 0 && recentSends[0]!.at <= now - 1000) recentSends.shift();
        const inChat = recentSends.filter((s) => s.chatId === chatId).length;
        if (recentSends.length >= rateLimit.global || inChat >= rateLimit.perChat) {
          rateLimited++;
          return fail(res, tooManyRequests(rateLimit.retryAfter ?? 1));
        }
        recentSends.push({ chatId, at: now });
      }
      const message = {
        message_id: sent.filter((m) => m.chatId === chatId).length + 1,
        from: BOT_USER,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      } as Message.TextMessage;
      const record = { chatId, text, params: p, message, at: Date.now() };
      sent.push(record);
      onSend?.(record);
      if (holdResponse?.(record)) return; // delivered, but the answer never reaches the bot
      ok(res, message);
    },
    editMessageText: (p, res) => {
      const chatId = Number(p.chat_id);
      const record = sent.find((m) => m.chatId === chatId && m.message.message_id === Number(p.message_id));
      if (!record)
        return fail(res, { error_code: 400, description: "Bad Request: message to edit not found" });
      const parsed = messageText(p);
      if ("error" in parsed) return fail(res, badRequest(parsed.error));
      const { text } = parsed;
      const markup = p.reply_markup ?? undefined;
      const invalid = checkKeyboard(markup, record.message.chat.type);
      if (invalid) return fail(res, invalid);
      if (text === record.text && JSON.stringify(markup) === JSON.stringify(record.message.reply_markup)) {
        return fail(res, {
          error_code: 400,
          description:
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        });
      }
      record.text = text;
      record.params = { ...record.params, ...p };
      record.message = {
        ...record.message,
        text,
        edit_date: Math.floor(Date.now() / 1000),
        ...(markup ? { reply_markup: markup } : {}),
      } as Message.TextMessage;
      record.edits = (record.edits ?? 0) + 1;
      ok(res, record.message);
    },
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return reply(res, { ok: true });
    if (url.pathname === "/control/outage" && req.method === "POST") {
      const seconds = Number(url.searchParams.get("seconds"));
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
        return reply(res, { ok: false, description: "seconds: must be 0…3600" }, 400);
      outageUntil = Date.now() + seconds * 1000;
      return reply(res, { ok: true, until: outageUntil });
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return fail(res, { error_code: 404, description: "Not Found" });
    const [, token, method = ""] = match;
    if (acceptAnyToken ? !/^\d+:[\w-]+$/.test(token ?? "") : token !== TOKEN)
      return fail(res, { error_code: 401, description: "Unauthorized" });
    let params: Params;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    } catch {
      return fail(res, { error_code: 400, description: "Bad Request: can't parse request body" });
    }
    while (paused) {
      await paused.resume;
      // Telegram never saw a request whose client gave up before it was processed.
      if (req.destroyed || res.destroyed || res.writableEnded || req.socket.destroyed) return;
    }
    calls.push({ method, params, at: Date.now() });
    const handler = methods[method];
    if (!handler) return fail(res, { error_code: 404, description: "Not Found" });
    if (Date.now() < outageUntil) {
      const failure = outageFailures[outageAnswers++ % outageFailures.length] as Failure;
      return fail(res, failure);
    }
    const failure = staged.get(method)?.shift();
    if (failure) return fail(res, failure);
    handler(params, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const apiRoot = `http://127.0.0.1:${address && typeof address === "object" ? address.port : port}`;

  return {
    /** Give this to grammY as `client.apiRoot` (BOT_API_ROOT). */
    apiRoot,
    token: TOKEN,
    sent,
    calls,
    /** Queues an update as Telegram would deliver it; returns its update_id. */
    pushUpdate(update: Omit<Update, "update_id">): number {
      const full = { ...update, update_id: nextUpdateId++ } as Update;
      const chat = full.message?.chat;
      if (chat) chats.set(chat.id, chat);
      updates.push(full);
      flush();
      return full.update_id;
    },
    /** A user writes `text` to the bot in a private chat (commands get their bot_command entity). */
    sendText(from: Omit<User, "is_bot">, text: string): number {
      const command = /^\/\S+/.exec(text)?.[0];
      const message = {
        message_id: nextIncomingMessageId++,
        from: { ...from, is_bot: false },
        chat: { id: from.id, type: "private", first_name: from.first_name },
        date: Math.floor(Date.now() / 1000),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
      } as Update["message"];
      return this.pushUpdate({ message });
    },
    /** A chat the bot may write to without it having written first (as after an earlier /start). */
    knowChat(chatId: number, firstName = `User ${chatId}`) {
      chats.set(
        chatId,
        (chatId > 0
          ? { id: chatId, type: "private", first_name: firstName }
          : { id: chatId, type: "group", title: firstName }) as Message["chat"],
      );
    },
    /** The menu button set with setChatMenuButton (undefined: never set). */
    menuButton: () => menuButton,
    /** answerCallbackQuery calls, in order. */
    callbackAnswers,
    /** The user presses an inline button with `data` under one of the bot's messages. */
    pressButton(from: Omit<User, "is_bot">, message: Message, data: string): number {
      return this.pushUpdate({
        callback_query: {
          id: String(nextCallbackId++),
          from: { ...from, is_bot: false },
          message,
          chat_instance: `ci-${message.chat.id}`,
          data,
        },
      } as Omit<Update, "update_id">);
    },
    /** The user types `@bot <query>` in any chat; returns the inline query's id. */
    inlineQuery(from: Omit<User, "is_bot">, query: string): string {
      const id = `iq-${nextInlineId++}`;
      this.pushUpdate({
        inline_query: { id, from: { ...from, is_bot: false }, query, offset: "", chat_type: "sender" },
      } as Omit<Update, "update_id">);
      return id;
    },
    /** answerInlineQuery calls, in order. */
    inlineAnswers,
    /** Waits for the answer to inline query `id`. */
    waitForInlineAnswer(id: string, timeoutMs = 10_000) {
      return waitFor(
        `the answer to inline query ${id}`,
        async () => inlineAnswers.find((a) => a.inlineQueryId === id),
        {
          timeoutMs,
          intervalMs: 20,
        },
      );
    },
    /** Holds every request unprocessed until resume(); ones whose client disconnects are dropped. */
    pause() {
      if (paused) return;
      let release = () => {};
      const resume = new Promise<void>((resolve) => {
        release = resolve;
      });
      paused = { resume, release };
    },
    resume() {
      const current = paused;
      paused = undefined;
      current?.release();
    },
    /**
     * For the next `ms`, every method answers 429 (retry_after 2), 502 and 500 in turn, as
     * Telegram does when it is overloaded; 0 ends an outage early.
     */
    outage(ms: number) {
      outageUntil = Date.now() + ms;
    },
    /** Answers given during outages so far. */
    outageAnswers: () => outageAnswers,
    /** The webhook set by the bot, if any. */
    webhook: () => webhook,
    /** sendMessage calls answered 429 by the rate limit (not staged failures). */
    rateLimited: () => rateLimited,
    /** The next calls of `method` fail with these answers, one each, before it works again. */
    stageFailures(method: string, ...failures: Failure[]) {
      staged.set(method, [...(staged.get(method) ?? []), ...failures]);
    },
    /** From now on, messages to this chat get 403 "bot was blocked by the user". */
    blockChat(chatId: number) {
      blocked.add(chatId);
    },
    /**
     * Messages matching `predicate` are delivered (recorded) but their 200 is never sent, as when
     * the bot dies between Telegram accepting a message and reading the answer. undefined: off.
     */
    holdResponses(predicate: ((message: SentMessage) => boolean) | undefined) {
      holdResponse = predicate;
    },
    /** The user unblocks the bot. */
    unblockChat(chatId: number) {
      blocked.delete(chatId);
    },
    /** Updates delivered but not yet confirmed by a getUpdates offset. */
    pendingUpdates: () => updates.length,
    /** Waits for a sent message matching `predicate` (default: to `chatId`). */
    waitForMessage(chatId: number, predicate: (m: SentMessage) => boolean = () => true, timeoutMs = 10_000) {
      return waitFor(
        `a message to chat ${chatId}`,
        async () => sent.find((m) => m.chatId === chatId && predicate(m)),
        { timeoutMs, intervalMs: 20 },
      );
    },
    async close() {
      endPoll([]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;

/** Bot API parameters come as JSON, urlencoded form (values may be JSON), or nothing. */
async function readBody(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return {};
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return JSON.parse(raw) as Params;
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(
      [...new URLSearchParams(raw)].map(([key, value]) => {
        if (!/^[[{]/.test(value)) return [key, value];
        try {
          return [key, JSON.parse(value)];
        } catch {
          return [key, value];
        }
      }),
    );
  }
  throw new Error(`unsupported content-type ${type}`);
}
