import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runner } from "node-pg-migrate";
import type { PoolClient } from "pg";

/** node-pg-migrate's record of what ran, in schema `web`. */
const TABLE = "pgmigrations";
/** Any fixed number that other services are unlikely to lock; "gweb" in ASCII. */
const LOCK_KEY = 0x6777_6562;
const FILE_NAME = /^(\d{3})_[\w-]+\.sql$/;

export interface MigrateOptions {
  /** `up` (default) applies what is missing; `down` reverts the last `count` (default 1). */
  direction?: "up" | "down";
  count?: number;
}

/**
 * Runs the web's migrations (`NNN_name.sql` → its SQL, each with an up and a down section) with
 * node-pg-migrate on `client`: the missing ones in one transaction, under an advisory lock, so
 * that replicas starting at once apply each migration once. Returns the names it ran.
 *
 * node-pg-migrate reads migrations from a folder, while the server build carries them inside its
 * bundle: they are written to a temporary folder for the run.
 */
export async function runMigrations(
  client: PoolClient,
  migrations: Record<string, string>,
  options: MigrateOptions = {},
): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "gavel-web-migrations-"));
  try {
    for (const [file, sql] of Object.entries(migrations)) {
      if (!FILE_NAME.test(file)) throw new Error(`migration file name must be NNN_name.sql: ${file}`);
      await writeFile(join(dir, file), sql);
    }
    await adoptLegacyRecord(client, Object.keys(migrations));
    const ran = await runner({
      dbClient: client,
      dir,
      migrationsSchema: "web",
      createMigrationsSchema: true,
      migrationsTable: TABLE,
      direction: options.direction ?? "up",
      ...(options.count !== undefined ? { count: options.count } : {}),
      lockValue: LOCK_KEY,
      advisoryLockMode: "wait",
      log: () => {},
    });
    return ran.map((migration) => migration.name);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Databases migrated before node-pg-migrate recorded their migrations by number in
 * `web.schema_migrations`: the first run copies that record into node-pg-migrate's table (by file
 * name), so nothing runs twice, and drops the old table.
 */
async function adoptLegacyRecord(client: PoolClient, files: string[]): Promise<void> {
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const found = await client.query<{ legacy: boolean; current: boolean }>(
      `select to_regclass('web.schema_migrations') is not null as legacy,
              to_regclass('web.${TABLE}') is not null as current`,
    );
    if (found.rows[0]?.legacy && !found.rows[0].current) {
      const names = new Map(
        files.map((file) => [Number(FILE_NAME.exec(file)?.[1]), file.slice(0, -".sql".length)]),
      );
      const done = await client.query<{ version: number; applied_at: Date }>(
        "select version, applied_at from web.schema_migrations order by version",
      );
      await client.query(
        `create table web.${TABLE} (id serial primary key, name varchar(255) not null, run_on timestamp not null)`,
      );
      for (const row of done.rows) {
        const name = names.get(row.version);
        if (!name) throw new Error(`web.schema_migrations lists migration ${row.version}, which has no file`);
        await client.query(`insert into web.${TABLE} (name, run_on) values ($1, $2)`, [name, row.applied_at]);
      }
      await client.query("drop table web.schema_migrations");
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}
