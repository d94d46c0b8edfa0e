// The chaos run (issue #18): the production shapes (cluster.ts) under load (load.ts) while faults
// are injected one after another, each followed by recovery; then the checks (nothing lost,
// nothing repeated, every ended auction settled) and the table of figures. `runChaos` is shared
// by `npm run chaos` (scripts/chaos.ts, the long form) and test/stack/chaos.test.ts (the short).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import type { Hex } from "viem";
import { rpc } from "../lib/chain.ts";
import { freePort, waitFor } from "../lib/ports.ts";
import { setNiceness, startProcess } from "../lib/processes.ts";
import { indexerDir } from "../lib/stack.ts";
import { exposedMetricNames } from "./alerts.ts";
import { AHEAD, type Cluster, type Service, startCluster } from "./cluster.ts";
import { cpuLine, sampleCpu } from "./cpu.ts";
import {
  type Auction,
  addFollowers,
  Chain,
  type DealJob,
  FIRST_FOLLOWER_CHAT,
  type LoadOptions,
  PHASE,
  prepareMarket,
  REVEAL,
  type Read,
  shipDeals,
  startBidding,
  startReading,
  type TxKind,
  warmUp,
} from "./load.ts";
import { allowedGrowthMb, type MemoryFigure, memoryCsv, memoryFigure, sampleMemory } from "./memory.ts";

/** Blocks the reorg fault orphans at least. */
const REORG_DEPTH = 3;
/**
 * How far the clock moves for the deals: past the confirm window (3 days, the contracts' least,
 * which the run's listings use) and the local deployment's arbiter timeout (1 day), with margin.
 */
const DEAL_DEADLINES = 3 * 86_400 + 120;
/** What the bidders send (the run's bid rate counts these; shipping and disputes come after). */
const BID_LIKE: ReadonlySet<TxKind> = new Set(["bid", "buy", "commit", "reveal"]);

export interface ChaosOptions extends LoadOptions {
  /** How long each fault lasts (s): Postgres down, RPC URL dead, Telegram outage. */
  postgresDownS: number;
  rpcDeadS: number;
  telegramOutageS: number;
  /** Steady load before the first fault and between faults (s). */
  calmS: number;
  /** Check the indexer against a clean re-index of the same chain (row checksums). */
  reindex: boolean;
}

export const SHORT: ChaosOptions = {
  wallets: 40,
  auctions: 12,
  durationS: 120,
  bidsPerSecond: 5,
  // Under what two web replicas render on a shared 2-core machine (render p95 ≈ 2 s there): the
  // short form checks promises under faults; the long form measures capacity.
  readsPerSecond: 12,
  followers: 200,
  postgresDownS: 6,
  rpcDeadS: 6,
  telegramOutageS: 6,
  calmS: 2,
  reindex: true,
};

export const LONG: ChaosOptions = {
  wallets: 200,
  auctions: 52,
  durationS: 420,
  bidsPerSecond: 20,
  readsPerSecond: 500,
  followers: 1000,
  postgresDownS: 20,
  rpcDeadS: 30,
  telegramOutageS: 60,
  calmS: 15,
  reindex: true,
};

