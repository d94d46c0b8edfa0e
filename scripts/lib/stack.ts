// The real stack every package's integration tests and benchmarks run on: the embedded Postgres
// and a Hardhat node (started side by side) with the local Gavel deployment (its own Ignition
// deployment id), and `ponder start` processes of the real indexer, each on a free port and in its
// own process group. Everything started here is stopped by `stop()`.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  type Deployment,
  deployLocal,
  forgetDeployment,
  type HardhatNode,
  repoRoot,
  rpc,
  startHardhatNode,
} from "./chain.ts";
import { freePort, waitFor } from "./ports.ts";
import { type PostgresServer, startPostgres } from "./postgres.ts";
import { type Child, startProcess } from "./processes.ts";

export const indexerDir = join(repoRoot, "indexer");
const ponderBin = join(indexerDir, "node_modules/ponder/dist/esm/bin/ponder.js");

/**
 * Node's arguments for `ponder start` (the writer) or `ponder serve` (an API replica) on a port of
 * 127.0.0.1, logging JSON; `root` for an indexer project other than indexer/.
 */
export function ponderArgs(command: "start" | "serve", port: number, root?: string): string[] {
  const at = ["--hostname", "127.0.0.1", "--port", String(port)];
  return [ponderBin, ...(root ? ["--root", root] : []), command, "--log-format", "json", ...at];
}

export interface Indexer {
  child: Child;
  url: string;
  schema: string;
  log: string[];
  /** The last `lines` lines of Ponder's log, for failure messages. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

export interface Stack {
  name: string;
  postgres: PostgresServer;
  chain: HardhatNode;
  deployment: Deployment;
  databaseUrl: string;
  /** GAVEL_ADDRESSES for the indexer: contract name → address of this deployment. */
  addresses: Record<string, `0x${string}`>;
  indexers: Indexer[];
  /** Spawns `ponder start` over `schema` with the stack's chain, database and addresses. */
  startIndexer(schema: string, env?: Record<string, string>, options?: { root?: string }): Promise<Indexer>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Database created for the stack (default `gavel_test`). */
  database?: string;
  /** Receives the Hardhat node's output lines (default: dropped). */
  onChainLine?: (line: string) => void;
}

export async function startStack(name: string, options: StackOptions = {}): Promise<Stack> {
  const runId = `${name}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const dataDir = join(repoRoot, ".data", `test-stack-${runId}`);
  const deploymentId = `test-stack-${runId}`;
  const started: { postgres?: PostgresServer; chain?: HardhatNode } = {};
  const indexers: Indexer[] = [];
  const stop = async () => {
    if (process.env.GAVEL_TEST_LOGS) for (const indexer of indexers) console.log(indexer.log.join("\n"));
    await Promise.all(indexers.map((indexer) => indexer.stop()));
    await started.chain?.stop();
    await started.postgres?.stop();
    forgetDeployment(deploymentId);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Side by side; whichever started is stopped by `stop()` even if the other failed.
    const [postgres, chain] = await Promise.allSettled([
      freePort().then((port) => startPostgres({ dataDir, port, ephemeral: true })),
      freePort().then((port) => startHardhatNode(port, options.onChainLine)),
    ]);
    if (postgres.status === "fulfilled") started.postgres = postgres.value;
    if (chain.status === "fulfilled") started.chain = chain.value;
    if (postgres.status === "rejected") throw postgres.reason;
    if (chain.status === "rejected") throw chain.reason;
    const databaseUrl = await postgres.value.createDatabase(options.database ?? "gavel_test");
    const deployment = await deployLocal(chain.value.url, { deploymentId });
    const stack: Stack = {
      name,
      postgres: postgres.value,
      chain: chain.value,
      deployment,
      databaseUrl,
      addresses: deployment.addresses,
      indexers,
      async startIndexer(schema, env = {}, options = {}) {
        const port = await freePort();
        const log: string[] = [];
        const child = startProcess(
          `ponder start (${schema})`,
          process.execPath,
          ponderArgs("start", port, options.root),
          {
            cwd: options.root ?? indexerDir,
            // Only what the test sets: nothing from the caller's shell leaks in.
            env: {
              PONDER_TELEMETRY_DISABLED: "true",
              CHAIN_ID: String(deployment.chainId),
              RPC_URL: chain.value.url,
              DATABASE_URL: databaseUrl,
              DATABASE_SCHEMA: schema,
              GAVEL_ADDRESSES: JSON.stringify(deployment.addresses),
              TEST_USDC_ADDRESS: "",
              WEB_ORIGIN: "",
              ...env,
            },
            onLine: (line) => log.push(line),
          },
        );
        const indexer: Indexer = {
          child,
          url: `http://127.0.0.1:${port}`,
          schema,
          log,
          tail: (lines = 30) => `\n--- ponder log (last ${lines} lines) ---\n${log.slice(-lines).join("\n")}`,
          stop: () => child.stop(),
        };
        indexers.push(indexer);
        return indexer;
      },
      stop,
    };
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Waits until `indexer` answers /api/ready with 200 (backfill done and the chain head indexed),
 * failing fast with Ponder's log if the process exits.
 */
export async function waitCaughtUp(indexer: Indexer, timeoutMs = 120_000): Promise<void> {
  let exited: string | undefined;
  void indexer.child.exited.then((code) => {
    exited = `ponder exited (${code})`;
  });
  try {
    await waitFor(
      `${indexer.schema} to catch up (/api/ready)`,
      async () => (await fetch(`${indexer.url}/api/ready`)).status === 200,
      { timeoutMs, intervalMs: 100, abort: () => exited },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}${indexer.tail()}`);
  }
}

/** Waits for the indexer to reach the chain's current head (after new transactions). */
export function waitForHead(stack: Stack, indexer: Indexer): Promise<number> {
  return waitForIndexedHead(stack.chain.url, indexer.url, indexer.schema);
}

/**
 * Waits until the indexer at `indexerUrl` (its `/api/ready`) has indexed the head block the chain at
 * `rpcUrl` has now; returns that block's number.
 */
export async function waitForIndexedHead(
  rpcUrl: string,
  indexerUrl: string,
  name = "the indexer",
): Promise<number> {
  const head = Number.parseInt(await rpc<string>(rpcUrl, "eth_blockNumber"), 16);
  await waitFor(`${name} to index block ${head}`, async () => {
    const response = await fetch(`${indexerUrl}/api/ready`);
    const body = (await response.json()) as { indexedBlock: number | null };
    return (body.indexedBlock ?? -1) >= head;
  });
  return head;
}

export async function getJson<T = unknown>(
  indexer: Indexer,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${indexer.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}
