// Long on purpose: the web server's routes against a real stack (started once), one behaviour per test.
// End-to-end test of the built web server (adapter-node output in build/, made by `vite build`
// in the package's test script) against a stand-in indexer on real HTTP.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";

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
      data: { auctionId: "7", seller: `0x${"11".repeat(20)}`, title: "Brass telescope, 1890s" },
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
      data: {
        auctionId: "7",
        bidder: `0x${"11".repeat(20)}`,
        leader: `0x${"11".repeat(20)}`,
        maxAmount: "9000000",
        price: "2500000",
        endTime: "1763986400",
        extended: "false",
      },
    },
  ],
  nextCursor: "000000000012-000000-000003",
  hasMore: false,
};

/** An account as `GET /api/accounts/:address` describes it: one completed sale, reviewed. */
const sellerAddress = `0x${"11".repeat(20)}`;
const buyerAddress = `0x${"55".repeat(20)}`;
const soldDeal = {
  id: "6",
  house: auction.house,
  auctionId: "6",
  title: "Pocket watch",
  buyer: buyerAddress,
  seller: sellerAddress,
  amount: amount("12345678901"),
  status: "completed",
  feeBps: 250,
  treasury: zero,
  openedAt: 1_763_899_500,
  shipBy: 1_764_000_000,
  shippedAt: 1_763_899_600,
  trackingHash: `0x${"77".repeat(32)}`,
  confirmDeadline: 1_764_500_000,
  confirmExtension: 0,
  disputeDeadline: 1_764_100_000,
  arbiterDeadline: null,
  closedAt: 1_763_899_700,
  confirmedByBuyer: true,
  refundedBySeller: null,
  sellerProceeds: amount("12037036929"),
  sellerPaidDirectly: true,
  buyerAmount: null,
  fee: amount("308641972"),
  buyerReviewed: true,
  sellerReviewed: false,
};
const account = {
  address: sellerAddress,
  firstSeen: 1_763_899_000,
  lastSeen: 1_763_899_800,
  reputation: {
    sales: 1,
    purchases: 0,
    soldVolume: amount("12345678901"),
    boughtVolume: amount("0"),
    volume: amount("12345678901"),
    ratingCount: 1,
    averageRating: "5.00",
    weightedRating: "5.00",
    disputesWon: 0,
    disputesLost: 0,
    completedDeals: 1,
    disputedDeals: 0,
    firstSaleAt: 1_763_899_500,
    firstPurchaseAt: null,
  },
  balances: [],
  reviews: [
    {
      dealId: "6",
      house: auction.house,
      reviewer: buyerAddress,
      subject: sellerAddress,
      role: "buyer",
      rating: 5,
      dealAmount: amount("12345678901"),
      contentHash: `0x${"88".repeat(32)}`,
      contentURI: "ipfs://elsewhere",
      timestamp: 1_763_899_800,
      transactionHash: `0x${"99".repeat(32)}`,
    },
  ],
  history: { auctions: [auction], bids: [], deals: [soldDeal] },
};
/** `GET /api/reputations` for the cards: the seller with history, anyone else new. */
const reputations = (addresses: string) => ({
  items: addresses.split(",").map((address) =>
    address === sellerAddress
      ? {
          address,
          ratingCount: 12,
          averageRating: "4.80",
          weightedRating: "4.62",
          sales: 14,
          completedDeals: 12,
          disputesLost: 1,
          memberSince: 1_794_000_000, // Nov 6, 2026
        }
      : {
          address,
          ratingCount: 0,
          averageRating: null,
          weightedRating: null,
          sales: 0,
          completedDeals: 0,
          disputesLost: 0,
          memberSince: null,
        },
  ),
});

const leaderboard = {
  by: "volume",
  items: [
    {
      rank: 1,
      address: sellerAddress,
      sales: 1,
      soldVolume: amount("12345678901"),
      ratingCount: 1,
      averageRating: "5.00",
    },
  ],
};

