// The bot owns the `bot` schema and nothing else. Its migrations are the numbered SQL files in
// ./migrations, each with an up and a down section, run by node-pg-migrate at start-up: the
// missing ones in one transaction, under an advisory lock, so that a second process starting at
// the same time waits and then finds nothing to do. Append new migrations; never edit one that
// has shipped.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import type { Pool, PoolClient } from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));
/** node-pg-migrate's record of what ran, in schema `bot`. */
const TABLE = "pgmigrations";
/** Any fixed number that other services are unlikely to lock; "gave" in ASCII. */
const LOCK_KEY = 0x6761_7665;

export interface MigrateOptions {
  /** `up` (default) applies what is missing; `down` reverts the last `count` (default 1). */
  direction?: "up" | "down";
  count?: number;
}

/** Runs the migrations; returns the numbers of those it ran (in the order it ran them). */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<number[]> {
  const client = await pool.connect();
  try {
    await adoptLegacyRecord(client);
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsSchema: "bot",
      createMigrationsSchema: true,
      migrationsTable: TABLE,
      direction: options.direction ?? "up",
      ...(options.count !== undefined ? { count: options.count } : {}),
      lockValue: LOCK_KEY,
      advisoryLockMode: "wait",
      log: () => {},
    });
    return ran.map((migration) => Number.parseInt(migration.name, 10));
  } catch (error) {
    throw new Error(`bot database migration failed: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  } finally {
    client.release();
  }
}

/**
 * Databases migrated before node-pg-migrate recorded their migrations by number in
 * `bot.migrations`: the first run copies that record into node-pg-migrate's table (by file name),
 * so nothing runs twice, and drops the old table.
 */
async function adoptLegacyRecord(client: PoolClient): Promise<void> {
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const found = await client.query<{ legacy: boolean; current: boolean }>(
      `select to_regclass('bot.migrations') is not null as legacy,
              to_regclass('bot.${TABLE}') is not null as current`,
    );
    if (found.rows[0]?.legacy && !found.rows[0].current) {
      const names = new Map(
        readdirSync(MIGRATIONS_DIR)
          .filter((file) => file.endsWith(".sql"))
          .map((file) => [Number.parseInt(file, 10), file.slice(0, -".sql".length)]),
      );
      const done = await client.query<{ id: number; applied_at: Date }>(
        "select id, applied_at from bot.migrations order by id",
      );
      await client.query(
        `create table bot.${TABLE} (id serial primary key, name varchar(255) not null, run_on timestamp not null)`,
      );
      for (const row of done.rows) {
        const name = names.get(row.id);
        if (!name) throw new Error(`bot.migrations lists migration ${row.id}, which has no file`);
        await client.query(`insert into bot.${TABLE} (name, run_on) values ($1, $2)`, [name, row.applied_at]);
      }
      await client.query("drop table bot.migrations");
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}
