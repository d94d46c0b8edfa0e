// A local stand-in for the Telegram Bot API, on node:http, faithful where the bot's behaviour
// depends on it: methods arrive as POST (or GET) /bot<token>/<method> with JSON, form or query
// parameters; answers are `{ok:true,result}` or `{ok:false,error_code,description,parameters}`;
// getUpdates is held open like real long polling and confirms updates below `offset`; a newer
// getUpdates ends the older one with 409, as Telegram does; sendMessage is recorded and answered
// with a real-shaped Message; 429 with retry_after and 403 for a blocked chat can be staged.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { waitFor } from "@gavel/scripts/lib/ports.ts";
import type { Message, Update, User } from "grammy/types";

type Params = Record<string, unknown>;
type Failure = { error_code: number; description: string; parameters?: { retry_after?: number } };
export interface SentMessage {
  chatId: number;
  text: string;
  params: Params;
  message: Message;
}

export const BOT_USER = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Gavel Test",
  username: "gavel_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as const;
export const TOKEN = `${BOT_USER.id}:AAFakeTokenForTheLocalBotApiStandIn01`;

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
}

export async function startFakeBotApi({ port = 0, acceptAnyToken = false, onSend }: FakeBotApiOptions = {}) {
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
    deleteWebhook: (_p, res) => ok(res, true),
    setMyCommands: (p, res) => {
      commands = { ...commands, [String(p.language_code ?? "")]: p.commands };
      ok(res, true);
    },
    getMyCommands: (p, res) => ok(res, commands[String(p.language_code ?? "")] ?? []),
    answerCallbackQuery: (_p, res) => ok(res, true),
    getUpdates: (p, res) => {
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
      const text = typeof p.text === "string" ? p.text : "";
      const chat = chats.get(chatId);
      if (!chat) return fail(res, { error_code: 400, description: "Bad Request: chat not found" });
      if (blocked.has(chatId))
        return fail(res, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
      if (text.trim() === "")
        return fail(res, { error_code: 400, description: "Bad Request: message text is empty" });
      const message = {
        message_id: sent.filter((m) => m.chatId === chatId).length + 1,
        from: BOT_USER,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      } as Message.TextMessage;
      const record = { chatId, text, params: p, message };
      sent.push(record);
      onSend?.(record);
      ok(res, message);
    },
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return reply(res, { ok: true });
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
    calls.push({ method, params, at: Date.now() });
    const handler = methods[method];
    if (!handler) return fail(res, { error_code: 404, description: "Not Found" });
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
    /** The next calls of `method` fail with these answers, one each, before it works again. */
    stageFailures(method: string, ...failures: Failure[]) {
      staged.set(method, [...(staged.get(method) ?? []), ...failures]);
    },
    /** From now on, messages to this chat get 403 "bot was blocked by the user". */
    blockChat(chatId: number) {
      blocked.add(chatId);
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