/** Options from CHAOS_* environment variables over `base` (e.g. CHAOS_BIDS_PER_SECOND=10). */
export function optionsFromEnv(base: ChaosOptions, env: NodeJS.ProcessEnv = process.env): ChaosOptions {
  const out: ChaosOptions = { ...base };
  for (const key of Object.keys(base) as (keyof ChaosOptions)[]) {
    const name = `CHAOS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (typeof base[key] === "boolean") (out[key] as boolean) = raw === "1" || raw === "true";
    else {
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0)
        throw new Error(`${name}: must be a non-negative number, not "${raw}"`);
      (out[key] as number) = value;
    }
  }
  return out;
}

export interface FaultResult {
  name: string;
  start: number;
  end: number;
  /** Seconds from the fault's end until every service answered its health check. */
  recoveryS: number;
  /** The same for the API (writer and replicas: /api/ready), the web replicas and the bot. */
  apiS: number;
  webS: number;
  botS: number;
  errors5xx: number;
  /** The failed reads by target and status ("web-auction 503×4", "web-browse no answer (timeout)×2"). */
  errorKinds: string;
  worstTxToApiS: number | undefined;
  worstTxToTelegramS: number | undefined;
  restarted: string[];
  /** What was still unhealthy when the wait for recovery gave up (the run went on). */
  unrecovered?: string;
}

export interface ChaosResult {
  options: ChaosOptions;
  faults: FaultResult[];
  checks: { name: string; ok: boolean; detail: string }[];
  figures: { name: string; value: string }[];
  memory: MemoryFigure[];
  table: string;
  ok: boolean;
  /** Every metric name the services expose on /metrics (for the alert-rule check). */
  metricNames: Set<string>;
}

const pct = (values: number[], p: number) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (v: number | undefined, digits = 2) => (v === undefined ? "—" : v.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(
  options: ChaosOptions,
  say: (line: string) => void = console.log,
): Promise<ChaosResult> {
  const cluster = await startCluster({ say });
  try {
    return await underLoad(cluster, options, say);
  } finally {
    await cluster.stop();
  }
}

async function underLoad(
  cluster: Cluster,
  options: ChaosOptions,
  say: (line: string) => void,
): Promise<ChaosResult> {
  const chain = new Chain(cluster.chain.url, cluster.chainId);
  for (const keeper of cluster.keeperAddresses) chain.others.add(keeper.toLowerCase());
  chain.watch();
  options = { ...options };
  const { wallets, auctions, t0 } = await prepareMarket(cluster, chain, { ...options, say });
  const chats = await addFollowers(cluster, auctions, options.followers);
  say(`${chats.length} chats follow the ${auctions.length} auctions`);
  const warmed = performance.now();
  const coldFailures = await warmUp(cluster, auctions);
  say(
    `replicas warmed: every page and API answer read once from each (${((performance.now() - warmed) / 1000).toFixed(1)} s, ${coldFailures} not 200)`,
  );

  // tx → API: when each transaction's events first appear in the API's activity feed.
  const seenInApi = new Map<string, number>();
  let cursor: string | undefined;
  let watchingApi = true;
  /**
   * After a reorg the feed's cursor may point past rows that replaced orphaned ones: read again
   * from the last cursor below the reorg's base block (not from the start: re-reading the whole
   * feed through a loaded API took minutes and showed as tx→API latency the index did not have).
   */
  let rereadAbove: number | undefined;
  /** The cursor after each page read, with the highest block that page held. */
  const passed: { cursor: string; block: number }[] = [];
  const apiWatcher = (async () => {
    while (watchingApi) {
      try {
        if (rereadAbove !== undefined) {
          const base = rereadAbove;
          rereadAbove = undefined;
          while (passed.length && (passed.at(-1) as { block: number }).block > base) passed.pop();
          cursor = passed.at(-1)?.cursor;
        }
        for (;;) {
          const q = cursor ? `?after=${cursor}&limit=200` : "?limit=200";
          const page = (await (
            await fetch(`${cluster.apiUrl}/api/activity${q}`, { signal: AbortSignal.timeout(5_000) })
          ).json()) as {
            items: { transactionHash: string; blockNumber: number }[];
            nextCursor: string | null;
            hasMore: boolean;
          };
          const now = Date.now();
          for (const item of page.items)
            if (!seenInApi.has(item.transactionHash)) seenInApi.set(item.transactionHash, now);
          cursor = page.nextCursor ?? cursor;
          if (cursor && page.items.length)
            passed.push({ cursor, block: Math.max(...page.items.map((i) => Number(i.blockNumber))) });
          if (!page.hasMore) break;
        }
      } catch {
        // the API is down: a fault; the latency it causes is what is measured
      }
      await sleep(200);
    }
  })();

  // The load generator's own event loop: delayed, it sends and reads less than asked.
  // It runs ahead of the services (cluster.ts, AHEAD), each of its threads; what it starts from now
  // on is given the default priority explicitly (startProcess).
  setNiceness(process.pid, AHEAD);
  const generatorDelay = monitorEventLoopDelay({ resolution: 20 });
  generatorDelay.enable();
  const memory = sampleMemory(() => cluster.services());
  let cleanIndex: CleanIndex | undefined;
  const cpu = sampleCpu(() => {
    const names = new Map<number, string>(
      cluster
        .services()
        .flatMap((s) => (s.pid() === undefined ? [] : [[s.pid() as number, s.name] as const])),
    );
    const chainPid = cluster.chain.child.process.pid;
    const postgresPid = cluster.postgres.server.pid();
    if (chainPid !== undefined) names.set(chainPid, "chain");
    if (postgresPid !== undefined) names.set(postgresPid, "Postgres");
    if (cleanIndex?.pid !== undefined) names.set(cleanIndex.pid, "clean re-index");
    names.set(process.pid, "load generator and Telegram stand-in");
    return (proc) =>
      names.get(proc.pid) ??
      (proc.cmd.includes("proxy-process") ? "proxies (RPC URLs, API and web balancers)" : undefined);
  });
  const startedAt = Date.now();
  const bidding = startBidding(chain, wallets, auctions, options);
  const reading = startReading(cluster, auctions, options.readsPerSecond);
  try {
    return await faultsAndChecks();
  } finally {
    bidding.stop();
    reading.stop();
    await memory.stop();
    watchingApi = false;
    chain.stop();
    await cleanIndex?.stop();
  }
  async function faultsAndChecks(): Promise<ChaosResult> {
    const faults: FaultResult[] = [];
    const windows: [number, number][] = [];

    /** Supervisor: a process that exited is started again (as systemd's Restart=always would). */
    const restartExited = async (): Promise<string[]> => {
      const exited: Service[] = [];
      for (const service of cluster.services()) {
        const code = await Promise.race([service.child?.exited, sleep(0).then(() => undefined)]);
        if (code !== undefined) exited.push(service);
      }
      for (const service of exited) await service.restart();
      return exited.map((s) => s.name);
    };
    const fault = async (
      name: string,
      inject: () => Promise<void>,
      restore: () => Promise<void>,
      holdS: number,
      /** What besides every health check must hold again (e.g. the index past the orphaned head). */
      settled?: { what: string; check: () => Promise<boolean> },
    ) => {
      await sleep(options.calmS * 1000);
      say(`fault: ${name}`);
      const start = Date.now();
      await inject();
      await sleep(holdS * 1000);
      await restore();
      const end = Date.now();
      const restarted: string[] = [];
      const healthySince: Record<string, number> = {};
      let unrecovered: string | undefined;
      await waitFor(
        `every service healthy again after "${name}"`,
        async () => {
          restarted.push(...(await restartExited()));
          const states = await Promise.all(
            cluster.services().map(async (s) => [s.name, await s.healthy()] as const),
          );
          const now = Date.now();
          for (const [service, ok] of states) if (ok) healthySince[service] ??= now;
          return states.every(([, ok]) => ok) && (settled ? await settled.check() : true);
        },
        { timeoutMs: 240_000, intervalMs: 250 },
      ).catch(async (error: Error) => {
        // Not fatal: the run goes on to the next fault and the checks, and says what stayed sick.
        const sick = [];
        for (const service of cluster.services()) if (!(await service.healthy())) sick.push(service);
        const diagnoses = await Promise.all(sick.map((s) => s.diagnose()));
        const unsettled = settled && !(await settled.check());
        unrecovered = [
          ...sick.map((s, i) => `${s.name}: ${diagnoses[i]}`),
          ...(unsettled ? [`not yet: ${settled.what}`] : []),
        ].join("; ");
        say(`  NOT recovered: ${error.message}: ${unrecovered}`);
        say(
          `${unsettled ? `--- indexer writer (last lines)\n${cluster.writer.log.slice(-25).join("\n")}\n` : ""}${sick.map((s) => `--- ${s.name} (last lines)\n${s.log.slice(-15).join("\n")}`).join("\n")}`,
        );
      });
      const healthyAt = Date.now();
      const after = (prefix: string) =>
        Math.max(
          ...Object.entries(healthySince)
            .filter(([service]) => service.startsWith(prefix))
            .map(([, at]) => (at - end) / 1000),
          0,
        );
      windows.push([start, healthyAt]);
      faults.push({
        name,
        start,
        end,
        recoveryS: (healthyAt - end) / 1000,
        apiS: Math.max(after("API replica"), after("indexer writer")),
        webS: after("web replica"),
        botS: after("bot"),
        errors5xx: 0,
        errorKinds: "",
        worstTxToApiS: undefined,
        worstTxToTelegramS: undefined,
        restarted,
        ...(unrecovered ? { unrecovered } : {}),
      });
      if (!unrecovered)
        say(
          `  recovered ${((healthyAt - end) / 1000).toFixed(1)} s after the fault ended${restarted.length ? ` (restarted: ${restarted.join(", ")})` : ""}`,
        );
    };
    // Settled by the keeper: with a winner ("settled") or without one ("no_sale": no bid met the
    // reserve, or no sealed bid was revealed).
    const settledStatus = (status: string) => status === "settled" || status === "no_sale";
    const statusOf = async (a: Auction) =>
      (
        (await (await fetch(`${cluster.apiUrl}/api/auctions/${a.id}`)).json()) as {
          auction: { status: string };
        }
      ).auction.status;
    const [apiA] = cluster.apis;
    const [webA] = cluster.webs;
    const [keeper1] = cluster.keepers;

    await fault(
      "kill -9 of the indexer writer, restart",
      () => cluster.writer.kill(),
      async () => cluster.writer.start(),
      0,
    );
    await fault(
      "RPC URL A dead",
      () => cluster.rpcA.down(),
      () => cluster.rpcA.up(),
      options.rpcDeadS,
    );
    await fault(
      "Telegram answers 429 and 5xx",
      async () => cluster.telegram.outage(options.telegramOutageS * 1000),
      async () => {},
      options.telegramOutageS,
    );
    // A reorg of depth ≥ 3 under the load: the blocks' transactions are mined again on the new
    // branch (or dropped by the node); the indexer, the feed and the bot follow the canonical chain.
    let reorg: Awaited<ReturnType<Chain["reorg"]>> | undefined;
    await fault(
      "chain reorg of depth ≥ 3",
      async () => {
        reorg = await chain.reorg(REORG_DEPTH);
        for (const hash of reorg.moved) seenInApi.delete(hash);
        rereadAbove = reorg?.base;
        say(
          `  blocks ${reorg.base + 1}–${reorg.orphanedHead} orphaned (depth ${reorg.orphanedHead - reorg.base}); ${reorg.moved.length} transactions back to the pool, ${reorg.dropped} dropped by the node`,
        );
      },
      async () => {},
      0,
      {
        what: "the indexer on the new branch past the orphaned head",
        check: async () => {
          try {
            const ready = (await (
              await fetch(`${cluster.writer.url}/api/ready`, { signal: AbortSignal.timeout(2_000) })
            ).json()) as { indexedBlock: number | null };
            const followed = (ready.indexedBlock ?? -1) > (reorg?.orphanedHead ?? Number.POSITIVE_INFINITY);
            // Read the feed again now that the index holds the new branch: rows at heights the
            // watcher's cursor had passed on the orphaned branch would be skipped otherwise.
            if (followed) {
              for (const hash of reorg?.moved ?? []) seenInApi.delete(hash);
              rereadAbove = reorg?.base;
            }
            return followed;
          } catch {
            return false;
          }
        },
      },
    );
    await fault(
      "kill -9 of web replica A and API replica A",
      async () => {
        await Promise.all([webA.kill(), apiA.kill()]);
      },
      async () => {
        webA.start();
        apiA.start();
      },
      2,
    );
    // The chain's clock moves past the shortest phases (see load.ts): short English auctions and
    // rolling rounds end, sealed commits turn to reveals. The keepers get to work at once, and one
    // of them is killed in the middle of it.
    const warp = async (target: number, what: string) => {
      const now = await chain.now();
      if (target > now) await rpc(cluster.chain.url, "evm_increaseTime", [target - now]);
      await waitFor(what, async () => (await chain.now()) >= target, { timeoutMs: 30_000, intervalMs: 200 });
      say(
        target > now
          ? `chain clock moved ${target - now} s ahead: ${what}`
          : `chain clock already ${now - target} s past the mark (the run is slow): ${what}`,
      );
    };
    await warp(t0 + PHASE + 90, "short auctions and rolling rounds ended, sealed bids revealing");
    const calmS = options.calmS;
    options.calmS = 1; // the keeper fault follows the move at once: mid-settlement
    await fault(
      "kill -9 of keeper 1 mid-settlement",
      () => keeper1.kill(),
      async () => keeper1.start(),
      2,
    );
    options.calmS = calmS;
    await fault(
      "Postgres stopped",
      () => cluster.postgres.stop(),
      () => cluster.postgres.start(),
      options.postgresDownS,
    );
    await warp(t0 + PHASE + REVEAL + 60, "sealed reveals over, rolling rounds ended again");

    // Steady load to the end of the run.
    const remaining = startedAt + options.durationS * 1000 - Date.now();
    if (remaining > 0) {
      say(`steady load for ${(remaining / 1000).toFixed(0)} s more`);
      await sleep(remaining);
    }
    bidding.stop();
    const biddingEndedAt = Date.now();
    const chainNow = await chain.now();
    const due = auctions.filter((a) => a.dueAt < chainNow - 2);
    // Deal deadlines: the settled auctions' sellers ship, some buyers dispute, and the chain's
    // clock moves past the confirm window and the arbiter's timeout: the keepers release and
    // resolve. (Every other auction ends too and is settled along the way.)
    await waitFor(
      "the keepers to settle the ended auctions before the deals ship",
      async () => (await Promise.all(due.map(statusOf))).every(settledStatus),
      { timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => {});
    await waitFor("every pending transaction to be mined", async () => chain.pending.size === 0, {
      timeoutMs: 60_000,
    }).catch(() => {});
    const deals = await shipDeals(cluster, chain, wallets);
    say(`${deals.length} deals shipped, ${deals.filter((d) => d.disputed).length} of them disputed`);
    await warp((await chain.now()) + DEAL_DEADLINES, "confirm windows and arbiter timeouts over");
    reading.stop();
    generatorDelay.disable();
    await reading.idle();
    const endedAt = Date.now();
    const cpuFigures = cpu.stop();
    say("load stopped; waiting for the index, the keepers and the bot to finish");
    // The clean re-index of the same chain starts only now: it is the run's own check, not part
    // of the cluster, and its backfill took the cores the API replicas needed (run 16: 25 reads
    // timed out just after it started mid-load, Postgres running its writes ahead of them).
    if (options.reindex) cleanIndex = await startCleanIndex(cluster, say);
    await memory.stop();
    writeFileSync(join(cluster.logDir, "memory.csv"), memoryCsv(memory.samples));
    // A generator that outran the chain leaves a queue in the node's pool: wait for it, but a
    // transaction never mined is only never checked (the checks are over mined ones), not fatal.
    await waitFor("every pending transaction to be mined", async () => chain.pending.size === 0, {
      timeoutMs: 180_000,
    }).catch(() => say(`${chain.pending.size} transactions still pending 180 s after the load stopped`));
    const ours = [...chain.mined.values()].filter((t) => t.ok && t.kind !== "setup");
    await waitFor(
      "the API to show every mined transaction",
      async () => ours.every((t) => seenInApi.has(t.hash)),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    ).catch(() => {});
    // Let the auctions whose end passed be settled, the deals acted on, and the bot drain its outbox.
    await waitFor(
      "the keepers to settle every ended auction",
      async () => (await Promise.all(due.map(statusOf))).every(settledStatus),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    ).catch(() => {});
    const dealStatus = async (d: DealJob) =>
      (
        (await (await fetch(`${cluster.apiUrl}/api/deals/${d.id}`)).json()) as {
          deal: { status: string };
        }
      ).deal.status;
    const actedOn = (d: DealJob, status: string) => status === (d.disputed ? "resolved" : "completed");
    // The clock moved past every deadline at once: the keepers' pace through the backlog.
    const deadlinesFrom = Date.now();
    await waitFor(
      "the keepers to act on every deal deadline",
      async () => (await Promise.all(deals.map(async (d) => actedOn(d, await dealStatus(d))))).every(Boolean),
      { timeoutMs: 180_000, intervalMs: 500 },
    ).catch(() => {});
    const deadlinesS = (Date.now() - deadlinesFrom) / 1000;
    const outboxDepth = async () => {
      const text = await (await fetch(`${cluster.bot.url}/metrics`)).text();
      return Number(/^gavel_bot_outbox_depth (\d+)/m.exec(text)?.[1] ?? Number.NaN);
    };
    await waitFor("the bot's outbox to drain", async () => (await outboxDepth()) === 0, {
      timeoutMs: 180_000,
      intervalMs: 500,
    }).catch(() => {});
    await sleep(2_000);
    watchingApi = false;
    await apiWatcher;
    chain.stop();

    // ---- checks
    const checks: ChaosResult["checks"] = [];
    const sick = faults.filter((f) => f.unrecovered);
    checks.push({
      name: "every fault recovered from: every health check green again (within 240 s)",
      ok: sick.length === 0,
      detail: sick.length
        ? sick.map((f) => `${f.name}: ${f.unrecovered}`).join("; ")
        : `${faults.length} faults, slowest recovery ${fmt(Math.max(...faults.map((f) => f.recoveryS)), 1)} s`,
    });
    const missing = ours.filter((t) => !seenInApi.has(t.hash));
    checks.push({
      name: "nothing lost: every mined bid, buy, commit and reveal is in the API",
      ok: missing.length === 0,
      detail: `${ours.length - missing.length}/${ours.length}${missing.length ? `; missing e.g. ${missing[0]?.hash}` : ""}`,
    });
    // A signed-out visitor may first get a kept page up to PAGE_CACHE_SECONDS + _STALE_SECONDS
    // old (it catches up from its live stream); the request renders it again behind it. One
    // visit to each page first, then the check reads what the next visitor gets. An auction's
    // page shows its latest bids; its whole history is the page /auction/{id}/bids.
    const pagesOf = (auction: Auction) => [
      `${cluster.webUrl}/auction/${auction.id}`,
      `${cluster.webUrl}/auction/${auction.id}/bids`,
    ];
    await Promise.all(
      auctions.flatMap(pagesOf).map((url) =>
        fetch(url)
          .then((r) => r.arrayBuffer())
          .catch(() => {}),
      ),
    );
    await sleep(3_000);
    const pageFailures: string[] = [];
    let pageBids = 0;
    for (const auction of auctions) {
      const [pageUrl, historyUrl] = pagesOf(auction) as [string, string];
      const [api, page, historyPage] = await Promise.all([
        fetch(`${cluster.apiUrl}/api/auctions/${auction.id}`).then(
          (r) =>
            r.json() as Promise<{
              auction: { bidCount: number };
              bids: { transactionHash: string }[];
              commitments: unknown[];
            }>,
        ),
        ...[pageUrl, historyUrl].map((url) =>
          fetch(url).then(async (r) => ({ status: r.status, html: await r.text() })),
        ),
      ]);
      const mined = ours.filter((t) => t.auctionId === auction.id && t.kind === "bid");
      const inDetail = new Set(api.bids.map((b) => b.transactionHash));
      const absent = mined.filter((t) => !inDetail.has(t.hash) && api.bids.length < 200);
      if (absent.length) pageFailures.push(`#${auction.id}: ${absent.length} bids not in its API detail`);
      for (const [what, answer] of [
        ["page", page],
        ["bid history page", historyPage],
      ] as const) {
        if (answer?.status !== 200 || !answer.html.includes(auction.title))
          pageFailures.push(`#${auction.id}: ${what} ${answer?.status}`);
      }
      // On the history page: one line per bid (a bid a proxy answered shows as "beaten" plus the
      // automatic line), one line per sealed commitment.
      const html = historyPage?.html ?? "";
      const list = (testId: string) => {
        const from = html.indexOf(`data-testid="${testId}"`);
        return from < 0 ? "" : html.slice(from, html.indexOf("</ol>", from));
      };
      const count = (text: string, needle: string) => text.split(needle).length - 1;
      if (auction.format === "english" || auction.format === "rolling") {
        const history = list("bid-history");
        const lines = count(history, 'data-kind="bid"') + count(history, 'data-kind="beaten"');
        if (lines < Math.min(mined.length, 200))
          pageFailures.push(
            `#${auction.id}: ${lines} bid lines in its history for ${mined.length} mined bids`,
          );
      } else if (auction.format === "sealed") {
        // Every commitment the index holds (which equals a clean re-index, checked below), and at
        // least every commit the generator saw mined: after a reorg it may count as dropped a commit
        // that a later block of the new branch did include, which the page then rightly shows.
        const commits = ours.filter((t) => t.auctionId === auction.id && t.kind === "commit").length;
        const lines = count(list("commitments"), "<li");
        if (lines !== api.commitments.length || lines < commits)
          pageFailures.push(
            `#${auction.id}: ${lines} commitments in its history, ${api.commitments.length} in its API detail, ${commits} seen mined`,
          );
      }
      pageBids += mined.length;
    }
    checks.push({
      name: "nothing lost on the pages: every mined bid in its auction's API detail and its web bid history",
      ok: pageFailures.length === 0,
      detail: pageFailures.length
        ? pageFailures.slice(0, 5).join("; ")
        : `${auctions.length} auction pages, ${pageBids} bids`,
    });

    const repeats = await repeatedMessages(cluster);
    checks.push({
      name: "nothing repeated: each (notification, chat) delivered once",
      ok: repeats.repeated.length === 0 && repeats.followerMessages > 0 && repeats.unknown === 0,
      detail: `${cluster.telegram.sent.length} messages, ${repeats.followerMessages} to followers carrying ${repeats.rows} (event, chat) rows, ${repeats.repeated.length} repeated${repeats.unknown ? `, ${repeats.unknown} rows name a message Telegram never got` : ""}${repeats.repeated[0] ? `; e.g. chat ${repeats.repeated[0].chatId}: ${JSON.stringify(repeats.repeated[0].text.slice(0, 120))}` : ""}`,
    });

    const statuses = await Promise.all(due.map(async (a) => ({ a, status: await statusOf(a) })));
    const unsettled = statuses.filter((s) => !settledStatus(s.status));
    const dealStates = await Promise.all(deals.map(async (d) => ({ d, status: await dealStatus(d) })));
    const notActedOn = dealStates.filter(({ d, status }) => !actedOn(d, status));
    // The keepers' own transactions, read from the chain: a job both copies sent costs at most one
    // reverted transaction (the loser's), never more.
    const keeperTxs = [...chain.byOthers.values()];
    const perJob = new Map<string, { ok: number; reverted: number }>();
    for (const t of keeperTxs) {
      const key = `${t.to}:${t.input}`;
      const counts = perJob.get(key) ?? { ok: 0, reverted: 0 };
      if (t.ok) counts.ok++;
      else counts.reverted++;
      perJob.set(key, counts);
    }
    const reverted = keeperTxs.filter((t) => !t.ok).length;
    const twiceReverted = [...perJob.values()].filter((c) => c.reverted > 1).length;
    const doneJobs = keeperTxs.filter((t) => t.ok).length;
    checks.push({
      name: "every ended auction settled and every deal deadline acted on by the keepers, at most one reverted transaction per double submission",
      ok:
        unsettled.length === 0 &&
        notActedOn.length === 0 &&
        twiceReverted === 0 &&
        due.length > 0 &&
        deals.length > 0,
      detail: `${due.length - unsettled.length}/${due.length} ended auctions settled, ${deals.length - notActedOn.length}/${deals.length} deal deadlines acted on (${deals.filter((d) => d.disputed).length} disputes timed out) ${notActedOn.length ? "in" : "within"} ${fmt(deadlinesS, 0)} s of passing all at once; the keepers sent ${keeperTxs.length} transactions, ${doneJobs} done, ${reverted} reverted, ${twiceReverted} jobs reverted more than once${unsettled.length ? `; unsettled: ${unsettled.map((s) => `#${s.a.id} ${s.status}`).join(", ")}` : ""}${notActedOn.length ? `; deals not acted on: ${notActedOn.map(({ d, status }) => `#${d.id} ${status}`).join(", ")}` : ""}`,
    });

    const memoryFigures = cluster
      .services()
      .map((s) => memoryFigure(s.name, memory.samples.get(s.name) ?? []));
    const grew = memoryFigures.filter((m) => m.grew);
    checks.push({
      name: "steady state: no process's memory grew beyond noise (lowest live heap, after a full collection, of the late run against the early run's)",
      ok: grew.length === 0,
      detail: grew.length
        ? grew
            .map(
              (m) =>
                `${m.name} ${m.measure} floor ${fmt(m.earlyFloorMb, 0)} → ${fmt(m.lateFloorMb, 0)} MB (allowed +${fmt(allowedGrowthMb(m.earlyFloorMb ?? 0), 0)})`,
            )
            .join("; ")
        : `${memoryFigures.filter((m) => !m.unjudged).length} processes judged, none grew by more than max(20 MB, 25 %)`,
    });

    if (cleanIndex) {
      const result = await compareWithReindex(cluster, cleanIndex);
      checks.push({
        name: "the index equals a clean re-index of the same chain (row checksums)",
        ok: result.ok,
        detail: result.detail,
      });
    }

    // ---- figures
    const inWindow = (at: number) => windows.some(([a, b]) => at >= a && at <= b + 2_000);
    // A read belongs to a fault if it was under way while the fault lasted: one sent just before
    // Postgres stopped and answered 500 a moment later is the fault's, not the steady state's.
    const readInWindow = (r: Read) => windows.some(([a, b]) => r.at + r.ms >= a && r.at <= b + 2_000);
    const failed = (r: Read) => r.status === 0 || r.status >= 500;
    const apiLatency = (from: number, to: number) =>
      ours
        .filter((t) => t.minedAt >= from && t.minedAt <= to && seenInApi.has(t.hash))
        .map((t) => ((seenInApi.get(t.hash) as number) - t.minedAt) / 1000);
    const telegramLatency = telegramLatencies(cluster, ours);
    for (const [i, f] of faults.entries()) {
      const [from, to] = windows[i] as [number, number];
      const failures = reading.reads.filter((r) => r.at + r.ms >= from && r.at <= to + 2_000 && failed(r));
      f.errors5xx = failures.length;
      const kinds = new Map<string, number>();
      for (const r of failures) {
        const kind = `${r.target} ${r.status || `no answer (${r.error})`}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      f.errorKinds = [...kinds].map(([kind, n]) => `${kind}×${n}`).join(", ");
      f.worstTxToApiS = Math.max(...apiLatency(from, to + 10_000), Number.NEGATIVE_INFINITY);
      if (!Number.isFinite(f.worstTxToApiS)) f.worstTxToApiS = undefined;
      const tg = telegramLatency.filter((l) => l.minedAt >= from && l.minedAt <= to + 10_000).map((l) => l.s);
      f.worstTxToTelegramS = tg.length ? Math.max(...tg) : undefined;
    }
    const outside = reading.reads.filter((r) => failed(r) && !readInWindow(r));
    const described = outside.slice(0, 4).map((r) => {
      const nearest = windows.reduce(
        (best, [, end]) => (Math.abs(r.at - end) < Math.abs(r.at - best) ? end : best),
        0,
      );
      return `${r.target} ${r.status || `no answer (${r.error})`} after ${r.ms.toFixed(0)} ms, ${((r.at - nearest) / 1000).toFixed(1)} s from a window's end`;
    });
    checks.push({
      name: "no 5xx outside the fault windows",
      ok: outside.length === 0,
      detail: `${outside.length}${described.length ? `: ${described.join("; ")}` : ""}`,
    });

    const seconds = (endedAt - startedAt) / 1000;
    // The bidders' rate over the seconds they bid (the deals shipped after it are not bids).
    const biddingSeconds = (biddingEndedAt - startedAt) / 1000;
    const bidLike = ours.filter((t) => BID_LIKE.has(t.kind));
    const steady = (r: Read) => !readInWindow(r);
    const apiReads = reading.reads.filter((r) => r.target.startsWith("api") && steady(r)).map((r) => r.ms);
    const webReads = reading.reads.filter((r) => r.target.startsWith("web") && steady(r)).map((r) => r.ms);
    const calm = (t: { minedAt: number }) => !inWindow(t.minedAt);
    // The seconds of the load outside every fault window (as inWindow counts them).
    const calmSeconds =
      seconds -
      windows.reduce(
        (sum, [a, b]) => sum + Math.max(0, Math.min(b + 2_000, endedAt) - Math.max(a, startedAt)) / 1000,
        0,
      );
    const toMined = ours.map((t) => (t.minedAt - t.sentAt) / 1000);
    const events = await countActivity(cluster);
    const figures = [
      {
        name: "bid-like transactions mined (ok)",
        value: `${bidLike.length} (${(bidLike.length / biddingSeconds).toFixed(1)}/s over ${biddingSeconds.toFixed(0)} s of bidding; ${bidding.failures()} failed or reverted)`,
      },
      {
        name: "reads",
        value: `${reading.reads.length} (${(reading.reads.length / seconds).toFixed(1)}/s; ${(reading.reads.filter((r) => !inWindow(r.at)).length / calmSeconds).toFixed(1)}/s sent outside the fault windows)`,
      },
      {
        name: "load generator",
        value: `${bidding.sent()} bid-like transactions sent (${(bidding.sent() / biddingSeconds).toFixed(1)}/s), seen mined after p50 ${fmt(pct(toMined, 50))} s, p95 ${fmt(pct(toMined, 95))} s; no auction could take the next one in ${(bidding.wantingShare() * 100).toFixed(0)} % of its 50 ms ticks, and ${bidding.lost()} owed were never sent; event-loop delay p95 ${fmt(generatorDelay.percentile(95) / 1e6, 0)} ms, p99 ${fmt(generatorDelay.percentile(99) / 1e6, 0)} ms`,
      },
      {
        name: "tx→API p95 (s, outside faults)",
        value: fmt(
          pct(
            ours
              .filter((t) => calm(t) && seenInApi.has(t.hash))
              .map((t) => ((seenInApi.get(t.hash) as number) - t.minedAt) / 1000),
            95,
          ),
        ),
      },
      {
        name: "tx→Telegram p95 (s, outside faults)",
        value: fmt(
          pct(
            telegramLatency.filter(calm).map((l) => l.s),
            95,
          ),
        ),
      },
      { name: "API p99 (ms, outside faults)", value: fmt(pct(apiReads, 99), 0) },
      { name: "web render p95 (ms, outside faults)", value: fmt(pct(webReads, 95), 0) },
      { name: "CPU during the load (cores busy, by part)", value: cpuLine(cpuFigures) },
      { name: "web page cache (both replicas as they ended)", value: await pageCacheOutcomes(cluster) },
      { name: "events indexed", value: `${events} (${(events / seconds).toFixed(1)}/s over the run)` },
      {
        name: "Telegram messages",
        value: `${cluster.telegram.sent.length} (${cluster.telegram.rateLimited()} answered 429 by the limits)`,
      },
    ];
    const metricNames = await exposedMetrics(cluster);
    const table = renderTable(options, faults, checks, figures, memoryFigures);
    return {
      options,
      faults,
      checks,
      figures,
      memory: memoryFigures,
      table,
      ok: checks.every((c) => c.ok),
      metricNames,
    };
  }
}

