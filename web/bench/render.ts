// bench:web — figures, not a test. On the real local stack (Postgres, Hardhat, the indexer, the
// built web server): the server render time of the browse and auction pages over loopback
// (p50/p95 of sequential requests), the weight of an auction page with a long bid history, and the
// gzipped JavaScript a first visit to the browse page
// loads before any wallet is opened (every script response Chromium fetched, gzipped here).
//   pnpm --filter @gavel/web run bench
import { atMost, reportFigure } from "../../scripts/lib/bench.ts";
import { createScenario, usdc } from "../../scripts/lib/scenario.ts";
import { firstVisitScripts, launchChromium } from "../test/browser/chromium.ts";
import { startWebStack } from "../test/browser/stack.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const LISTINGS = 24;
/** Bids on one lot: its history runs to twice as many lines (each bid a proxy answered, twice). */
const HEAVY_BIDS = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const stack = await startWebStack();
try {
  // A market worth rendering: listings with bids, so browse and auction pages have content.
  const s = createScenario(stack.rpcUrl, stack.addresses as unknown as Parameters<typeof createScenario>[1]);
  await s.approveAll([2, 3]);
  let lastId = 0n;
  for (let i = 0; i < LISTINGS; i++) {
    const { id } = await s.createEnglish([1, 4, 5][i % 3] as number, {
      title: `Bench lot ${i + 1}`,
      durationSeconds: 3600,
    });
    await s.bid(2, id, usdc(String(20 + i)));
    await s.bid(3, id, usdc(String(40 + i)));
    lastId = id;
  }
  // One lot with a long history, bidders taking turns, each bid 6 % over the last (the minimum
  // step is 5 %).
  const { id: heavyId } = await s.createEnglish(1, {
    title: "Bench lot, much bid on",
    durationSeconds: 3600,
  });
  let max = usdc("20");
  for (let i = 0; i < HEAVY_BIDS; i++) {
    await s.bid(2 + (i % 2), heavyId, max);
    max = (max * 106n) / 100n;
  }
  await stack.indexerCaughtUp();

  async function renderTimes(path: string): Promise<number[]> {
    for (let i = 0; i < 10; i++) await (await fetch(`${stack.url}${path}`)).text(); // warm up
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(`${stack.url}${path}`);
      await response.text();
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  }

  for (const [name, path] of [
    ["browse", "/"],
    ["auction", `/auction/${lastId}`],
    ["auctionBids", `/auction/${heavyId}`],
  ] as const) {
    const times = await renderTimes(path);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(
      `${name} (${path}): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${REQUESTS} requests`,
    );
    const note = `server-rendered ${path} with ${LISTINGS} listings, ${REQUESTS} sequential requests over loopback`;
    reportFigure({ name: `web.render.${name}.p50`, value: p50, unit: "ms", note });
    reportFigure({ name: `web.render.${name}.p95`, value: p95, unit: "ms", ...atMost(p95, 50, "ms"), note });
  }

  const heavyPage = await (await fetch(`${stack.url}/auction/${heavyId}`)).text();
  const heavyKb = Buffer.byteLength(heavyPage) / 1024;
  console.log(`auction page with ${HEAVY_BIDS} bids: ${heavyKb.toFixed(0)} KB of HTML`);
  reportFigure({
    name: "web.page.auctionBids.kb",
    value: heavyKb,
    unit: "KB",
    // Each byte is written by the server, the balancer and read by the visitor, cached or not.
    ...atMost(heavyKb, 250, "KB"),
    note: `the server-rendered auction page of a lot with ${HEAVY_BIDS} bids, uncompressed`,
  });

  // First visit, no wallet opened: every script the browser loads, gzipped.
  const browser = await launchChromium();
  try {
    const scripts = await firstVisitScripts(browser, `${stack.url}/`);
    const kb = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
    console.log(`first visit to /: ${scripts.size} scripts, ${kb.toFixed(1)} KB gzipped`);
    reportFigure({
      name: "web.firstVisit.js",
      value: kb,
      unit: "KB",
      ...atMost(kb, 70, "KB"),
      note: `gzipped JavaScript of a first visit to / before a wallet is opened (${scripts.size} scripts)`,
    });
  } finally {
    await browser.close();
  }
} finally {
  await stack.stop();
}
