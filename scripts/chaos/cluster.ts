// The production shapes of the README's "Running at scale", on one machine, for the chaos run:
// one Postgres (embedded, stoppable), a Hardhat chain mining a block every second (automine off)
// reached through two RPC URLs (loopback proxies that can go dead), one indexer writer
// (`ponder start`), two API replicas (`ponder serve`) behind a loopback balancer, two web
// replicas (`node build`) behind another, the bot sender against the in-process Bot API stand-in
// enforcing Telegram's limits, and two keepers. Every process is restartable and measurable: each
// Node service runs with its inspector on a loopback port (inspector.ts), for its live heap.
import { randomBytes } from "node:crypto";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  type WriteStream,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { type FakeBotApi, startFakeBotApi } from "../../bot/dev/fake-bot-api.ts";
import { ensureWebBuild } from "../../web/test/browser/stack.ts";
import {
  deployLocal,
  forgetDeployment,
  type HardhatNode,
  hardhatDevKey,
  repoRoot,
  rpc,
  startHardhatNode,
} from "../lib/chain.ts";
import { freePort, waitFor } from "../lib/ports.ts";
import { type PostgresServer, startPostgres } from "../lib/postgres.ts";
import { type Child, setNiceness, startProcess } from "../lib/processes.ts";
import { indexerDir, ponderArgs } from "../lib/stack.ts";
import { INSPECT_FLAG, inspectorUrl, liveHeapMb } from "./inspector.ts";
import { type LoopbackProxy, startProxyHost } from "./proxy.ts";

/** Runs whose logs are kept in .data/chaos-logs/ (the newest; older ones are removed). */
const KEPT_LOG_RUNS = 10;

