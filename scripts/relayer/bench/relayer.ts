// `node scripts/bench.ts relayer`: the relayer's throughput and latency on the real stack (Hardhat
// node with automine, embedded Postgres), one relayer process. BIDS wallets holding USDC and no ETH
// each sign one English bid on their own auction; the signed bids are posted CONCURRENCY at a time.
// Figures: relayed bids per second (first post → last answer) and signed → mined latency (from the
// post of a signed bid to the relayer's answer, which comes once the transaction is mined).
import { reportFigure } from "../../lib/bench.ts";
import { hardhatDevKey, repoRoot } from "../../lib/chain.ts";
import { freePort, waitFor } from "../../lib/ports.ts";
import { startProcess } from "../../lib/processes.ts";
import { type Addresses, createScenario, HOUR, usdc } from "../../lib/scenario.ts";
import { startStack } from "../../lib/stack.ts";

const BIDS = Number(process.env.BENCH_BIDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const stack = await startStack("relayer-bench");
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const relayer = startProcess("relayer", process.execPath, ["scripts/relayer/src/main.ts"], {
  cwd: repoRoot,
  env: {
    RPC_URL: stack.chain.url,
    DATABASE_URL: stack.databaseUrl,
    GAVEL_ADDRESSES: JSON.stringify(stack.addresses),
    RELAYER_PRIVATE_KEY: hardhatDevKey(18),
    RELAYER_PORT: String(port),
    RELAYER_RATE_PER_WALLET: "1000",
    RELAYER_RATE_PER_IP: "100000",
    LOG_LEVEL: "warn",
  },
  onLine: (line) => console.error(`[relayer] ${line}`),
});
try {
  await waitFor("the relayer", async () => (await fetch(`${url}/health`)).ok, { timeoutMs: 30_000 });
  const addresses = stack.addresses as unknown as Addresses;
  const s = createScenario(stack.chain.url, addresses);
  const validBefore = BigInt(await s.now()) + BigInt(HOUR) * 24n;

  console.log(`setting up ${BIDS} auctions and ${BIDS} gasless wallets…`);
  const bodies: string[] = [];
  for (let i = 0; i < BIDS; i++) {
    const { account } = await s.gaslessWallet(usdc("100"));
    const { id } = await s.createEnglish(1, { title: `Bench ${i}`, durationSeconds: 3 * HOUR });
    bodies.push(
      JSON.stringify(await s.signedBid(account, "english", id, usdc("20"), usdc("20"), validBefore)),
    );
  }

  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const response = await fetch(`${url}/bids`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const answer = (await response.json()) as { hash?: string; alreadySubmitted?: boolean };
        if (response.status === 200 && answer.hash && !answer.alreadySubmitted)
          latencies.push(performance.now() - t0);
        else {
          failed++;
          console.error(`bid refused: ${response.status} ${JSON.stringify(answer)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const note = `${BIDS} signed English bids, ${CONCURRENCY} at a time, one relayer, Hardhat automine, answer after inclusion`;
  reportFigure({
    name: "relayer.bids.rate",
    value: Math.round((latencies.length / seconds) * 100) / 100,
    unit: "bids/s",
    note,
  });
  reportFigure({ name: "relayer.signedToMined.p50", value: pick(0.5), unit: "ms", note });
  reportFigure({ name: "relayer.signedToMined.p95", value: pick(0.95), unit: "ms", note });
  reportFigure({ name: "relayer.failed", value: failed, unit: "bids", note });
  if (failed) process.exitCode = 1;
} finally {
  await relayer.stop();
  await stack.stop();
}
