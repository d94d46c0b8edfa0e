// The dev command as a newcomer meets it: everything comes up with its URLs printed, a demo
// market of every format is seeded and shown on the web page with its pictures, the demo
// accounts are printed, Ctrl-C leaves nothing running, a second start (SEED=0) reuses the data
// and starts empty, and a taken port is named.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../../scripts/lib/chain.ts";
import { freePort, portIsFree, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";

mkdirSync(join(repoRoot, ".data"), { recursive: true });
const dataDir = mkdtempSync(join(repoRoot, ".data/tmp-stack-"));
const deploymentId = `stack-test-${process.pid}`;
const ports: Record<string, number> = {};

async function startDev(extraEnv: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const child = startProcess("dev", "node", ["scripts/dev.ts"], {
    cwd: repoRoot,
    env: {
      GAVEL_DATA_DIR: dataDir,
      DEPLOYMENT_ID: deploymentId,
      DATABASE_URL: "",
      RPC_URL: "",
      BOT_TOKEN: "",
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      ...extraEnv,
    },
    onLine: (line) => lines.push(line),
  });
  let exited: string | undefined;
  void child.exited.then((code) => {
    exited = `the dev command exited (${code})`;
  });
  return { child, lines, output: () => lines.join("\n"), exited: () => exited };
}

/** Sends Ctrl-C's signal to the dev command's process group, as a terminal does to its foreground
 * job, and once more to the command alone, as `npm run` forwards it; the shutdown must still finish. */
async function ctrlC(dev: { child: Child; output(): string }) {
  const pid = dev.child.process.pid as number;
  process.kill(-pid, "SIGINT");
  await new Promise((r) => setTimeout(r, 50));
  try {
    process.kill(pid, "SIGINT");
  } catch {
    // already gone
  }
  const code = await Promise.race([
    dev.child.exited,
    new Promise((r) => setTimeout(() => r("timeout"), 60_000)),
  ]);
  if (code !== 0) await dev.child.stop(1_000);
  assert.equal(code, 0, "the dev command exits cleanly on Ctrl-C");
  assert.match(dev.output(), /Stopped\. Data is kept/, "the shutdown ran to its end");
}

function processesMentioning(text: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

describe("npm run dev", () => {
  before(async () => {
    for (const name of [
      "PG_PORT",
      "CHAIN_PORT",
      "INDEXER_PORT",
      "WEB_PORT",
      "BOT_PORT",
      "BOT_API_PORT",
      "KEEPER_PORT",
    ]) {
      ports[name] = await freePort();
    }
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(repoRoot, "ignition/deployments", deploymentId), { recursive: true, force: true });
  });

  test("starts every part, prints the URLs, stops everything on Ctrl-C and reuses data", async () => {
    const first = await startDev();
    try {
      await waitFor(
        "the dev command to finish starting",
        // Its last line: everything above it (URLs, demo accounts) has been printed.
        async () => first.output().includes("Press Ctrl-C to stop everything"),
        {
          timeoutMs: 240_000,
          intervalMs: 250,
          abort: first.exited,
        },
      );
    } catch (error) {
      await first.child.stop();
      throw new Error(`${(error as Error).message}\n${first.output()}`);
    }
    try {
      const out = first.output();
      assert.match(out, new RegExp(`Web app\\s+http://127\\.0\\.0\\.1:${ports.WEB_PORT}`));
      assert.match(out, new RegExp(`Indexer API\\s+http://127\\.0\\.0\\.1:${ports.INDEXER_PORT}/api`));
      assert.match(out, new RegExp(`Chain RPC\\s+http://127\\.0\\.0\\.1:${ports.CHAIN_PORT}`));
      assert.match(out, /TestUSDC\s+0x[0-9a-fA-F]{40}/, "deployed addresses are printed");
      assert.match(out, /initialising a new database cluster/);

      for (const url of [
        `http://127.0.0.1:${ports.INDEXER_PORT}/api/ready`,
        `http://127.0.0.1:${ports.WEB_PORT}/health`,
        `http://127.0.0.1:${ports.BOT_PORT}/health`,
        `http://127.0.0.1:${ports.KEEPER_PORT}/health`,
      ]) {
        const response = await fetch(url);
        assert.equal(response.status, 200, `${url} answers`);
      }
      const page = await fetch(`http://127.0.0.1:${ports.WEB_PORT}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Gavel/);

      // The demo market: seeded through the contracts, indexed, and on the front page with pictures.
      assert.match(out, /\[seed\].*seeded 16 listings/);
      assert.match(out, /PUBLIC TEST KEYS/);
      assert.match(
        out,
        /#1 +0x70997970C51812dc3A010C7d01b50e0d17dc79C8 +0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d/,
      );
      const listed = (await (
        await fetch(`http://127.0.0.1:${ports.INDEXER_PORT}/api/auctions?status=active&limit=100`)
      ).json()) as { items: { format: string; metadataURI: string }[] };
      assert.deepEqual([...new Set(listed.items.map((a) => a.format))].sort(), [
        "dutch",
        "english",
        "rolling",
        "sealed",
      ]);
      assert.ok(
        listed.items.every((a) => a.metadataURI.startsWith(`http://127.0.0.1:${ports.WEB_PORT}/media/`)),
        "every listing's metadata is on the web app",
      );
      assert.match(html, /Fender Stratocaster 1979/);
      const cover = /<img src="(\/media\/[0-9a-f]{64})"/.exec(html)?.[1];
      assert.ok(cover, "the cards show the uploaded pictures");
      const image = await fetch(`http://127.0.0.1:${ports.WEB_PORT}${cover}`);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get("content-type"), "image/png");
    } catch (error) {
      // Leave nothing running for the next test, then report the failure.
      await ctrlC(first).catch(() => {});
      throw error;
    }
    await ctrlC(first);
    for (const [name, port] of Object.entries(ports)) {
      assert.ok(await portIsFree(port), `${name} ${port} is released after Ctrl-C`);
    }
    assert.deepEqual(processesMentioning(dataDir), [], "no process is left running");

    const second = await startDev({ SEED: "0" });
    try {
      await waitFor(
        "the second start",
        async () => second.output().includes("Press Ctrl-C to stop everything"),
        {
          timeoutMs: 240_000,
          intervalMs: 250,
          abort: second.exited,
        },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${second.output()}`);
      });
      assert.match(second.output(), /reusing .*postgres/);
      assert.doesNotMatch(second.output(), /initialising a new database cluster/);
      assert.match(second.output(), /skipped \(SEED=0\)/);
      assert.doesNotMatch(second.output(), /PUBLIC TEST KEYS/);
      const empty = (await (await fetch(`http://127.0.0.1:${ports.INDEXER_PORT}/api/auctions`)).json()) as {
        items: unknown[];
      };
      assert.equal(empty.items.length, 0, "SEED=0: the market starts empty");
    } finally {
      await ctrlC(second);
    }
  });

  test("names the port that is taken and the variable that moves it", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.WEB_PORT, "127.0.0.1", resolve));
    try {
      const dev = await startDev();
      const code = await dev.child.exited;
      assert.equal(code, 1);
      assert.match(
        dev.output(),
        new RegExp(`Port ${ports.WEB_PORT} \\(WEB_PORT, for the web app\\) is already taken`),
      );
    } finally {
      blocker.close();
    }
  });
});
