// The real local stack for browser tests: the shared test stack (scripts/lib/stack.ts: embedded
// PostgreSQL and a Hardhat node with Gavel deployed by Ignition under its own deployment id, the
// real indexer) and the built web server, all on free ports. `stop()` ends everything that was
// started, also when start-up failed half-way.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, waitFor } from "../../../scripts/lib/ports.ts";
import { run, startProcess } from "../../../scripts/lib/processes.ts";
import { startStack, waitCaughtUp } from "../../../scripts/lib/stack.ts";

export const webDir = fileURLToPath(new URL("../..", import.meta.url));

export interface WebStack {
  url: string;
  rpcUrl: string;
  indexerUrl: string;
  chainId: number;
  /** Contract name → address of this stack's deployment. */
  addresses: Record<string, `0x${string}`>;
  /** A pool on the web's database, for assertions on `web.*` tables. */
  db: pg.Pool;
  /** The stack's database (schemas `web` and `indexer`; another service may add its own). */
  databaseUrl: string;
  /** Where uploads are stored. */
  mediaDir: string;
  /** Web server output lines (JSON logs), for failure messages. */
  output: string[];
  /** Indexer output lines. */
  indexerOutput: string[];
  /** Resolves when the indexer reports it has caught up with the chain's head. */
  indexerCaughtUp(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment for the web server. */
  env?: NodeJS.ProcessEnv;
}

/** Newest modification time of any file under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** Builds web/build when it is missing or older than the sources it is built from. */
export async function ensureWebBuild(): Promise<void> {
  const built = join(webDir, "build/handler.js");
  const sources = ["src", "static", "vite.config.ts", "package.json"]
    .map((entry) => join(webDir, entry))
    .filter((path) => existsSync(path));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) return;
  await run("pnpm", ["run", "build"], { cwd: webDir });
}

export async function startWebStack(options: StackOptions = {}): Promise<WebStack> {
  await ensureWebBuild();
  const stoppers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) {
      try {
        await stopOne();
      } catch {
        // keep stopping the rest
      }
    }
    stoppers.length = 0;
  };
  const output: string[] = [];
  try {
    const tmp = mkdtempSync(join(tmpdir(), "gavel-web-"));
    stoppers.push(async () => rmSync(tmp, { recursive: true, force: true }));
    const stack = await startStack("web", { database: "gavel" });
    stoppers.push(() => stack.stop());
    const { chain, deployment, databaseUrl } = stack;
    const GAVEL_ADDRESSES = JSON.stringify(deployment.addresses);
    const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    stoppers.push(() => db.end());
    const indexer = await stack.startIndexer("indexer");
    const indexerUrl = indexer.url;
    const indexerCaughtUp = () => waitCaughtUp(indexer);

    const mediaDir = join(tmp, "media");
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = startProcess("web", process.execPath, ["build"], {
      cwd: webDir,
      env: {
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "info",
        INDEXER_URL: indexerUrl,
        DATABASE_URL: databaseUrl,
        RPC_URL: chain.url,
        PUBLIC_RPC_URL: chain.url,
        PUBLIC_CHAIN_ID: String(deployment.chainId),
        GAVEL_ADDRESSES,
        MEDIA_DIR: mediaDir,
        MEDIA_MAX_BYTES: String(1024 * 1024),
        BODY_SIZE_LIMIT: "2M",
        // As behind a reverse proxy: the browser context sends these headers, which lets each
        // test be its own client address (rate limits) and say the protocol is http.
        PROTOCOL_HEADER: "x-forwarded-proto",
        ADDRESS_HEADER: "x-forwarded-for",
        XFF_DEPTH: "1",
        ...options.env,
      },
      onLine: (line) => output.push(line),
    });
    stoppers.push(() => child.stop());
    let exited: number | string | undefined;
    void child.exited.then((code) => {
      exited = code;
    });
    await Promise.all([
      waitFor(`the web server on ${url}/health`, async () => (await fetch(`${url}/health`)).ok, {
        abort: () =>
          exited === undefined ? undefined : `web server exited (${exited}):\n${output.join("\n")}`,
      }),
      indexerCaughtUp(),
    ]);
    return {
      url,
      rpcUrl: chain.url,
      indexerUrl,
      chainId: deployment.chainId,
      addresses: deployment.addresses,
      db,
      databaseUrl,
      mediaDir,
      output,
      indexerOutput: indexer.log,
      indexerCaughtUp,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

let clientCounter = 0;
/** Headers a reverse proxy would add for one (made-up) client address, over plain http. */
export function proxyHeaders(proto: "http" | "https" = "http"): Record<string, string> {
  clientCounter += 1;
  return {
    "x-forwarded-for": `10.${process.pid % 250}.${Math.floor(clientCounter / 250)}.${clientCounter % 250}`,
    "x-forwarded-proto": proto,
  };
}
