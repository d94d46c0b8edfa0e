// Long on purpose: the attack catalogue against the production server (headers, SIWE, uploads, authorization), one test per attack.
// Attacks on the production build (`node build`) over real HTTP, with a real PostgreSQL and a
// stand-in indexer: sign-in that only our configured site can use, write quotas per wallet and per
// address, development values refused off the local chain, and a property-based fuzz of every
// endpoint that must never answer 5xx.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import pg from "pg";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";

const webDir = fileURLToPath(new URL("..", import.meta.url));
/** Hardhat's well-known development key #5 (public; test ether only). */
const account = privateKeyToAccount("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
const SITE = "https://gavel.example";
const WRITE_LIMIT = 5;
const QUOTA = 3000;

/** Seller → the metadata hash of their one listing on "chain" (what the stand-in indexer answers). */
const listed = new Map<string, string>();
const usdc = (raw: string) => ({ raw, decimal: String(Number(raw) / 1e6) });
/** A listing as the indexer's API describes it. */
const listing = {
  id: "3",
  house: `0x${"22".repeat(20)}`,
  format: "english",
  title: "Desk lamp",
  metadataURI: "https://gavel.example/media/x",
  status: "active",
  startTime: 1_763_899_000,
  endTime: 1_763_986_400,
  reservePrice: usdc("2000000"),
  startPrice: usdc("1000000"),
  currentPrice: usdc("1000000"),
  leader: null,
  leaderMax: null,
  bidCount: 0,
  extensions: 0,
  feeBps: 250,
  treasury: `0x${"00".repeat(20)}`,
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
let postgres: PostgresServer | undefined;
let databaseUrl = "";
let indexer: Server;
let indexerUrl = "";
const tmp = mkdtempSync(join(tmpdir(), "gavel-web-security-"));
const children: Child[] = [];
let db: pg.Client;

interface Web {
  url: string;
  child: Child;
  output: string[];
  exited: () => number | string | undefined;
}

function spawnWeb(port: number, env: NodeJS.ProcessEnv) {
  const output: string[] = [];
  const child = startProcess("web", process.execPath, ["build"], {
    cwd: webDir,
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      INDEXER_URL: indexerUrl,
      ...env,
    },
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
  return { url, child, output, exited: () => exited };
}

/** Starts `node build` with `env` and answers how it ended and what it printed (it must not listen). */
async function refusedStart(
  env: NodeJS.ProcessEnv,
): Promise<{ code: unknown; text: string; listened: boolean }> {
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
  const listened = (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null)) !== null;
  return { code, text: output.join("\n"), listened };
}

before(async () => {
  assert.ok(existsSync(`${webDir}/build/index.js`), "build/ is missing: run `vite build` first");
  const port = await freePort();
  // The stand-in indexer knows nothing: empty lists, 404 for anything else.
  indexer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://indexer");
    const path = url.pathname;
    const seller = url.searchParams.get("seller");
    if (path === "/api/auctions" && seller && listed.has(seller)) {
      const items = [{ ...listing, seller, metadataHash: listed.get(seller) }];
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ items, nextCursor: null, now: Math.floor(Date.now() / 1000) }));
    }
    const empty =
      path === "/api/activity"
        ? { items: [], nextCursor: null, hasMore: false }
        : path === "/api/auctions"
          ? { items: [], nextCursor: null, now: Math.floor(Date.now() / 1000) }
          : path === "/api/disputes"
            ? { items: [], nextCursor: null }
            : null;
    if (!empty) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(empty));
  });
  await new Promise<void>((resolve) => indexer.listen(port, "127.0.0.1", resolve));
  indexerUrl = `http://127.0.0.1:${port}`;
  postgres = await startPostgres({ dataDir: join(tmp, "pg"), port: await freePort(), ephemeral: true });
  databaseUrl = await postgres.createDatabase("gavel_web_security");
});

