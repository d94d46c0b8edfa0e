// What the relayer copies share, in Postgres: fixed-window rate-limit counters (per wallet and per
// client address) and the gas spent per UTC day. One upsert per question, so any number of copies
// enforce one limit and one budget. The tables are created at start-up if missing.
import pg from "pg";

export interface Hit {
  allowed: boolean;
  /** Seconds until the window ends (Retry-After). */
  retryAfterSeconds: number;
}

const WINDOW_SECONDS = 60;

export async function openStore(
  databaseUrl: string,
  schema: string,
  onConnectionError: (error: Error) => void,
) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  // A connection lost while idle (Postgres restarted) must not end the process: pg emits 'error'
  // on the pool, and on a client it has handed out; the next query opens a fresh connection.
  pool.on("error", onConnectionError);
  pool.on("connect", (client) => client.on("error", onConnectionError));
  // Two copies starting at once on a fresh database: `create … if not exists` is not safe against a
  // concurrent create (one fails on pg_type's unique index), so the set-up runs under a lock.
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock(hashtext($1))", [`gavel-relayer-store:${schema}`]);
    await client.query(`create schema if not exists ${schema}`);
    await client.query(`create table if not exists ${schema}.rate_windows (
      key text not null, window_start timestamptz not null, hits integer not null,
      primary key (key, window_start))`);
    await client.query(`create table if not exists ${schema}.gas_spent (
      day date primary key, wei numeric(78, 0) not null)`);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }

  return {
    /** Counts one request against `key`; refused beyond `limit` per minute. */
    async hit(key: string, limit: number): Promise<Hit> {
      const now = Date.now();
      const start = Math.floor(now / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
      const { rows } = await pool.query<{ hits: number }>(
        `insert into ${schema}.rate_windows (key, window_start, hits) values ($1, $2, 1)
         on conflict (key, window_start) do update set hits = ${schema}.rate_windows.hits + 1
         returning hits`,
        [key, new Date(start)],
      );
      if (Math.random() < 0.01) {
        void pool
          .query(`delete from ${schema}.rate_windows where window_start < now() - interval '1 hour'`)
          .catch(() => {});
      }
      return {
        allowed: (rows[0]?.hits ?? 1) <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((start + WINDOW_SECONDS * 1000 - now) / 1000)),
      };
    },
    /** Wei spent on gas today (UTC) by every copy. */
    async spentToday(): Promise<bigint> {
      const { rows } = await pool.query<{ wei: string }>(
        `select wei::text from ${schema}.gas_spent where day = (now() at time zone 'utc')::date`,
      );
      return BigInt(rows[0]?.wei ?? "0");
    },
    async addSpent(wei: bigint): Promise<void> {
      await pool.query(
        `insert into ${schema}.gas_spent (day, wei) values ((now() at time zone 'utc')::date, $1)
         on conflict (day) do update set wei = ${schema}.gas_spent.wei + excluded.wei`,
        [wei.toString()],
      );
    },
    async ping(): Promise<void> {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}
export type Store = Awaited<ReturnType<typeof openStore>>;
