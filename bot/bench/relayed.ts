// Benchmark of the gasless path (issue #17, item 7): a bid signed as an EIP-3009 authorization by a
// wallet with USDC and no ETH → POST to the real relayer, which submits it (Hardhat automine) → the
// real indexer (polling the chain every 100 ms) → its activity stream → the real bot process →
// the follower's message arriving at the Bot API stand-in. Timed from the moment the bid is signed
// to the stand-in's receipt of the message; p50/p95/max over BIDS bids (default 30), one a little
// over a second apart (Telegram allows a chat one message a second). Asserts nothing.
//   pnpm --filter @gavel/bot run bench:relayed [-- <bids>]
import { cpus, loadavg } from "node:os";
import { atMost, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { postBid, startRelayerProcess } from "@gavel/scripts/lib/relayer.ts";
import { type Addresses, createScenario, HOUR, usdc } from "@gavel/scripts/lib/scenario.ts";
import { Cleanup, startBotStack, waitForValue } from "../test/helpers.ts";
import { startChainStack } from "../test/real-stack.ts";

const BIDS = Number(process.argv[2] ?? 30);
const follower = { id: 410_001, first_name: "Follower", language_code: "en" };
const cleanup = new Cleanup();
try {
  const chain = await startChainStack(cleanup, { pollingIntervalMs: 100 });
  const s = createScenario(chain.rpcUrl, chain.addresses as unknown as Addresses);
  const arrivals: number[] = []; // when the stand-in received each of the follower's "new bid" messages
  const [stack, relayer] = await Promise.all([
    startBotStack(cleanup, {
      databaseUrl: chain.databaseUrl,
      env: { INDEXER_URL: chain.indexerUrl, LOG_LEVEL: "warn", HEAD_POLL_MS: "5000" },
      api: {
        onSend: (m) => {
          if (m.chatId === follower.id && /price is now/.test(m.text)) arrivals.push(m.at);
        },
      },
    }),
    startRelayerProcess({
      rpcUrl: chain.rpcUrl,
      databaseUrl: chain.databaseUrl,
      addresses: chain.addresses,
      gasKey: 18,
      env: { RELAYER_RATE_PER_WALLET: "100000", RELAYER_RATE_PER_IP: "100000", LOG_LEVEL: "warn" },
    }),
  ]);
  cleanup.add(() => relayer.stop());

  const { id } = await s.createEnglish(1, { title: "Relayed latency lot", durationSeconds: 24 * HOUR });
  await waitForValue(
    "the bot to learn the auction",
    async () =>
      (await stack.db.query("select 1 from bot.auctions where auction_id = $1", [id.toString()])).rowCount ===
      1,
    30_000,
  );
  stack.api.sendText(follower, `/follow ${id}`);
  await stack.api.waitForMessage(follower.id, () => true, 20_000);

  // Two wallets without ETH take the lead from each other, each maximum 20 % above the last.
  const wallets = [
    (await s.gaslessWallet(usdc("100000"))).account,
    (await s.gaslessWallet(usdc("100000"))).account,
  ];
  const latencies: number[] = [];
  const relayed: number[] = []; // signed → the relayer's answer (it answers once mined)
  let maximum = usdc("10");
  for (let i = 0; i < BIDS; i++) {
    maximum = (maximum * 120n) / 100n;
    const bid = await s.signedBid(wallets[i % 2]!, "english", id, maximum, maximum);
    const signed = Date.now();
    const before = arrivals.length;
    const answer = await postBid(relayer.url, bid);
    if (answer.status !== 200) throw new Error(`bid ${i + 1} refused: ${JSON.stringify(answer.body)}`);
    relayed.push(Date.now() - signed);
    await waitForValue(`the follower's message for bid ${i + 1}`, () => arrivals.length > before, 20_000);
    latencies.push(arrivals[before]! - signed);
    await new Promise((r) => setTimeout(r, 1_100)); // Telegram allows one message a second per chat
  }
  const afterMined = latencies.map((total, i) => total - relayed[i]!);
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };
  const pct = (p: number) => percentile(latencies, p);
  console.log(`signed bid → relayer → chain → indexer → bot → follower's message, ${BIDS} bids:`);
  console.log(
    `  p50 ${pct(50)} ms, p95 ${pct(95)} ms, min ${Math.min(...latencies)} ms, max ${Math.max(...latencies)} ms`,
  );
  console.log(
    `  of which signed → relayer's answer (mined): p50 ${percentile(relayed, 50)} ms, p95 ${percentile(relayed, 95)} ms; answer → message: p50 ${percentile(afterMined, 50)} ms, p95 ${percentile(afterMined, 95)} ms`,
  );
  console.log(`  each (ms): ${latencies.join(" ")}`);
  // The machine may be shared: the load average says how busy it was while this ran.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  const note = `signed gasless bid → relayer (Hardhat automine) → indexer (100 ms polling) → bot → follower's message at the Bot API stand-in, ${BIDS} bids, one a second; load average at the end ${load} (1/5/15 min, ${cpus().length} cores)`;
  reportFigure({ name: "relayer.signedToFollower.p50", value: pct(50), unit: "ms", note });
  reportFigure({
    name: "relayer.signedToFollower.relayerAnswer.p95",
    value: percentile(relayed, 95),
    unit: "ms",
    note: `${note}: the part from signing to the relayer's answer (after inclusion)`,
  });
  reportFigure({
    name: "relayer.signedToFollower.afterMined.p95",
    value: percentile(afterMined, 95),
    unit: "ms",
    note: `${note}: the part from the relayer's answer to the follower's message`,
  });
  reportFigure({
    name: "relayer.signedToFollower.p95",
    value: pct(95),
    unit: "ms",
    ...atMost(pct(95), 1_500, "ms"),
    note,
  });
} finally {
  await cleanup.run();
}
