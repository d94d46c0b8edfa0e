// The bot's whole configuration, read once from the environment at start-up. A bad or missing
// value stops the process with a message that names the variable.

import { MIN_SECRET_LENGTH } from "@gavel/sdk/link-token";
import { z } from "zod";
import { LOCAL_CHAIN_ID, PUBLISHED_BOT_TOKENS, PUBLISHED_LINK_SECRETS } from "./dev-defaults.ts";

const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
/** An http(s) URL without a trailing slash, so that `${root}/path` is always right. */
const baseUrl = url.transform((value) => value.replace(/\/+$/, ""));

const count = (what: string) =>
  z.coerce
    .number<string>({ error: `must be ${what}` })
    .int()
    .min(0);

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
  /** `polling` (long polling with the runner) or `webhook` (Telegram calls WEBHOOK_URL). */
  BOT_MODE: z.enum(["polling", "webhook"], { error: "must be polling or webhook" }).default("polling"),
  /** The public https URL Telegram posts updates to; its path is served on HTTP_HOST:HTTP_PORT. */
  WEBHOOK_URL: url
    .refine(
      (value) => value.startsWith("https://") || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(value),
      "must be an https URL (plain http only on localhost)",
    )
    .optional(),
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token; other requests are refused. */
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z, a-z, 0-9, _ and -")
    .optional(),
  /** Shared with the dApp, which makes the `/start link_<token>` tokens. */
  LINK_TOKEN_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
    .optional(),
  /**
   * The chain the indexer follows. Values published in the repository for development (the dev
   * command's link secret and stand-in token) are refused unless this is the local chain.
   */
  CHAIN_ID: z.coerce.number<string>({ error: "must be a chain id" }).int().min(1).optional(),
  /** Wallets (the arbiter Safe's owners) told about every dispute, comma-separated. */
  ARBITER_ADDRESSES: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^0x[0-9a-fA-F]{40}$/, "must be comma-separated 0x addresses")
          .transform((a) => a.toLowerCase()),
      ),
    )
    .default([]),
  /** Blocks an activity item waits for before it is relayed (0 on a local chain). */
  CONFIRMATIONS: count("a number of blocks").max(1_000).default(0),
  /** Gone: messages fold by block now. Set, it stops start-up (see below). */
  FOLD_WINDOW_MS: z.string().optional(),
  /** The dApp inside Telegram (https): web_app buttons in private chats and the chat menu button. */
  WEB_APP_URL: baseUrl
    .refine(
      (value) => value.startsWith("https://"),
      "must be an https URL (Telegram opens web apps over https only)",
    )
    .optional(),
  /** How often the activity feed is polled when its stream is unavailable. */
  FEED_POLL_MS: count("a number of milliseconds").min(50).max(60_000).default(1_000),
  /** How long to wait before trying the activity stream again after it failed. */
  FEED_STREAM_RETRY_MS: count("a number of milliseconds").min(100).max(600_000).default(15_000),
  /** How often the chain head is read from the indexer's /api/ready (for the lag metrics). */
  HEAD_POLL_MS: count("a number of milliseconds").min(100).max(600_000).default(5_000),
  /** The length of a rate-limit window: a key's first update starts one. */
  RATE_LIMIT_WINDOW_S: count("a number of seconds").min(1).max(86_400).default(60),
  /** Commands, texts, button presses and inline queries one Telegram user may send per window. */
  RATE_LIMIT_USER: count("a number of updates").min(1).max(100_000).default(20),
  /** Of those, the ones that query the indexer (inline search, /auction, /me), per user. */
  RATE_LIMIT_SEARCH: count("a number of updates").min(1).max(100_000).default(10),
  /** Commands and button presses in one group chat per window, all its members together. */
  RATE_LIMIT_CHAT: count("a number of updates").min(1).max(100_000).default(30),
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
  mode: "polling" | "webhook";
  /** Set in webhook mode. */
  webhook: { url: string; secret: string } | undefined;
  /** Undefined: linking is switched off (the bot says so). */
  linkTokenSecret: string | undefined;
  /** Lower-case wallets that hear about every dispute (besides ARBITER_ROLE holders). */
  arbiters: string[];
  confirmations: number;
  /** Unset: no web_app buttons and no menu button. */
  webAppUrl: string | undefined;
  feedPollMs: number;
  feedStreamRetryMs: number;
  headPollMs: number;
  chainId: number | undefined;
  /** Updates allowed per window and key, counted in bot.rate_limits. */
  rateLimit: { windowMs: number; user: number; search: number; chat: number };
}

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.variables = [...new Set(problems.map((p) => p.variable))];
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
  if (e.FOLD_WINDOW_MS !== undefined)
    throw new ConfigError([
      {
        variable: "FOLD_WINDOW_MS",
        message:
          "is no longer used: messages fold by block, sent as soon as the block is complete (a transaction's events always go together)",
      },
    ]);
  if (e.BOT_MODE === "webhook") {
    const missing = [
      ...(e.WEBHOOK_URL ? [] : [{ variable: "WEBHOOK_URL", message: "is required when BOT_MODE=webhook" }]),
      ...(e.WEBHOOK_SECRET
        ? []
        : [{ variable: "WEBHOOK_SECRET", message: "is required when BOT_MODE=webhook" }]),
    ];
    if (missing.length > 0) throw new ConfigError(missing);
  }
  if (e.CHAIN_ID !== LOCAL_CHAIN_ID) {
    const chain = e.CHAIN_ID === undefined ? "CHAIN_ID unset" : `chain ${e.CHAIN_ID}`;
    const published = [
      ...(e.LINK_TOKEN_SECRET && PUBLISHED_LINK_SECRETS.has(e.LINK_TOKEN_SECRET)
        ? [
            {
              variable: "LINK_TOKEN_SECRET",
              message: `is a published development value (${chain}; only CHAIN_ID=${LOCAL_CHAIN_ID} may use it)`,
            },
          ]
        : []),
      ...(PUBLISHED_BOT_TOKENS.has(e.BOT_TOKEN)
        ? [
            {
              variable: "BOT_TOKEN",
              message: `is a published development value (${chain}; only CHAIN_ID=${LOCAL_CHAIN_ID} may use it)`,
            },
          ]
        : []),
    ];
    if (published.length > 0) throw new ConfigError(published);
  }
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
    mode: e.BOT_MODE,
    webhook:
      e.BOT_MODE === "webhook" && e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET }
        : undefined,
    linkTokenSecret: e.LINK_TOKEN_SECRET,
    arbiters: e.ARBITER_ADDRESSES,
    confirmations: e.CONFIRMATIONS,
    webAppUrl: e.WEB_APP_URL,
    feedPollMs: e.FEED_POLL_MS,
    feedStreamRetryMs: e.FEED_STREAM_RETRY_MS,
    headPollMs: e.HEAD_POLL_MS,
    chainId: e.CHAIN_ID,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_S * 1000,
      user: e.RATE_LIMIT_USER,
      search: e.RATE_LIMIT_SEARCH,
      chat: e.RATE_LIMIT_CHAT,
    },
  };
}