/**
 * For each message to a follower: seconds since the oldest event of its auction it was the first
 * to report to that chat (events are the auction's mined bid-like transactions).
 */
function telegramLatencies(cluster: Cluster, ours: { auctionId?: bigint; minedAt: number }[]) {
  const byAuction = new Map<string, number[]>();
  for (const t of ours) {
    if (t.auctionId === undefined) continue;
    const list = byAuction.get(t.auctionId.toString()) ?? [];
    list.push(t.minedAt);
    byAuction.set(t.auctionId.toString(), list);
  }
  for (const list of byAuction.values()) list.sort((a, b) => a - b);
  const reported = new Map<string, number>();
  const out: { minedAt: number; s: number }[] = [];
  for (const m of cluster.telegram.sent) {
    if (m.chatId < FIRST_FOLLOWER_CHAT) continue;
    const id = /#(\d+)/.exec(m.text)?.[1];
    const events = id ? byAuction.get(id) : undefined;
    if (!id || !events) continue;
    const key = `${m.chatId}:${id}`;
    const from = reported.get(key) ?? 0;
    const upTo = events.filter((t) => t <= m.at).length;
    if (upTo > from) {
      const minedAt = events[from] as number;
      out.push({ minedAt, s: (m.at - minedAt) / 1000 });
      reported.set(key, upTo);
    }
  }
  return out;
}

