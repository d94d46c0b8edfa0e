// "Running at scale" (README) as a test: one Postgres and one chain; one indexer writer
// (`ponder start`), two indexer API replicas (`ponder serve` over the writer's schema) and two web
// replicas (`node web/build`), web A reading through API A and web B through API B. It shows what
// a user behind a load balancer would notice: reads agree whichever replica answers, a sign-in on
// one web replica holds on the other (and signing out on one ends it on both), and the sign-in
// rate limit is one limit across the replicas, not one per process.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";
import { type Addresses, createScenario, usdc } from "../../scripts/lib/scenario.ts";
import {
  type Indexer,
  indexerDir,
  ponderArgs,
  type Stack,
  startStack,
  waitCaughtUp,
} from "../../scripts/lib/stack.ts";
import { ensureWebBuild } from "../../web/test/browser/stack.ts";

const webDir = join(repoRoot, "web");
/** The host users reach through the load balancer; both web replicas are told it (X-Forwarded-Host). */
const PUBLIC_HOST = "gavel.replicas.test";
const AUTH_LIMIT = 10;
const SELLER = 1;
const BIDDER = 2;

interface Server {
  name: string;
  child: Child;
  url: string;
  log: string[];
}

/** Waits for `url` to answer 200, failing at once (with the process's log) if it exits. */
async function waitServing(server: Server, path: string, timeoutMs = 60_000): Promise<void> {
  let exited: string | undefined;
  void server.child.exited.then((code) => {
    exited = `${server.name} exited (${code}):\n${server.log.slice(-30).join("\n")}`;
  });
  await waitFor(`${server.name} on ${server.url}${path}`, async () => (await fetch(server.url + path)).ok, {
    timeoutMs,
    abort: () => exited,
  });
}

/**
 * Headers the load balancer adds for one client (its address, the protocol and the public host),
 * plus the `Origin` a browser on the site sends with a POST.
 */
function client(address: string): Record<string, string> {
  return {
    "x-forwarded-for": address,
    "x-forwarded-proto": "http",
    "x-forwarded-host": PUBLIC_HOST,
    origin: `http://${PUBLIC_HOST}`,
  };
}

/** POST a JSON body, as the site's own pages do. */
function postJson(url: string, headers: Record<string, string>, body: unknown = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** How many `GET /api/auctions/:id` an API replica has answered (Ponder's request metrics). */
async function auctionReads(api: Server): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  return [...text.matchAll(/^ponder_http_server_request_duration_ms_count\{([^}]*)\} (\d+)$/gm)]
    .filter(([, labels]) => labels?.includes('path="/api/auctions/:id"'))
    .reduce((sum, match) => sum + Number(match[2]), 0);
}

