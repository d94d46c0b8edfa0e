import { type Logger, pino } from "pino";

export type { Logger };

/** JSON lines on stdout, one logger per process; children add context. */
export function createLogger(level: string): Logger {
  return pino({ name: "gavel-bot", level });
}
