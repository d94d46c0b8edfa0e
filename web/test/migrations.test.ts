// The web's migrations on a real (embedded) PostgreSQL: up, all the way down, and up again to the
// same schema; each down undoes its up; replicas starting at once; and a database recorded by the
// runner the web used before node-pg-migrate is taken over without running anything twice.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../../scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres.ts";
import { type MigrateOptions, runMigrations } from "../src/lib/server/migrate.ts";

const DIR = fileURLToPath(new URL("../src/lib/server/migrations", import.meta.url));
const FILES = Object.fromEntries(
  readdirSync(DIR)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => [file, readFileSync(join(DIR, file), "utf8")]),
);
const ALL = Object.keys(FILES)
  .sort()
  .map((file) => file.slice(0, -".sql".length));

const tmp = mkdtempSync(join(tmpdir(), "gavel-web-migrations-test-"));
let postgres: PostgresServer;
const pools: pg.Pool[] = [];

before(async () => {
  postgres = await startPostgres({ dataDir: join(tmp, "pg"), port: await freePort(), ephemeral: true });
});
after(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function database(name: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await postgres.createDatabase(name), max: 4 });
  pools.push(pool);
  return pool;
}

async function migrate(pool: pg.Pool, options?: MigrateOptions): Promise<string[]> {
  const client = await pool.connect();
  try {
    return await runMigrations(client, FILES, options);
  } finally {
    client.release();
  }
}

/** Every column, index and constraint of schema `web` except node-pg-migrate's own table. */
async function schemaOf(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
            coalesce(column_default, '') as line
       from information_schema.columns where table_schema = 'web' and table_name <> 'pgmigrations'
     union all
     select 'index ' || indexname || ' ' || indexdef from pg_indexes
      where schemaname = 'web' and tablename <> 'pgmigrations'
     union all
     select 'constraint ' || conname || ' ' || pg_get_constraintdef(c.oid) from pg_constraint c
       join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'web' and conrelid::regclass::text <> 'web.pgmigrations'
     order by 1`,
  );
  return rows.map((row) => row.line);
}

describe("web migrations (node-pg-migrate)", () => {
  test("up, down to nothing, and up again to the same schema", async () => {
    const db = await database("web_migrations");
    assert.deepEqual(await migrate(db), ALL);
    const schema = await schemaOf(db);
    assert.ok(schema.some((line) => line.startsWith("sessions.token_hash ")));
    assert.deepEqual(await migrate(db), [], "a second start runs nothing");

    assert.deepEqual(await migrate(db, { direction: "down", count: ALL.length }), [...ALL].reverse());
    assert.deepEqual(await schemaOf(db), [], "down removes every table, column and index");

    assert.deepEqual(await migrate(db), ALL);
    assert.deepEqual(await schemaOf(db), schema);
  });

  test("each migration's down undoes exactly its up", async () => {
    const db = await database("web_migrations_steps");
    const before: string[][] = [await schemaOf(db)];
    for (const name of ALL) {
      assert.deepEqual(await migrate(db, { count: 1 }), [name]);
      before.push(await schemaOf(db));
    }
    for (const [i, name] of [...ALL.entries()].reverse()) {
      assert.deepEqual(await migrate(db, { direction: "down", count: 1 }), [name]);
      assert.deepEqual(await schemaOf(db), before[i], `down of ${name}`);
    }
  });

  test("replicas starting at once: one migrates, the others wait and find nothing to do", async () => {
    const db = await database("web_migrations_race");
    const others = [1, 2].map(() => new pg.Pool({ connectionString: db.options.connectionString, max: 2 }));
    pools.push(...others);
    const ran = await Promise.all([db, ...others].map((p) => migrate(p)));
    assert.deepEqual(ran.flat().sort(), ALL);
  });

  test("takes over a database migrated by the old runner (web.schema_migrations)", async () => {
    const db = await database("web_migrations_legacy");
    await migrate(db);
    const schema = await schemaOf(db);
    // What the old runner left: its own record table, node-pg-migrate's absent.
    await db.query("drop table web.pgmigrations");
    await db.query(
      "create table web.schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
    );
    for (const name of ALL) {
      await db.query("insert into web.schema_migrations (version, name) values ($1, $2)", [
        Number.parseInt(name, 10),
        name.slice(4),
      ]);
    }
    assert.deepEqual(await migrate(db), [], "nothing runs again");
    assert.deepEqual(await schemaOf(db), schema);
    const left = await db.query("select to_regclass('web.schema_migrations') as old");
    assert.equal(left.rows[0].old, null, "the old record is gone");
    assert.deepEqual(await migrate(db, { direction: "down", count: 1 }), [ALL.at(-1)]);
  });

  test("a file not named NNN_name.sql is refused", async () => {
    const db = await database("web_migrations_names");
    const client = await db.connect();
    try {
      await assert.rejects(runMigrations(client, { "auth.sql": "select 1" }), /NNN_name\.sql/);
    } finally {
      client.release();
    }
  });
});
