// The platform (GavelConfig): who holds the arbiter role, and the end of a pause, which moves
// every auction end that had not come yet.
import { addr, type EventHandler, eventKey, scheduleEnding, uint } from "./common.ts";

/** keccak256("ARBITER_ROLE"), GavelConfig's role for whoever rules disputes. */
export const ARBITER_ROLE = "0xbb08418a67729a078f87bbc8d02a770929bb68f5bfdf134ae2ead6ed38e2f4ae";

const roleChanged: EventHandler = async ({ client }, item) => {
  const d = item.data;
  if (d.role?.toLowerCase() !== ARBITER_ROLE) return { rows: 0 };
  await client.query(
    item.event === "RoleGranted"
      ? "insert into bot.arbiter_role (account) values ($1) on conflict do nothing"
      : "delete from bot.arbiter_role where account = $1",
    [addr(d.account)],
  );
  return { rows: 0 };
};

/**
 * `Unpaused`: every auction time that had not come when the pause began moved `pausedFor`
 * seconds later. Moves the ends the bot keeps (and their reminders) and tells the followers,
 * the seller and the bidders of each moved auction its new end.
 */
const unpaused: EventHandler = async ({ client, logger, deliver }, item) => {
  const pausedAt = Number(uint(item.data.pausedAt, "pausedAt"));
  const pausedFor = Number(uint(item.data.pausedFor, "pausedFor"));
  if (pausedFor === 0) return { rows: 0 };
  await client.query(
    `update bot.reminders set end_time = end_time + $2,
       due_at = case when due_at > to_timestamp($1) then due_at + make_interval(secs => $2) else due_at end
     where kind = 'reveal' and end_time > $1`,
    [pausedAt, pausedFor],
  );
  const moved = await client.query<{ auction_id: string; end_time: string; title: string | null }>(
    `update bot.auctions set end_time = end_time + $2
     where status = 'active' and end_time > $1
     returning auction_id::text, end_time::text, title`,
    [pausedAt, pausedFor],
  );
  let rows = 0;
  for (const row of moved.rows) {
    const endTime = Number(row.end_time);
    await scheduleEnding(client, row.auction_id, endTime);
    rows += await deliver(
      client,
      `${eventKey(item)}:auction:${row.auction_id}`,
      item.blockNumber,
      `auction:${row.auction_id}`,
      row.auction_id,
      [
        {
          audience: { followers: true, seller: true, bidders: true },
          kind: "ending",
          key: "note-pause-moved-end",
          args: { end: { time: endTime } },
        },
      ],
      { auctionId: row.auction_id, ...(row.title !== null ? { title: row.title } : {}) },
    );
  }
  logger.info(
    { cursor: item.cursor, pausedAt, pausedFor, auctionsMoved: moved.rowCount ?? 0 },
    "pause ended: auction ends moved",
  );
  return { rows };
};

export const platformHandlers: Record<string, EventHandler> = {
  RoleGranted: roleChanged,
  RoleRevoked: roleChanged,
  Unpaused: unpaused,
};
