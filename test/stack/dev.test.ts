// The dev command as a newcomer meets it: everything comes up with its URLs printed, a demo
// market of every format is seeded and shown on the web page with its pictures, the demo
// accounts are printed; every main page works under vite dev in English and Russian (no console
// error, page error, CSP violation or 5xx; screenshots in test-results/screens/) while the
// terminal stays quiet (no line per web request or indexed block); Ctrl-C leaves nothing running
// and prints no stack trace; a second start (SEED=0, LOG_LEVEL=info) reuses the data, starts
// empty and logs requests and blocks; and a taken port is named.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { repoRoot, rpc } from "../../scripts/lib/chain.ts";
import { freePort, portIsFree, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";
import { waitForIndexedHead } from "../../scripts/lib/stack.ts";
import { screensDir, type TourPage, tourDevPages } from "./dev-pages.ts";

mkdirSync(join(repoRoot, ".data"), { recursive: true });
const dataDir = mkdtempSync(join(repoRoot, ".data/tmp-stack-"));
const deploymentId = `stack-test-${process.pid}`;
const ports: Record<string, number> = {};

type Dev = Awaited<ReturnType<typeof startDev>>;

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
      LOG_LEVEL: "",
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
  // The database stops after the services: nobody loses its connection on the way out.
  const shutdown = dev.output().slice(dev.output().lastIndexOf("Stopping…"));
  assert.doesNotMatch(
    shutdown,
    /^.*\bat (?:async )?(?:\S+ \()?(?:file:|node:|\/)\S+:\d+:\d+\)?$/m,
    "no stack trace",
  );
  assert.doesNotMatch(
    shutdown,
    /Postgres (?:client|pool) error|terminating connection|Connection terminated|ECONNREFUSED|idle PostgreSQL client failed/i,
    "no database error on the way out",
  );
}

/** Output lines since `from` that log one web request or one indexed block. */
function requestAndBlockLines(dev: Dev, from: number) {
  const lines = dev.lines.slice(from);
  return {
    // pino's "request" line and SvelteKit's dev line per response ("200 GET /stats").
    requests: lines.filter((line) => /^\[web\]\s+(?:request$|\d{3} (?:GET|POST|HEAD) \/)/.test(line)),
    blocks: lines.filter((line) => /^\[indexer\]\s+(?:Indexed|Finalized) block/.test(line)),
  };
}

