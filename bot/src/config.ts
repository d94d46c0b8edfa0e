// The bot's whole configuration, read once from the environment at start-up. A bad or missing
// value stops the process with a message that names the variable.
import { z } from "zod";

const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
/** An http(s) URL without a trailing slash, so that `${root}/path` is always right. */
const baseUrl = url.transform((value) => value.replace(/\/+$/, ""));

const schema = z.object({
  BOT_TOKEN: z
    .string({ error: "is required (the token @BotFather gave you)" })
    .regex(/^\d+:[\w-]{20,}$/, "does not look like a bot token (<digits>:<secret>)"),
  /** A Bot API server other than Telegram's (a local `telegram-bot-api`, or the test stand-in). */
  BOT_API_ROOT: baseUrl.optional(),
  INDEXER_URL: baseUrl.default("http://127.0.0.1:42069"),
  WEB_URL: baseUrl.default("http://127.0.0.1:5173"),
  DATABASE_URL: z
    .string({ error: "is required (postgres://user:password@host:port/database)" })
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_PORT: z.coerce
    .number<string>({ error: "must be a port number" })
    .int()
    .min(0)
    .max(65_535)
    .default(3100),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Seconds each long-polling getUpdates call is held open by the server. */
  POLLING_TIMEOUT: z.coerce
    .number<string>({ error: "must be a number of seconds" })
    .int()
    .min(0)
    .max(50)
    .default(30),
});

export interface Config {
  botToken: string;
  botApiRoot: string | undefined;
  indexerUrl: string;
  webUrl: string;
  databaseUrl: string;
  httpHost: string;
  httpPort: number;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  pollingTimeout: number;
}

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.variables = problems.map((p) => p.variable);
  }
}

/** Reads the configuration from `env` (empty strings count as unset); throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message })),
    );
  }
  const e = parsed.data;
  return {
    botToken: e.BOT_TOKEN,
    botApiRoot: e.BOT_API_ROOT,
    indexerUrl: e.INDEXER_URL,
    webUrl: e.WEB_URL,
    databaseUrl: e.DATABASE_URL,
    httpHost: e.HTTP_HOST,
    httpPort: e.HTTP_PORT,
    logLevel: e.LOG_LEVEL,
    pollingTimeout: e.POLLING_TIMEOUT,
  };
}
