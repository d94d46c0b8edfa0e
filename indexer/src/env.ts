// The indexer's configuration, read once from the environment and validated with zod. A bad or
// missing value throws an EnvError whose message names every offending variable; ponder.config.ts
// calls this at start-up, so Ponder stops before it touches the chain or the database.
// (Ponder loads every file under src/ as indexing code; this one only defines functions.)
import { contractAddress } from "@gavel/sdk";
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

/** Chains run locally (Hardhat, Anvil): fast polling, and no RPC cache (ids are reused across restarts). */
const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

/**
 * The contracts this indexer follows (one handler file each, under src/handlers/). Their
 * addresses come from `GAVEL_ADDRESSES` (JSON, contract name → address; the dev command and the
 * tests set it), else from the generated deployments of `@gavel/sdk`. TestUSDC also keeps
 * its own older override variable.
 */
export const indexedContracts = [
  "TestUSDC",
  "GavelConfig",
  "EnglishAuctionHouse",
  "DutchAuctionHouse",
  "SealedBidAuctionHouse",
  "RollingAuctionHouse",
] as const;

export type IndexedContract = (typeof indexedContracts)[number];

/** Single-contract override variables (kept for the first slice's callers). They win over GAVEL_ADDRESSES. */
export const addressVariables: Partial<Record<IndexedContract, string>> = {
  TestUSDC: "TEST_USDC_ADDRESS",
};

export type DatabaseConfig = { kind: "postgres"; connectionString: string } | { kind: "pglite" };

export interface IndexerEnv {
  chainId: number;
  /** One or more RPC URLs (RPC_URL may list several, comma-separated; ponder.config.ts fails over between them). */
  rpcUrls: string[];
  pollingIntervalMs: number;
  /** True on local chains: Hardhat reuses block numbers and hashes across restarts. */
  disableCache: boolean;
  startBlock: number;
  /** Largest block range per eth_getLogs (providers that cap it); unset → Ponder works it out. */
  ethGetLogsBlockRange: number | undefined;
  database: DatabaseConfig;
  addresses: Record<IndexedContract, Address>;
  /** Origins allowed by CORS on /api/* (WEB_ORIGIN, comma-separated); empty → any origin. */
  webOrigins: string[];
  /**
   * SQL over HTTP (/sql/*, Ponder's `client()`): off unless SQL_API_TOKEN is set; then only
   * callers presenting the token reach it, on a pool of its own with a short statement timeout.
   */
  sqlApi: { token: string; poolSize: number; statementTimeoutMs: number } | undefined;
  /** Upper bound of the read routes' response cache, in bytes of cached JSON. */
  responseCacheBytes: number;
}

export class EnvError extends Error {
  override name = "EnvError";
}

const integer = (min: number) =>
  z.coerce
    .number<string>({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`);

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 0x-prefixed 20-byte hex address")
  .transform((value) => getAddress(value));

const schema = z.object({
  CHAIN_ID: integer(1).default(31337),
  RPC_URL: z
    .string({ error: "is required (the chain's JSON-RPC URL)" })
    .transform((value) => value.split(",").map((url) => url.trim()))
    .pipe(z.array(z.url({ protocol: /^(https?|wss?)$/, error: "must be an http(s) or ws(s) URL" })).min(1)),
  POLLING_INTERVAL_MS: integer(100).optional(), // Ponder refuses less than 100 ms
  START_BLOCK: integer(0).default(0),
  ETH_GET_LOGS_BLOCK_RANGE: integer(1).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  GAVEL_ADDRESSES: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object of contract name → address" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), address, { error: "must be a JSON object of contract name → 0x address" }))
    .optional(),
  WEB_ORIGIN: z
    .string()
    .transform((value) => value.split(",").map((origin) => origin.trim()))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be http(s) origins, comma-separated" })))
    .optional(),
  SQL_API_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (a random operator token)")
    .max(256, "must be at most 256 characters")
    .regex(/^[A-Za-z0-9._~+/=-]+$/, "must be letters, digits and . _ ~ + / = - only")
    .optional(),
  SQL_API_POOL_SIZE: integer(1).max(10, "must be at most 10").default(1),
  SQL_API_STATEMENT_TIMEOUT_MS: integer(100).max(60_000, "must be at most 60000").default(2_000),
  RESPONSE_CACHE_BYTES: integer(0)
    .max(2 ** 31, "must be at most 2147483648")
    .default(32 * 2 ** 20),
  ...Object.fromEntries(Object.values(addressVariables).map((name) => [name, address.optional()])),
});

/**
 * Validates `env` and resolves every contract address: the override variable when set, else
 * the generated deployment for the chain (`lookup`, injectable for tests).
 */
export function loadEnv(
  env: Record<string, string | undefined> = process.env,
  lookup: (chainId: number, name: string) => Address = (chainId, name) => contractAddress(chainId, name, {}),
): IndexerEnv {
  // An empty variable (`FOO=` in a .env file) means "not set".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? "?")}: ${issue.message}`);
    throw new EnvError(`Invalid indexer environment:\n${lines.join("\n")}`);
  }
  const values = parsed.data;
  const variables = parsed.data as Record<string, unknown>;
  const local = LOCAL_CHAIN_IDS.has(values.CHAIN_ID);

  const addresses = {} as Record<IndexedContract, Address>;
  const missing: string[] = [];
  for (const contract of indexedContracts) {
    const variable = addressVariables[contract];
    const override =
      (variable ? (variables[variable] as Address | undefined) : undefined) ??
      values.GAVEL_ADDRESSES?.[contract];
    if (override) {
      addresses[contract] = override;
      continue;
    }
    try {
      addresses[contract] = getAddress(lookup(values.CHAIN_ID, contract));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      missing.push(
        `  GAVEL_ADDRESSES: has no ${contract}, and there is no generated address to fall back on (${reason})`,
      );
    }
  }
  if (values.SQL_API_TOKEN && !values.DATABASE_URL) {
    missing.push(
      "  SQL_API_TOKEN: SQL over HTTP needs DATABASE_URL (Postgres; it runs on a pool of its own)",
    );
  }
  if (missing.length > 0) throw new EnvError(`Invalid indexer environment:\n${missing.join("\n")}`);

  return {
    chainId: values.CHAIN_ID,
    rpcUrls: values.RPC_URL,
    pollingIntervalMs: values.POLLING_INTERVAL_MS ?? (local ? 100 : 1_000),
    disableCache: local,
    startBlock: values.START_BLOCK,
    ethGetLogsBlockRange: values.ETH_GET_LOGS_BLOCK_RANGE,
    database: values.DATABASE_URL
      ? { kind: "postgres", connectionString: values.DATABASE_URL }
      : { kind: "pglite" },
    addresses,
    webOrigins: values.WEB_ORIGIN ?? [],
    sqlApi: values.SQL_API_TOKEN
      ? {
          token: values.SQL_API_TOKEN,
          poolSize: values.SQL_API_POOL_SIZE,
          statementTimeoutMs: values.SQL_API_STATEMENT_TIMEOUT_MS,
        }
      : undefined,
    responseCacheBytes: values.RESPONSE_CACHE_BYTES,
  };
}