const today = new Date().toISOString().slice(0, 10);
const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
const day = (d: string, n: number, volume: string, fees: string) => ({
  day: d,
  newListings: n,
  bids: 2 * n,
  dealsOpened: n,
  dealsCompleted: 0,
  disputesOpened: n === 1 ? 1 : 0,
  volume: amount(volume),
  fees: amount(fees),
});
/** `/api/stats` as API.md describes it: only days with activity. */
const stats = {
  totals: {
    auctions: 12,
    activeAuctions: 3,
    bids: 40,
    deals: 5,
    volume: amount("1234500000"),
    fees: amount("30862500"),
    disputes: 1,
    openDisputes: 1,
    accounts: 9,
  },
  daily: [day(threeDaysAgo, 1, "4000000", "0"), day(today, 4, "1230500000", "30862500")],
};

/** The text of the first seller badge's facts in a page (tags and comments dropped). */
function badgeText(html: string): string {
  const start = html.indexOf('data-testid="seller-facts"');
  if (start < 0) return "";
  const inner = html.slice(html.indexOf(">", start) + 1, html.indexOf("</p>", start));
  return inner
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** What the stand-in indexer answers on /api/activity. */
let indexerMode: "ok" | "garbage" | "error" = "ok";
/** How long the stand-in indexer takes to answer (a slow indexer under load). */
let indexerDelayMs = 0;
const indexerRequests: string[] = [];

function startFakeIndexer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://indexer");
    indexerRequests.push(`${url.pathname}${url.search}`);
    const body =
      url.pathname === "/api/activity"
        ? activity
        : url.pathname === "/api/auctions"
          ? { items: [auction], nextCursor: null, now: 1_763_900_000 }
          : url.pathname === "/api/auctions/7"
            ? { auction, bids: [], commitments: [], deal: null, now: 1_763_900_000, pausedAt: null }
            : url.pathname === "/api/reputations"
              ? reputations(url.searchParams.get("addresses") ?? "")
              : url.pathname === `/api/accounts/${sellerAddress}`
                ? account
                : url.pathname === "/api/leaderboard"
                  ? leaderboard
                  : url.pathname === "/api/stats"
                    ? stats
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
    setTimeout(
      () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer)),
      indexerDelayMs,
    );
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

/** A signed-in session for `address`, made the way /auth/verify stores it (sha-256 of the token): its cookie. */
async function sessionCookie(address: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      "insert into web.sessions (token_hash, address, chain_id, expires_at) values ($1, $2, 31337, now() + interval '1 hour')",
      [createHash("sha256").update(token).digest("hex"), address],
    );
  } finally {
    await db.end();
  }
  return `gavel_session=${token}`;
}

