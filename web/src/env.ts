import { splitRpcUrls } from "@gavel/sdk/transport";
import { defineEnvVars } from "@sveltejs/kit/env";
import { z } from "zod";
import { TELEGRAM_PRODUCTION_PUBLIC_KEY, TELEGRAM_TEST_PUBLIC_KEY } from "#lib/telegram/keys.ts";
import { building } from "$app/env";

// Read and validated once, when the server starts (SvelteKit applies each schema in
// `server.init`). A bad value stops the server with "Invalid environment variables:" followed
// by the variable's name and what is wrong with it. Server code imports the values from
// `$app/env/private`, browser code the public ones from `$app/env/public`.
//
// `vite build` also runs the app once to analyse its routes, and validates the environment
// then too. Run-time-only variables are optional during that step so that a build needs no
// deployment config; the cast keeps their type as it is at run time, where they are required.

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const indexerUrl = httpUrl.transform((url) => url.replace(/\/+$/, ""));
/**
 * One JSON-RPC URL or several, comma-separated (as the indexer's and keeper's RPC_URL): reads fail
 * over from a dead one to the next. Validated as a whole; the value stays the comma list.
 */
const rpcUrlList = z
  .string()
  .refine(
    (value) => {
      const urls = splitRpcUrls(value);
      return urls.length > 0 && urls.every((url) => httpUrl.safeParse(url).success);
    },
    { error: "must be one or more http(s) URLs, comma-separated" },
  )
  .optional();
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" });
/** The local Hardhat chain: the only one where development defaults may be used. */
const LOCAL_CHAIN_ID = "31337";
/**
 * The chain this process is configured for, read straight from the environment so that one
 * variable's check can depend on it (each schema sees only its own variable).
 */
const onLocalChain = () => (process.env.PUBLIC_CHAIN_ID || LOCAL_CHAIN_ID) === LOCAL_CHAIN_ID;
/**
 * Well-known development values (published in this repository): refused on every chain but the
 * local one, so a copied dev configuration never reaches production.
 */
export const knownDevValues = {
  LINK_TOKEN_SECRET: ["gavel-local-development-link-secret", "a-test-secret-of-enough-length"],
  /** The embedded PostgreSQL server's user and password (scripts/lib/postgres.ts). */
  DATABASE_URL: ["gavel:gavel@"],
} as const;
const notADevValue =
  (name: keyof typeof knownDevValues) => (value: string | undefined, ctx: z.RefinementCtx) => {
    if (value === undefined || building || onLocalChain()) return;
    if (knownDevValues[name].some((dev) => value.includes(dev))) {
      ctx.addIssue({
        code: "custom",
        message: `is a published development value; set your own for chain ${process.env.PUBLIC_CHAIN_ID}`,
      });
    }
  };

const positiveInt = (what: string) =>
  z.coerce
    .number<string | undefined>({ error: `must be ${what} (a positive integer)` })
    .int({ error: `must be ${what} (a positive integer)` })
    .positive({ error: `must be ${what} (a positive integer)` });

/** A whole number of seconds from 0 (off) to `max`. */
const secondsUpTo = (max: number) => {
  const error = `must be a number of seconds (0 to ${max})`;
  return z.coerce.number<string | undefined>({ error }).int({ error }).min(0, { error }).max(max, { error });
};