describe("replicas: two web and two indexer API replicas over one Postgres", () => {
  let stack: Stack | undefined;
  let writer: Indexer;
  const servers: Server[] = [];
  let apiA: Server;
  let apiB: Server;
  let webA: Server;
  let webB: Server;
  let cleaned: Promise<void> | undefined;
  const mediaDir = mkdtempSync(join(tmpdir(), "gavel-replicas-media-"));
  const cleanup = () => {
    cleaned ??= (async () => {
      if (process.env.GAVEL_TEST_LOGS) {
        for (const server of servers) console.log(`--- ${server.name}\n${server.log.join("\n")}`);
      }
      await Promise.all(servers.map((server) => server.child.stop()));
      await stack?.stop();
      rmSync(mediaDir, { recursive: true, force: true });
    })();
    return cleaned;
  };

  const spawn = (name: string, command: string[], cwd: string, env: Record<string, string>, port: number) => {
    const log: string[] = [];
    const [file, ...args] = command as [string, ...string[]];
    const child = startProcess(name, file, args, { cwd, env, onLine: (line) => log.push(line) });
    const server = { name, child, url: `http://127.0.0.1:${port}`, log };
    servers.push(server);
    return server;
  };

  before(async () => {
    try {
      // Side by side; whatever started is stopped even if the other failed.
      const [started, built] = await Promise.allSettled([startStack("replicas"), ensureWebBuild()]);
      if (started.status === "rejected") throw started.reason; // startStack stops what it started
      const st = started.value;
      stack = st;
      if (built.status === "rejected") throw built.reason;
      const schema = `replicas_${randomBytes(3).toString("hex")}`;
      writer = await stack.startIndexer(schema);
      await waitCaughtUp(writer);

      // API replicas: the writer's schema, read only. `ponder serve` still loads ponder.config.ts,
      // so it needs the chain settings too (and /api/ready asks the chain for its head).
      const apiEnv = {
        PONDER_TELEMETRY_DISABLED: "true",
        CHAIN_ID: String(stack.deployment.chainId),
        RPC_URL: stack.chain.url,
        DATABASE_URL: stack.databaseUrl,
        DATABASE_SCHEMA: schema,
        GAVEL_ADDRESSES: JSON.stringify(stack.addresses),
        WEB_ORIGIN: "",
      };
      const startApi = async (name: string) => {
        const port = await freePort();
        return spawn(name, ["node", ...ponderArgs("serve", port)], indexerDir, apiEnv, port);
      };
      [apiA, apiB] = await Promise.all([startApi("ponder serve A"), startApi("ponder serve B")]);

      // Web replicas: the same database (schema `web`), each through its own API replica.
      const startWeb = async (name: string, api: Server) => {
        const port = await freePort();
        return spawn(
          name,
          ["node", "build"],
          webDir,
          {
            HOST: "127.0.0.1",
            PORT: String(port),
            DATABASE_URL: st.databaseUrl,
            INDEXER_URL: api.url,
            RPC_URL: st.chain.url,
            PUBLIC_RPC_URL: st.chain.url,
            PUBLIC_CHAIN_ID: String(st.deployment.chainId),
            GAVEL_ADDRESSES: JSON.stringify(st.addresses),
            AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT),
            MEDIA_DIR: mediaDir, // one store for both, as a shared disk would be
            PROTOCOL_HEADER: "x-forwarded-proto",
            HOST_HEADER: "x-forwarded-host",
            ADDRESS_HEADER: "x-forwarded-for",
            XFF_DEPTH: "1",
          },
          port,
        );
      };
      [webA, webB] = await Promise.all([startWeb("web A", apiA), startWeb("web B", apiB)]);
      await Promise.all([
        waitServing(apiA, "/api/ready"),
        waitServing(apiB, "/api/ready"),
        waitServing(webA, "/health"),
        waitServing(webB, "/health"),
      ]);
    } catch (error) {
      await cleanup();
      throw error;
    }
  });
  after(cleanup);

  const title = `Replica lamp ${randomBytes(3).toString("hex")}`;
  let auctionId: bigint;

  test("reads agree: both API replicas and both web replicas show the writer's new bid", async () => {
    const s = createScenario((stack as Stack).chain.url, (stack as Stack).addresses as unknown as Addresses);
    await s.approveAll([BIDDER]);
    const created = await s.createEnglish(SELLER, { title, startPrice: usdc("10"), durationSeconds: 3_600 });
    auctionId = created.id;
    await s.bid(BIDDER, auctionId, usdc("25"));

    const detail = async (api: Server) => {
      const response = await fetch(`${api.url}/api/auctions/${auctionId}`);
      return response.ok
        ? ((await response.json()) as { auction: { bidCount: number; title: string } })
        : undefined;
    };
    // The writer indexes; each replica sees it as soon as the rows are in Postgres.
    const [a, b] = await waitFor(
      "both API replicas to serve the auction with its bid",
      async () => {
        const both = await Promise.all([detail(apiA), detail(apiB)]);
        return both.every((d) => d?.auction.bidCount === 1) && both;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    // `now` is each answer's own clock reading (wall time or the last indexed block, whichever is
    // later); two requests a second apart may differ there and only there.
    const withoutNow = (d: unknown) => {
      const { now, ...rest } = d as { now: number };
      assert.equal(typeof now, "number", "every detail answer carries its clock");
      return rest;
    };
    assert.deepEqual(withoutNow(a), withoutNow(b), "both API replicas answer /api/auctions/:id identically");
    assert.equal(a?.auction.title, title);
    assert.deepEqual(
      withoutNow(await (await fetch(`${writer.url}/api/auctions/${auctionId}`)).json()),
      withoutNow(a),
      "and the same as the writer itself",
    );

    // Each web replica renders the listing, reading through its own API replica.
    for (const [web, api, other] of [
      [webA, apiA, apiB],
      [webB, apiB, apiA],
    ] as const) {
      const [ownBefore, otherBefore] = await Promise.all([auctionReads(api), auctionReads(other)]);
      const response = await fetch(`${web.url}/auction/${auctionId}`, { headers: client("10.1.0.1") });
      const html = await response.text();
      assert.equal(response.status, 200, `${web.name} renders /auction/${auctionId}`);
      assert.ok(html.includes(title), `${web.name} shows the listing's title`);
      const bidder = s.addr(BIDDER);
      assert.ok(
        html.includes(`${bidder.slice(0, 6)}…${bidder.slice(-4)}`),
        `${web.name} shows the bidder leading`,
      );
      assert.ok((await auctionReads(api)) > ownBefore, `${web.name} read through ${api.name}`);
      assert.equal(await auctionReads(other), otherBefore, `${web.name} did not use ${other.name}`);
    }
  });

  test("a session started on web A works on web B; signing out on B ends it on A", async () => {
    const headers = client("10.2.0.1");
    const account = privateKeyToAccount(hardhatDevKey(SELLER));

    const nonceResponse = await postJson(`${webA.url}/auth/nonce`, headers);
    assert.equal(nonceResponse.status, 200);
    const { nonce } = (await nonceResponse.json()) as { nonce: string };
    // The nonce is bound to the client that asked for it by a cookie, sent back with the signature.
    const nonceCookie = nonceResponse.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .find((pair) => pair.startsWith("gavel_siwe="));
    assert.ok(nonceCookie, "the nonce comes with its binding cookie");
    const issuedAt = new Date();
    const message = createSiweMessage({
      domain: PUBLIC_HOST,
      address: account.address,
      statement: "Sign in to Gavel.",
      uri: `http://${PUBLIC_HOST}`,
      version: "1",
      chainId: (stack as Stack).deployment.chainId,
      nonce,
      issuedAt,
      expirationTime: new Date(issuedAt.getTime() + 10 * 60_000),
    });
    const signature = await account.signMessage({ message });
    const verify = await postJson(
      `${webA.url}/auth/verify`,
      { ...headers, cookie: nonceCookie },
      { message, signature },
    );
    assert.equal(verify.status, 200, `web A signs in: ${await verify.clone().text()}`);
    assert.equal(((await verify.json()) as { address: string }).address, account.address);
    const cookie = verify.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .find((pair) => pair.startsWith("gavel_session="));
    assert.ok(cookie, "web A sets the session cookie");
    const withCookie = { ...headers, cookie };

    const session = async (web: Server) =>
      (
        (await (await fetch(`${web.url}/auth/session`, { headers: withCookie })).json()) as {
          address: string | null;
        }
      ).address;
    assert.equal(await session(webB), account.address, "web B knows the session web A started");

    // A signed-in page on web B: the seller's dashboard lists the auction (read through API B).
    const dashboard = await fetch(`${webB.url}/dashboard`, { headers: withCookie });
    const html = await dashboard.text();
    assert.equal(dashboard.status, 200);
    assert.ok(
      !html.includes("Connect your wallet (top right) to see"),
      "web B serves the dashboard signed in",
    );
    assert.ok(
      html.includes("Your listings") && html.includes(title),
      "web B's dashboard shows the seller's listing",
    );

    const signout = await postJson(`${webB.url}/auth/signout`, withCookie);
    assert.equal(signout.status, 200, "web B signs out");
    assert.equal(await session(webA), null, "the session is gone on web A too");
    const after = await (await fetch(`${webA.url}/dashboard`, { headers: withCookie })).text();
    assert.ok(
      after.includes("Connect your wallet (top right) to see"),
      "web A's dashboard asks to sign in again",
    );
  });

  test("the sign-in rate limit is shared: requests to A and B together trip it", async () => {
    // A fixed one-minute window: do not start in its last seconds, or it would reset half-way.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 100));
    const headers = client("10.3.0.1");
    const nonce = (web: Server, from = headers) => postJson(`${web.url}/auth/nonce`, from);

    // AUTH_LIMIT requests alternating between the replicas: each replica saw only half the limit.
    for (let i = 0; i < AUTH_LIMIT; i++) {
      const web = i % 2 === 0 ? webA : webB;
      assert.equal(
        (await nonce(web)).status,
        200,
        `request ${i + 1} of ${AUTH_LIMIT} (to ${web.name}) is allowed`,
      );
    }
    for (const web of [webA, webB]) {
      const limited = await nonce(web);
      assert.equal(limited.status, 429, `${web.name} refuses once the shared limit is reached`);
      assert.ok(Number(limited.headers.get("retry-after")) >= 1, "with Retry-After");
      assert.equal(((await limited.json()) as { error: string }).error, "rate_limited");
    }
    // Counted per client: someone else still gets through on either replica.
    assert.equal((await nonce(webA, client("10.3.0.2"))).status, 200);
    assert.equal((await nonce(webB, client("10.3.0.2"))).status, 200);
  });
});
