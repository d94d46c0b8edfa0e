// The real local stack for browser tests: embedded PostgreSQL, a Hardhat node, a stand-in
// indexer (the indexer's API is not built yet), and the built web server, all on free ports.
// `stop()` ends everything that was started, also when start-up failed half-way.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type HardhatNode, startHardhatNode } from "@gavel/scripts/lib/chain.ts";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { startProcess } from "@gavel/scripts/lib/processes.ts";
import pg from "pg";

export const webDir = fileURLToPath(new URL("../..", import.meta.url));

export interface WebStack {
  url: string;
  rpcUrl: string;
  chainId: number;
  /** A pool on the web's database, for assertions on `web.*` tables. */
  db: pg.Pool;
  /** Web server output lines (JSON logs), for failure messages. */
  output: string[];
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment for the web server. */
  env?: NodeJS.ProcessEnv;
  /** What the stand-in indexer answers on /api/activity. */
  activity?: unknown;
  /** Start a Hardhat node (default true); without it RPC URLs point at nothing. */
  chain?: boolean;
}

function startFakeIndexer(port: number, activity: unknown): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? "").startsWith("/api/activity")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(activity));
    } else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export async function startWebStack(options: StackOptions = {}): Promise<WebStack> {
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
    const postgres = await startPostgres({
      dataDir: join(tmp, "pg"),
      port: await freePort(),
      ephemeral: true,
    });
    stoppers.push(() => postgres.stop());
    const databaseUrl = await postgres.createDatabase("gavel_web");
    const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    stoppers.push(() => db.end());

    let chain: HardhatNode | null = null;
    if (options.chain !== false) {
      chain = await startHardhatNode(await freePort());
      stoppers.push(() => chain!.stop());
    }
    const rpcUrl = chain?.url ?? `http://127.0.0.1:${await freePort()}`;

    const indexerPort = await freePort();
    const indexer = await startFakeIndexer(indexerPort, options.activity ?? { items: [], nextCursor: null });
    stoppers.push(() => new Promise((resolve) => indexer.close(resolve)));

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = startProcess("web", process.execPath, ["build"], {
      cwd: webDir,
      env: {
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "info",
        INDEXER_URL: `http://127.0.0.1:${indexerPort}`,
        DATABASE_URL: databaseUrl,
        RPC_URL: rpcUrl,
        PUBLIC_RPC_URL: rpcUrl,
        PUBLIC_CHAIN_ID: "31337",
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
    await waitFor(`the web server on ${url}/health`, async () => {
      if (exited !== undefined) throw new Error(`web server exited (${exited}):\n${output.join("\n")}`);
      return (await fetch(`${url}/health`)).ok;
    });
    return { url, rpcUrl, chainId: 31337, db, output, stop };
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