/**
 * Repeats, per (event, chat): each outbox row (one event for one chat) names the Telegram message
 * that carried it. A message the stand-in delivered to a follower that no row names was sent while
 * its rows' mark never committed, and its rows went out again: a repeat. (Rows of one chat due
 * together fold into one message, so rows and messages are not one to one.)
 */
async function repeatedMessages(cluster: Cluster) {
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ chat_id: string; message_id: string | null }>(
      "select chat_id, message_id from bot.outbox where sent_at is not null and chat_id >= $1",
      [FIRST_FOLLOWER_CHAT],
    );
    const named = new Set(rows.map((r) => `${r.chat_id}/${r.message_id}`));
    const toFollowers = cluster.telegram.sent.filter((m) => m.chatId >= FIRST_FOLLOWER_CHAT);
    const delivered = new Set(toFollowers.map((m) => `${m.chatId}/${m.message.message_id}`));
    return {
      rows: rows.length,
      followerMessages: toFollowers.length,
      repeated: toFollowers.filter((m) => !named.has(`${m.chatId}/${m.message.message_id}`)),
      unknown: [...named].filter((k) => !delivered.has(k)).length,
    };
  } finally {
    await pool.end();
  }
}

async function countActivity(cluster: Cluster): Promise<number> {
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query(`select count(*)::int as n from "${cluster.schema}".activity`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await pool.end();
  }
}

