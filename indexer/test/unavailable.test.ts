// Which failures mean "the database is out of reach" (answered 503) and which are bugs (500), from
// errors pg really throws; and the once-a-second log of a failure that repeats on every request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import pg from "pg";
import { isDatabaseUnavailable, throttledLog } from "../src/api/unavailable.ts";

test("a refused connection, a cut one and a stopping server are 'unavailable'; a bad query is not", async () => {
  const port = await freePort();
  const refused = await new pg.Client({ connectionString: `postgres://x@127.0.0.1:${port}/x` })
    .connect()
    .catch((e: unknown) => e);
  assert.ok(isDatabaseUnavailable(refused), String(refused));
  assert.ok(isDatabaseUnavailable(new Error("Connection terminated unexpectedly")));
  // Postgres's own codes: admin_shutdown (the server stopping), cannot_connect_now.
  assert.ok(isDatabaseUnavailable(Object.assign(new Error("terminating connection"), { code: "57P01" })));
  assert.ok(isDatabaseUnavailable(Object.assign(new Error("starting up"), { code: "57P03" })));
  // Wrapped, as a query builder may wrap it.
  assert.ok(isDatabaseUnavailable(new Error("query failed", { cause: refused })));
  // Bugs and bad data stay 500: an undefined table, a syntax error, anything else.
  assert.equal(
    isDatabaseUnavailable(Object.assign(new Error('relation "x" does not exist'), { code: "42P01" })),
    false,
  );
  assert.equal(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" })), false);
  assert.equal(isDatabaseUnavailable(new TypeError("cannot read properties of undefined")), false);
});

test("a repeating failure is logged at most once a second, with the requests it answered", () => {
  const lines: Record<string, unknown>[] = [];
  const note = throttledLog((entry) => lines.push(entry), 1_000);
  note({ msg: "down" }, 10_000);
  for (let t = 10_001; t < 11_000; t += 10) note({ msg: "down" }, t);
  note({ msg: "down" }, 11_000);
  assert.deepEqual(lines, [
    { msg: "down", requests: 1 },
    { msg: "down", requests: 101 },
  ]);
});
