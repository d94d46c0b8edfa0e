// The keeper: settles ended auctions, releases deals whose confirm window has passed and splits
// disputes the arbiter left past its deadline. Every one of these is open to anyone on-chain;
// the keeper only saves people the trouble. It holds no funds (its key needs gas, nothing else),
// asks the indexer what is due, simulates each call first (so a job someone else already did is
// skipped, not reverted on-chain) and is safe to run as several copies.
//
// The process itself is src/main.ts:
//   RPC_URL=… INDEXER_URL=… KEEPER_PRIVATE_KEY=0x… node scripts/keeper/src/main.ts
import { createServer } from "node:http";
import { englishAuctionHouseAbi } from "@gavel/sdk";
import { connectGasKey, GasKeyRefusedError } from "@gavel/sdk/gas-key";
import { splitRpcUrls } from "@gavel/sdk/transport";
import pino from "pino";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  encodePacked,
  type Hex,
  http,
  keccak256,
} from "viem";
import { z } from "zod";

/** A configuration refused once the chain is known; the message names the variable. */
export class KeeperConfigError extends Error {
  override name = "KeeperConfigError";
}

const EnvSchema = z.object({
  /** One or more http(s) URLs, comma-separated: the keeper fails over from one to the next. */
  RPC_URL: z
    .string()
    .transform(splitRpcUrls)
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be http(s) URLs, comma-separated" })).min(1)),
  INDEXER_URL: z.url({ protocol: /^https?$/ }),
  KEEPER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex private key (0x…)"),
  KEEPER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  KEEPER_HOST: z.string().default("127.0.0.1"),
  KEEPER_PORT: z.coerce.number().int().min(0).max(65_535).default(3200),
  /** Jobs per round at most, so one round never runs away with a backlog. */
  KEEPER_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});
export type KeeperEnv = z.infer<typeof EnvSchema>;

export function readKeeperEnv(source: NodeJS.ProcessEnv = process.env): KeeperEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid keeper configuration:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}

/** The three kinds of work and the house function each calls. */
type JobKind = "settle" | "release" | "resolveAfterTimeout";
export interface Job {
  kind: JobKind;
  house: Address;
  id: bigint;
}

