// Postgres out of reach (stopped, restarting, a connection cut): every read route fails the same
// way until it is back. Such a failure answers 503 with Retry-After, which clients and balancers
// treat as "try again shortly", rather than 500; and it is logged once a second with a count, not
// once per request with a stack trace (a 20 s outage under load wrote 3,883 error lines).

/** Error codes of a database that cannot be reached now: the socket's, or Postgres's own. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown (the server stopping)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "08000", // connection_exception
  "08001", // unable to establish a connection
  "08003", // connection_does_not_exist
  "08006", // connection_failure
]);

/** What pg and pg-pool say when a connection is cut or cannot be had, with no code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/** Whether `error` (or an error it wraps) says the database cannot be reached now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}

/**
 * A log line at most every `everyMs` for a failure that repeats on every request: the first as it
 * happens, then one per interval counting the requests it answered in between.
 */
export function throttledLog(log: (entry: Record<string, unknown>) => void, everyMs = 1_000) {
  let last = 0;
  let since = 0;
  return (entry: Record<string, unknown>, now = Date.now()) => {
    since++;
    if (now - last < everyMs) return;
    log({ ...entry, requests: since });
    last = now;
    since = 0;
  };
}
