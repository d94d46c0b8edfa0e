import type { Pool } from "pg";

/** Which chats follow which auctions (table `bot.follows`). Auction ids are decimal strings. */
export class FollowStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Returns false when the chat already followed it. */
  async follow(chatId: number, auctionId: string): Promise<boolean> {
    const result = await this.#pool.query(
      "insert into bot.follows (chat_id, auction_id) values ($1, $2) on conflict do nothing",
      [chatId, auctionId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Returns false when the chat did not follow it. */
  async unfollow(chatId: number, auctionId: string): Promise<boolean> {
    const result = await this.#pool.query("delete from bot.follows where chat_id = $1 and auction_id = $2", [
      chatId,
      auctionId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async isFollowing(chatId: number, auctionId: string): Promise<boolean> {
    const result = await this.#pool.query(
      "select 1 from bot.follows where chat_id = $1 and auction_id = $2",
      [chatId, auctionId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** The auctions a chat follows, oldest follow first, with what the bot knows of them. */
  async list(chatId: number): Promise<{ auctionId: string; title: string | null; status: string | null }[]> {
    const result = await this.#pool.query<{
      auction_id: string;
      title: string | null;
      status: string | null;
    }>(
      `select f.auction_id::text, a.title, a.status from bot.follows f
       left join bot.auctions a on a.auction_id = f.auction_id
       where f.chat_id = $1 order by f.created_at, f.auction_id`,
      [chatId],
    );
    return result.rows.map((row) => ({ auctionId: row.auction_id, title: row.title, status: row.status }));
  }

  /** What the bot knows about an auction from the feed, or undefined if it never saw it. */
  async auction(auctionId: string): Promise<{ title: string | null; status: string } | undefined> {
    const result = await this.#pool.query<{ title: string | null; status: string }>(
      "select title, status from bot.auctions where auction_id = $1",
      [auctionId],
    );
    return result.rows[0];
  }
}
