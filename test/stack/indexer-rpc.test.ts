// One of the indexer's two RPC URLs going dead (issue #18): `ponder start` with RPC_URL listing
// two loopback proxies of the same Hardhat node keeps indexing through the live one, a USDC
// transfer reaching /api/activity as quickly as with both alive, whether the dead URL is the
// first or the second. Real chain, Postgres and Ponder; the dead URL's port refuses connections.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { testUSDCAbi } from "@gavel/sdk";
import { type Address, createWalletClient, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { type LoopbackProxy, startProxy } from "../../scripts/chaos/proxy.ts";
import { hardhatDevKey } from "../../scripts/lib/chain.ts";
import { type Indexer, type Stack, startStack, waitCaughtUp } from "../../scripts/lib/stack.ts";

/** Transfers timed per phase. */
const ROUNDS = 8;
/** A transfer must reach the API this fast with one URL dead (with both alive: ~0.3 s). */
const LIMIT_MS = 3_000;

let stack: Stack;
let indexer: Indexer;
let a: LoopbackProxy;
let b: LoopbackProxy;

before(async () => {
  stack = await startStack("indexer-rpc");
  a = await startProxy([stack.chain.url]);
  b = await startProxy([stack.chain.url]);
  indexer = await stack.startIndexer("indexer_rpc", {
    RPC_URL: `${a.url},${b.url}`,
    POLLING_INTERVAL_MS: "250",
  });
  await waitCaughtUp(indexer);
});

after(async () => {
  await stack?.stop();
  await a?.close();
  await b?.close();
});

const wallet = () =>
  createWalletClient({
    account: privateKeyToAccount(hardhatDevKey(3)),
    chain: hardhat,
    transport: http(stack.chain.url),
  }).extend(publicActions);

/** Seconds from each transfer's receipt to its item in /api/activity, `ROUNDS` times. */
async function txToApi(): Promise<number[]> {
  const client = wallet();
  const usdc = stack.addresses.TestUSDC as Address;
  const seconds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const hash = await client.writeContract({
      address: usdc,
      abi: testUSDCAbi,
      functionName: "transfer",
      args: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", BigInt(1_000 + i)],
    });
    await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    const mined = performance.now();
    for (;;) {
      const body = (await (
        await fetch(`${indexer.url}/api/activity?limit=200&after=${await lastBefore()}`)
      ).json()) as {
        items: { transactionHash: string }[];
      };
      if (body.items.some((item) => item.transactionHash === hash)) break;
      if (performance.now() - mined > 30_000)
        throw new Error(`transfer ${hash} not indexed in 30 s${indexer.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    seconds.push((performance.now() - mined) / 1000);
  }
  return seconds;
}

/** A cursor shortly before the chain's head, so the poll reads one short page. */
let cursor = "";
async function lastBefore(): Promise<string> {
  if (!cursor) {
    let after = "";
    for (;;) {
      const page = (await (
        await fetch(`${indexer.url}/api/activity?limit=200${after ? `&after=${after}` : ""}`)
      ).json()) as { nextCursor: string; hasMore: boolean };
      after = page.nextCursor;
      if (!page.hasMore) break;
    }
    cursor = after;
  }
  return cursor;
}

const summary = (s: number[]) => {
  const sorted = [...s].sort((x, y) => x - y);
  return `p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} s, max ${sorted.at(-1)?.toFixed(2)} s`;
};

test("with both URLs alive, transfers reach the API quickly (the baseline)", async (t) => {
  const s = await txToApi();
  t.diagnostic(`both alive: tx→API ${summary(s)}`);
  assert.ok(Math.max(...s) < LIMIT_MS / 1000, summary(s));
});

for (const dead of ["first", "second"] as const) {
  test(`with the ${dead} RPC URL dead, transfers still reach the API within ${LIMIT_MS / 1000} s`, async (t) => {
    const proxy = dead === "first" ? a : b;
    await proxy.down();
    try {
      const s = await txToApi();
      t.diagnostic(`${dead} URL dead: tx→API ${summary(s)}`);
      assert.ok(Math.max(...s) < LIMIT_MS / 1000, summary(s));
    } finally {
      await proxy.up();
    }
  });
}