export const variables = defineEnvVars({
  INDEXER_URL: {
    description: "Base URL of the Gavel indexer API, e.g. http://127.0.0.1:42069 (required).",
    schema: (building ? indexerUrl.optional() : indexerUrl) as typeof indexerUrl,
  },
  DATABASE_URL: {
    description:
      "PostgreSQL URL for the web's own tables (schema `web`: sessions, sign-in nonces, rate limits). Required.",
    schema: (building ? postgresUrl.optional() : postgresUrl).superRefine(
      notADevValue("DATABASE_URL"),
    ) as unknown as typeof postgresUrl,
  },
  ORIGIN: {
    description:
      "The site's public origin, e.g. https://gavel.example. Sign-in messages must name its host and origin (never taken from request headers). Required on every chain but the local one (31337), where it defaults to the request's own origin.",
    schema: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") {
          if (!building && !onLocalChain()) {
            ctx.addIssue({
              code: "custom",
              message: `is required on chain ${process.env.PUBLIC_CHAIN_ID}: the site's public origin, e.g. https://gavel.example`,
            });
            return z.NEVER;
          }
          return undefined;
        }
        if (!httpUrl.safeParse(value).success) {
          ctx.addIssue({ code: "custom", message: "must be an http(s) URL such as https://gavel.example" });
          return z.NEVER;
        }
        return new URL(value).origin;
      }),
  },
  AUTH_RATE_LIMIT_PER_MINUTE: {
    description:
      "Requests per minute one client address may make to the sign-in routes (/auth/*), counted in Postgres so all replicas share it (default 30).",
    schema: positiveInt("a number of requests").default(30),
  },
  SESSION_DAYS: {
    description: "How long a sign-in lasts, in days (default 7).",
    schema: positiveInt("a number of days").default(7),
  },
  RPC_URL: {
    description:
      "JSON-RPC URL(s) of the chain for server-side reads, comma-separated (the same form as the indexer's and keeper's RPC_URL): each read goes to the URL that answered last and fails over to the next, so one dead node does not slow pages (1.5 s per URL). Sign-in uses it to check smart-contract wallet signatures (optional: plain accounts are checked without it).",
    schema: rpcUrlList,
  },
  PUBLIC_CHAIN_ID: {
    public: true,
    description: "EVM chain id the dApp works on (default 31337, the local Hardhat chain).",
    schema: positiveInt("a chain id").default(31337),
  },
  PUBLIC_RPC_URL: {
    public: true,
    description:
      "JSON-RPC URL(s) the browser reads the chain through, comma-separated: reads fail over from a dead one to the next, and wallets adding the chain are offered all of them (default: the chain's well-known public RPC; http://127.0.0.1:8545 for 31337).",
    schema: rpcUrlList,
  },
  GAVEL_ADDRESSES: {
    description:
      "Contract addresses as JSON (contract name → 0x address), set by the dev command and tests; otherwise the generated Ignition deployments of @gavel/sdk are used.",
    schema: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return undefined;
        try {
          const parsed: unknown = JSON.parse(value);
          const checked = z.record(z.string(), z.string().regex(/^0x[0-9a-fA-F]{40}$/)).safeParse(parsed);
          if (checked.success) return value;
        } catch {
          // reported below
        }
        ctx.addIssue({ code: "custom", message: "must be a JSON object of contract name → 0x address" });
        return z.NEVER;
      }),
  },
  ARBITER_SAFE_ADDRESS: {
    description:
      "The arbiter Safe (holder of ARBITER_ROLE); its owners use /arbiter and read disputed deals' messages. Unset: the role's holders are read from GavelConfig's events on RPC_URL.",
    schema: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x address")
      .optional(),
  },
  MEDIA_DIR: {
    description:
      "Folder where uploaded images and listing metadata are stored, content-addressed by sha-256 (default .data/media under the working directory).",
    schema: z.string().min(1, "must not be empty").default(".data/media"),
  },
  MEDIA_MAX_BYTES: {
    description: "Largest image upload accepted, in bytes (default 5242880 = 5 MiB).",
    schema: positiveInt("a number of bytes").default(5 * 1024 * 1024),
  },
  LINK_TOKEN_SECRET: {
    description:
      "Secret shared with the Telegram bot to sign wallet link tokens (at least 16 characters). Optional: without it the Telegram link is unavailable.",
    schema: z
      .string()
      .min(16, "must be at least 16 characters (shared with the bot)")
      .optional()
      .superRefine(notADevValue("LINK_TOKEN_SECRET")),
  },
  TELEGRAM_BOT_ID: {
    description:
      "The bot's numeric id (the digits before ':' in its token), for checking Mini App initData by Telegram's third-party Ed25519 signature; the web never holds the bot token. Optional: without it the Mini App sign-in (POST /auth/telegram) answers 503.",
    schema: positiveInt("the bot's numeric id").optional(),
  },
  TELEGRAM_INIT_DATA_PUBLIC_KEY: {
    description: `Telegram's Ed25519 public key for third-party initData validation, 64 hex digits (default: Telegram's published production key, ${TELEGRAM_PRODUCTION_PUBLIC_KEY}; bots of Telegram's test environment use ${TELEGRAM_TEST_PUBLIC_KEY}). Tests set their own.`,
    schema: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be an Ed25519 public key, 64 hex digits")
      .default(TELEGRAM_PRODUCTION_PUBLIC_KEY),
  },
  TELEGRAM_INIT_DATA_MAX_AGE_SECONDS: {
    description:
      "Oldest Mini App initData accepted, in seconds since Telegram signed it (auth_date; default 86400 = 24 h).",
    schema: positiveInt("a number of seconds").default(86_400),
  },
  PUBLIC_BOT_USERNAME: {
    public: true,
    description:
      "The Telegram bot's username without @, used for https://t.me/<name>?start=link_… (optional).",
    schema: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_]{3,31}$/,
        "must be a Telegram username without @ (5–32 letters, digits, _)",
      )
      .optional(),
  },
  PUBLIC_RELAYER_URL: {
    public: true,
    description:
      "The gasless-bid relayer (scripts/relayer), e.g. https://relayer.gavel.example. Set: a wallet that holds USDC but too little ETH for the gas signs its bid and the relayer submits it (its origin is added to connect-src). Unset: every bid is wallet-paid.",
    schema: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  },
  PUBLIC_WALLETCONNECT_PROJECT_ID: {
    public: true,
    description:
      "WalletConnect Cloud project id (32 hex characters). Set: the wallet picker offers WalletConnect (its code loads only when chosen). Unset: it is not offered and nothing of it is loaded.",
    schema: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, "must be a WalletConnect Cloud project id (32 hex characters)")
      .optional(),
  },
  PUBLIC_WALLETCONNECT_RELAY_URL: {
    public: true,
    description:
      "WalletConnect relay WebSocket URL (default: WalletConnect's own, wss://relay.walletconnect.org). Tests point it at a loopback port.",
    schema: z.url({ protocol: /^wss?$/, error: "must be a ws:// or wss:// URL" }).optional(),
  },
  WRITE_RATE_LIMIT_PER_MINUTE: {
    description:
      "Writes per minute (media uploads, listing metadata, deal messages and notes, support tickets and replies) one wallet may make, and separately one client address, counted in Postgres (default 30).",
    schema: positiveInt("a number of requests").default(30),
  },
  MEDIA_QUOTA_BYTES: {
    description: "Bytes of media and metadata one wallet may store in all (default 52428800 = 50 MiB).",
    schema: positiveInt("a number of bytes").default(50 * 1024 * 1024),
  },
  MEDIA_GC_INTERVAL_SECONDS: {
    description: "How often unreferenced media is looked for and deleted, in seconds (default 3600).",
    schema: positiveInt("a number of seconds").default(3600),
  },
  PAGE_CACHE_SECONDS: {
    description:
      "How long a page rendered for a signed-out visitor is served to others asking for the same URL in the same language and time zone, in seconds (default 2; 0: every request renders). Auction pages catch up from their live stream at once.",
    schema: secondsUpTo(60).default(2),
  },
  PAGE_CACHE_STALE_SECONDS: {
    description:
      "How much longer than PAGE_CACHE_SECONDS a kept page is still served, at once, while one request renders it again in the background, in seconds (default 30; 0: visitors wait for the new render).",
    schema: secondsUpTo(600).default(30),
  },
  MEDIA_GRACE_HOURS: {
    description:
      "Uploaded media that no listing, deal or profile references is deleted this many hours after its upload (default 24).",
    schema: positiveInt("a number of hours").default(24),
  },
  NAME_RPC_URL: {
    description:
      "Optional: an Ethereum mainnet RPC URL (https) for names. Addresses without a Gavel display name are shown by their Base name (ENSIP-19 reverse resolution with Base's coin type through the ENS Universal Resolver, viem getEnsName), cached for an hour. Unset: no lookups.",
    schema: z
      .url({ protocol: /^https$/, error: "must be an https:// URL of an Ethereum mainnet RPC" })
      .optional(),
  },
});