// Every house shares `settle`, `release` and `resolveAfterTimeout` (AuctionHouseBase and
// DealEscrow), so one ABI serves all formats.
const houseAbi = englishAuctionHouseAbi;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function graphql<T>(indexerUrl: string, query: string): Promise<T> {
  const response = await fetch(`${indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`graphql: ${body.errors?.map((e) => e.message).join("; ") ?? `HTTP ${response.status}`}`);
  }
  return body.data;
}

/**
 * What is due now, according to the indexer. Its times already follow the contracts: an auction
 * whose end a pause moved is not "ended" until the moved end, and a deal's `confirmDeadline`
 * includes the buyer's extension. Every job is simulated before it is sent anyway (`whyNot`).
 * Up to `batch` of each kind; the round takes `batch` of them in its own order (`orderFor`).
 */
export async function dueJobs(indexerUrl: string, now: bigint, batch: number): Promise<Job[]> {
  const ended = await getJson<{ items: { id: string; house: Address }[] }>(
    `${indexerUrl}/api/auctions?status=ended&sort=ending&limit=${Math.min(batch, 100)}`,
  );
  const deals = await graphql<{
    release: { items: { id: string; house: Address }[] };
    timeout: { items: { id: string; house: Address }[] };
  }>(
    indexerUrl,
    `{
      release: deals(where: { status: "shipped", confirmDeadline_lt: "${now}" }, limit: ${batch}) { items { id house } }
      timeout: deals(where: { status: "disputed", arbiterDeadline_lt: "${now}" }, limit: ${batch}) { items { id house } }
    }`,
  );
  return [
    ...ended.items.map((a) => ({ kind: "settle" as const, house: a.house, id: BigInt(a.id) })),
    ...deals.release.items.map((d) => ({ kind: "release" as const, house: d.house, id: BigInt(d.id) })),
    ...deals.timeout.items.map((d) => ({
      kind: "resolveAfterTimeout" as const,
      house: d.house,
      id: BigInt(d.id),
    })),
  ];
}

/**
 * The order in which the keeper with this address works through `jobs`: shuffled by a hash of the
 * address and the job, so two copies start on different jobs instead of racing for the same one
 * (the loser's simulation finds it done, and the work of the round halves), and no kind of job
 * waits behind a backlog of another. The same address always gets the same order.
 */
export function orderFor(keeper: Address, jobs: Job[]): Job[] {
  const rank = (job: Job) =>
    keccak256(
      encodePacked(["address", "string", "address", "uint256"], [keeper, job.kind, job.house, job.id]),
    );
  return jobs
    .map((job) => ({ job, rank: rank(job) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .map(({ job }) => job);
}

export async function startKeeper(env: KeeperEnv) {
  const log = pino({ level: env.LOG_LEVEL, base: { service: "keeper" } });
  const { account, chainId, publicClient, wallet } = await connectGasKey({
    rpcUrl: env.RPC_URL,
    privateKey: env.KEEPER_PRIVATE_KEY as Hex,
    variable: "KEEPER_PRIVATE_KEY",
    service: "keeper",
  }).catch((error) => {
    throw error instanceof GasKeyRefusedError ? new KeeperConfigError(error.message) : error;
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gavel_keeper_" });
  const jobs = new Counter({
    name: "gavel_keeper_jobs_total",
    help: "Jobs by kind and outcome (done, skipped: someone else did it or it is not due, failed)",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const rounds = new Counter({
    name: "gavel_keeper_rounds_total",
    help: "Polling rounds by outcome",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const lastRound = new Gauge({
    name: "gavel_keeper_last_round_timestamp_seconds",
    help: "When the last successful round finished",
    registers: [registry],
  });

  // Fail-over hides a dead URL from every request (they go to the live one), so each round asks
  // every URL for the head on its own: an operator learns that the spare is gone before the last one
  // goes too. Labelled by position in RPC_URL, never by the URL (it may hold a provider's key).
  const rpcUrlUp = new Gauge({
    name: "gavel_keeper_rpc_url_up",
    help: "Whether each RPC_URL entry answered eth_blockNumber in the last round (1) or not (0), by its position (0-based)",
    labelNames: ["position"] as const,
    registers: [registry],
  });
  const probes = env.RPC_URL.map((url) =>
    createPublicClient({ transport: http(url, { timeout: 3_000, retryCount: 0 }) }),
  );
  const probeUrls = () =>
    Promise.all(
      probes.map(async (probe, position) => {
        const up = await probe.getBlockNumber({ cacheTime: 0 }).then(
          () => 1,
          () => 0,
        );
        rpcUrlUp.set({ position: String(position) }, up);
      }),
    );

  let healthy = false;
  let stopped = false;
  const server = createServer(async (req, res) => {
    if (req.url === "/health") {
      res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: healthy, keeper: account.address, chainId }));
    } else if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(await registry.metrics());
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not found" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(env.KEEPER_PORT, env.KEEPER_HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.KEEPER_PORT;
  log.info({ keeper: account.address, chainId, port }, "keeper started");

  /** The on-chain reason `job` cannot run now (already done, not due yet), or undefined if it can. */
  async function whyNot(job: Job): Promise<string | undefined> {
    try {
      await publicClient.simulateContract({
        account,
        address: job.house,
        abi: houseAbi,
        functionName: job.kind,
        args: [job.id],
      });
      return undefined;
    } catch (error) {
      const revert =
        error instanceof BaseError
          ? error.walk((e) => e instanceof ContractFunctionRevertedError)
          : undefined;
      if (revert instanceof ContractFunctionRevertedError)
        return revert.data?.errorName ?? revert.reason ?? "reverted";
      throw error;
    }
  }

  async function runJob(job: Job): Promise<void> {
    const fields = { kind: job.kind, house: job.house, id: job.id.toString() };
    const skip = (reason: string) => {
      // Already settled/released (perhaps by another keeper), or not due yet on-chain.
      jobs.inc({ kind: job.kind, outcome: "skipped" });
      log.debug({ ...fields, reason }, `${job.kind} skipped`);
    };
    try {
      const reason = await whyNot(job);
      if (reason) return skip(reason);
      const hash = await wallet.writeContract({
        address: job.house,
        abi: houseAbi,
        functionName: job.kind,
        args: [job.id],
      });
      // Bounded: a receipt that never comes (the node died with the transaction) fails the job,
      // which the next round simulates again instead of hanging the keeper.
      // Asked every second (viem's default over HTTP is every 4 s): the jobs of a round run one
      // after another, so the wait for each receipt is the keeper's pace.
      const receipt = await publicClient.waitForTransactionReceipt({
        hash,
        timeout: 60_000,
        pollingInterval: 1_000,
      });
      if (receipt.status === "success") {
        jobs.inc({ kind: job.kind, outcome: "done" });
        log.info({ ...fields, tx: hash, gasUsed: receipt.gasUsed.toString() }, `${job.kind} done`);
      } else {
        skip("reverted on-chain: done by someone else between simulation and inclusion");
      }
    } catch (error) {
      // Sending failed (e.g. gas estimation hit the same race). If the call would now revert,
      // someone else did the job; otherwise it is a real failure, retried next round.
      const reason = await whyNot(job).catch(() => undefined);
      if (reason) return skip(reason);
      jobs.inc({ kind: job.kind, outcome: "failed" });
      log.error(
        { ...fields, err: error instanceof Error ? error.message : String(error) },
        `${job.kind} failed`,
      );
    }
  }

  async function round(): Promise<void> {
    const probed = probeUrls();
    try {
      const block = await publicClient.getBlock();
      const due = orderFor(
        account.address,
        await dueJobs(env.INDEXER_URL, block.timestamp, env.KEEPER_BATCH),
      ).slice(0, env.KEEPER_BATCH);
      // One at a time: the keeper's own nonce stays in order and the chain sees no burst.
      for (const job of due) {
        if (stopped) return;
        await runJob(job);
      }
      healthy = true;
      rounds.inc({ outcome: "ok" });
      lastRound.setToCurrentTime();
    } catch (error) {
      healthy = false;
      rounds.inc({ outcome: "error" });
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "round failed; retrying");
    }
    await probed;
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    current = round().finally(() => {
      if (!stopped) timer = setTimeout(loop, env.KEEPER_INTERVAL_MS);
    });
  };
  loop();

  return {
    port,
    address: account.address,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.info("keeper stopped");
    },
  };
}
