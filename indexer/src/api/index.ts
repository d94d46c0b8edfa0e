// The indexer's HTTP API: Ponder's GraphQL and SQL-over-HTTP plus Gavel's REST routes, one
// sub-app per resource (their OpenAPI document, built from routes.ts, is served at /openapi.json).
// Ponder itself serves /health, /ready, /status and /metrics on the same port (and reserves those
// paths); "caught up" readiness is /api/ready.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { client, graphql } from "ponder";
import { accounts } from "./accounts.ts";
import { auctions } from "./auctions.ts";
import { deals } from "./deals.ts";
import { feed } from "./feed.ts";
import { openApiDocument } from "./openapi.ts";
import { badRequest } from "./params.ts";
import { ponderGlobals } from "./ponder-internals.ts";
import { env, log } from "./runtime.ts";
import { sqlApi, sqlApiOff } from "./sql.ts";
import { stats } from "./stats.ts";
import { status } from "./status.ts";
import { isDatabaseUnavailable, throttledLog } from "./unavailable.ts";

const app = new Hono();

/** Largest request body any route reads (GraphQL queries are the only bodies). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Every failure is answered in JSON without a stack trace or a server path (Ponder's own handler
 * would name the file); the details go to the log. A database out of reach is 503 (unavailable.ts).
 */
const noteUnavailable = throttledLog((entry) => log.warn(entry));

app.onError((error, c) => {
  if (isDatabaseUnavailable(error)) {
    noteUnavailable({ msg: "Database unavailable: answering 503", path: c.req.path, reason: error.message });
    c.header("retry-after", "1");
    return c.json({ error: "database unavailable, try again shortly" }, 503);
  }
  log.error({
    msg: "Failed to handle HTTP request",
    method: c.req.method,
    path: c.req.path,
    error: { name: error.name, message: error.message, stack: error.stack },
  });
  return c.json({ error: "internal error" }, 500);
});

app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413),
  }),
);

/** A NUL byte in any query parameter of our routes is refused naming it (Postgres text cannot hold one). */
app.use(
  "/api/*",
  createMiddleware(async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (values.some((value) => value.includes("\0")) || name.includes("\0")) {
        const field = name.replaceAll("\0", "\\0");
        return c.json(badRequest([{ field, message: "must not contain a NUL byte" }]), 400);
      }
    }
    await next();
  }),
);

/**
 * CORS for /api/*: Ponder answers every request with `Access-Control-Allow-Origin: *`; when
 * WEB_ORIGIN is set, our routes narrow that to the configured origins.
 */
app.use(
  "/api/*",
  createMiddleware(async (c, next) => {
    await next();
    if (env.webOrigins.length === 0) return;
    const origin = c.req.header("origin");
    if (origin && env.webOrigins.includes(origin)) {
      c.res.headers.set("access-control-allow-origin", origin);
      c.res.headers.append("vary", "Origin");
    } else {
      c.res.headers.delete("access-control-allow-origin");
    }
  }),
);

app.use("/graphql", graphql({ db, schema }));
app.use(
  "/sql/*",
  env.sqlApi && env.database.kind === "postgres"
    ? sqlApi({
        ...env.sqlApi,
        connectionString: env.database.connectionString,
        schema: ponderGlobals.PONDER_NAMESPACE_BUILD.schema,
        ponderClient: () => client({ db, schema }),
        log,
      })
    : sqlApiOff,
);

/** The REST API's OpenAPI 3.1 document (the same one `indexer/client` is generated from). */
const document = JSON.stringify(openApiDocument());
app.get("/openapi.json", (c) => c.body(document, 200, { "content-type": "application/json; charset=UTF-8" }));

app.route("/", auctions);
app.route("/", deals);
app.route("/", accounts);
app.route("/", stats);
app.route("/", feed);
app.route("/", status);

/** Any other path or method: a JSON 404 (Ponder's own /health, /ready, /status, /metrics come first). */
app.all("*", (c) => c.json({ error: "not found" }, 404));

export default app;
