// The bot's migrations on a real (embedded) PostgreSQL: up, all the way down, and up again to the
// same schema; two processes starting at once; and a database recorded by the runner the bot used
// before node-pg-migrate is taken over without running anything twice.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "@gavel/scripts/lib/postgres.ts";
import pg from "pg";
import { MIGRATIONS_DIR, migrate } from "../src/db/migrate.ts";
import { Cleanup } from "./helpers.ts";

const DATA_ROOT = fileURLToPath(new URL("../../.data", import.meta.url));
const ALL = readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith(".sql"))
  .map((file) => Number.parseInt(file, 10));

/** Every column, index and constraint of schema `bot` except node-pg-migrate's own table. */
async function schemaOf(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
            coalesce(column_default, '') as line
       from information_schema.columns where table_schema = 'bot' and table_name <> 'pgmigrations'
     union all
     select 'index ' || indexname || ' ' || indexdef from pg_indexes
      where schemaname = 'bot' and tablename <> 'pgmigrations'
     union all
     select 'constraint ' || conname || ' ' || pg_get_constraintdef(c.oid) from pg_constraint c
       join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'bot' and conrelid::regclass::text <> 'bot.pgmigrations'
     order by 1`,
  );
  return rows.map((row) => row.line);
}

describe("bot migrations (node-pg-migrate)", () => {
  const cleanup = new Cleanup();
  let postgres: PostgresServer;
  const pool = async (name: string) => {
    const p = new pg.Pool({ connectionString: await postgres.createDatabase(name), max: 4 });
    cleanup.add(() => p.end());
    return p;
  };

  before(async () => {
    postgres = await startPostgres({
      dataDir: `${DATA_ROOT}/tmp-bot-${randomBytes(4).toString("hex")}`,
      port: await freePort(),
      ephemeral: true,
    });
    cleanup.add(() => postgres.stop());
  });
  after(() => cleanup.run());

  it("runs up, down to nothing, and up again to the same schema", async () => {
    const db = await pool("gavel_bot_migrations");
    assert.deepEqual(await migrate(db), ALL);
    const schema = await schemaOf(db);
    assert.ok(schema.some((line) => line.startsWith("outbox.event_key ")));
    assert.deepEqual(await migrate(db), [], "a second start runs nothing");

    assert.deepEqual(await migrate(db, { direction: "down", count: ALL.length }), [...ALL].reverse());
    assert.deepEqual(await schemaOf(db), [], "down removes every table, column and index");

    assert.deepEqual(await migrate(db), ALL);
    assert.deepEqual(await schemaOf(db), schema);
  });

  it("each migration's down undoes exactly its up", async () => {
    const db = await pool("gavel_bot_migrations_steps");
    const before: string[][] = [await schemaOf(db)];
    for (const n of ALL) {
      assert.deepEqual(await migrate(db, { count: 1 }), [n]);
      before.push(await schemaOf(db));
    }
    for (const n of [...ALL].reverse()) {
      assert.deepEqual(await migrate(db, { direction: "down", count: 1 }), [n]);
      assert.deepEqual(await schemaOf(db), before[ALL.indexOf(n)], `down of ${n}`);
    }
  });

  it("two processes starting at once: one migrates, the other waits and finds nothing to do", async () => {
    const db = await pool("gavel_bot_migrations_race");
    const other = new pg.Pool({ connectionString: db.options.connectionString, max: 2 });
    cleanup.add(() => other.end());
    const [a, b] = await Promise.all([migrate(db), migrate(other)]);
    assert.deepEqual(
      [...a, ...b].sort((x, y) => x - y),
      ALL,
    );
  });

  it("takes over a database migrated by the old runner (bot.migrations) without running anything twice", async () => {
    const db = await pool("gavel_bot_migrations_legacy");
    await migrate(db);
    const schema = await schemaOf(db);
    // What the old runner left: its own record table, node-pg-migrate's absent.
    await db.query("drop table bot.pgmigrations");
    await db.query(
      "create table bot.migrations (id integer primary key, name text not null, applied_at timestamptz not null default now())",
    );
    await db.query("insert into bot.migrations (id, name) select n, 'm' || n from unnest($1::int[]) as n", [
      ALL,
    ]);

    assert.deepEqual(await migrate(db), [], "nothing runs again");
    assert.deepEqual(await schemaOf(db), schema);
    const left = await db.query("select to_regclass('bot.migrations') as old");
    assert.equal(left.rows[0].old, null, "the old record is gone");
    const recorded = await db.query<{ name: string }>("select name from bot.pgmigrations order by id");
    assert.equal(recorded.rows.length, ALL.length);
    assert.deepEqual(await migrate(db, { direction: "down", count: 1 }), [ALL.at(-1)]);
  });
});
