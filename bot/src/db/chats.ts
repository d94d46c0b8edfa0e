import type { Pool } from "pg";

export interface ChatRecord {
  /** Telegram chat ids fit in 52 bits, so a JS number holds them exactly. */
  chatId: number;
  /** A locale the bot has texts for ("en", "ru"). */
  language: string;
  firstSeen: Date;
}

interface ChatRow {
  chat_id: string;
  language: string;
  first_seen: Date;
}

const toRecord = (row: ChatRow): ChatRecord => ({
  chatId: Number(row.chat_id),
  language: row.language,
  firstSeen: row.first_seen,
});

/** The chats that have talked to the bot (table `bot.chats`). */
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
    const found = await this.#pool.query<ChatRow>(
      "select chat_id, language, first_seen from bot.chats where chat_id = $1",
      [chatId],
    );
    const existing = found.rows[0];
    if (existing) return toRecord(existing);
    // Two updates from a new chat can race here; the loser reads the winner's row.
    const inserted = await this.#pool.query<ChatRow>(
      `insert into bot.chats (chat_id, language) values ($1, $2)
       on conflict (chat_id) do update set chat_id = excluded.chat_id
       returning chat_id, language, first_seen`,
      [chatId, language],
    );
    return toRecord(inserted.rows[0]!);
  }
}
