// The outbox sender: takes due rows from bot.outbox, sends one message per (chat, group) and
// marks the rows sent. Also fires due ending-soon reminders into the outbox.
//
// Exactly-once, and its one gap: rows are created in the same transaction that advances the
// feed cursor, and are marked sent right after Telegram answers 200. If the process dies after
// Telegram accepted a message and before that UPDATE commits (one local round trip, ~1 ms, plus
// the time the 200 spends in flight), the message is sent again after the restart. Nothing is
// ever lost: an unmarked row is retried until Telegram accepts or definitively refuses it.
import type { I18n } from "@grammyjs/i18n";
import { type Api, GrammyError, HttpError } from "grammy";
import type { Pool } from "pg";
import type { BotContext } from "../bot/context.ts";
import type { ChatStore } from "../db/chats.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Ingestor, NotePayload } from "../notify/ingest.ts";
import { notificationButtons, renderNotification } from "../notify/render.ts";

interface OutboxRow {
  id: string;
  chat_id: string;
  group_key: string;
  payload: NotePayload & { title?: string };
  attempts: number;
  language: string;
  active: boolean;
}

export interface SenderOptions {
  pool: Pool;
  api: Api;
  i18n: I18n<BotContext>;
  webUrl: string;
  /** WEB_APP_URL: "View" opens the dApp inside Telegram (private chats). */
  webAppUrl?: string | undefined;
  chats: ChatStore;
  ingestor: Ingestor;
  logger: Logger;
  metrics: Metrics;
  /** How often to look for due rows and reminders when nothing wakes the sender. */
  idleMs?: number;
}

/** Messages being sent at once; the throttler paces them, this bounds memory and queue delay. */
export const MAX_IN_FLIGHT = 120;
/** Events folded into one message at most (Telegram's limit is 4,096 characters). */
export const MAX_NOTES_PER_MESSAGE = 15;
/** Due rows (oldest first) a round looks at to choose the chats it sends to. */
export const CANDIDATE_ROWS = 2_000;

/**
 * A round's rows: up to $1 chats not in flight ($3), in the order of their oldest due row, each
 * with its first $2 due rows. The chats come from the oldest $4 due rows (a chat whose oldest row
 * is younger waits behind those anyway); each chat's rows from the outbox_pending_chat index. So a
 * round reads a few thousand index entries however long the backlog (bot/bench/round.ts).
 */
export const DUE_ROWS_SQL = `with candidates as (
   select chat_id, due_at from bot.outbox
   where sent_at is null and failed_at is null and due_at <= now()
     and (retry_at is null or retry_at <= now()) and chat_id <> all($3::bigint[])
   order by due_at limit $4
 ), heads as (
   select chat_id, min(due_at) as oldest from candidates
   group by chat_id order by oldest, chat_id limit $1
 )
 select o.id::text, o.chat_id::text, o.group_key, o.payload, o.attempts, c.language, c.active
 from heads h
 join bot.chats c on c.chat_id = h.chat_id
 cross join lateral (
   select id, chat_id, group_key, payload, attempts, due_at from bot.outbox
   where chat_id = h.chat_id and sent_at is null and failed_at is null and due_at <= now()
     and (retry_at is null or retry_at <= now())
   order by due_at, id limit $2
 ) o
 order by h.oldest, h.chat_id, o.due_at, o.id`;
/** How long a sent message's bookkeeping is retried while the database is unreachable. */
const MARK_SENT_RETRY_MS = 10 * 60_000;

export class OutboxSender {
  readonly #o: SenderOptions;
  readonly #log: Logger;
  readonly #inFlight = new Map<number, Promise<void>>(); // by chat: one message per chat at a time
  /**
   * Chats whose send finished since this round's SELECT began: the SELECT may have read their rows
   * before the "sent" UPDATE committed, so they wait for the next round (else: a duplicate).
   */
  readonly #finishedThisRound = new Set<number>();
  #stopped = false;
  #wake: (() => void) | undefined;
  #task: Promise<void> | undefined;
  #lastReminderCheck = 0;
  #lastDepthCheck = 0;

  constructor(options: SenderOptions) {
    this.#o = options;
    this.#log = options.logger.child({ part: "outbox" });
  }