/** Mines `count` empty blocks and waits until the indexer has indexed them. */
async function mineAndIndex(count: number) {
  const chain = `http://127.0.0.1:${ports.CHAIN_PORT}`;
  for (let i = 0; i < count; i++) await rpc(chain, "evm_mine");
  await waitForIndexedHead(chain, `http://127.0.0.1:${ports.INDEXER_PORT}`);
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
      "RELAYER_PORT",
    ]) {
      ports[name] = await freePort();
    }
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(repoRoot, "ignition/deployments", deploymentId), { recursive: true, force: true });
  });

  /** The first start, kept running from the first test to the Ctrl-C test. */
  let first: Dev | undefined;
  /** Listings of the demo by format, a deal and a seller, for the page tour. */
  const demo: { auctions: Record<string, string>; dealId: string | null; seller: string } = {
    auctions: {},
    dealId: null,
    seller: "",
  };

  test("starts every part, prints the URLs and seeds a demo market of every format", async () => {
    first = await startDev();
    const dev = first;
    try {
      await waitFor(
        "the dev command to finish starting",
        // Its last line: everything above it (URLs, demo accounts) has been printed.
        async () => dev.output().includes("Press Ctrl-C to stop everything"),
        {
          timeoutMs: 240_000,
          intervalMs: 250,
          abort: dev.exited,
        },
      );
    } catch (error) {
      await dev.child.stop();
      first = undefined;
      // The first line is all a CI log's tail may show: it carries the output's last error lines.
      const clues = dev.lines.filter((line) => /exited \(|error|taken|failed|refused|timed out/i.test(line));
      const said = clues.slice(-4).map((line) => line.trim().slice(0, 160));
      throw new Error(
        `${(error as Error).message}${said.length ? ` — ${said.join(" ⏎ ")}` : ""}\n${dev.output()}`,
      );
    }
    try {
      const out = dev.output();
      assert.match(out, new RegExp(`Web app\\s+http://127\\.0\\.0\\.1:${ports.WEB_PORT}`));
      assert.match(out, new RegExp(`Indexer API\\s+http://127\\.0\\.0\\.1:${ports.INDEXER_PORT}/api`));
      assert.match(out, new RegExp(`Chain RPC\\s+http://127\\.0\\.0\\.1:${ports.CHAIN_PORT}`));
      assert.match(out, /TestUSDC\s+0x[0-9a-fA-F]{40}/, "deployed addresses are printed");
      assert.match(out, new RegExp(`Relayer\\s+http://127\\.0\\.0\\.1:${ports.RELAYER_PORT}/status`));
      assert.match(out, /initialising a new database cluster/);

      for (const url of [
        `http://127.0.0.1:${ports.INDEXER_PORT}/api/ready`,
        `http://127.0.0.1:${ports.WEB_PORT}/health`,
        `http://127.0.0.1:${ports.BOT_PORT}/health`,
        `http://127.0.0.1:${ports.KEEPER_PORT}/health`,
        `http://127.0.0.1:${ports.RELAYER_PORT}/health`,
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
      // Each account's roles as the chain has them: the admin, and the arbiters' Safe owners.
      assert.match(out, /#0 +0x\w{40} +0x\w{64} +admin, pauser/);
      for (const [n, index] of [10, 11, 12].entries())
        assert.match(
          out,
          new RegExp(
            `#${index} +0x\\w{40} +0x\\w{64} +arbiter: owner ${n + 1} of the 2-of-3 arbiters' Safe 0x`,
          ),
        );
      assert.match(
        out,
        /#1 +0x70997970C51812dc3A010C7d01b50e0d17dc79C8 +0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d/,
      );
      const listed = (await (
        await fetch(`http://127.0.0.1:${ports.INDEXER_PORT}/api/auctions?status=active&limit=100`)
      ).json()) as { items: { id: string; format: string; seller: string; metadataURI: string }[] };
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

      for (const auction of listed.items) demo.auctions[auction.format] ??= auction.id;
      demo.seller = listed.items[0]?.seller ?? "";
      const settled = (await (
        await fetch(`http://127.0.0.1:${ports.INDEXER_PORT}/api/auctions?status=settled&limit=100`)
      ).json()) as { items: { dealId: string | null }[] };
      demo.dealId = settled.items.find((a) => a.dealId !== null)?.dealId ?? null;
      assert.ok(demo.dealId, "the demo has deals");
    } catch (error) {
      // Leave nothing running for the next test, then report the failure.
      await ctrlC(dev).catch(() => {});
      first = undefined;
      throw error;
    }
  });

  test("every main page works under vite dev in English and Russian; the terminal stays quiet", async (t) => {
    assert.ok(first, "the dev command is running (the first test passed)");
    const dev = first;
    const pages: TourPage[] = [
      { name: "browse", path: "/" },
      ...Object.entries(demo.auctions).map(([format, id]) => ({
        name: `auction-${format}`,
        path: `/auction/${id}`,
      })),
      { name: "deal", path: `/deal/${demo.dealId}` },
      { name: "sell", path: "/sell" },
      { name: "dashboard", path: "/dashboard" },
      { name: "settings", path: "/settings" },
      // Owners of the arbiters' Safe only: the admin gets a 403 page, an owner the dispute waiting.
      { name: "arbiter-admin", path: "/arbiter", status: 403 },
      { name: "arbiter", path: "/arbiter", account: 10, shows: /Crystal arrived cracked|Seiko/ },
      { name: "admin", path: "/admin" },
      { name: "activity", path: "/activity" },
      { name: "leaderboard", path: "/leaderboard" },
      { name: "profile", path: `/u/${demo.seller.toLowerCase()}` },
      { name: "stats", path: "/stats" },
      { name: "support", path: "/support" },
    ];
    const from = dev.lines.length;
    const started = Date.now();
    // Blocks indexed meanwhile: none of them may be logged either.
    await mineAndIndex(3);
    const tour = await tourDevPages({
      webUrl: `http://127.0.0.1:${ports.WEB_PORT}`,
      rpcUrl: `http://127.0.0.1:${ports.CHAIN_PORT}`,
      chainId: 31337,
      pages,
      timeZone: "Asia/Tokyo",
    });
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(
      `${tour.visits.length} page visits in ${seconds.toFixed(1)} s (slowest: ${[...tour.visits]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((v) => `${v.language} ${v.name} ${(v.ms / 1000).toFixed(1)} s`)
        .join(", ")}); screenshots in ${screensDir}`,
    );
    assert.deepEqual(
      tour.problems,
      [],
      "no console error, page error, CSP violation, 5xx or serious accessibility violation on any page",
    );
    assert.equal(tour.visits.length, pages.length * 2);
    for (const visit of tour.visits) {
      const expected = pages.find((p) => p.name === visit.name)?.status ?? 200;
      assert.equal(visit.status, expected, `${visit.language} ${visit.name} answers ${expected}`);
      assert.equal(visit.lang, visit.language, `${visit.name} is in ${visit.language}`);
    }
    // Phones: no page scrolls sideways at 360 px; an auction's essentials are on the first screen.
    assert.deepEqual(
      tour.visits
        .filter((v) => v.overflowAt360 > 0)
        .map((v) => `${v.language} ${v.name}: ${v.overflowAt360} px`),
      [],
      "pages wider than a 360 px screen",
    );
    assert.deepEqual(
      tour.visits
        .filter((v) => (v.belowFirstScreen ?? []).length > 0)
        .map((v) => `${v.language} ${v.name}: ${v.belowFirstScreen?.join(", ")}`),
      [],
      "below the first screen at 390×844",
    );
    // Dates in the viewer's time zone (Tokyo), not UTC, once the browser has said where it is.
    for (const visit of tour.visits.filter((v) => v.name === "activity")) {
      assert.match(visit.firstTime ?? "", /GMT\+9/, `${visit.language} activity dates`);
    }
    // Cards: a running Dutch listing shows its price "Now"; every price has its exact amount as
    // its title; an urgent countdown is under an hour.
    for (const visit of tour.visits.filter((v) => v.name === "browse")) {
      const cards = visit.cards;
      assert.ok(cards && cards.labels.length > 0, "the browse page shows cards");
      assert.ok(cards.labels.includes(visit.language === "en" ? "Now" : "Сейчас"), `${cards.labels}`);
      assert.ok(cards.pricesWithTitle, "every card's price has its exact amount as its title");
      for (const ends of cards.ends.filter((text) => text.startsWith("!"))) {
        assert.match(
          ends,
          visit.language === "en" ? /^!Ends in (\d+ min|under a minute)$/ : /^!Завершится через/,
        );
      }
    }
    // Quiet: no line per request or per indexed block while LOG_LEVEL is unset.
    const logged = requestAndBlockLines(dev, from);
    assert.deepEqual(logged.requests, [], "no line per web request");
    assert.deepEqual(logged.blocks, [], "no line per indexed block");
  });

  test("Ctrl-C stops everything without a stack trace; a second start reuses the data", async () => {
    assert.ok(first, "the dev command is running (the first test passed)");
    await ctrlC(first);
    for (const [name, port] of Object.entries(ports)) {
      assert.ok(await portIsFree(port), `${name} ${port} is released after Ctrl-C`);
    }
    assert.deepEqual(processesMentioning(dataDir), [], "no process is left running");

    // LOG_LEVEL=info turns the per-request and per-block lines on.
    const second = await startDev({ SEED: "0", LOG_LEVEL: "info" });
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
      const from = second.lines.length;
      assert.equal((await fetch(`http://127.0.0.1:${ports.WEB_PORT}/stats`)).status, 200);
      await mineAndIndex(1);
      await waitFor("the request and block lines (LOG_LEVEL=info)", async () => {
        const logged = requestAndBlockLines(second, from);
        return logged.requests.length > 0 && logged.blocks.length > 0;
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${second.lines.slice(from).join("\n")}`);
      });
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
