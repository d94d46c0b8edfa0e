import { pool } from "./db.ts";

/**
 * Fixed-window rate limiting counted in PostgreSQL, so that every web replica sharing the
 * database enforces one limit per client (a per-process token bucket would multiply the limit by
 * the number of replicas). One upsert per request; old windows are swept now and then.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds: number;
}

const WINDOW_SECONDS = 60;

export async function hit(key: string, limitPerMinute: number): Promise<RateLimitResult> {
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000);
  const { rows } = await pool.query<{ hits: number }>(
    `insert into web.rate_limits (key, window_start, hits) values ($1, $2, 1)
     on conflict (key, window_start) do update set hits = web.rate_limits.hits + 1
     returning hits`,
    [key, windowStart],
  );
  if (Math.random() < 0.01) {
    void pool
      .query("delete from web.rate_limits where window_start < now() - interval '1 hour'")
      .catch(() => {});
  }
  const hits = rows[0]?.hits ?? 1;
  return {
    allowed: hits <= limitPerMinute,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_SECONDS * 1000 - now) / 1000)),
  };
}
