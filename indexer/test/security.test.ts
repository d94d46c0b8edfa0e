// The indexer's public surface against a hostile caller, on the real stack (embedded Postgres, a
// Hardhat node with the Gavel deployment, `ponder start`): SQL over HTTP is off by default and,
// when an operator turns it on, a slow query there cannot stall the REST routes; bad parameters
// get a 400 naming them; oversized bodies a 413; failures a JSON answer without a stack or path.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { type Indexer, type Stack, startStack, waitCaughtUp } from "@gavel/scripts/lib/stack.ts";
import pg from "pg";
import { encodeCursor } from "../src/api/format.ts";

const TOKEN = randomBytes(24).toString("base64url"); // 32 characters
const STATEMENT_TIMEOUT_MS = 1_500;
let stack: Stack;
let closed: Indexer; // default configuration: no SQL over HTTP
let open: Indexer; // SQL_API_TOKEN set

before(async () => {
  stack = await startStack("security");
  [closed, open] = await Promise.all([
    stack.startIndexer("sec_default"),
    stack.startIndexer("sec_sql", {
      SQL_API_TOKEN: TOKEN,
      SQL_API_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    }),
  ]);
  await Promise.all([waitCaughtUp(closed), waitCaughtUp(open)]);
});

after(async () => {
  await stack?.stop();
});

/** /sql/db?sql=… as `@ponder/client` sends it (superjson of the compiled query). */
function sqlUrl(indexer: Indexer, query: string, token?: string): string {
  const sql = encodeURIComponent(JSON.stringify({ json: { sql: query, params: [], typings: [] } }));
  return `${indexer.url}/sql/db?sql=${sql}${token ? `&token=${token}` : ""}`;
}

// Six activity tables joined: rows^6 combinations, far beyond any statement timeout. `n` makes
// each query text distinct (Ponder shares one execution between identical texts).
const crossJoin = (n: number) =>
  `select count(*) + ${n} from "activity" a, "activity" b, "activity" c, "activity" d, "activity" e, "activity" f`;

test("by default SQL over HTTP is off: /sql/db and /sql/live refuse, even a cheap query", async () => {
  for (const path of ["db", "live"]) {
    const url = sqlUrl(closed, 'select "cursor" from "activity" limit 1').replace("/sql/db", `/sql/${path}`);
    const response = await fetch(url);
    assert.equal(response.status, 404, `/sql/${path}`);
    const body = (await response.json()) as { error: string };
    assert.match(body.error, /not enabled/);
  }
});

