// The relayer's configuration, from the environment. A bad value stops start-up with a message
// naming the variable (zod), as the keeper does.
import { splitRpcUrls } from "@gavel/sdk/transport";
import { z } from "zod";

const uintString = z.string().regex(/^\d+$/, "must be a whole number");

const EnvSchema = z.object({
  /** One or more http(s) URLs, comma-separated: the relayer fails over from one to the next. */
  RPC_URL: z
    .string()
    .transform(splitRpcUrls)
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be http(s) URLs, comma-separated" })).min(1)),
  /** Postgres: the rate-limit counters and the day's gas spending, shared by every copy. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** The Postgres schema the relayer keeps its two tables in. */
  RELAYER_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lowercase SQL identifier")
    .default("relayer"),
  RELAYER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex private key (0x…)"),
  RELAYER_HOST: z.string().default("127.0.0.1"),
  RELAYER_PORT: z.coerce.number().int().min(0).max(65_535).default(3300),
  /** Gas the relayer may spend per UTC day, in wei (all copies together). */
  RELAYER_DAILY_GAS_BUDGET_WEI: uintString.default("50000000000000000").transform(BigInt),
  RELAYER_RATE_PER_WALLET: z.coerce.number().int().min(1).max(100_000).default(10),
  RELAYER_RATE_PER_IP: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Take the client's address from the last X-Forwarded-For entry (behind one reverse proxy). */
  RELAYER_TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** Origins allowed to call from a browser (comma-separated), or `*`. */
  RELAYER_ALLOWED_ORIGINS: z.string().default("*"),
  /** Blocks searched back for the transaction that used an authorization (a double submission). */
  RELAYER_LOOKBACK_BLOCKS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** JSON contract name → address; when absent, the sdk's generated deployments for the chain. */
  GAVEL_ADDRESSES: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type RelayerEnv = z.infer<typeof EnvSchema>;

/** A configuration refused (at parse time or once the chain is known); the message names the variable. */
export class RelayerConfigError extends Error {
  override name = "RelayerConfigError";
}

export function readRelayerEnv(source: NodeJS.ProcessEnv = process.env): RelayerEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new RelayerConfigError(`invalid relayer configuration:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