  start(): void {
    this.#task = this.#run();
  }

  /** New rows were committed: look now rather than at the next tick. */
  notify(): void {
    this.#wake?.();
  }

  /** Stops taking rows and waits for the messages already handed to Telegram. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#task;
    await Promise.allSettled(this.#inFlight.values());
  }

  async #run(): Promise<void> {
    const idleMs = this.#o.idleMs ?? 250;
    while (!this.#stopped) {
      const wake = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      try {
        await this.#tick();
      } catch (error) {
        this.#log.error({ err: error }, "outbox round failed; trying again");
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        wake,
        new Promise((resolve) => {
          timer = setTimeout(resolve, idleMs);
        }),
        // a finished chat may have more rows waiting
        ...(this.#inFlight.size > 0 ? [Promise.race(this.#inFlight.values())] : []),
      ]);
      clearTimeout(timer);
    }
  }

  async #tick(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastReminderCheck >= 1_000) {
      this.#lastReminderCheck = now;
      await this.#fireReminders();
    }
    if (now - this.#lastDepthCheck >= 1_000) {
      this.#lastDepthCheck = now;
      const depth = await this.#o.pool.query<{ n: string }>(
        "select count(*) as n from bot.outbox where sent_at is null and failed_at is null",
      );
      this.#o.metrics.outboxDepth.set(Number(depth.rows[0]?.n ?? 0));
    }
    if (this.#inFlight.size >= MAX_IN_FLIGHT) return;
    this.#finishedThisRound.clear();
    // Chats in the order of their oldest due row, each with its first MAX_NOTES_PER_MESSAGE due
    // rows, so a chat behind on messages gets them folded into one (the chaos run's 1,000 followers
    // under Telegram's 30 messages a second: the oldest rows alone folded 4 to a message). Numbering
    // every pending row per chat instead kept a core of Postgres busy at a backlog of 30,000.
    const due = await this.#o.pool.query<OutboxRow>(DUE_ROWS_SQL, [
      MAX_IN_FLIGHT - this.#inFlight.size,
      MAX_NOTES_PER_MESSAGE,
      [...this.#inFlight.keys()],
      CANDIDATE_ROWS,
    ]);
    const groups = new Map<string, OutboxRow[]>();
    for (const row of due.rows) {
      const chatId = Number(row.chat_id);
      if (this.#inFlight.has(chatId) || this.#finishedThisRound.has(chatId)) continue;
      // One message per chat per round: its first group; the rest follow as the chat frees up.
      const key = `${chatId}`;
      const group = groups.get(key);
      if (!group) groups.set(key, [row]);
      else if (group[0]!.group_key === row.group_key && group.length < MAX_NOTES_PER_MESSAGE) group.push(row);
    }
    for (const rows of groups.values()) {
      if (this.#inFlight.size >= MAX_IN_FLIGHT) break;
      const chatId = Number(rows[0]!.chat_id);
      const sending = this.#send(chatId, rows)
        .catch((error: unknown) => this.#log.error({ err: error, chatId }, "outbox bookkeeping failed"))
        .finally(() => {
          this.#inFlight.delete(chatId);
          this.#finishedThisRound.add(chatId);
        });
      this.#inFlight.set(chatId, sending);
    }
  }

  async #fireReminders(): Promise<void> {
    const client = await this.#o.pool.connect();
    try {
      await client.query("begin");
      const added = await this.#o.ingestor.fireReminders(client);
      await client.query("commit");
      if (added > 0) this.#log.debug({ added }, "ending-soon reminders queued");
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async #send(chatId: number, rows: OutboxRow[]): Promise<void> {
    const ids = rows.map((row) => row.id);
    const { metrics, pool } = this.#o;
    if (!rows[0]!.active) {
      await this.#fail(ids, "chat inactive");
      return;
    }
    let messageId: number;
    try {
      const locale = this.#o.i18n.locales.includes(rows[0]!.language) ? rows[0]!.language : "en";
      const notes = rows.map((row) => row.payload);
      const text = renderNotification(this.#o.i18n, locale, this.#o.webUrl, notes);
      const auctionId = notes.find((note) => note.auctionId)?.auctionId;
      const follows =
        auctionId !== undefined &&
        (
          await pool.query("select 1 from bot.follows where chat_id = $1 and auction_id = $2", [
            chatId,
            auctionId,
          ])
        ).rows.length > 0;
      const buttons = notificationButtons(
        this.#o.i18n,
        locale,
        { webUrl: this.#o.webUrl, webAppUrl: this.#o.webAppUrl },
        notes,
        { id: chatId, follows },
      );
      const sent = await this.#o.api.sendMessage(chatId, text, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(buttons.length > 0 ? { reply_markup: { inline_keyboard: buttons } } : {}),
      });
      messageId = sent.message_id;
    } catch (error) {
      await this.#handleFailure(chatId, rows, error);
      return;
    }
    // The repeat window: between Telegram's 200 above and this commit. A database that is down
    // for a while (not a crash of the bot) must not widen it: the mark is retried until it commits,
    // and the chat stays in flight meanwhile, so its rows are not picked and sent again (the
    // chaos run found followers told twice when Postgres stopped in the middle of a fan-out).
    await this.#markSent(ids, messageId);
    metrics.notifications.inc({ outcome: "sent" }, rows.length);
    metrics.notificationMessages.inc();
  }

  /**
   * Marks rows Telegram accepted as sent, with the message that carried them, retrying for up to
   * MARK_SENT_RETRY_MS while the database is unreachable.
   */
  async #markSent(ids: string[], messageId: number): Promise<void> {
    const giveUpAt = Date.now() + MARK_SENT_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#o.pool.query(
          "update bot.outbox set sent_at = now(), message_id = $2 where id = any($1::bigint[])",
          [ids, messageId],
        );
        return;
      } catch (error) {
        if (this.#stopped || Date.now() >= giveUpAt) throw error;
        if (attempt === 0)
          this.#log.warn({ err: error, rows: ids.length }, "marking sent rows failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  async #handleFailure(chatId: number, rows: OutboxRow[], error: unknown): Promise<void> {
    const ids = rows.map((row) => row.id);
    const attempts = Math.max(...rows.map((row) => row.attempts)) + 1;
    if (error instanceof GrammyError) {
      const gone =
        error.error_code === 403 ||
        (error.error_code === 400 &&
          /chat not found|user is deactivated|chat was deleted/i.test(error.description));
      if (gone) {
        await this.#o.chats.deactivate(chatId);
        const dropped = await this.#o.pool.query(
          `update bot.outbox set failed_at = now(), failure = $2
           where chat_id = $1 and sent_at is null and failed_at is null`,
          [chatId, error.description],
        );
        this.#o.metrics.notifications.inc({ outcome: "failed" }, dropped.rowCount ?? 0);
        this.#o.metrics.deactivations.inc();
        this.#log.info(
          { chatId, description: error.description },
          "chat deactivated: Telegram refuses delivery",
        );
        return;
      }
      if (error.error_code === 429 || error.error_code >= 500) {
        // auto-retry gave up (retry_after too long, or too many attempts): try again later
        const after = error.parameters.retry_after ?? Math.min(2 ** attempts, 300);
        await this.#defer(ids, after, attempts, error.description);
        return;
      }
      await this.#fail(ids, error.description); // 400 and friends: sending again will not help
      this.#log.error({ chatId, err: error }, "Telegram refused a notification");
      return;
    }
    const reason = error instanceof HttpError ? `network: ${error.message}` : String(error);
    this.#log.warn({ chatId, err: error }, "notification not sent; will retry");
    await this.#defer(ids, Math.min(2 ** attempts, 300), attempts, reason);
  }

  async #defer(ids: string[], seconds: number, attempts: number, reason: string): Promise<void> {
    await this.#o.pool.query(
      `update bot.outbox set attempts = $2, retry_at = now() + make_interval(secs => $3), failure = $4
       where id = any($1::bigint[])`,
      [ids, attempts, seconds, reason],
    );
    this.#o.metrics.notifications.inc({ outcome: "deferred" }, ids.length);
  }

  async #fail(ids: string[], reason: string): Promise<void> {
    await this.#o.pool.query(
      "update bot.outbox set failed_at = now(), failure = $2 where id = any($1::bigint[])",
      [ids, reason],
    );
    this.#o.metrics.notifications.inc({ outcome: "failed" }, ids.length);
  }
}