interface CleanIndex {
  url: string;
  pid: number | undefined;
  schema: string;
  log: string[];
  stop(): Promise<void>;
}

/** A second `ponder start` indexing the same chain from block 0 into a fresh schema. */
async function startCleanIndex(cluster: Cluster, say: (line: string) => void): Promise<CleanIndex> {
  say("re-indexing the chain into a fresh schema for the row checksums");
  const port = await freePort();
  const schema = `${cluster.schema}_clean`;
  const log: string[] = [];
  const child = startProcess(
    "clean re-index",
    process.execPath,
    [
      join(indexerDir, "node_modules/ponder/dist/esm/bin/ponder.js"),
      "start",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    {
      cwd: indexerDir,
      env: {
        PONDER_TELEMETRY_DISABLED: "true",
        CHAIN_ID: String(cluster.chainId),
        RPC_URL: cluster.chain.url,
        DATABASE_URL: cluster.databaseUrl,
        DATABASE_SCHEMA: schema,
        GAVEL_ADDRESSES: JSON.stringify(cluster.addresses),
        TEST_USDC_ADDRESS: "",
        WEB_ORIGIN: "",
      },
      onLine: (line) => {
        log.push(line);
        if (log.length > 2_000) log.splice(0, 500);
      },
    },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.process.pid,
    schema,
    log,
    stop: () => child.stop(),
  };
}

/** Compares every table of the live index with the clean re-index's once both passed the same head. */
async function compareWithReindex(cluster: Cluster, clean: CleanIndex) {
  // The chain keeps mining empty blocks; both indexes are compared once past the same head.
  const head = Number.parseInt(await rpc<string>(cluster.chain.url, "eth_blockNumber"), 16);
  const { schema, log } = clean;
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 });
  try {
    const indexed = async (url: string) =>
      ((await (await fetch(`${url}/api/ready`)).json()) as { indexedBlock: number | null }).indexedBlock ??
      -1;
    await waitFor("the clean re-index to pass the head", async () => (await indexed(clean.url)) >= head, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    await waitFor(
      "the live index to pass the head",
      async () => (await indexed(cluster.writer.url)) >= head,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const tables = (
      await pool.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like '\\_%' order by 1",
        [cluster.schema],
      )
    ).rows.map((r) => r.table_name);
    const differ: string[] = [];
    let rows = 0;
    for (const table of tables) {
      // Rows up to the common head only: blocks mined after it may be in one index and not yet the other.
      const sum = async (s: string) =>
        (
          await pool.query<{ n: number; md5: string | null }>(
            `select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from "${s}"."${table}" t`,
          )
        ).rows[0];
      const [live, clean] = await Promise.all([sum(cluster.schema), sum(schema)]);
      rows += live?.n ?? 0;
      if (live?.md5 !== clean?.md5) differ.push(`${table} (${live?.n} vs ${clean?.n} rows)`);
    }
    return {
      ok: differ.length === 0 && tables.length > 0,
      detail: differ.length ? `differ: ${differ.join(", ")}` : `${tables.length} tables, ${rows} rows equal`,
    };
  } catch (error) {
    return { ok: false, detail: `${(error as Error).message}\n${log.slice(-10).join("\n")}` };
  } finally {
    await pool.end();
    await clean.stop();
  }
}

