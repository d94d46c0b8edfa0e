import pg from "pg";
import { DATABASE_URL } from "$app/env/private";
import { log } from "./log.ts";

/**
 * The web's own PostgreSQL tables, all in schema `web` (docs/ARCHITECTURE.md: services never write
 * each other's tables). One pool per process; every replica runs the same migrations at start, and
 * an advisory lock makes concurrent starts apply each one once.
 */
export const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
pool.on("error", (err) => log.error({ err }, "idle PostgreSQL client failed"));

/** Numbered migrations (`migrations/NNN_name.sql`), bundled into the server build. */
const files = import.meta.glob<string>("./migrations/*.sql", {
  query: "?raw",
  import: "default",
  eager: true,
});

export const migrations = Object.entries(files)
  .map(([path, sql]) => {
    const match = /\/(\d+)_([\w-]+)\.sql$/.exec(path);
    if (!match) throw new Error(`migration file name must be NNN_name.sql: ${path}`);
    return { version: Number(match[1]), name: match[2] ?? "", sql };
  })
  .sort((a, b) => a.version - b.version);

/** Applies the migrations not applied yet, in order, each in its own transaction. */
export async function migrate(): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock(hashtext('gavel-web-migrations'))");
    try {
      await client.query("create schema if not exists web");
      await client.query(
        "create table if not exists web.schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
      );
      const done = new Set(
        (await client.query<{ version: number }>("select version from web.schema_migrations")).rows.map(
          (row) => row.version,
        ),
      );
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await client.query("begin");
        try {
          await client.query(migration.sql);
          await client.query("insert into web.schema_migrations (version, name) values ($1, $2)", [
            migration.version,
            migration.name,
          ]);
          await client.query("commit");
        } catch (error) {
          await client.query("rollback");
          throw new Error(
            `migration ${migration.version}_${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        applied.push(`${migration.version}_${migration.name}`);
      }
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('gavel-web-migrations'))");
    }
  } finally {
    client.release();
  }
  return applied;
}
