// End to end: a real Hardhat node with the Gavel deployment, the embedded Postgres, and the real
// `ponder start` process; a USDC transfer sent with viem must come out of every API exactly.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  deployLocal,
  forgetDeployment,
  type HardhatNode,
  repoRoot,
  rpc,
  startHardhatNode,
} from "@gavel/scripts/lib/chain.ts";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { type Child, startProcess } from "@gavel/scripts/lib/processes.ts";
import { testUSDCAbi } from "@gavel/sdk";
import { createClient, eq } from "@ponder/client";
import { type Address, createWalletClient, getAddress, http, publicActions, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import * as schema from "../ponder.schema.ts";

const indexerDir = new URL("..", import.meta.url).pathname;
const ponderBin = join(indexerDir, "node_modules/ponder/dist/esm/bin/ponder.js");
const runId = `${process.pid}-${randomBytes(3).toString("hex")}`;
const dataDir = join(repoRoot, ".data", `test-indexer-${runId}`);
const deploymentId = `test-indexer-${runId}`;

// Hardhat's well-known development accounts #0 and #1 (public test keys, funded by the local deploy).
const sender = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const recipient: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const MINTED = 1_000_000n * 10n ** 6n; // per account, by ignition/modules/GavelLocal.ts
const SQL_TOKEN = "indexer-test-operator-token-0123456789"; // SQL over HTTP is off without one
const AMOUNT = 1_234_567n; // 1.234567 USDC

let postgres: PostgresServer | undefined;
let chain: HardhatNode | undefined;
let ponder: Child | undefined;
let api = "";
let usdc: Address;
const ponderLog: string[] = [];

/** Spawns `ponder start` (its own process group) with only `env` set, on a free port of 127.0.0.1. */
async function startPonder(env: Record<string, string>, log: string[]) {
  const port = await freePort();
  const child = startProcess(
    "ponder start",
    process.execPath,
    [ponderBin, "start", "--log-format", "json", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: indexerDir,
      // Only what the test sets: no DATABASE_URL or RPC_URL from the caller's shell leaks in.
      env: {
        PONDER_TELEMETRY_DISABLED: "true",
        DATABASE_URL: "",
        RPC_URL: "",
        TEST_USDC_ADDRESS: "",
        GAVEL_ADDRESSES: "",
        ...env,
      },
      onLine: (line) => log.push(line),
    },
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

before(async () => {
  postgres = await startPostgres({ dataDir, port: await freePort(), ephemeral: true });
  const databaseUrl = await postgres.createDatabase("gavel_indexer_test");
  chain = await startHardhatNode(await freePort());
  const deployment = await deployLocal(chain.url, { deploymentId });
  usdc = deployment.addresses.TestUSDC!;
  assert.ok(usdc, "the local deployment has a TestUSDC");

  const started = await startPonder(
    {
      CHAIN_ID: String(deployment.chainId),
      RPC_URL: chain.url,
      GAVEL_ADDRESSES: JSON.stringify(deployment.addresses),
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: "indexer_test",
      SQL_API_TOKEN: SQL_TOKEN,
    },
    ponderLog,
  );
  ponder = started.child;
  api = started.url;
  // Fails fast, with Ponder's last log lines, if it exits or never gets there.
  const logTail = () => `\n--- ponder log (last 30 lines) ---\n${ponderLog.slice(-30).join("\n")}`;
  const exited = ponder.exited.then((code) => {
    throw new Error(`ponder start exited (${code}) during start-up${logTail()}`);
  });
  exited.catch(() => {}); // only awaited through the race below
  const head = Number.parseInt(await rpc<string>(chain.url, "eth_blockNumber"), 16);
  const caughtUp = (async () => {
    await waitFor("ponder to report /ready", async () => (await fetch(`${api}/ready`)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 200,
    });
    // /ready means the backfill up to the *finalized* block is done: Ponder treats the last 30
    // blocks of an unknown chain as unfinalized and indexes them live, a moment later. /status
    // gives the block indexed so far; caught up = it has reached the chain's head.
    await waitFor("ponder to index up to the chain head", async () => {
      const status = (await (await fetch(`${api}/status`)).json()) as Record<
        string,
        { block: { number: number } }
      >;
      return (status.chain?.block.number ?? -1) >= head;
    });
  })();
  caughtUp.catch(() => {}); // when `exited` wins the race
  await Promise.race([caughtUp, exited]).catch((error: Error) => {
    throw error.message.includes("--- ponder log") ? error : new Error(`${error.message}${logTail()}`);
  });
});

after(async () => {
  if (process.env.GAVEL_TEST_LOGS) console.log(ponderLog.join("\n")); // the whole run, for debugging
  await ponder?.stop();
  await chain?.stop();
  await postgres?.stop();
  forgetDeployment(deploymentId);
  rmSync(dataDir, { recursive: true, force: true });
});

interface ActivityPage {
  items: {
    cursor: string;
    contract: string;
    event: string;
    blockNumber: number;
    transactionIndex: number;
    logIndex: number;
    timestamp: number;
    transactionHash: string;
    data: Record<string, string>;
  }[];
  nextCursor: string | null;
  hasMore: boolean;
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

test("a USDC transfer shows up in the activity feed, GraphQL and SQL with its exact amount", async (t) => {
  // The deployment's ten mints (one per well-known account) were indexed during the backfill.
  const backfilled = await getJson<ActivityPage>("/api/activity?limit=200");
  assert.equal(backfilled.status, 200);
  assert.equal(backfilled.body.hasMore, false);
  const mints = backfilled.body.items.filter(
    (item) => item.event === "Transfer" && item.data.from === zeroAddress,
  );
  assert.equal(mints.length, 10);
  for (const mint of mints) {
    assert.equal(mint.contract, "TestUSDC");
    assert.equal(mint.data.amount, MINTED.toString());
    assert.equal(mint.data.amountDecimal, "1000000");
  }

  const wallet = createWalletClient({ account: sender, chain: hardhat, transport: http(chain!.url) }).extend(
    publicActions,
  );
  const hash = await wallet.writeContract({
    address: usdc,
    abi: testUSDCAbi,
    functionName: "transfer",
    args: [recipient, AMOUNT],
  });
  const receipt = await wallet.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  const log = receipt.logs[0]!;
  const block = await wallet.getBlock({ blockNumber: receipt.blockNumber });
  const cursor = [
    receipt.blockNumber.toString().padStart(12, "0"),
    String(receipt.transactionIndex).padStart(6, "0"),
    String(log.logIndex).padStart(6, "0"),
  ].join("-");
  const lastBackfilled = backfilled.body.nextCursor!;

  await t.test("REST: /api/activity after the backfill returns exactly the transfer", async () => {
    const page = await waitFor("the transfer in /api/activity", async () => {
      const { body } = await getJson<ActivityPage>(`/api/activity?after=${lastBackfilled}&limit=5`);
      return body.items.length > 0 ? body : undefined;
    });
    assert.deepEqual(page, {
      items: [
        {
          cursor,
          contract: "TestUSDC",
          event: "Transfer",
          blockNumber: Number(receipt.blockNumber),
          transactionIndex: receipt.transactionIndex,
          logIndex: log.logIndex,
          timestamp: Number(block.timestamp),
          transactionHash: hash,
          data: {
            from: sender.address.toLowerCase(),
            to: recipient.toLowerCase(),
            amount: "1234567",
            amountDecimal: "1.234567",
          },
        },
      ],
      nextCursor: cursor,
      hasMore: false,
    });
    const all = (await getJson<ActivityPage>("/api/activity?limit=200")).body.items.map(
      (item) => item.cursor,
    );
    assert.equal(all.length, backfilled.body.items.length + 1);
    assert.deepEqual(all, [...all].sort(), "cursors sort as text in chain order");
    assert.equal(all.at(-1), cursor);

    const caughtUp = await getJson<ActivityPage>(`/api/activity?after=${cursor}`);
    assert.deepEqual(caughtUp.body, { items: [], nextCursor: cursor, hasMore: false });
    const firstPage = await getJson<ActivityPage>("/api/activity?limit=4");
    assert.equal(firstPage.body.items.length, 4);
    assert.equal(firstPage.body.hasMore, true);
    assert.equal(firstPage.body.nextCursor, all[3]);
  });

  await t.test("GraphQL: the transfer row and both balances", async () => {
    const response = await fetch(`${api}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `query ($hash: String!, $from: String!, $to: String!) {
          transfers(where: { transactionHash: $hash }) { items { from to amount blockNumber logIndex } }
          sender: account(address: $from) { balance }
          recipient: account(address: $to) { balance }
        }`,
        variables: { hash, from: sender.address, to: recipient },
      }),
    });
    assert.equal(response.status, 200);
    const { data, errors } = (await response.json()) as { data: unknown; errors?: unknown };
    assert.equal(errors, undefined);
    assert.deepEqual(data, {
      transfers: {
        items: [
          {
            from: sender.address.toLowerCase(),
            to: recipient.toLowerCase(),
            amount: "1234567",
            blockNumber: receipt.blockNumber.toString(),
            logIndex: log.logIndex,
          },
        ],
      },
      sender: { balance: (MINTED - AMOUNT).toString() },
      recipient: { balance: (MINTED + AMOUNT).toString() },
    });
  });

  await t.test("SQL over HTTP (@ponder/client): the transfer row as a bigint", async () => {
    const client = createClient(`${api}/sql?token=${SQL_TOKEN}`, { schema });
    const rows = await client.db
      .select()
      .from(schema.transfer)
      .where(eq(schema.transfer.transactionHash, hash));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.amount, AMOUNT);
    assert.equal(getAddress(rows[0]!.to), recipient);
  });
});

test("a bad query parameter gets HTTP 400 with a JSON body naming it", async () => {
  for (const [query, field] of [
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["limit=1.5", "limit"],
    ["after=42", "after"],
    ["after=000000000001-000000-00000x", "after"],
  ] as const) {
    const { status, body } = await getJson<{ error: string; issues: { field: string }[] }>(
      `/api/activity?${query}`,
    );
    assert.equal(status, 400, query);
    assert.deepEqual(
      body.issues.map((issue) => issue.field),
      [field],
      query,
    );
    assert.match(body.error, new RegExp(field));
  }
});

test("Ponder's own /health, /status and /metrics answer on the same port", async () => {
  assert.equal((await fetch(`${api}/health`)).status, 200);
  const status = await getJson<Record<string, { id: number; block: { number: number } }>>("/status");
  assert.equal(status.body.chain?.id, 31337);
  const metrics = await (await fetch(`${api}/metrics`)).text();
  assert.match(metrics, /ponder_indexing_completed_events|ponder_historical/);
});

test("a bad environment variable stops `ponder start` with a message naming it", async () => {
  const log: string[] = [];
  const { child } = await startPonder({ RPC_URL: "not-a-url", DATABASE_SCHEMA: "never_used" }, log);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    child.exited,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve("still running after 60 s"), 60_000);
    }),
  ]);
  clearTimeout(timer);
  await child.stop();
  assert.equal(code, 1, log.join("\n"));
  assert.match(log.join("\n"), /RPC_URL: must be an http\(s\) or ws\(s\) URL/);
});
