// Outbox round benchmark: how long the sender's query for a round's rows (DUE_ROWS_SQL) takes on
// a real Postgres as the backlog grows: 1,000 chats behind on messages, 3,000 and 30,000 pending
// rows (the chaos run's 1,000 followers behind Telegram's 30 messages a second reach the second),
// with 100 chats in flight. The sender runs one round per message Telegram answers, so at 30
// messages a second a round of N ms keeps N × 3 % of a core busy.
//   pnpm --filter @gavel/bot run bench:round
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atMost, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import pg from "pg";
import { migrate } from "../src/db/migrate.ts";
import {
  CANDIDATE_ROWS,
  DUE_ROWS_SQL,
  MAX_IN_FLIGHT,
  MAX_NOTES_PER_MESSAGE,
} from "../src/delivery/sender.ts";

const CHATS = 1_000;
const ROUNDS = 200;
const tmp = mkdtempSync(join(tmpdir(), "gavel-bench-round-"));
const postgres = await startPostgres({ dataDir: join(tmp, "pg"), port: await freePort(), ephemeral: true });
const pool = new pg.Pool({ connectionString: await postgres.createDatabase("bench_round"), max: 2 });
try {
  await migrate(pool);
  await pool.query("insert into bot.chats (chat_id, language) select g, 'en' from generate_series(1, $1) g", [
    CHATS,
  ]);
  let rows = 0;
  for (const backlog of [3_000, 30_000]) {
    // Rows spread over the chats and the last minutes, as a fan-out behind the rate limit leaves them.
    await pool.query(
      `insert into bot.outbox (event_key, chat_id, group_key, kind, payload, due_at)
       select 'e' || g, 1 + (g * 7919) % $2, 'auction:' || (g % 52), 'bid',
              jsonb_build_object('auctionId', (g % 52)::text, 'amount', '1000000', 'title', 'Lot ' || (g % 52)),
              now() - make_interval(secs => ($3 - g) / 50.0)
       from generate_series($1, $3 - 1) g`,
      [rows, CHATS, backlog],
    );
    rows = backlog;
    await pool.query("analyze bot.outbox");
    const inFlight = Array.from({ length: 100 }, (_, i) => 1 + ((i * 37) % CHATS));
    const params = [MAX_IN_FLIGHT - inFlight.length, MAX_NOTES_PER_MESSAGE, inFlight, CANDIDATE_ROWS];
    for (let i = 0; i < 10; i++) await pool.query(DUE_ROWS_SQL, params); // warm-up
    const times: number[] = [];
    let returned = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      returned = (await pool.query(DUE_ROWS_SQL, params)).rowCount ?? 0;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(ROUNDS * 0.5)] ?? 0;
    const p95 = times[Math.floor(ROUNDS * 0.95)] ?? 0;
    console.log(
      `backlog ${backlog.toLocaleString("en-US")} rows: round p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (${returned} rows for ${MAX_IN_FLIGHT - inFlight.length} chats)`,
    );
    reportFigure({
      name: `bot.round.p95.${backlog}`,
      value: Number(p95.toFixed(2)),
      unit: "ms",
      ...atMost(p95, 10, "ms"),
      note: `the sender's query for a round's rows, ${backlog.toLocaleString("en-US")} pending rows over ${CHATS} chats, 100 in flight`,
    });
  }
} finally {
  await pool.end();
  await postgres.stop();
  rmSync(tmp, { recursive: true, force: true });
}
