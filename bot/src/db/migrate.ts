// The bot owns the `bot` schema and nothing else. Migrations are plain SQL, applied in order,
// each once, inside one transaction under an advisory lock so that two starting processes
// cannot both apply them. Append new migrations; never edit one that has shipped.
import type { Pool } from "pg";

export const migrations: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: "chats",
    sql: `
      create table bot.chats (
        chat_id    bigint primary key,
        language   text not null,
        first_seen timestamptz not null default now()
      );
    `,
  },
];

/** Any fixed number that other services are unlikely to lock; "gavel-bot" in ASCII, truncated. */
const LOCK_KEY = 0x6761_7665;

/** Applies the migrations that are missing; returns the ids it applied. */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await client.query("create schema if not exists bot");
    await client.query(`
      create table if not exists bot.migrations (
        id         integer primary key,
        name       text not null,
        applied_at timestamptz not null default now()
      )`);
    const done = await client.query<{ id: number }>("select id from bot.migrations");
    const applied = new Set(done.rows.map((row) => row.id));
    const ran: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query("insert into bot.migrations (id, name) values ($1, $2)", [
        migration.id,
        migration.name,
      ]);
      ran.push(migration.id);
    }
    await client.query("commit");
    return ran;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw new Error(`bot database migration failed: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  } finally {
    client.release();
  }
}
