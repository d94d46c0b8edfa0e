// End-to-end test of the built web server (adapter-node output in build/, made by `vite build`
// in the package's test script) against a stand-in indexer on real HTTP.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { type Child, startProcess } from "@gavel/scripts/lib/processes.ts";

const webDir = fileURLToPath(new URL("..", import.meta.url));

const amount = (raw: string) => ({ raw, decimal: String(Number(raw) / 1e6) });
const zero = `0x${"00".repeat(20)}`;
/** An auction as the indexer's API.md describes it. */
const auction = {
  id: "7",
  house: `0x${"22".repeat(20)}`,
  format: "english",
  seller: `0x${"11".repeat(20)}`,
  title: "Brass telescope, 1890s",
  metadataURI: "ipfs://nothing-here",
  metadataHash: `0x${"33".repeat(32)}`,
  status: "active",
  startTime: 1_763_899_000,
  endTime: 1_763_986_400,
  reservePrice: amount("2000000"),
  startPrice: amount("1000000"),
  currentPrice: amount("2500000"),
  leader: `0x${"44".repeat(20)}`,
  leaderMax: amount("9000000"),
  bidCount: 3,
  extensions: 0,
  feeBps: 250,
  treasury: zero,
  shipWindow: 259200,
  confirmWindow: 604800,
  disputeWindow: 259200,
  params: { minIncrementBps: 500, extensionWindow: 600, maxExtensions: 10 },
  winner: null,
  finalPrice: null,
  dealId: null,
  createdBlock: 9,
  createdAt: 1_763_899_000,
  settledAt: null,
  transactionHash: `0x${"cd".repeat(32)}`,
};
const activity = {
  items: [
    {
      cursor: "000000000009-000000-000001",
      contract: "EnglishAuctionHouse",
      event: "ListingCreated",
      blockNumber: 9,
      transactionIndex: 0,
      logIndex: 1,
      timestamp: 1_763_899_000,
      transactionHash: `0x${"cd".repeat(32)}`,
      data: { auctionId: "7", title: "Brass telescope, 1890s" },
    },
    {
      cursor: "000000000012-000000-000003",
      contract: "EnglishAuctionHouse",
      event: "BidPlaced",
      blockNumber: 12,
      transactionIndex: 0,
      logIndex: 3,
      timestamp: 1_763_900_000,
      transactionHash: `0x${"ab".repeat(32)}`,
      data: { auctionId: "7", bidder: `0x${"11".repeat(20)}`, maxAmount: "2500000" },
    },
  ],
  nextCursor: "000000000012-000000-000003",
  hasMore: false,
};

/** What the stand-in indexer answers on /api/activity. */
let indexerMode: "ok" | "garbage" | "error" = "ok";
const indexerRequests: string[] = [];

function startFakeIndexer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://indexer");
    indexerRequests.push(`${url.pathname}${url.search}`);
    const body =
      url.pathname === "/api/activity"
        ? activity
        : url.pathname === "/api/auctions"
          ? { items: [auction], nextCursor: null }
          : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    if (indexerMode === "error") {
      res.writeHead(500, { "content-type": "text/plain" }).end("boom");
      return;
    }
    const answer = indexerMode === "ok" ? body : { rows: "not what the web app expects" };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

interface Web {
  url: string;
  child: Child;
  output: string[];
}

const children: Child[] = [];

