// A database connection that dies while the bot holds it (Postgres stopped or restarted in the
// middle of a transaction) must fail that one piece of work, not the bot: pg's pool stops listening
// for a client's errors while it is checked out, and an 'error' event nobody listens to ends the
// process. Found by the chaos run (the bot exited during a Postgres stop and repeated messages).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "@gavel/scripts/lib/postgres.ts";
import pg from "pg";
import pino from "pino";
import { createPool } from "../src/db/pool.ts";

const DATA_ROOT = fileURLToPath(new URL("../../.data", import.meta.url));

describe("the bot's database pool", () => {
  let postgres: PostgresServer;
  let databaseUrl: string;
  before(async () => {
    postgres = await startPostgres({
      dataDir: `${DATA_ROOT}/tmp-bot-pool-${randomBytes(4).toString("hex")}`,
      port: await freePort(),
      ephemeral: true,
    });
    databaseUrl = await postgres.createDatabase("gavel_bot_pool");
  });
  after(() => postgres?.stop());

  it("a connection killed while checked out fails its work; the process and the pool carry on", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const pool = createPool(databaseUrl, logger);
    const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const client = await pool.connect();
      await client.query("begin");
      const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      // The connection dies between two statements of the transaction (no query in flight).
      await admin.query("select pg_terminate_backend($1)", [pid]);
      // No listener of the test's own on the client: without the pool's, the process would end here.
      const deadline = Date.now() + 10_000;
      while (!lines.some((line) => line.includes("database connection failed while in use"))) {
        assert.ok(Date.now() < deadline, "the lost connection is logged");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await assert.rejects(client.query("select 1"));
      client.release(true);
      assert.equal((await pool.query<{ one: number }>("select 1 as one")).rows[0]!.one, 1);
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