after(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await db?.end().catch(() => {});
  await new Promise((resolve) => indexer?.close(resolve));
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let web: Web;
const mediaDir = join(tmp, "media");
let clientCounter = 0;
/** Headers a reverse proxy adds for a new client address (or the one given). */
const from = (
  ip = `10.9.${Math.floor(++clientCounter / 250)}.${clientCounter % 250}`,
  extra: Record<string, string> = {},
) => ({
  "x-forwarded-for": ip,
  "x-forwarded-proto": "http",
  ...extra,
});
const cookies = new Map<string, string>();
/** A signed-in session for `address`, stored the way /auth/verify stores it. */
async function session(address: string): Promise<string> {
  const known = cookies.get(address);
  if (known) return known;
  const token = randomBytes(32).toString("base64url");
  await db.query(
    "insert into web.sessions (token_hash, address, chain_id, expires_at) values ($1, $2, 31337, now() + interval '1 hour')",
    [createHash("sha256").update(token).digest("hex"), address],
  );
  const cookie = `gavel_session=${token}`;
  cookies.set(address, cookie);
  return cookie;
}

describe("the production build under attack", () => {
  before(async () => {
    web = await startWeb({
      ORIGIN: SITE,
      PROTOCOL_HEADER: "x-forwarded-proto",
      HOST_HEADER: "x-forwarded-host",
      ADDRESS_HEADER: "x-forwarded-for",
      XFF_DEPTH: "1",
      AUTH_RATE_LIMIT_PER_MINUTE: "1000",
      WRITE_RATE_LIMIT_PER_MINUTE: String(WRITE_LIMIT),
      MEDIA_QUOTA_BYTES: String(QUOTA),
      MEDIA_DIR: mediaDir,
      MEDIA_GC_INTERVAL_SECONDS: "1",
      // A published development value is fine on the local chain (31337).
      LINK_TOKEN_SECRET: "gavel-local-development-link-secret",
    });
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  describe("Sign-In-With-Ethereum only for the configured site", () => {
    async function nonce(headers: Record<string, string>) {
      const response = await fetch(`${web.url}/auth/nonce`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: "{}",
      });
      assert.equal(response.status, 200);
      const cookie = response.headers
        .getSetCookie()
        .map((line) => line.split(";")[0] ?? "")
        .find((pair) => pair.startsWith("gavel_siwe="));
      assert.ok(cookie, "the nonce comes with a cookie that binds it to this client");
      return { nonce: ((await response.json()) as { nonce: string }).nonce, cookie };
    }
    const message = (nonce: string, domain = "gavel.example", uri = `${SITE}/`) =>
      createSiweMessage({
        address: account.address,
        chainId: 31337,
        domain,
        uri,
        version: "1",
        nonce,
        statement: "Sign in to Gavel.",
        issuedAt: new Date(),
        expirationTime: new Date(Date.now() + 5 * 60_000),
      });
    async function verify(text: string, headers: Record<string, string>) {
      const response = await fetch(`${web.url}/auth/verify`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ message: text, signature: await account.signMessage({ message: text }) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    test("a message for the host the request claims (Host / X-Forwarded-Host) is refused; ORIGIN's host signs in", async () => {
      const headers = from(undefined, { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
      const { nonce: n, cookie } = await nonce(headers);
      const forged = await verify(message(n, "evil.example", "https://evil.example/"), {
        ...headers,
        cookie,
      });
      assert.equal(forged.status, 401);
      assert.deepEqual(forged.body, { error: "domain_mismatch", field: "message.domain" });
      // The same request headers, with a message for the configured site: signed in.
      const good = await verify(message(n), { ...headers, cookie });
      assert.equal(good.status, 200, JSON.stringify(good.body));
      assert.equal(good.body.address, account.address);
    });

    test("a nonce is spent only by the client it was issued to (its cookie)", async () => {
      const alice = from();
      const { nonce: n, cookie } = await nonce(alice);
      const { cookie: otherCookie } = await nonce(from());
      const text = message(n);
      assert.deepEqual((await verify(text, alice)).body, { error: "nonce_invalid", field: "message.nonce" });
      assert.deepEqual((await verify(text, { ...from(), cookie: otherCookie })).body, {
        error: "nonce_invalid",
        field: "message.nonce",
      });
      assert.equal((await verify(text, { ...alice, cookie })).status, 200, "the right cookie signs in");
    });

    test("dates that do not parse, extra lines and two-line statements are a 400 naming the field; the nonce stays usable", async () => {
      const headers = from();
      const { nonce: n, cookie } = await nonce(headers);
      const good = message(n);
      const cases: [string, string][] = [
        [good.replace(/Expiration Time: .*/, "Expiration Time: never"), "message.expirationTime"],
        [
          good.replace(/Expiration Time: (\d{4})-\d\d-\d\d/, "Expiration Time: $1-02-31"),
          "message.expirationTime",
        ],
        [good.replace(/Issued At: .*/, "Issued At: yesterday"), "message.issuedAt"],
        [`${good}\nNot Before: 2026-13-01T00:00:00Z`, "message.notBefore"],
        [`${good}\nResources:\n- https://evil.example\nExtra: line`, "message.text"],
        [
          good.replace("Sign in to Gavel.", "Sign in to Gavel.\nAlso approve everything."),
          "message.statement",
        ],
      ];
      for (const [text, field] of cases) {
        const result = await verify(text, { ...headers, cookie });
        assert.equal(result.status, 400, `${field}: ${JSON.stringify(result.body)}`);
        assert.equal(result.body.field, field);
      }
      assert.equal((await verify(good, { ...headers, cookie })).status, 200, "the nonce was not spent");
    });
  });

  describe("write quotas per wallet and per address (Postgres, shared by replicas)", () => {
    const png = (size = 64) => {
      const bytes = randomBytes(size);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
      return bytes;
    };
    async function upload(address: string, ip: string, bytes = png()) {
      const response = await fetch(`${web.url}/media/upload`, {
        method: "POST",
        headers: { ...from(ip), cookie: await session(address), "content-type": "image/png" },
        body: bytes,
      });
      return {
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.json(),
      };
    }
    const stored = () =>
      readdirSync(mediaDir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;

    test(`uploads: ${WRITE_LIMIT} a minute per wallet and per address, then 429 with Retry-After, nothing stored`, async () => {
      const walletA = `0x${"a1".repeat(20)}`;
      const walletB = `0x${"b2".repeat(20)}`;
      for (let i = 0; i < WRITE_LIMIT; i++) assert.equal((await upload(walletA, "10.1.0.1")).status, 201);
      const before = stored();
      const over = await upload(walletA, "10.1.0.1");
      assert.equal(over.status, 429);
      assert.match(over.retryAfter ?? "", /^\d+$/);
      assert.equal(over.body.error, "rate_limited");
      assert.equal(
        (await upload(walletA, "10.1.0.2")).status,
        429,
        "another address does not reset the wallet's quota",
      );
      assert.equal(
        (await upload(walletB, "10.1.0.1")).status,
        429,
        "another wallet does not reset the address's quota",
      );
      assert.equal(stored(), before, "nothing was stored");
      assert.equal(
        (await upload(walletB, "10.1.0.3")).status,
        201,
        "a fresh wallet from a fresh address may",
      );
    });

    test(`uploads: a wallet stores at most ${QUOTA} bytes (413 naming the file), counted in Postgres`, async () => {
      const wallet = `0x${"c3".repeat(20)}`;
      assert.equal((await upload(wallet, "10.2.0.1", png(2000))).status, 201);
      const before = stored();
      const over = await upload(wallet, "10.2.0.2", png(2000));
      assert.equal(over.status, 413);
      assert.equal(over.body.error, "quota_exceeded");
      assert.equal(over.body.field, "file");
      assert.equal(stored(), before, "the second file was not stored");
      const { rows } = await db.query(
        "select sum(bytes)::int as n from web.media_uploads where uploader = $1",
        [wallet],
      );
      assert.equal(rows[0].n, 2000);
    });

    test("listing metadata, support tickets and replies share the wallet's write quota", async () => {
      const wallet = `0x${"d4".repeat(20)}`;
      const cookie = await session(wallet);
      const post = (path: string, body: unknown, ip = "10.3.0.1") =>
        fetch(`${web.url}${path}`, {
          method: "POST",
          headers: { ...from(ip), cookie, "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } }));
      const ticket = await post("/support/tickets", {
        subject: "Where is my lamp?",
        body: "It has not arrived yet.",
      });
      assert.equal(ticket.status, 201);
      const id = ticket.body.id;
      assert.equal(
        (await post(`/support/tickets/${id}`, { reply: "Any news on this, please?" })).status,
        200,
      );
      assert.equal(
        (await post("/sell/metadata", { format: "english" })).status,
        400,
        "a bad form still counts",
      );
      assert.equal((await post(`/support/tickets/${id}`, { reply: "Still waiting here." })).status, 200);
      assert.equal((await post("/sell/metadata", { format: "english" }, "10.3.0.2")).status, 400);
      const over = await post(`/support/tickets/${id}`, { reply: "Hello again, anyone?" }, "10.3.0.3");
      assert.equal(over.status, 429, "the sixth write of the minute");
      const { rows } = await db.query(
        "select count(*)::int as n from web.support_replies where ticket_id = $1",
        [id],
      );
      assert.equal(rows[0].n, 2, "the refused reply was not stored");
    });
  });

  describe("media nobody references is deleted after the grace period", () => {
    test("a listed picture and its metadata stay, and so does a profile's avatar; an unlisted draft, its picture and a lone upload go; fresh uploads wait", async () => {
      const seller = `0x${"f6".repeat(20)}`;
      const other = `0x${"f7".repeat(20)}`;
      const cookie = await session(seller);
      const ip = "10.4.0.1";
      const image = async (as = seller, address = ip) => {
        const bytes = randomBytes(80);
        bytes.set([0xff, 0xd8, 0xff], 0);
        const response = await fetch(`${web.url}/media/upload`, {
          method: "POST",
          headers: { ...from(address), cookie: await session(as), "content-type": "image/jpeg" },
          body: bytes,
        });
        assert.equal(response.status, 201);
        return ((await response.json()) as { hash: string }).hash;
      };
      const metadata = async (images: string[]) => {
        const response = await fetch(`${web.url}/sell/metadata`, {
          method: "POST",
          headers: { ...from(ip), cookie, "content-type": "application/json" },
          body: JSON.stringify({
            format: "english",
            title: "Desk lamp",
            startPrice: "5",
            durationMinutes: 60,
            minIncrementPercent: 5,
            extensionMinutes: 0,
            maxExtensions: 0,
            shipHours: 24,
            confirmDays: 3,
            disputeHours: 24,
            images,
          }),
        });
        assert.equal(response.status, 201, await response.clone().text());
        return ((await response.json()) as { hash: string }).hash.slice(2);
      };
      const [listedPicture, draftPicture, lonePicture] = [await image(), await image(), await image()];
      // Another wallet's avatar: referenced by its profile only.
      const face = `0x${"f8".repeat(20)}`;
      const avatarPicture = await image(face, "10.4.0.3");
      await db.query("insert into web.profiles (address, avatar) values ($1, $2)", [face, avatarPicture]);
      const listedDoc = await metadata([listedPicture]);
      const draftDoc = await metadata([draftPicture]);
      const freshPicture = await image(other, "10.4.0.2");
      listed.set(seller, `0x${listedDoc}`);
      // A day and a half later (the grace period is 24 h):
      await db.query(
        "update web.media_uploads set created_at = now() - interval '36 hours' where uploader = any($1)",
        [[seller, face]],
      );
      const status = async (hash: string) => {
        const response = await fetch(`${web.url}/media/${hash}`, { headers: from() });
        await response.body?.cancel();
        return response.status;
      };
      const expected = {
        listedDoc: 200,
        listedPicture: 200,
        avatarPicture: 200,
        freshPicture: 200,
        draftDoc: 404,
        draftPicture: 404,
        lonePicture: 404,
      };
      const hashes = {
        listedDoc,
        listedPicture,
        avatarPicture,
        freshPicture,
        draftDoc,
        draftPicture,
        lonePicture,
      };
      let seen: Record<string, number> = {};
      for (let tries = 0; tries < 50; tries++) {
        seen = {};
        for (const [name, hash] of Object.entries(hashes)) seen[name] = await status(hash);
        if (JSON.stringify(seen) === JSON.stringify(expected)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.deepEqual(seen, expected);
      const { rows } = await db.query(
        "select hash from web.media_uploads where uploader = $1 order by hash",
        [seller],
      );
      assert.deepEqual(
        rows.map((r) => r.hash).sort(),
        [listedDoc, listedPicture].sort(),
        "their rows went too",
      );
    });
  });

  describe("no 5xx from bad input", () => {
    test("oversized bodies are refused with 413 before they are read", async () => {
      const huge = "x".repeat(600 * 1024);
      for (const path of [
        "/auth/verify",
        "/sell/metadata",
        "/support/tickets",
        "/deal/1/messages",
        "/arbiter/rulings",
      ]) {
        const response = await fetch(`${web.url}${path}`, {
          method: "POST",
          headers: { ...from(), "content-type": "application/json" },
          body: huge,
        });
        assert.equal(response.status, 413, path);
        await response.body?.cancel();
      }
    });

    test("1,100 generated hostile requests across every endpoint: none answers 5xx, memory stays bounded", async (t) => {
      const signedIn = await session(`0x${"e5".repeat(20)}`);
      const rss = async () => {
        const text = await (await fetch(`${web.url}/metrics`)).text();
        const value = Number(/^process_resident_memory_bytes(?:{[^}]*})?\s+(\S+)/m.exec(text)?.[1]);
        assert.ok(Number.isFinite(value), `RSS in /metrics:\n${text.slice(0, 600)}`);
        return value;
      };
      const rssBefore = await rss();
      const id = fc.oneof(
        fc.constantFrom(
          "1",
          "0",
          "-1",
          "7",
          "99999999999999999999999999999999999999999999999999999999999999999999999999999999",
        ),
        fc.constantFrom(
          "%00",
          "a%00b",
          "..%2F..%2Fetc%2Fpasswd",
          "%E2%80%AE",
          "%FF%FE",
          `0x${"ab".repeat(20)}`,
          "ab".repeat(32),
        ),
        fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
        fc.bigInt({ min: 0n, max: 2n ** 300n }).map(String),
      );
      const path = fc.oneof(
        fc.constantFrom(
          "/",
          "/activity",
          "/stats",
          "/leaderboard",
          "/sell",
          "/support",
          "/dashboard",
          "/settings",
          "/admin",
          "/arbiter",
        ),
        fc.constantFrom(
          "/health",
          "/metrics",
          "/auth/nonce",
          "/auth/verify",
          "/auth/signout",
          "/auth/session",
          "/media/upload",
          "/sell/metadata",
        ),
        fc.constantFrom("/support/tickets", "/arbiter/rulings"),
        id.map((i) => `/auction/${i}`),
        id.map((i) => `/auction/${i}/state`),
        id.map((i) => `/auction/${i}/bids`),
        id.map((i) => `/deal/${i}`),
        id.map((i) => `/deal/${i}/state`),
        id.map((i) => `/deal/${i}/messages`),
        id.map((i) => `/deal/${i}/note`),
        id.map((i) => `/u/${i}`),
        id.map((i) => `/media/${i}`),
        id.map((i) => `/support/${i}`),
        id.map((i) => `/support/tickets/${i}`),
        id.map((i) => `/arbiter/rulings/${i}/signatures`),
        id.map((i) => `/arbiter/rulings/${i}/executed`),
      );
      const json = fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.integer({ min: 1, max: 50_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
        fc.integer({ min: 1, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
        fc.constantFrom(
          '{"message":"\\u0000","signature":"0x00"}',
          '{"body":"\\u0000\\u0000"}',
          "{",
          "null",
          '"\u0000"',
          "\u0000\u0000\u0000",
        ),
        fc
          .record({ subject: fc.string(), body: fc.string(), reply: fc.string(), status: fc.string() })
          .map((v) => JSON.stringify(v)),
        fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b).toString("latin1")),
      );
      const request = fc.record({
        path,
        doubleSlash: fc.boolean(),
        query: fc.option(
          fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 40 }), { maxKeys: 4 }),
        ),
        method: fc.constantFrom("GET", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        type: fc.constantFrom(
          "application/json",
          "application/json; charset=utf-16",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "image/png",
          "",
          "garbage/\u00e9",
        ),
        body: json,
        signedIn: fc.boolean(),
        accept: fc.constantFrom("text/html", "application/json", "text/event-stream", "*/*"),
      });
      const statuses = new Map<string, number>();
      const fiveHundreds: string[] = [];
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const search = r.query ? `?${new URLSearchParams(r.query)}` : "";
          const target = `${web.url}${r.doubleSlash ? "/" : ""}${r.path}${search}`;
          const headers: Record<string, string> = { ...from(), accept: r.accept };
          if (r.type) headers["content-type"] = r.type.replace(/[^\x20-\x7e]/g, "?");
          if (r.signedIn) headers.cookie = signedIn;
          const hasBody = r.method !== "GET" && r.method !== "HEAD";
          const response = await fetch(target, {
            method: r.method,
            headers,
            body: hasBody ? r.body : undefined,
            redirect: "manual",
            signal: AbortSignal.timeout(15_000),
          });
          sent += 1;
          await response.body?.cancel();
          const klass = `${String(response.status)[0]}xx`;
          statuses.set(klass, (statuses.get(klass) ?? 0) + 1);
          if (response.status >= 500)
            fiveHundreds.push(`${r.method} ${r.path} ${r.type} → ${response.status}`);
          return response.status < 500;
        }),
        { numRuns: 1_100, endOnFailure: true, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
      const rssAfter = await rss();
      const counts = Object.fromEntries([...statuses].sort());
      t.diagnostic(
        `fuzz: ${sent} requests, answers by class ${JSON.stringify(counts)}, 5xx: ${fiveHundreds.length}`,
      );
      t.diagnostic(
        `fuzz: RSS ${Math.round(rssBefore / 2 ** 20)} MiB before, ${Math.round(rssAfter / 2 ** 20)} MiB after`,
      );
      console.log(
        `fuzz: ${sent} requests ${JSON.stringify(counts)}; RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(rssAfter / 2 ** 20)} MiB`,
      );
      assert.ok(sent >= 1_000, `at least 1,000 requests (${sent})`);
      assert.deepEqual(fiveHundreds, []);
      assert.equal(web.exited(), undefined, "the server is still running");
      assert.equal((await fetch(`${web.url}/health`)).status, 200);
      assert.ok(rssAfter < rssBefore + 200 * 2 ** 20, "memory grew by less than 200 MiB");
    });
  });
});

describe("start-up refuses production without its own configuration", () => {
  const cases: [string, NodeJS.ProcessEnv, string][] = [
    ["a public chain without ORIGIN", { PUBLIC_CHAIN_ID: "84532" }, "ORIGIN"],
    [
      "the published dev LINK_TOKEN_SECRET on Base",
      { PUBLIC_CHAIN_ID: "8453", ORIGIN: SITE, LINK_TOKEN_SECRET: "gavel-local-development-link-secret" },
      "LINK_TOKEN_SECRET",
    ],
    [
      "the test suites' LINK_TOKEN_SECRET on Base Sepolia",
      { PUBLIC_CHAIN_ID: "84532", ORIGIN: SITE, LINK_TOKEN_SECRET: "a-test-secret-of-enough-length" },
      "LINK_TOKEN_SECRET",
    ],
    [
      "the embedded dev database's password on Base",
      { PUBLIC_CHAIN_ID: "8453", ORIGIN: SITE },
      "DATABASE_URL",
    ],
  ];
  for (const [name, env, variable] of cases) {
    test(`${name} stops start-up naming ${variable}`, async () => {
      const { code, text, listened } = await refusedStart(env);
      assert.equal(typeof code, "number", `exits on its own (got ${String(code)})`);
      assert.notEqual(code, 0);
      assert.match(text, /Invalid environment variables/);
      assert.match(text, new RegExp(`^${variable}$`, "m"), `names ${variable}:\n${text}`);
      assert.equal(listened, false, "never listened");
    });
  }
});
