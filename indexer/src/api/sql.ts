// SQL over HTTP (/sql/db and /sql/live, the protocol of `@ponder/client`), closed to the public.
//
// Off unless SQL_API_TOKEN is set. When on, a caller must present the token (`Authorization:
// Bearer …`, or `?token=` for EventSource clients that cannot set headers), and every query runs
// on a small pool of its own — read-only, with a short statement timeout and no retries — so a
// slow query (a huge cross join) waits and dies there instead of holding the connections the
// REST routes and GraphQL read through.
//
// Ponder's `client()` middleware parses, validates and caches the queries. It reads through
// `globalThis.PONDER_DATABASE.readonlyQB` at query time; inside a /sql request (an
// AsyncLocalStorage context) that property answers with our own pool instead. Everything else —
// Ponder's own routes, GraphQL, the REST routes (whose `db` was bound at load) — keeps Ponder's.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, timingSafeEqual } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import pg from "pg";
import { ponderGlobals } from "./ponder-internals.ts";

export interface SqlApiOptions {
  token: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectionString: string;
  /** The Postgres schema the indexer writes (its tables are found through search_path). */
  schema: string;
  /** Builds Ponder's `client()` middleware (called once, after the pool override is in place). */
  ponderClient: () => MiddlewareHandler;
  log: { warn(entry: Record<string, unknown>): void };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** The token from `Authorization: Bearer <token>` or the `token` query parameter. */
function presentedToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? c.req.query("token") ?? undefined;
}

/** The /sql/* middleware when SQL_API_TOKEN is unset: refuses every request. */
export const sqlApiOff: MiddlewareHandler = async (c) =>
  c.json({ error: "SQL over HTTP is not enabled on this server" }, 404);

export function sqlApi(options: SqlApiOptions): MiddlewareHandler {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    application_name: `${options.schema}_sql_api`,
    statement_timeout: options.statementTimeoutMs,
    lock_timeout: 500,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    // A client-side backstop, and no endless queue behind a busy pool.
    query_timeout: options.statementTimeoutMs + 1_000,
    connectionTimeoutMillis: options.statementTimeoutMs,
  });
  const quotedSchema = `"${options.schema.replaceAll('"', '""')}"`;
  pool.on("connect", (client) => {
    // Queued before any query of this connection.
    client
      .query(
        `SET search_path TO ${quotedSchema}; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET max_parallel_workers_per_gather = 0`,
      )
      .catch(() => {});
  });
  pool.on("error", (error) => options.log.warn({ msg: "SQL API pool error", error: error.message }));

  // What Ponder's client() calls: `readonlyQB.raw.transaction(tx => …, { accessMode })`, plain
  // drizzle (no retry wrapper) on our pool.
  const ownQB = { raw: drizzle(pool, { casing: "snake_case" }) };
  const inSqlRequest = new AsyncLocalStorage<typeof ownQB>();
  const database = ponderGlobals.PONDER_DATABASE;
  const ponderQB = database.readonlyQB;
  Object.defineProperty(database, "readonlyQB", {
    configurable: true,
    enumerable: true,
    get: () => inSqlRequest.getStore() ?? ponderQB,
  });
  const ponderClient = options.ponderClient();
  const expected = digest(options.token);

  return createMiddleware(async (c, next) => {
    const token = presentedToken(c);
    if (token === undefined || !timingSafeEqual(digest(token), expected)) {
      c.header("www-authenticate", 'Bearer realm="sql"');
      return c.json({ error: "SQL over HTTP needs the operator token" }, 401);
    }
    if (c.req.method !== "GET") return c.json({ error: "method not allowed" }, 405);
    const sqlParam = c.req.query("sql");
    if (sqlParam === undefined || sqlParam.length > 20_000 || !isSuperjson(sqlParam)) {
      return c.json(
        {
          error: "invalid parameter: sql",
          issues: [{ field: "sql", message: "must be a query as @ponder/client sends it" }],
        },
        400,
      );
    }
    const response = await inSqlRequest.run(ownQB, () => ponderClient(c, next));
    const res = response ?? c.res;
    // Ponder answers a refused or failed query with 500 and the bare message: the query is the
    // caller's, so say 400 (or 503 when our pool is busy) in JSON.
    if (res.status === 500 && !res.headers.get("content-type")?.includes("event-stream")) {
      const message = (await res.text()).slice(0, 500);
      const busy = /timeout exceeded when trying to connect/i.test(message);
      const cancelled = /statement timeout|canceling statement/i.test(message);
      return c.json(
        {
          error: busy
            ? "SQL over HTTP is busy, try again later"
            : cancelled
              ? `query cancelled: it ran longer than ${options.statementTimeoutMs} ms`
              : `query refused: ${message}`,
        },
        busy ? 503 : 400,
      );
    }
    return res;
  });
}

/** `sql` must parse as superjson's envelope of `{ sql: string, params: unknown[] }`. */
function isSuperjson(text: string): boolean {
  try {
    const value = JSON.parse(text) as { json?: { sql?: unknown; params?: unknown } };
    return typeof value?.json?.sql === "string" && Array.isArray(value.json.params ?? []);
  } catch {
    return false;
  }
}
