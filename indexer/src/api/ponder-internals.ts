// The few Ponder 0.16 process globals the API reads (set by Ponder before it loads src/api; not
// part of its typed public API, so typed here by hand).

interface PonderLogger {
  error(entry: Record<string, unknown>): void;
  warn(entry: Record<string, unknown>): void;
  info(entry: Record<string, unknown>): void;
}

interface PonderGlobals {
  /** Ponder's pino logger (JSON lines with `--log-format json`). */
  PONDER_COMMON: { logger: PonderLogger };
  /** The schema this instance reads and writes (`--schema` / DATABASE_SCHEMA). */
  PONDER_NAMESPACE_BUILD: { schema: string };
  /** Ponder's database handles; `readonlyQB` is what `client()` and GraphQL read through. */
  PONDER_DATABASE: Record<string, unknown>;
}

export const ponderGlobals = globalThis as unknown as PonderGlobals;