/** Starts `node build` the way the README says, on a free port. */
function spawnWeb(port: number, env: NodeJS.ProcessEnv): Omit<Web, "url"> {
  const output: string[] = [];
  const child = startProcess("web", process.execPath, ["build"], {
    cwd: webDir,
    env: { HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", DATABASE_URL: databaseUrl, ...env },
    onLine: (line) => output.push(line),
  });
  children.push(child);
  return { child, output };
}

async function startWeb(env: NodeJS.ProcessEnv): Promise<Web> {
  const port = await freePort();
  const { child, output } = spawnWeb(port, env);
  const url = `http://127.0.0.1:${port}`;
  let exited: number | string | undefined;
  void child.exited.then((code) => {
    exited = code;
  });
  await waitFor(`the web server on ${url}/health`, async () => {
    if (exited !== undefined) throw new Error(`web server exited (${exited}):\n${output.join("\n")}`);
    return (await fetch(`${url}/health`)).ok;
  });
  return { url, child, output };
}

let indexer: Server;
let indexerUrl: string;
let postgres: PostgresServer | undefined;
let databaseUrl: string;
const tmp = mkdtempSync(join(tmpdir(), "gavel-web-server-"));

before(async () => {
  assert.ok(
    existsSync(`${webDir}/build/index.js`),
    "build/ is missing: run `vite build` first (npm test does)",
  );
  const port = await freePort();
  indexer = await startFakeIndexer(port);
  indexerUrl = `http://127.0.0.1:${port}`;
  postgres = await startPostgres({ dataDir: join(tmp, "pg"), port: await freePort(), ephemeral: true });
  databaseUrl = await postgres.createDatabase("gavel_web");
});

after(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await new Promise((resolve) => indexer?.close(resolve));
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("web server with a working indexer", () => {
  let web: Web;
  before(async () => {
    indexerMode = "ok";
    web = await startWeb({ INDEXER_URL: `${indexerUrl}/` });
  });

  test("the home page is server-rendered: auctions from the indexer, filters passed on", async () => {
    indexerMode = "ok";
    indexerRequests.length = 0;
    const response = await fetch(`${web.url}/?q=brass&format=english&minPrice=1&sort=ending&status=bogus`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    const html = await response.text();
    assert.deepEqual(
      indexerRequests,
      ["/api/auctions?q=brass&format=english&minPrice=1&sort=ending&limit=12"],
      "asks the indexer with the understood filters",
    );
    assert.match(html, /<a class="brand[^"]*" href="\/">Gavel<\/a>/, "layout shows the Gavel name");
    assert.match(html, /<html lang="en">/, "English without a cookie or Accept-Language");
    assert.match(html, /Connect wallet/, "offers to connect a wallet");
    assert.match(html, /Brass telescope, 1890s/);
    assert.match(html, /href="\/auction\/7"/);
    assert.match(html, /2.50\u00a0USDC/, "USDC amounts formatted");
    assert.match(html, /Some filters were not understood and were left out: status/);
    assert.doesNotMatch(html, /cannot be shown right now/);
  });

  test("the activity page lists the feed newest first", async () => {
    indexerMode = "ok";
    const html = await (await fetch(`${web.url}/activity`)).text();
    assert.match(html, /Bid placed/);
    assert.match(html, /Listing created/);
    assert.match(html, /<dd title="2500000"[^>]*>2.50\u00a0USDC<\/dd>/, "USDC amounts formatted");
    assert.match(html, /<code title="0x(ab){32}">0xabab…abab<\/code>/, "shortened transaction hash");
    assert.match(html, /datetime="2025-11-23T12:13:20.000Z"/, "unix seconds become a machine-readable date");
    assert.ok(html.indexOf("Bid placed") < html.indexOf("Listing created"), "newest first");
  });

  test("a broken indexer answer shows a plain-language notice instead of an error page", async () => {
    for (const mode of ["garbage", "error"] as const) {
      indexerMode = mode;
      const response = await fetch(`${web.url}/`);
      assert.equal(response.status, 200, `page still renders when the indexer answers ${mode}`);
      const html = await response.text();
      assert.match(html, /Auctions cannot be shown right now/);
      assert.match(html, /Gavel/);
    }
    indexerMode = "ok";
  });

  test("/health answers 200 with JSON", async () => {
    const response = await fetch(`${web.url}/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    assert.equal((await response.json()).status, "ok");
  });

  test("/metrics exposes Prometheus text with request and indexer counters", async () => {
    await fetch(`${web.url}/`);
    const response = await fetch(`${web.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/plain/);
    const text = await response.text();
    assert.match(text, /gavel_web_http_request_duration_seconds_count\{[^}]*route="\/"[^}]*\} [1-9]/);
    assert.match(text, /gavel_web_indexer_requests_total\{[^}]*outcome="ok"[^}]*\} [1-9]/);
    assert.match(text, /gavel_web_indexer_requests_total\{[^}]*outcome="bad_response"[^}]*\} [1-9]/);
    assert.match(text, /process_cpu_user_seconds_total/);
  });

  test("an unknown page is a 404 with the layout", async () => {
    const response = await fetch(`${web.url}/no-such-page`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page not found/);
  });
});

