// RPC_URL with a dead node in it (issue #18): the built web server reads the chain through every
// URL given, so a page that needs the chain still answers quickly, and by the chain's clock,
// whether the dead URL comes first or second. Real Hardhat node, real Postgres, a stand-in
// indexer on real HTTP; the dead node is a loopback port nobody listens on.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type HardhatNode, rpc, startHardhatNode } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";

const webDir = fileURLToPath(new URL("..", import.meta.url));
/** The chain's clock is moved this far ahead of the wall clock, so a page tells which one it used. */
const AHEAD_SECONDS = 30 * 86_400;

const tmp = mkdtempSync(join(tmpdir(), "gavel-web-rpc-"));
const children: Child[] = [];
let chain: HardhatNode;
let postgres: PostgresServer;
let databaseUrl: string;
let indexer: Server;
let indexerUrl: string;
let deadUrl: string;

before(async () => {
  assert.ok(
    existsSync(`${webDir}/build/index.js`),
    "build/ is missing: run `vite build` first (npm test does)",
  );
  chain = await startHardhatNode(await freePort());
  await rpc(chain.url, "evm_increaseTime", [AHEAD_SECONDS]);
  await rpc(chain.url, "evm_mine");
  postgres = await startPostgres({ dataDir: join(tmp, "pg"), port: await freePort(), ephemeral: true });
  databaseUrl = await postgres.createDatabase("gavel_web");
  indexer = createServer((req, res) => {
    if (req.url?.startsWith("/api/activity")) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ items: [], nextCursor: null, hasMore: false }));
    } else res.writeHead(404).end();
  });
  const indexerPort = await freePort();
  await new Promise<void>((resolve) => indexer.listen(indexerPort, "127.0.0.1", resolve));
  indexerUrl = `http://127.0.0.1:${indexerPort}`;
  deadUrl = `http://127.0.0.1:${await freePort()}`; // free: nothing listens, connections are refused
});

after(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await new Promise((resolve) => indexer?.close(resolve));
  await chain?.stop();
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function startWeb(rpcUrl: string): Promise<string> {
  const port = await freePort();
  const output: string[] = [];
  const child = startProcess("web", process.execPath, ["build"], {
    cwd: webDir,
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      INDEXER_URL: indexerUrl,
      RPC_URL: rpcUrl,
    },
    onLine: (line) => output.push(line),
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  let exited: string | undefined;
  void child.exited.then((code) => {
    exited = `web server exited (${code}):\n${output.join("\n")}`;
  });
  await waitFor(`the web server on ${url}/health`, async () => (await fetch(`${url}/health`)).ok, {
    abort: () => exited,
  });
  return url;
}

/** Renders /activity (it reads the chain's clock) and returns how long it took and the clock it used. */
async function renderActivity(web: string): Promise<{ ms: number; chainNow: number }> {
  const started = performance.now();
  const response = await fetch(`${web}/activity`);
  const html = await response.text();
  const ms = performance.now() - started;
  assert.equal(response.status, 200);
  const match = /chainNow:(\d+)/.exec(html);
  assert.ok(match, "the page carries the clock it was rendered by");
  return { ms, chainNow: Number(match[1]) };
}

const wall = () => Math.floor(Date.now() / 1000);

for (const order of ["first", "second"] as const) {
  test(`with the dead RPC URL ${order} in RPC_URL, a page that needs the chain answers in under 2 s, by the chain's clock`, async () => {
    const web = await startWeb(order === "first" ? `${deadUrl},${chain.url}` : `${chain.url}, ${deadUrl}`);
    for (let i = 0; i < 3; i++) {
      const { ms, chainNow } = await renderActivity(web);
      assert.ok(ms < 2_000, `render ${i + 1} took ${Math.round(ms)} ms`);
      assert.ok(chainNow >= wall() + AHEAD_SECONDS - 60, "the chain answered (its clock runs ahead)");
    }
  });
}

test("with only the dead URL the page still answers quickly, by the server's clock (what the tests above tell apart)", async () => {
  const web = await startWeb(deadUrl);
  const { ms, chainNow } = await renderActivity(web);
  assert.ok(ms < 2_000, `render took ${Math.round(ms)} ms`);
  assert.ok(chainNow < wall() + 60, "no chain: the wall clock");
});