describe("web server with a working indexer", () => {
  let web: Web;
  before(async () => {
    indexerMode = "ok";
    // Every request renders here (these tests count the indexer calls of each render and switch
    // the indexer's answers between requests); the page cache has its own tests below.
    web = await startWeb({ INDEXER_URL: `${indexerUrl}/`, PAGE_CACHE_SECONDS: "0" });
  });

  test("without TELEGRAM_BOT_ID the Mini App sign-in says it is not configured (503), naming the variable", async () => {
    const response = await fetch(`${web.url}/auth/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ initData: "user=%7B%7D&auth_date=1&signature=x" }),
    });
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      error: "telegram_unavailable",
      detail: "TELEGRAM_BOT_ID is not configured",
    });
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
      [
        "/api/auctions?q=brass&format=english&minPrice=1&sort=ending&limit=12",
        `/api/reputations?addresses=${sellerAddress}`,
      ],
      "asks the indexer with the understood filters, then the sellers' reputations in one call",
    );
    // The card's seller badge: volume-weighted rating, completed deals, disputes lost, member since.
    assert.match(badgeText(html), /^★ 4\.62 · 12 deals · 1 dispute lost · since Nov 2026$/);
    assert.match(html, /data-testid="identicon"/, "a face for the seller");
    const ruHome = await (await fetch(`${web.url}/`, { headers: { "accept-language": "ru" } })).text();
    assert.match(badgeText(ruHome), /★ 4,62 · 12 сделок · 1 проигранный спор · с нояб\. 2026 г\./);
    assert.deepEqual(
      indexerRequests.slice(2),
      ["/api/auctions?limit=12"],
      "the next render within a second reuses the sellers' reputations",
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

  test("the activity page tells the feed in sentences, newest first", async () => {
    indexerMode = "ok";
    const html = await (await fetch(`${web.url}/activity`)).text();
    const bid = "0x1111…1111 bid on Brass telescope, 1890s — now 2.50\u00a0USDC";
    const listed = "0x1111…1111 listed Brass telescope, 1890s";
    assert.ok(html.includes(bid), "the bid as a sentence, the amount formatted");
    assert.ok(html.includes(listed), "the listing as a sentence, with its title from the indexer");
    assert.ok(html.indexOf(bid) < html.indexOf(listed), "newest first");
    // No raw field names, hashes or block numbers in the markup (the feed's data is only in the
    // page's hydration payload): a link to the listing instead.
    const markup = html.replace(/<script[\s\S]*?<\/script>/g, "");
    assert.doesNotMatch(markup, /maxAmount|auctionId|0x(ab){32}|Block 12/);
    assert.match(markup, /href="\/auction\/7"/);
    assert.match(html, /datetime="2025-11-23T12:13:20.000Z"/, "unix seconds become a machine-readable date");
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

  test("a profile: reputation per locale (USDC to the cent, exact on hover), badges, reviews and history with links", async () => {
    indexerMode = "ok";
    const html = await (
      await fetch(`${web.url}/u/${sellerAddress.toUpperCase().replace("0X", "0x")}`)
    ).text();
    assert.match(html, new RegExp(`data-testid="profile-address"[^>]*>${sellerAddress}<`), "lowercased");
    assert.match(
      html,
      /data-testid="figure-volume"[^>]*><span class="usdc" title="12,345.678901\u00a0USDC">12,345.68\u00a0USDC</,
      "two decimals, the exact amount as the title",
    );
    assert.match(html, /data-testid="figure-rating"[^>]*>★ 5.00</);
    assert.match(html, /data-testid="badge-firstSale" data-earned="true"/);
    assert.match(html, /Earned Nov 23, 2025, 12:05\sPM\sUTC/, "when: the first sale's deal opening");
    assert.match(html, /data-testid="badge-highVolume" data-earned="true"/);
    assert.match(html, /data-testid="badge-firstPurchase" data-earned="false"/);
    assert.match(html, /Completed deals: 1 of 10/, "progress towards ten deals");
    assert.match(html, /Buyer about the seller/);
    assert.match(
      html,
      /Text not checked \(stored outside Gavel\):(?:[^<]|<!--[^>]*-->)*<a [^>]*href="ipfs:\/\/elsewhere"/,
      "a review text not stored here is not made up, nor fetched",
    );
    assert.match(
      html,
      /for a (?:<!--[^>]*-->)?<span class="usdc"[^>]*>12,345.68\u00a0USDC<\/span>(?:<!--[^>]*-->)? deal/,
      "the amount of the deal reviewed",
    );
    assert.match(
      html,
      new RegExp(`href="/u/${buyerAddress}"`),
      "the reviewer and buyer link to their profiles",
    );
    assert.match(html, /href="\/deal\/6"[^>]*>Pocket watch</);
    assert.match(html, /href="\/auction\/7"[^>]*>Brass telescope, 1890s</);

    const ru = await (
      await fetch(`${web.url}/u/${sellerAddress}`, { headers: { "accept-language": "ru" } })
    ).text();
    assert.match(
      ru,
      /data-testid="figure-volume"[^>]*><span class="usdc" title="12\u00a0345,678901\u00a0USDC">12\u00a0345,68\u00a0USDC</,
      "Russian digit grouping",
    );
    assert.match(ru, /Первая продажа/);
  });

  test("an unknown but valid address gets an empty profile, not an error", async () => {
    indexerMode = "ok";
    const response = await fetch(`${web.url}/u/0x${"ab".repeat(20)}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /This address has no activity on Gavel yet/);
    assert.match(html, /data-testid="badge-firstSale" data-earned="false"/);
    assert.match(html, /No reviews yet/);
  });

  test("a profile URL that is not an address is a 400 page naming it", async () => {
    for (const bad of ["not-an-address", `0x${"1".repeat(39)}`, `0x${"g".repeat(40)}`]) {
      const response = await fetch(`${web.url}/u/${bad}`);
      assert.equal(response.status, 400, bad);
      const html = await response.text();
      assert.ok(html.includes(`“${bad}” is not an address`), `${bad} is named:\n${html.slice(0, 400)}`);
    }
  });

  test("the leaderboard: ranked sellers linked to their profiles; a bad `by` is dropped and named", async () => {
    indexerMode = "ok";
    indexerRequests.length = 0;
    const response = await fetch(`${web.url}/leaderboard?by=fame`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.deepEqual(indexerRequests, ["/api/leaderboard?by=volume&limit=50"], "falls back to volume");
    assert.match(html, /Some parameters were not understood and were left out: by\./);
    assert.match(html, new RegExp(`href="/u/${sellerAddress}"`));
    assert.match(html, /<span class="usdc" title="12,345.678901\u00a0USDC">12,345.68\u00a0USDC</);
    assert.match(html, /href="\/leaderboard\?by=volume" aria-current="page"/);
    indexerRequests.length = 0;
    await (await fetch(`${web.url}/leaderboard?by=rating`)).text();
    assert.deepEqual(indexerRequests, ["/api/leaderboard?by=rating&limit=50"]);
  });

  test("/stats: totals formatted, five server-drawn charts, the range from the URL (a bad one named)", async () => {
    indexerMode = "ok";
    indexerRequests.length = 0;
    const week = await fetch(`${web.url}/stats?days=7`);
    assert.equal(week.status, 200);
    const html = await week.text();
    assert.deepEqual(indexerRequests, ["/api/stats?days=7"]);
    assert.match(
      html,
      /data-testid="total-volume"[^>]*><span class="usdc" title="1,234.50\u00a0USDC">1,234.50\u00a0USDC</,
      "volume per locale",
    );
    assert.match(
      html,
      /data-testid="total-fees"[^>]*><span class="usdc" title="30.8625\u00a0USDC">30.86\u00a0USDC</,
      "fees to the cent, their 4 decimals on hover",
    );
    assert.match(html, /data-testid="total-auctions"[^>]*>12</);
    assert.equal(html.match(/<figure class="chart/g)?.length, 5, "volume, fees, listings, deals, disputes");
    assert.equal(html.match(/<rect /g)?.length, 35, "one bar per day of the week in each chart");
    for (const caption of [
      "Daily volume",
      "Daily fees",
      "New listings per day",
      "Deals per day",
      "Disputes per day",
    ])
      assert.match(html, new RegExp(`<figcaption[^>]*>${caption}</figcaption>`));
    const label = (d: string) =>
      new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(d));
    assert.ok(html.includes(`<title>${label(today)}: 1,230.50\u00a0USDC</title>`), "each bar has a title");
    assert.ok(html.includes(`<title>${label(threeDaysAgo)}: 4.00\u00a0USDC</title>`));
    assert.match(html, /Day \(UTC\)/, "x axis labelled");
    assert.match(html, /<a href="\/stats\?days=7" aria-current="page"/, "the chosen range is marked");
    assert.doesNotMatch(html, /not understood/);

    for (const bad of ["45", "abc", "-7"]) {
      indexerRequests.length = 0;
      const page = await (await fetch(`${web.url}/stats?days=${bad}`)).text();
      assert.deepEqual(indexerRequests, ["/api/stats?days=30"], `days=${bad} falls back to 30`);
      assert.match(page, /Some parameters were not understood and were left out: days/);
      assert.equal(page.match(/<rect /g)?.length, 150);
    }
    indexerRequests.length = 0;
    await fetch(`${web.url}/stats`);
    assert.deepEqual(indexerRequests, ["/api/stats?days=30"], "30 days by default");

    const russian = await (
      await fetch(`${web.url}/stats?days=90`, { headers: { "accept-language": "ru" } })
    ).text();
    assert.match(
      russian,
      /data-testid="total-volume"[^>]*><span class="usdc" title="1\u00a0234,50\u00a0USDC">1\u00a0234,50\u00a0USDC</,
      "Russian number format",
    );
    assert.match(russian, /Оборот за день/);

    indexerMode = "error";
    const down = await fetch(`${web.url}/stats`);
    assert.equal(down.status, 200, "the page still renders");
    assert.match(await down.text(), /Stats cannot be shown right now/);
    indexerMode = "ok";
  });

  test("/admin is a 403 page for anyone without the admin role, and not in their nav", async () => {
    const response = await fetch(`${web.url}/admin`);
    assert.equal(response.status, 403);
    const html = await response.text();
    assert.match(html, /This page is for holders of the admin role/);
    assert.doesNotMatch(html, /href="\/admin"/);
    assert.match(html, /href="\/stats"/, "Stats is linked for everyone");
    assert.doesNotMatch(html, /href="\/support"/, "Support only when signed in");
  });

  describe("support tickets", () => {
    const alice = `0x${"a1".repeat(20)}`;
    const bob = `0x${"b2".repeat(20)}`;
    const carol = `0x${"c3".repeat(20)}`;
    const cookies: Record<string, string> = {};
    let db: pg.Client;
    const call = (path: string, as?: string, body?: unknown) =>
      fetch(`${web.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: {
          ...(as ? { cookie: cookies[as] ?? "" } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const ticketCount = async () =>
      (await db.query("select count(*)::int as n from web.support_tickets")).rows[0].n;
    let ticketId = "";

    before(async () => {
      db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      for (const address of [alice, bob, carol]) cookies[address] = await sessionCookie(address);
    });
    after(() => db.end());

    test("signed out: 401 for filing and reading; the page asks to sign in", async () => {
      const filed = await call("/support/tickets", undefined, {
        subject: "Help",
        body: "Where is my parcel?",
      });
      assert.equal(filed.status, 401);
      assert.deepEqual(await filed.json(), { error: "sign_in_required" });
      assert.equal((await call("/support/tickets")).status, 401);
      assert.equal((await call("/support/tickets/1")).status, 401);
      const page = await (await call("/support")).text();
      assert.match(page, /Sign in with your wallet/);
      assert.equal(await ticketCount(), 0);
    });

    test("bad input is a 400 naming the field, and stores nothing", async () => {
      const good = { subject: "Parcel never came", body: "Deal 4 was marked shipped a week ago." };
      for (const [body, field] of [
        [{ ...good, subject: "  " }, "subject"],
        [{ ...good, subject: "x".repeat(121) }, "subject"],
        [{ subject: good.subject }, "body"],
        [{ ...good, body: "short" }, "body"],
        [{ ...good, dealId: "four" }, "dealId"],
        [{ ...good, auctionId: "-1" }, "auctionId"],
      ] as const) {
        const response = await call("/support/tickets", alice, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal((await response.json()).field, field);
      }
      assert.equal(await ticketCount(), 0);
    });

    test("the author files a ticket, reads it and adds to it, but cannot set its status", async () => {
      const filed = await call("/support/tickets", alice, {
        subject: "Parcel never came",
        body: "Deal 4 was marked shipped a week ago.",
        dealId: "4",
        auctionId: "",
      });
      assert.equal(filed.status, 201);
      const ticket = await filed.json();
      ticketId = ticket.id;
      assert.equal(ticket.author, alice);
      assert.equal(ticket.status, "open");
      assert.equal(ticket.dealId, "4");
      assert.equal(ticket.auctionId, null);

      const mine = await (await call("/support/tickets", alice)).json();
      assert.deepEqual(
        mine.tickets.map((t: { id: string }) => t.id),
        [ticketId],
      );
      // A deal page's "Ask support" link fills the form's deal number; a bad one is left out.
      const prefilled = await (await call("/support?deal=4&auction=x7", alice)).text();
      assert.match(prefilled, /id="ticket-dealId"[^>]*value="4"/);
      assert.doesNotMatch(prefilled, /id="ticket-auctionId"[^>]*value="x7"/);
      const badFilter = await call("/support/tickets?status=pending", alice);
      assert.equal(badFilter.status, 400);
      assert.equal((await badFilter.json()).field, "status");
      const page = await (await call(`/support/${ticketId}`, alice)).text();
      assert.match(page, /Deal 4 was marked shipped a week ago\./);
      assert.match(page, /href="\/deal\/4"/);

      const close = await call(`/support/tickets/${ticketId}`, alice, { status: "closed" });
      assert.equal(close.status, 403);
      assert.equal((await close.json()).field, "status");
      const reply = await call(`/support/tickets/${ticketId}`, alice, { reply: "Tracking says nothing." });
      assert.equal(reply.status, 200);
      const after = await reply.json();
      assert.equal(after.ticket.status, "open");
      assert.deepEqual(
        after.replies.map((r: { body: string; staff: boolean }) => [r.body, r.staff]),
        [["Tracking says nothing.", false]],
      );
      const empty = await call(`/support/tickets/${ticketId}`, alice, { reply: " " });
      assert.equal(empty.status, 400);
      assert.equal((await empty.json()).field, "reply");
    });

    test("a stranger can never read or touch someone else's ticket (403)", async () => {
      const read = await call(`/support/tickets/${ticketId}`, bob);
      assert.equal(read.status, 403);
      assert.doesNotMatch(await read.text(), /marked shipped/);
      const page = await call(`/support/${ticketId}`, bob);
      assert.equal(page.status, 403);
      const html = await page.text();
      assert.match(html, /This ticket belongs to someone else/);
      assert.doesNotMatch(html, /marked shipped|Parcel never came/);
      for (const body of [{ reply: "me too" }, { status: "closed" }]) {
        const write = await call(`/support/tickets/${ticketId}`, bob, body);
        assert.equal(write.status, 403);
      }
      const listed = await (await call("/support/tickets", bob)).json();
      assert.deepEqual(listed.tickets, [], "not in the stranger's list");
      const row = (await db.query("select status from web.support_tickets where id = $1", [ticketId]))
        .rows[0];
      assert.equal(row.status, "open", "unchanged");
      const replies = await db.query("select count(*)::int as n from web.support_replies");
      assert.equal(replies.rows[0].n, 1, "only the author's reply");
      assert.equal((await call("/support/tickets/999999", bob)).status, 404);
    });

    test("filing is rate-limited per wallet (429 with Retry-After)", async () => {
      // The window is a calendar minute: start well inside one so all six land in the same window.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 61_000 - intoMinute));
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 6; i++) {
        const response = await call("/support/tickets", carol, {
          subject: `Question ${i}`,
          body: "How do sealed bids work?",
        });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get("retry-after");
      }
      assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
      assert.match(retryAfter ?? "", /^\d+$/);
      assert.equal(
        (await db.query("select count(*)::int as n from web.support_tickets where author = $1", [carol]))
          .rows[0].n,
        5,
      );
    });
  });

  test("an unknown page is a 404 with the layout", async () => {
    const response = await fetch(`${web.url}/no-such-page`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page not found/);
  });
});

describe("pages for signed-out visitors are kept for PAGE_CACHE_SECONDS", () => {
  let web: Web;
  before(async () => {
    indexerMode = "ok";
    // Kept pages are not served past their time here (the stale window has its own test below).
    web = await startWeb({
      INDEXER_URL: `${indexerUrl}/`,
      PAGE_CACHE_SECONDS: "2",
      PAGE_CACHE_STALE_SECONDS: "0",
    });
  });
  const auctionReads = () => indexerRequests.filter((r) => r.startsWith("/api/auctions/7")).length;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${web.url}${path}`, { headers });

  test("a burst of signed-out visitors shares one render, whose script hash is its own", async () => {
    indexerRequests.length = 0;
    const answers = await Promise.all(Array.from({ length: 8 }, () => get("/auction/7")));
    const pages = await Promise.all(answers.map((r) => r.text()));
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(8).fill(200),
    );
    assert.equal(auctionReads(), 1, "one render for eight visitors");
    assert.equal(new Set(pages).size, 1, "the same page for each");
    assert.match(pages[0] ?? "", /Brass telescope, 1890s/);
    // The policy names SvelteKit's inline script by its hash (never a nonce, which a kept page
    // would hand out twice), and that hash is the one of the script in this very page.
    for (const response of answers) {
      const csp = response.headers.get("content-security-policy") ?? "";
      assert.doesNotMatch(csp, /'nonce-/);
      const inline = [...(pages[0] ?? "").matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        (m) =>
          `'sha256-${createHash("sha256")
            .update(m[1] ?? "")
            .digest("base64")}'`,
      );
      assert.ok(inline.length > 0, "the page has SvelteKit's inline script");
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      for (const hash of inline) assert.ok(scriptSrc.includes(hash), `${hash} in ${scriptSrc}`);
      assert.doesNotMatch(scriptSrc, /'unsafe-inline'/);
    }
  });

  test("another language, a signed-in visitor and the page's data each get their own answer", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    indexerRequests.length = 0;
    const english = await (await get("/auction/7")).text();
    const russian = await (await get("/auction/7", { "accept-language": "ru" })).text();
    assert.match(english, /<html lang="en">/);
    assert.match(russian, /<html lang="ru">/);
    assert.equal(auctionReads(), 2, "a render per language");

    // A signed-in visitor's page is rendered for them and never kept for anyone else.
    const me = `0x${"d4".repeat(20)}`;
    const cookie = await sessionCookie(me);
    const mine = await (await get("/auction/7", { cookie })).text();
    assert.equal(auctionReads(), 3, "rendered for the signed-in visitor");
    assert.ok(mine.includes(me), "their own page, with their address");
    const afterwards = await (await get("/auction/7")).text();
    assert.ok(!afterwards.includes(me), "a signed-out visitor never sees it");
    assert.equal(afterwards, english, "they get the kept signed-out page");
    assert.equal(auctionReads(), 3);

    // What the page fetches to refresh itself (on its live stream's events) is never kept.
    for (let i = 0; i < 2; i++) assert.equal((await get("/auction/7/__data.json")).status, 200);
    assert.equal(auctionReads(), 5, "each data request reads the indexer");
  });

  test("a kept page is rendered again once PAGE_CACHE_SECONDS have passed, and /metrics counts it", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    indexerRequests.length = 0;
    await (await get("/auction/7")).text();
    await (await get("/auction/7")).text();
    assert.equal(auctionReads(), 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await (await get("/auction/7")).text();
    assert.equal(auctionReads(), 2, "rendered afresh after two seconds");
    const metrics = await (await get("/metrics")).text();
    assert.match(metrics, /gavel_web_page_cache_total\{outcome="hit",service="web"\} [1-9]/);
    assert.match(metrics, /gavel_web_page_cache_total\{outcome="miss",service="web"\} [1-9]/);
  });
});

test("with a slow indexer, a page past PAGE_CACHE_SECONDS is served at once while one request renders it again", async () => {
  indexerMode = "ok";
  const web = await startWeb({ INDEXER_URL: `${indexerUrl}/`, PAGE_CACHE_SECONDS: "1" });
  const auctionReads = () => indexerRequests.filter((r) => r.startsWith("/api/auctions/7")).length;
  indexerRequests.length = 0;
  const first = await (await fetch(`${web.url}/auction/7`)).text();
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  indexerDelayMs = 1_500;
  try {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${web.url}/auction/7`)));
    const pages = await Promise.all(answers.map((r) => r.text()));
    const ms = performance.now() - started;
    assert.ok(
      ms < 1_000,
      `answered from the kept page without waiting for the slow indexer (${Math.round(ms)} ms)`,
    );
    // The kept page, whole, marked stale so that the browser reloads its data once hydrated.
    for (const page of pages) {
      assert.match(page, /<head>\n {4}<meta name="gavel-stale" content="" \/>/);
      assert.equal(page.replace('\n    <meta name="gavel-stale" content="" />', ""), first);
    }
    await waitFor("the render behind them", async () => auctionReads() === 2);
    assert.equal(auctionReads(), 2, "one render for the five");
  } finally {
    indexerDelayMs = 0;
  }
  await new Promise((resolve) => setTimeout(resolve, 1_700));
  assert.equal(auctionReads(), 2);
  const metrics = await (await fetch(`${web.url}/metrics`)).text();
  assert.match(metrics, /gavel_web_page_cache_total\{outcome="stale",service="web"\} 5/);
});

test("with the indexer down, the home page still renders and says so", async () => {
  const nothingListens = await freePort();
  const web = await startWeb({ INDEXER_URL: `http://127.0.0.1:${nothingListens}` });
  const response = await fetch(`${web.url}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /Auctions cannot be shown right now: the indexer is not answering/);
  assert.doesNotMatch(html, /Brass telescope/);
  // A profile says so too, instead of showing an empty record as if it were true.
  const profile = await fetch(`${web.url}/u/0x${"11".repeat(20)}`);
  assert.equal(profile.status, 200);
  const profileHtml = await profile.text();
  assert.match(profileHtml, /This profile cannot be shown right now: the indexer is not answering/);
  assert.doesNotMatch(profileHtml, /data-testid="badges"/);
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
  [
    "a page cache time that is not whole seconds",
    { INDEXER_URL: "http://127.0.0.1:9", PAGE_CACHE_SECONDS: "1.5" },
    "PAGE_CACHE_SECONDS",
  ],
  [
    "a negative stale window",
    { INDEXER_URL: "http://127.0.0.1:9", PAGE_CACHE_STALE_SECONDS: "-1" },
    "PAGE_CACHE_STALE_SECONDS",
  ],
  [
    "a bot id that is not a number (a token pasted instead)",
    { INDEXER_URL: "http://127.0.0.1:9", TELEGRAM_BOT_ID: "123456:AAH5Yk" },
    "TELEGRAM_BOT_ID",
  ],
  [
    "a Telegram public key that is not 64 hex digits",
    { INDEXER_URL: "http://127.0.0.1:9", TELEGRAM_INIT_DATA_PUBLIC_KEY: "e7bf03a2" },
    "TELEGRAM_INIT_DATA_PUBLIC_KEY",
  ],
  [
    "an RPC_URL list with one entry that is not an http(s) URL",
    { INDEXER_URL: "http://127.0.0.1:9", RPC_URL: "http://127.0.0.1:9, ws://127.0.0.1:10" },
    "RPC_URL",
  ],
  [
    "a PUBLIC_RPC_URL list with an empty entry only",
    { INDEXER_URL: "http://127.0.0.1:9", PUBLIC_RPC_URL: " , " },
    "PUBLIC_RPC_URL",
  ],
  [
    "a plain-http NAME_RPC_URL",
    { INDEXER_URL: "http://127.0.0.1:9", NAME_RPC_URL: "http://mainnet.example" },
    "NAME_RPC_URL",
  ],
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