/** Removes all but the newest KEPT_LOG_RUNS run folders of `dir`. */
function pruneLogRuns(dir: string): void {
  const runs = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ path: join(dir, entry.name), at: statSync(join(dir, entry.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of runs.slice(KEPT_LOG_RUNS)) rmSync(old.path, { recursive: true, force: true });
}

/** Hardhat development accounts the two keepers pay gas from. */
const KEEPER_KEYS = [17, 18] as const;

/**
 * The value of an unlabelled or default-labelled sample in a Prometheus exposition, its name with
 * or without a prefix (the web's default metrics carry `{service="web"}`, Ponder's none).
 */
function sample(text: string, name: string): string | undefined {
  return new RegExp(`^\\w*${name}(?:\\{[^}]*\\})? (\\S+)`, "m").exec(text)?.[1];
}

/**
 * The priority of the processes that must not wait behind the load (a negative niceness needs root
 * or CAP_SYS_NICE; without it they run at the default): the stand-ins for the world outside the
 * machine (the chain, its RPC URLs, and the load generator: the wallets, readers and Telegram it
 * plays), which in production do not share these cores. Behind the generator, the stack meets the
 * load the run asks for, not what is left once the stack has had its share (at the default, its
 * event loop fell 0.5 s behind at p95 and sent 12.6 of the 20 bids a second asked). The replicas,
 * the bot and the keepers run at the default. OPERATIONS.md, "Sharing a host".
 */
export const AHEAD = -5;
/**
 * Ahead of even the world's stand-ins: the indexer writer, the one process that cannot scale out
 * and whose lag every reader and notification inherits, and Postgres, which every round trip of
 * the writer waits on. Level with the generator, the writer took 64 s to recover from its restart
 * and 128 s from the reorg (7 s before the generator's threads all ran ahead).
 */
export const FIRST = -8;

/** One long-running process of the cluster: restartable, with its log and health URL. */
export class Service {
  child: Child | undefined;
  readonly log: string[] = [];
  restarts = 0;
  readonly name: string;
  readonly url: string;
  readonly healthPath: string;
  private readonly spawn: (onLine: (line: string) => void) => Child;
  /** The running process's inspector (started with INSPECT_FLAG), for its live heap. */
  private inspector: string | undefined;
  /** Every line of every run of the process, each after its wall-clock time (ms), for diagnosis. */
  private readonly file: WriteStream | undefined;
  constructor(
    name: string,
    url: string,
    healthPath: string,
    spawn: (onLine: (line: string) => void) => Child,
    logFile?: string,
  ) {
    this.name = name;
    this.url = url;
    this.healthPath = healthPath;
    this.spawn = spawn;
    this.file = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  }
  start(): void {
    this.file?.write(`${Date.now()} --- started\n`);
    this.inspector = undefined;
    this.child = this.spawn((line) => {
      this.inspector ??= inspectorUrl(line);
      this.log.push(line);
      if (this.log.length > 5_000) this.log.splice(0, 1_000);
      this.file?.write(`${Date.now()} ${line}\n`);
    });
  }
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(this.url + this.healthPath, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
  /** Why the health check fails: no answer at all, or a slow one (and the event loop's lag). */
  async diagnose(): Promise<string> {
    const started = performance.now();
    try {
      const response = await fetch(this.url + this.healthPath, { signal: AbortSignal.timeout(30_000) });
      await response.body?.cancel();
      const ms = performance.now() - started;
      const metrics = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(30_000) })
        .then((r) => r.text())
        .catch(() => "");
      const lag = sample(metrics, "nodejs_eventloop_lag_p99_seconds");
      const handles = sample(metrics, "nodejs_active_handles_total");
      return `health answered ${response.status} after ${ms.toFixed(0)} ms; event-loop lag p99 ${lag ?? "?"} s, ${handles ?? "?"} open handles, ${this.child ? "running" : "not started"}`;
    } catch (error) {
      return `no answer within 30 s (${(error as Error).message}); pid ${this.child?.process.pid ?? "none"}`;
    }
  }
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    await waitFor(`${this.name} on ${this.url}${this.healthPath}`, () => this.healthy(), {
      timeoutMs,
      intervalMs: 200,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ${this.name} (last lines)\n${this.log.slice(-25).join("\n")}`);
    });
  }
  /** kill -9 of the process group, as a crash would. */
  async kill(): Promise<void> {
    const pid = this.child?.process.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone already
      }
      await this.child?.exited;
    }
  }
  async restart(): Promise<void> {
    await this.kill();
    this.restarts++;
    this.start();
  }
  /** Resident memory of the process in MB (Linux /proc), undefined when not running. */
  rssMb(): number | undefined {
    const pid = this.child?.process.pid;
    if (pid === undefined) return undefined;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      return kb ? Number(kb) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }
  /** The process id now running (a restart changes it). */
  pid(): number | undefined {
    return this.child?.process.pid;
  }
  /** V8 heap in use in MB, from the service's /metrics (prom-client's default metrics), if it has them. */
  async heapMb(): Promise<number | undefined> {
    try {
      const text = await (await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      const bytes = sample(text, "nodejs_heap_size_used_bytes");
      return bytes ? Number(bytes) / 2 ** 20 : undefined;
    } catch {
      return undefined;
    }
  }
  /** Heap left after a full collection in MB, asked through the inspector (inspector.ts). */
  async liveHeapMb(): Promise<number | undefined> {
    return this.inspector ? liveHeapMb(this.inspector) : undefined;
  }
  /** Stops the process for good (the end of the run) and closes its log file. */
  async stop(): Promise<void> {
    await this.child?.stop();
    this.file?.end();
  }
}

export interface Cluster {
  chain: HardhatNode;
  chainId: number;
  addresses: Record<string, `0x${string}`>;
  databaseUrl: string;
  schema: string;
  postgres: { server: PostgresServer; stop(): Promise<void>; start(): Promise<void> };
  rpcA: LoopbackProxy;
  rpcB: LoopbackProxy;
  writer: Service;
  apis: [Service, Service];
  webs: [Service, Service];
  bot: Service;
  keepers: [Service, Service];
  /** The keepers' gas accounts (the chaos run counts their reverted transactions). */
  keeperAddresses: `0x${string}`[];
  /** The balancers users and services reach the replicas through. */
  apiUrl: string;
  webUrl: string;
  telegram: FakeBotApi;
  /** Where each service's whole log is written (and the run's memory samples). */
  logDir: string;
  services(): Service[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Called with progress lines. */
  say?: (line: string) => void;
  /** Telegram's limits the stand-in enforces (default 30 messages/s, 1 per chat per second). */
  telegramLimits?: { global: number; perChat: number };
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const say = options.say ?? (() => {});
  const runId = `chaos-${process.pid}-${randomBytes(3).toString("hex")}`;
  const dataDir = join(repoRoot, ".data", runId);
  const mediaDir = mkdtempSync(join(tmpdir(), "gavel-chaos-media-"));
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch {
        // keep stopping the rest
      }
    }
    cleanups.length = 0;
  };
  // Each service's whole log, kept after the run (the in-memory tail is only the last lines), for
  // the last KEPT_LOG_RUNS runs.
  const logDir = join(repoRoot, ".data", "chaos-logs", runId);
  mkdirSync(logDir, { recursive: true });
  pruneLogRuns(dirname(logDir));
  const service = (
    name: string,
    url: string,
    healthPath: string,
    spawn: (onLine: (line: string) => void) => Child,
  ) => new Service(name, url, healthPath, spawn, join(logDir, `${name.replaceAll(" ", "-")}.log`));
  try {
    say(`starting Postgres and the chain, building the web app if needed (logs in ${logDir})`);
    const pgPort = await freePort();
    // Backends are forked by the postmaster and inherit its priority.
    const prioritize = (server: PostgresServer) => {
      setNiceness(server.pid(), FIRST);
      return server;
    };
    let server = prioritize(await startPostgres({ dataDir, port: pgPort }));
    let pgUp = true;
    cleanups.push(async () => {
      if (pgUp) await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(mediaDir, { recursive: true, force: true });
    });
    const [chain] = await Promise.all([
      freePort().then((port) => startHardhatNode(port, undefined, { niceness: AHEAD })),
      ensureWebBuild(),
    ]);
    cleanups.push(() => chain.stop());
    const databaseUrl = await server.createDatabase("gavel_chaos");
    const deployment = await deployLocal(chain.url, { deploymentId: runId });
    cleanups.push(() => forgetDeployment(runId));
    // Production pace: a block every second, transactions wait for it.
    await rpc(chain.url, "evm_setAutomine", [false]);
    await rpc(chain.url, "evm_setIntervalMining", [1000]);

    // The two RPC URLs and the two balancers run in a process of their own (proxy-process.ts), as
    // they would in production: not on the event loop of the load generator.
    const proxies = await startProxyHost(AHEAD);
    cleanups.push(() => proxies.stop());
    const rpcA = await proxies.start([chain.url]);
    const rpcB = await proxies.start([chain.url]);
    const rpcUrls = `${rpcA.url},${rpcB.url}`;
    const schema = `chaos_${randomBytes(3).toString("hex")}`;
    const ponderEnv = {
      PONDER_TELEMETRY_DISABLED: "true",
      CHAIN_ID: String(deployment.chainId),
      RPC_URL: rpcUrls,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      GAVEL_ADDRESSES: JSON.stringify(deployment.addresses),
      TEST_USDC_ADDRESS: "",
      WEB_ORIGIN: "",
      POLLING_INTERVAL_MS: "250",
    };
    const ponder = (name: string, command: "start" | "serve", port: number) => {
      const args = [INSPECT_FLAG, ...ponderArgs(command, port)];
      return service(name, `http://127.0.0.1:${port}`, "/api/ready", (onLine) =>
        startProcess(name, "node", args, {
          cwd: indexerDir,
          env: ponderEnv,
          onLine,
          niceness: command === "start" ? FIRST : undefined,
        }),
      );
    };
    const all: Service[] = [];
    cleanups.push(() => Promise.all(all.map((s) => s.stop())));

    // The writer first; the web replicas, the bot and the keepers start alongside it (they wait for
    // the API, which answers through the balancer once the replicas are up), the replicas once the
    // writer has made its schema.
    say("starting the indexer writer, the web replicas, the bot and the keepers");
    const writer = ponder("indexer writer", "start", await freePort());
    all.push(writer);
    writer.start();

    const apis: [Service, Service] = [
      ponder("API replica A", "serve", await freePort()),
      ponder("API replica B", "serve", await freePort()),
    ];
    all.push(...apis);
    const apiBalancer = await proxies.start(apis.map((a) => a.url));

    const webs = await Promise.all(
      (["A", "B"] as const).map(async (letter, i) => {
        const port = await freePort();
        return service(`web replica ${letter}`, `http://127.0.0.1:${port}`, "/health", (onLine) =>
          startProcess(`web ${letter}`, process.execPath, [INSPECT_FLAG, "build"], {
            cwd: join(repoRoot, "web"),
            env: {
              HOST: "127.0.0.1",
              PORT: String(port),
              DATABASE_URL: databaseUrl,
              INDEXER_URL: apiBalancer.url,
              // Both URLs, in a different order per replica: each fails over when its first goes dead.
              RPC_URL: i === 0 ? rpcUrls : `${rpcB.url},${rpcA.url}`,
              PUBLIC_RPC_URL: rpcUrls,
              PUBLIC_CHAIN_ID: String(deployment.chainId),
              GAVEL_ADDRESSES: JSON.stringify(deployment.addresses),
              MEDIA_DIR: mediaDir,
              LOG_LEVEL: "warn",
              // Fifty-odd hot pages rendered again every 2 s (the default) by each replica cost
              // about half a core here. A signed-out visitor's first view may be 5 s old; an
              // auction page catches up when its live stream opens (OPERATIONS.md, "API or web slow").
              PAGE_CACHE_SECONDS: "5",
            },
            onLine,
          }),
        );
      }),
    );
    const webPair = webs as [Service, Service];
    all.push(...webPair);
    for (const web of webPair) web.start();
    const webBalancer = await proxies.start(webPair.map((w) => w.url));

    const limits = options.telegramLimits ?? { global: 30, perChat: 1 };
    const telegram = await startFakeBotApi({ rateLimit: { ...limits, retryAfter: 1 } });
    cleanups.push(() => telegram.close());
    const botPort = await freePort();
    const bot = service("bot", `http://127.0.0.1:${botPort}`, "/health", (onLine) =>
      startProcess("bot", process.execPath, [INSPECT_FLAG, "src/main.ts"], {
        cwd: join(repoRoot, "bot"),
        env: {
          BOT_TOKEN: telegram.token,
          BOT_API_ROOT: telegram.apiRoot,
          DATABASE_URL: databaseUrl,
          INDEXER_URL: apiBalancer.url,
          WEB_URL: webBalancer.url,
          HTTP_PORT: String(botPort),
          CHAIN_ID: String(deployment.chainId),
          LOG_LEVEL: "warn",
          POLLING_TIMEOUT: "10",
        },
        onLine,
      }),
    );
    all.push(bot);
    bot.start();

    const keepers = await Promise.all(
      KEEPER_KEYS.map(async (index, i) => {
        const port = await freePort();
        return service(`keeper ${i + 1}`, `http://127.0.0.1:${port}`, "/health", (onLine) =>
          startProcess(`keeper ${i + 1}`, process.execPath, [INSPECT_FLAG, "scripts/keeper/src/main.ts"], {
            cwd: repoRoot,
            env: {
              RPC_URL: rpcUrls,
              INDEXER_URL: apiBalancer.url,
              KEEPER_PRIVATE_KEY: hardhatDevKey(index),
              KEEPER_PORT: String(port),
              KEEPER_INTERVAL_MS: "1000",
            },
            onLine,
          }),
        );
      }),
    );
    const keeperPair = keepers as [Service, Service];
    all.push(...keeperPair);
    for (const keeper of keeperPair) keeper.start();

    await writer.waitHealthy();
    say("starting the API replicas; waiting for every service to be healthy");
    for (const api of apis) api.start();
    await Promise.all(all.map((s) => s.waitHealthy()));

    const cluster: Cluster = {
      chain,
      chainId: deployment.chainId,
      addresses: deployment.addresses,
      databaseUrl,
      schema,
      postgres: {
        get server() {
          return server;
        },
        async stop() {
          await server.stop();
          pgUp = false;
        },
        async start() {
          server = prioritize(await startPostgres({ dataDir, port: pgPort }));
          pgUp = true;
        },
      },
      rpcA,
      rpcB,
      writer,
      apis,
      webs: webPair,
      bot,
      keepers: keeperPair,
      keeperAddresses: KEEPER_KEYS.map((index) => privateKeyToAccount(hardhatDevKey(index)).address),
      apiUrl: apiBalancer.url,
      webUrl: webBalancer.url,
      telegram,
      logDir,
      services: () => all,
      stop: cleanup,
    };
    return cluster;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