/**
 * How the web replicas' page caches answered signed-out visitors, summed over the replicas as they
 * ended (a replica killed in the run counts from its restart): "hit 91 %, stale 6 %, … of N".
 */
async function pageCacheOutcomes(cluster: Cluster): Promise<string> {
  const counts = new Map<string, number>();
  for (const service of cluster.services().filter((s) => s.name.startsWith("web"))) {
    const text = await fetch(`${service.url}/metrics`)
      .then((r) => r.text())
      .catch(() => ""); // a replica not answering counts nothing
    for (const [, outcome, value] of text.matchAll(
      /^gavel_web_page_cache_total\{[^}]*outcome="(\w+)"[^}]*\} (\S+)$/gm,
    ))
      counts.set(outcome as string, (counts.get(outcome as string) ?? 0) + Number(value));
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return "no signed-out page requests counted";
  const parts = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${o} ${((n / total) * 100).toFixed(1)} %`);
  return `${parts.join(", ")} of ${total} requests`;
}

/** Metric names every service exposes on /metrics (writer, replicas, web, bot, keepers). */
async function exposedMetrics(cluster: Cluster): Promise<Set<string>> {
  const names = new Set<string>();
  for (const service of cluster.services()) {
    try {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      for (const name of exposedMetricNames(text)) names.add(name);
    } catch {
      // reported by the caller as a missing metric
    }
  }
  return names;
}

function renderTable(
  options: ChaosOptions,
  faults: FaultResult[],
  checks: ChaosResult["checks"],
  figures: ChaosResult["figures"],
  memory: ChaosResult["memory"],
): string {
  const lines: string[] = [];
  lines.push(
    `load: ${options.wallets} wallets, ${options.auctions} auctions (4 formats), ${options.bidsPerSecond} bids/s target, ${options.readsPerSecond} reads/s target, ${options.followers} following chats, ${options.durationS} s`,
  );
  lines.push("");
  lines.push(
    "| fault | API ready after (s) | web after (s) | bot after (s) | all after (s) | 5xx during | worst tx→API (s) | worst tx→Telegram (s) | restarted by the supervisor |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|");
  for (const f of faults) {
    lines.push(
      `| ${f.name} | ${f.apiS.toFixed(1)} | ${f.webS.toFixed(1)} | ${f.botS.toFixed(1)} | ${f.unrecovered ? "not within " : ""}${f.recoveryS.toFixed(1)} | ${f.errors5xx}${f.errorKinds ? ` (${f.errorKinds})` : ""} | ${fmt(f.worstTxToApiS)} | ${fmt(f.worstTxToTelegramS)} | ${f.restarted.join(", ") || "—"} |`,
    );
  }
  lines.push("");
  lines.push("| check | result | detail |");
  lines.push("|---|---|---|");
  for (const c of checks)
    lines.push(`| ${c.name} | ${c.ok ? "ok" : "FAILED"} | ${c.detail.replaceAll("\n", " ")} |`);
  lines.push("");
  lines.push("| figure | value |");
  lines.push("|---|---|");
  for (const f of figures) lines.push(`| ${f.name} | ${f.value} |`);
  lines.push("");
  lines.push(
    "| process | RSS at start (MB) | RSS at end (MB) | compared | early floor (MB) | late floor (MB) | growth |",
  );
  lines.push("|---|---|---|---|---|---|---|");
  for (const m of memory) {
    const growth = m.unjudged
      ? `not judged: ${m.unjudged}`
      : `${m.grew ? "GREW " : ""}${fmt((m.lateFloorMb ?? 0) - (m.earlyFloorMb ?? 0), 0)} MB`;
    lines.push(
      `| ${m.name} | ${fmt(m.startMb, 0)} | ${fmt(m.endMb, 0)} | ${m.measure ?? "—"} | ${fmt(m.earlyFloorMb, 0)} | ${fmt(m.lateFloorMb, 0)} | ${growth} |`,
    );
  }
  return lines.join("\n");
}

export type { Hex };
