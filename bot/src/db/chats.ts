import type { Pool } from "pg";

/** Notification kinds a chat can switch off in /settings, in the order shown. */
export const NOTIFICATION_KINDS = [
  "bids",
  "outbid",
  "ending",
  "results",
  "deals",
  "disputes",
  "funds",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Ending-soon lead times offered in /settings, in seconds. */
export const LEAD_TIMES = [3600, 900, 300] as const;

export interface ChatRecord {
  /** Telegram chat ids fit in 52 bits, so a JS number holds them exactly. */
  chatId: number;
  /** A locale the bot has texts for ("en", "ru"). */
  language: string;
  firstSeen: Date;
  /** The linked wallet, lower-case. */
  wallet: string | null;
  /** False once Telegram refused delivery (blocked, deleted); /start makes it true again. */
  active: boolean;
  mutedKinds: string[];
  /** Seconds before an auction's end at which this chat wants a reminder. */
  leadTimes: number[];
}

interface ChatRow {
  chat_id: string;
  language: string;
  first_seen: Date;
  wallet: string | null;
  active: boolean;
  muted_kinds: string[];
  lead_times: number[];
}

const COLUMNS = "chat_id, language, first_seen, wallet, active, muted_kinds, lead_times";

const toRecord = (row: ChatRow): ChatRecord => ({
  chatId: Number(row.chat_id),
  language: row.language,
  firstSeen: row.first_seen,
  wallet: row.wallet,
  active: row.active,
  mutedKinds: row.muted_kinds,
  leadTimes: row.lead_times,
});

export type LinkResult = "linked" | "reused";

/** The chats that have talked to the bot (table `bot.chats`) and their settings. */
export class ChatStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /**
   * Returns the chat's record, creating it with `language` the first time the chat is seen.
   * A known chat keeps the language it has (a user's choice outlives their client's setting).
   */
  async ensure(chatId: number, language: string): Promise<ChatRecord> {
    const found = await this.#pool.query<ChatRow>(`select ${COLUMNS} from bot.chats where chat_id = $1`, [
      chatId,
    ]);
    const existing = found.rows[0];
    if (existing) return toRecord(existing);
    // Two updates from a new chat can race here; the loser reads the winner's row.
    const inserted = await this.#pool.query<ChatRow>(
      `insert into bot.chats (chat_id, language) values ($1, $2)
       on conflict (chat_id) do update set chat_id = excluded.chat_id
       returning ${COLUMNS}`,
      [chatId, language],
    );
    return toRecord(inserted.rows[0]!);
  }

  /** /start: a chat that was deactivated gets notifications again. Returns whether it was inactive. */
  async reactivate(chatId: number): Promise<boolean> {
    const result = await this.#pool.query(
      "update bot.chats set active = true, deactivated_at = null where chat_id = $1 and not active",
      [chatId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Telegram refused to deliver (403 blocked/kicked, 400 chat not found): stop sending to it. */
  async deactivate(chatId: number): Promise<void> {
    await this.#pool.query("update bot.chats set active = false, deactivated_at = now() where chat_id = $1", [
      chatId,
    ]);
  }

  /**
   * Links the chat to `wallet` using the token `nonce`, unless that nonce was used before.
   * The nonce is recorded in the same transaction, so a token links at most one chat, once.
   */
  async link(chatId: number, wallet: string, nonce: string, expiresAt: number): Promise<LinkResult> {
    const client = await this.#pool.connect();
    try {
      await client.query("begin");
      const used = await client.query(
        `insert into bot.link_nonces (nonce, chat_id, wallet, expires_at) values ($1, $2, $3, to_timestamp($4))
         on conflict (nonce) do nothing`,
        [nonce, chatId, wallet, expiresAt],
      );
      if (used.rowCount === 0) {
        await client.query("rollback");
        return "reused";
      }
      await client.query("update bot.chats set wallet = $2, linked_at = now() where chat_id = $1", [
        chatId,
        wallet,
      ]);
      await client.query("commit");
      return "linked";
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Returns the wallet that was linked, if any. */
  async unlink(chatId: number): Promise<string | null> {
    const result = await this.#pool.query<{ wallet: string | null }>(
      `update bot.chats c set wallet = null, linked_at = null from bot.chats old
       where c.chat_id = $1 and old.chat_id = c.chat_id returning old.wallet`,
      [chatId],
    );
    return result.rows[0]?.wallet ?? null;
  }

  async setLanguage(chatId: number, language: string): Promise<void> {
    await this.#pool.query("update bot.chats set language = $2 where chat_id = $1", [chatId, language]);
  }

  /** Switches a notification kind on or off; returns the muted kinds after the change. */
  async toggleKind(chatId: number, kind: NotificationKind): Promise<string[]> {
    const result = await this.#pool.query<{ muted_kinds: string[] }>(
      `update bot.chats set muted_kinds = case when $2 = any(muted_kinds)
         then array_remove(muted_kinds, $2) else array_append(muted_kinds, $2) end
       where chat_id = $1 returning muted_kinds`,
      [chatId, kind],
    );
    return result.rows[0]?.muted_kinds ?? [];
  }

  /** Adds or removes a reminder lead time; returns the lead times after the change. */
  async toggleLeadTime(chatId: number, seconds: number): Promise<number[]> {
    const result = await this.#pool.query<{ lead_times: number[] }>(
      `update bot.chats set lead_times = case when $2 = any(lead_times)
         then array_remove(lead_times, $2) else array_append(lead_times, $2) end
       where chat_id = $1 returning lead_times`,
      [chatId, seconds],
    );
    return result.rows[0]?.lead_times ?? [];
  }
}
