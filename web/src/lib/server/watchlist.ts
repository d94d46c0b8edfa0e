import { pool } from "./db.ts";

/** Auction ids the wallet watches, newest first. */
export async function watchedIds(address: string): Promise<string[]> {
  const { rows } = await pool.query<{ auction_id: string }>(
    "select auction_id from web.watchlist where address = $1 order by created_at desc limit 100",
    [address.toLowerCase()],
  );
  return rows.map((row) => row.auction_id);
}

export async function isWatching(address: string, auctionId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    "select 1 from web.watchlist where address = $1 and auction_id = $2",
    [address.toLowerCase(), auctionId],
  );
  return rowCount === 1;
}

/** Adds or removes; returns whether the auction is watched afterwards. */
export async function setWatching(address: string, auctionId: string, watch: boolean): Promise<boolean> {
  if (watch) {
    await pool.query(
      "insert into web.watchlist (address, auction_id) values ($1, $2) on conflict do nothing",
      [address.toLowerCase(), auctionId],
    );
  } else {
    await pool.query("delete from web.watchlist where address = $1 and auction_id = $2", [
      address.toLowerCase(),
      auctionId,
    ]);
  }
  return watch;
}
