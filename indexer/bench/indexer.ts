// bench:indexer — cold backfill throughput of the indexer against a bare Ponder app that only
// stores raw logs (same chain, same database, same RPC settings, one after the other), then the
// live latency from a mined transaction to its row in the API at 100 ms polling.
// Prints figures; asserts nothing. BENCH_AUCTIONS × BENCH_ROUNDS bids (default 500 × 50).
import { join } from "node:path";
import { atLeast, atMost, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { rpc } from "@gavel/scripts/lib/chain.ts";
import { waitFor } from "@gavel/scripts/lib/ports.ts";
import { type Addresses, createScenario, usdc } from "@gavel/scripts/lib/scenario.ts";
import { type Indexer, indexerDir, startStack, waitCaughtUp, waitForHead } from "@gavel/scripts/lib/stack.ts";
import { createClient } from "@ponder/client";
import { count } from "ponder";
import * as schema from "../ponder.schema.ts";
import { generateLoad } from "../test/load.ts";

/** SQL over HTTP is off unless an operator token is set. */
const SQL_TOKEN = "bench-operator-token-0123456789abcdef";

import * as bareSchema from "./bare/ponder.schema.ts";

const auctions = Number(process.env.BENCH_AUCTIONS ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 60);

/** Milliseconds between Ponder's "Started backfill indexing" and "Completed backfill indexing" log lines. */
function backfillMs(indexer: Indexer): number {
  const at = (msg: string) => {
    for (const line of indexer.log) {
      try {
        const entry = JSON.parse(line) as { msg?: string; time?: number };
        if (entry.msg?.startsWith(msg) && entry.time) return entry.time;
      } catch {
        // not JSON (a Node warning)
      }
    }
    throw new Error(`no "${msg}" in the log of ${indexer.schema}`);
  };
  return at("Completed backfill indexing") - at("Started backfill indexing");
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

const stack = await startStack("bench-indexer");
const waitMs = Number(process.env.BENCH_WAIT_MS ?? 600_000);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stack.stop().finally(() => process.exit(130));
  });
}
try {
  const started = Date.now();
  const load = await generateLoad(stack.chain.url, stack.addresses as unknown as Addresses, {
    auctions,
    rounds,
    progress: (events) => process.stdout.write(`\rgenerating: ${events} events`),
  });
  for (let i = 0; i < 40; i++) await rpc(stack.chain.url, "evm_mine"); // all of it below the finality margin
  console.log(
    `\ngenerated ${load.events} events in ${load.blocks} blocks in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const ours = await stack.startIndexer("bench_ours", { SQL_API_TOKEN: SQL_TOKEN });
  await waitCaughtUp(ours, waitMs);
  const ourEvents = Number(
    (
      await createClient(`${ours.url}/sql?token=${SQL_TOKEN}`, { schema })
        .db.select({ n: count() })
        .from(schema.activity)
    )[0]?.n,
  );
  const ourMs = backfillMs(ours);
  await ours.stop();

  const bare = await stack.startIndexer("bench_bare", {}, { root: join(indexerDir, "bench/bare") });
  // The bare app has no /api/ready: its backfill is over when Ponder's /ready answers 200.
  await waitFor("the bare app's backfill", async () => (await fetch(`${bare.url}/ready`)).status === 200, {
    timeoutMs: waitMs,
    intervalMs: 100,
  }).catch((error: Error) => {
    throw new Error(`${error.message}${bare.tail()}`);
  });
  const bareEvents = Number(
    (
      await createClient(`${bare.url}/sql`, { schema: bareSchema })
        .db.select({ n: count() })
        .from(bareSchema.rawLog)
    )[0]?.n,
  );
  const bareMs = backfillMs(bare);
  await bare.stop();

  const ourRate = (ourEvents / ourMs) * 1000;
  const bareRate = (bareEvents / bareMs) * 1000;
  console.log(
    `backfill, ours: ${ourEvents} events in ${(ourMs / 1000).toFixed(2)} s = ${Math.round(ourRate)} events/s`,
  );
  console.log(
    `backfill, bare: ${bareEvents} events in ${(bareMs / 1000).toFixed(2)} s = ${Math.round(bareRate)} events/s`,
  );
  console.log(`ratio ours/bare: ${((ourRate / bareRate) * 100).toFixed(1)} % (target ≥ 70 %)`);
  const backfillNote = `cold backfill of ${ourEvents} events, ours vs a bare raw-log Ponder app on the same chain and database`;
  reportFigure({ name: "indexer.backfill.rate", value: ourRate, unit: "events/s", note: backfillNote });
  reportFigure({ name: "indexer.backfill.bare", value: bareRate, unit: "events/s", note: backfillNote });
  const ratio = (ourRate / bareRate) * 100;
  reportFigure({
    name: "indexer.backfill.ratio",
    value: ratio,
    unit: "%",
    ...atLeast(ratio, 70, "%"),
    note: backfillNote,
  });

  // Live latency: a bid mined (automine: the send returns once it is in a block) → its item in /api/activity.
  const live = await stack.startIndexer("bench_live");
  await waitCaughtUp(live, waitMs);
  const s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses);
  await s.approveAll([5, 6]);
  const { id } = await s.createEnglish(1, {
    title: "Latency lot",
    durationSeconds: 86_400,
    minIncrementBps: 100,
  });
  await waitForHead(stack, live);
  const latencies: number[] = [];
  let after = "";
  const feedEnd = async () => {
    for (;;) {
      const page = (await (
        await fetch(`${live.url}/api/activity?limit=200${after ? `&after=${after}` : ""}`)
      ).json()) as {
        nextCursor: string;
        hasMore: boolean;
      };
      after = page.nextCursor;
      if (!page.hasMore) return;
    }
  };
  await feedEnd();
  for (let i = 0; i < latencySamples; i++) {
    // Hardhat automines inside the send: timing from before it counts mining too (conservative).
    const mined = Date.now();
    const receipt = await s.bid(5 + (i % 2), id, usdc("10") + BigInt(i) * usdc("0.5"));
    for (;;) {
      const page = (await (await fetch(`${live.url}/api/activity?after=${after}&limit=50`)).json()) as {
        items: { transactionHash: string; cursor: string }[];
      };
      const hit = page.items.find((item) => item.transactionHash === receipt.transactionHash);
      if (hit) {
        latencies.push(Date.now() - mined);
        after = page.items.at(-1)?.cursor ?? after;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `live latency (mined → /api/activity, ${latencies.length} bids, 100 ms polling): p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms (target p95 ≤ 300 ms)`,
  );
  const liveNote = `bid mined → its item in /api/activity, ${latencies.length} bids, 100 ms polling`;
  const p95 = percentile(latencies, 95);
  reportFigure({ name: "indexer.live.p50", value: percentile(latencies, 50), unit: "ms", note: liveNote });
  reportFigure({
    name: "indexer.live.p95",
    value: p95,
    unit: "ms",
    ...atMost(p95, 300, "ms"),
    note: liveNote,
  });
} finally {
  await stack.stop();
}
