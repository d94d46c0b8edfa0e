// The bot's Postgres pool. pg's pool listens for a client's errors only while the client is idle in
// the pool; a connection that dies while checked out (Postgres stopped or restarted in the middle of
// a transaction) emits 'error' with nobody listening, which ends the process. Every client gets a
// listener of its own for its whole life: the work it was doing fails (its queries reject) and is
// retried by its loop, the dead client is dropped on release, and the bot carries on.
import pg from "pg";
import type { Logger } from "pino";

export function createPool(databaseUrl: string, logger: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on("error", (error) => logger.error({ err: error }, "idle database connection failed"));
  pool.on("connect", (client) => {
    client.on("error", (error) => logger.warn({ err: error }, "database connection failed while in use"));
  });
  return pool;
}
