import pino from "pino";

/** Structured JSON logs on stdout, one object per line. LOG_LEVEL overrides the level. */
export const log = pino({
  name: "web",
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "web" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
