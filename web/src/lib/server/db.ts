import pg from "pg";
import { DATABASE_URL } from "$app/env/private";
import { log } from "./log.ts";
import { runMigrations } from "./migrate.ts";

/**
 * The web's own PostgreSQL tables, all in schema `web` (docs/ARCHITECTURE.md: services never write
 * each other's tables). One pool per process; every replica runs the same migrations at start
 * (node-pg-migrate, see migrate.ts), and an advisory lock makes concurrent starts apply each once.
 */
export const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
pool.on("error", (err) => log.error({ err }, "idle PostgreSQL client failed"));
// pg stops listening for a client's errors while it is checked out; one lost then (Postgres stopped
// mid-transaction) would end the process. Its queries reject instead, and release drops it.
pool.on("connect", (client) =>
  client.on("error", (err) => log.warn({ err }, "PostgreSQL client failed while in use")),
);

/** Numbered migrations (`migrations/NNN_name.sql`, up and down), bundled into the server build. */
const files = import.meta.glob<string>("./migrations/*.sql", {
  query: "?raw",
  import: "default",
  eager: true,
});
const migrationFiles = Object.fromEntries(
  Object.entries(files).map(([path, sql]) => [path.slice(path.lastIndexOf("/") + 1), sql]),
);

/** Applies the migrations not applied yet (see migrate.ts); returns their names. */
export async function migrate(): Promise<string[]> {
  const client = await pool.connect();
  try {
    return await runMigrations(client, migrationFiles);
  } finally {
    client.release();
  }
}
