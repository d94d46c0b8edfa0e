// Latency benchmark: a bid mined on the real stack (Hardhat automine, the real indexer polling the
// chain every 100 ms, its SSE stream, the real bot process) → the follower's message arriving at
// the fake Bot API. Prints p50/p95/max; asserts nothing.
//   pnpm --filter @gavel/bot run bench:latency [-- <bids>]
import { atMost, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { chainDriver } from "../test/chain.ts";
import { Cleanup, startBotStack, waitForValue } from "../test/helpers.ts";
import { startChainStack } from "../test/real-stack.ts";

const BIDS = Number(process.argv[2] ?? 30);
const follower = { id: 400_001, first_name: "Follower", language_code: "en" };
const cleanup = new Cleanup();
try {
  const chain = await startChainStack(cleanup, { pollingIntervalMs: 100 });
  const c = chainDriver(chain.rpcUrl, chain.addresses);
  const arrivals = new Map<string, number>(); // price text → when the fake Bot API received it
  const stack = await startBotStack(cleanup, {
    databaseUrl: chain.databaseUrl,
    // HEAD_POLL_MS: the default, not the tests' 200 ms (each read is an RPC call and queries at the indexer).
    env: { INDEXER_URL: chain.indexerUrl, LOG_LEVEL: "warn", HEAD_POLL_MS: "5000" },
    api: {
      onSend: (m) => {
        const price = /price is now (\S+)\sUSDC/.exec(m.text)?.[1];
        if (m.chatId === follower.id && price && !arrivals.has(price)) arrivals.set(price, Date.now());
      },
    },
  });
  for (const account of [2, 3]) await c.approve(account);
  const { id } = await c.createEnglish(1, "Latency lot", 1_000_000n, 86_400);
  await waitForValue(
    "the bot to learn the auction",
    async () =>
      (await stack.db.query("select 1 from bot.auctions where auction_id = $1", [id])).rowCount === 1,
    15_000,
  );
  stack.api.sendText(follower, `/follow ${id}`);
  await stack.api.waitForMessage(follower.id);

  const latencies: number[] = [];
  let max = 1_000_000n;
  for (let i = 0; i < BIDS; i++) {
    max = (max * 120n) / 100n; // each bid takes the lead from the other bidder
    const receipt = await c.bid(2 + (i % 2), id, max);
    const mined = Date.now(); // automine: mined by the time the receipt is back (≤ 20 ms polling)
    const before = arrivals.size;
    await waitForValue(`the message for bid ${i + 1}`, () => arrivals.size > before, 10_000);
    const arrived = [...arrivals.values()].at(-1)!;
    latencies.push(arrived - mined);
    void receipt;
    await new Promise((r) => setTimeout(r, 1_100)); // Telegram allows one message a second per chat
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  console.log(
    `bid mined → follower's message at the Bot API, ${BIDS} bids, indexer polling 100 ms, messages folded by block:`,
  );
  console.log(`  p50 ${pct(50)} ms, p95 ${pct(95)} ms, min ${latencies[0]} ms, max ${latencies.at(-1)} ms`);
  const note = `bid mined → follower's message at the Bot API, ${BIDS} bids on the real chain and indexer (100 ms polling), messages folded by block (sent once the block is complete)`;
  reportFigure({ name: "bot.latency.p50", value: pct(50), unit: "ms", note });
  reportFigure({ name: "bot.latency.p95", value: pct(95), unit: "ms", ...atMost(pct(95), 500, "ms"), note });
} finally {
  await cleanup.run();
}
