// bench:api — with ≥ 10,000 auctions and ≥ 100,000 bids indexed, loads GET /api/auctions (mixed
// filters and sorts) and GET /api/auctions/:id over loopback with autocannon and prints req/s and
// latency percentiles. Prints figures; asserts nothing. BENCH_AUCTIONS × BENCH_ROUNDS bids
// (default 10,000 × 10), BENCH_SECONDS per run (default 15), BENCH_CONNECTIONS (default 10).
import { atLeast, atMost, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { rpc } from "@gavel/scripts/lib/chain.ts";
import type { Addresses } from "@gavel/scripts/lib/scenario.ts";
import { startStack, waitCaughtUp } from "@gavel/scripts/lib/stack.ts";
import autocannon from "autocannon";
import { generateLoad } from "../test/load.ts";

const auctions = Number(process.env.BENCH_AUCTIONS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const stack = await startStack("bench-api");
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
  for (let i = 0; i < 40; i++) await rpc(stack.chain.url, "evm_mine");
  console.log(
    `\ngenerated ${auctions} auctions, ${auctions * rounds} bids (${load.events} events) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const indexer = await stack.startIndexer("bench_api");
  const indexStarted = Date.now();
  await waitCaughtUp(indexer, 1_800_000);
  console.log(`indexed in ${((Date.now() - indexStarted) / 1000).toFixed(0)} s`);

  const [first] = load.auctionIds;
  const ids = load.auctionIds.map(String);
  const seller1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"; // Hardhat account 1 (half the lots)
  const listPaths = [
    "/api/auctions",
    "/api/auctions?status=active&sort=ending",
    "/api/auctions?sort=price&limit=50",
    "/api/auctions?sort=bids",
    "/api/auctions?minPrice=1.5&maxPrice=1.9&sort=price",
    `/api/auctions?seller=${seller1}&sort=newest`,
    "/api/auctions?q=lot%2012&sort=ending",
    "/api/auctions?format=english&status=active&endingBefore=9999999999",
    `/api/auctions?endingBefore=9999999999&sort=ending&limit=100`,
  ];
  const random = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)] as T;

  const run = async (title: string, name: string, pick: () => string) => {
    const result = await autocannon({
      url: indexer.url,
      connections,
      duration: seconds,
      requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: pick() }) }],
    });
    const errors = result.errors + result.non2xx;
    console.log(
      `${title}: ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms` +
        ` (${result.requests.total} requests, ${connections} connections, ${seconds} s${errors ? `, ${errors} errors/non-2xx` : ""})`,
    );
    const note = `${title} over loopback with autocannon, ${connections} connections, ${seconds} s, ${ids.length} auctions indexed`;
    const rate = result.requests.average;
    reportFigure({
      name: `${name}.throughput`,
      value: rate,
      unit: "req/s",
      ...atLeast(rate, 2000, "req/s"),
      note,
    });
    reportFigure({ name: `${name}.p50`, value: result.latency.p50, unit: "ms", note });
    reportFigure({
      name: `${name}.p99`,
      value: result.latency.p99,
      unit: "ms",
      ...atMost(result.latency.p99, 25, "ms"),
      note,
    });
  };
  console.log(`first auction ${first}; ${ids.length} auctions`);
  await run("GET /api/auctions (mixed filters)", "api.auctions", () => random(listPaths));
  await run("GET /api/auctions/:id", "api.auction", () => `/api/auctions/${random(ids)}`);
} finally {
  await stack.stop();
}