test("with the indexer down, the home page still renders and says so", async () => {
  const nothingListens = await freePort();
  const web = await startWeb({ INDEXER_URL: `http://127.0.0.1:${nothingListens}` });
  const response = await fetch(`${web.url}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /Auctions cannot be shown right now: the indexer is not answering/);
  assert.doesNotMatch(html, /Brass telescope/);
  await web.child.stop();
});

for (const [name, env, badVariable] of [
  ["a malformed INDEXER_URL", { INDEXER_URL: "not a url" }, "INDEXER_URL"],
  ["a missing INDEXER_URL", { INDEXER_URL: undefined }, "INDEXER_URL"],
  ["an empty INDEXER_URL", { INDEXER_URL: "" }, "INDEXER_URL"],
  [
    "a non-numeric PUBLIC_CHAIN_ID",
    { INDEXER_URL: "http://127.0.0.1:9", PUBLIC_CHAIN_ID: "base" },
    "PUBLIC_CHAIN_ID",
  ],
  ["a missing DATABASE_URL", { INDEXER_URL: "http://127.0.0.1:9", DATABASE_URL: undefined }, "DATABASE_URL"],
  [
    "a DATABASE_URL that is not postgres",
    { INDEXER_URL: "http://127.0.0.1:9", DATABASE_URL: "mysql://x/y" },
    "DATABASE_URL",
  ],
  [
    "a rate limit of zero",
    { INDEXER_URL: "http://127.0.0.1:9", AUTH_RATE_LIMIT_PER_MINUTE: "0" },
    "AUTH_RATE_LIMIT_PER_MINUTE",
  ],
  [
    "a WalletConnect project id that is not 32 hex characters",
    { INDEXER_URL: "http://127.0.0.1:9", PUBLIC_WALLETCONNECT_PROJECT_ID: "abc123" },
    "PUBLIC_WALLETCONNECT_PROJECT_ID",
  ],
  [
    "a short LINK_TOKEN_SECRET",
    { INDEXER_URL: "http://127.0.0.1:9", LINK_TOKEN_SECRET: "short" },
    "LINK_TOKEN_SECRET",
  ],
  [
    "GAVEL_ADDRESSES that are not JSON addresses",
    { INDEXER_URL: "http://127.0.0.1:9", GAVEL_ADDRESSES: '{"TestUSDC":"0x12"}' },
    "GAVEL_ADDRESSES",
  ],
  [
    "a bot username with @",
    { INDEXER_URL: "http://127.0.0.1:9", PUBLIC_BOT_USERNAME: "@gavel_bot" },
    "PUBLIC_BOT_USERNAME",
  ],
  ["a zero MEDIA_MAX_BYTES", { INDEXER_URL: "http://127.0.0.1:9", MEDIA_MAX_BYTES: "0" }, "MEDIA_MAX_BYTES"],
] as const) {
  test(`${name} stops start-up with a message naming ${badVariable}`, async () => {
    const port = await freePort();
    const { child, output } = spawnWeb(port, env);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      child.exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve("still running after 20 s"), 20_000);
      }),
    ]);
    clearTimeout(timer);
    await child.stop();
    assert.notEqual(code, 0, "exits with a failure code");
    assert.equal(typeof code, "number", `exits on its own (got ${String(code)})`);
    const text = output.join("\n");
    assert.match(text, /Invalid environment variables/);
    assert.match(text, new RegExp(`^${badVariable}$`, "m"), `names ${badVariable}:\n${text}`);
    assert.equal(await fetch(`http://127.0.0.1:${port}/health`).catch(() => null), null, "never listened");
  });
}