test("with SQL_API_TOKEN set, /sql needs that token (header or ?token=)", async () => {
  const query = 'select count(*) as n from "activity"';
  assert.equal((await fetch(sqlUrl(open, query))).status, 401, "no token");
  assert.equal((await fetch(sqlUrl(open, query, `${TOKEN}x`))).status, 401, "wrong token");
  assert.equal(
    (await fetch(sqlUrl(open, query), { headers: { authorization: "Bearer nope" } })).status,
    401,
    "wrong bearer",
  );
  const byQuery = await fetch(sqlUrl(open, query, TOKEN));
  assert.equal(byQuery.status, 200, await byQuery.clone().text());
  const rows = ((await byQuery.json()) as { rows: { n: string }[] }).rows;
  assert.ok(Number(rows[0]?.n) > 10, "the deployment's events are there");
  const byHeader = await fetch(sqlUrl(open, query), { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(byHeader.status, 200);
  // Writes stay refused.
  const write = await fetch(sqlUrl(open, 'delete from "activity"', TOKEN));
  assert.equal(write.status, 400);
  assert.equal((await fetch(`${open.url}/api/activity?limit=1`)).status, 200);
});

test("twelve huge cross joins through /sql do not slow the REST routes, and each is cut off", async () => {
  const started = Date.now();
  const slow = Array.from({ length: 12 }, (_, n) =>
    fetch(sqlUrl(open, crossJoin(n), TOKEN)).then(async (response) => ({
      status: response.status,
      body: await response.text(),
      ms: Date.now() - started,
    })),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const paths = ["/api/activity?limit=5", "/api/auctions?limit=5", "/api/stats", "/api/ready"];
  const timings: number[] = [];
  while (Date.now() - started < STATEMENT_TIMEOUT_MS * 2) {
    for (const path of paths) {
      const t0 = performance.now();
      const response = await fetch(`${open.url}${path}`);
      await response.arrayBuffer();
      timings.push(performance.now() - t0);
      assert.equal(response.status, 200, path);
    }
  }
  const results = await Promise.all(slow);
  timings.sort((a, b) => a - b);
  const p95 = timings[Math.floor(timings.length * 0.95)] ?? 0;
  const max = timings.at(-1) ?? 0;
  console.log(
    `REST while 12 cross joins ran: ${timings.length} requests, p50 ${timings[timings.length >> 1]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms; /sql answers ${results.map((r) => r.status).join(",")} within ${Math.max(...results.map((r) => r.ms))} ms`,
  );
  assert.ok(p95 < 300, `REST p95 ${p95.toFixed(1)} ms while /sql was busy`);
  assert.ok(max < 1_500, `REST max ${max.toFixed(1)} ms while /sql was busy`);
  for (const result of results) {
    assert.ok([400, 503].includes(result.status), `${result.status} ${result.body}`);
    assert.ok(result.ms < STATEMENT_TIMEOUT_MS * 12, `cut off after ${result.ms} ms`);
    assert.match(result.body, /^\{"error":"(query cancelled|SQL over HTTP is busy)/);
  }
});

const cursor = (value: Record<string, string>) => encodeCursor(value);

const badParameters: [path: string, field: string][] = [
  ["/api/auctions?q=lei%00ca", "q"],
  ["/api/auctions?q%00=1", "q\\0"],
  ["/api/auctions?limit=1e400", "limit"],
  ["/api/auctions?limit=99999999999999999999999", "limit"],
  ["/api/auctions?endingBefore=99999999999999999999999", "endingBefore"],
  ["/api/auctions?minPrice=123456789012345678901234567890", "minPrice"],
  ["/api/auctions?cursor=%%%", "cursor"],
  ["/api/auctions?cursor=bm90IGpzb24", "cursor"],
  [
    `/api/auctions?sort=bids&order=desc&cursor=${cursor({ s: "bids", o: "desc", k: "9".repeat(40), id: "1" })}`,
    "cursor",
  ],
  [`/api/auctions?sort=price&cursor=${cursor({ s: "price", o: "asc", k: "1e99", id: "1" })}`, "cursor"],
  [`/api/auctions/${"9".repeat(79)}`, "id"],
  [`/api/auctions/${"9".repeat(78)}`, "id"],
  ["/api/auctions/1%00", "id"],
  ["/api/deals/-1", "id"],
  ["/api/accounts/0x00%00", "address"],
  ["/api/activity?after=%00", "after"],
  ["/api/activity?after=000000000001-000000-00000%00", "after"],
  ["/api/disputes?cursor=999999999999999999999", "cursor"],
  ["/api/stats?days=1%00", "days"],
  ["/api/leaderboard?minReviews=1e9", "minReviews"],
  ["/api/activity/stream?after=nope", "after"],
];

test(`${badParameters.length} bad parameters (NUL bytes, oversized numbers, malformed cursors) get a 400 naming them`, async () => {
  for (const [path, field] of badParameters) {
    const response = await fetch(`${closed.url}${path}`);
    const text = await response.text();
    assert.equal(response.status, 400, `${path}: ${text}`);
    const body = JSON.parse(text) as { error: string; issues: { field: string }[] };
    assert.ok(
      body.issues.some((issue) => issue.field === field),
      `${path} names ${field}: ${text}`,
    );
  }
});

test("an oversized body gets 413 before it is read; unknown paths a JSON 404", async () => {
  const big = JSON.stringify({ query: `{ ${"a ".repeat(100_000)} }` });
  const response = await fetch(`${closed.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: big,
  });
  assert.equal(response.status, 413);
  assert.match(((await response.json()) as { error: string }).error, /larger than/);
  const missing = await fetch(`${closed.url}/api/nothing-here`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "not found" });
});

test("a failure is answered in JSON without a stack trace or a server path", async () => {
  // Take a table away under the API: /api/disputes' query fails inside our route.
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query('alter table "sec_default"."dispute" rename to "dispute_gone"');
    const response = await fetch(`${closed.url}/api/disputes?status=all`);
    const text = await response.text();
    assert.equal(response.status, 500, text);
    assert.deepEqual(JSON.parse(text), { error: "internal error" });
    assert.doesNotMatch(text, /\/|\.ts|\.js|at /);
  } finally {
    await db.query('alter table "sec_default"."dispute_gone" rename to "dispute"');
    await db.end();
  }
});

// Last: it stops the database.
test("a database out of reach answers 503 with Retry-After, logged once a second, not per request", async () => {
  const logged = closed.log.length;
  await stack.postgres.stop();
  const answers = await Promise.all(
    Array.from({ length: 30 }, async (_, i) => {
      const response = await fetch(`${closed.url}/api/auctions?limit=${i + 1}`);
      return {
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        text: await response.text(),
      };
    }),
  );
  for (const answer of answers) {
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.retryAfter, "1");
    assert.deepEqual(JSON.parse(answer.text), { error: "database unavailable, try again shortly" });
  }
  const lines = closed.log.slice(logged);
  const unavailable = lines.filter((line) => line.includes("Database unavailable"));
  assert.ok(
    unavailable.length >= 1 && unavailable.length <= 3,
    `${unavailable.length} lines for 30 requests`,
  );
  assert.equal(lines.filter((line) => line.includes("Failed to handle HTTP request")).length, 0);
});
