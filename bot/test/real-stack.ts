// The real Gavel stack for the bot's integration test and benchmarks: embedded Postgres, a
// Hardhat node with the contracts deployed by Ignition (a unique deployment id), and the real
// indexer process (`ponder start`), each on a free port, each registered for clean-up.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deployLocal, forgetDeployment, repoRoot, startHardhatNode } from "@gavel/scripts/lib/chain.ts";
import { freePort, waitFor } from "@gavel/scripts/lib/ports.ts";
import { startPostgres } from "@gavel/scripts/lib/postgres.ts";
import { startProcess } from "@gavel/scripts/lib/processes.ts";
import type { Cleanup } from "./helpers.ts";

const DATA_ROOT = fileURLToPath(new URL("../../.data", import.meta.url));

export interface ChainStack {
  rpcUrl: string;
  chainId: number;
  /** Contract name → address (TestUSDC, GavelConfig, EnglishAuctionHouse, …). */
  addresses: Record<string, `0x${string}`>;
  indexerUrl: string;
  databaseUrl: string;
  /** Every line the indexer printed. */
  indexerOutput: string[];
  /** Stops the indexer (to see how the bot copes without it). */
  stopIndexer(): Promise<void>;
}

export interface ChainStackOptions {
  /** How often the indexer polls the chain (Ponder's minimum is 100 ms). */
  pollingIntervalMs?: number;
}

export async function startChainStack(
  cleanup: Cleanup,
  options: ChainStackOptions = {},
): Promise<ChainStack> {
  const tag = randomBytes(4).toString("hex");
  const postgres = await startPostgres({
    dataDir: `${DATA_ROOT}/tmp-bot-chain-${tag}`,
    port: await freePort(),
    ephemeral: true,
  });
  cleanup.add(() => postgres.stop());
  const databaseUrl = await postgres.createDatabase("gavel_bot_it");

  const chainLines: string[] = [];
  const node = await startHardhatNode(await freePort(), (line) => chainLines.push(line));
  cleanup.add(() => node.stop());

  const deploymentId = `bot-test-${tag}`;
  cleanup.add(async () => forgetDeployment(deploymentId));
  const deployment = await deployLocal(node.url, { deploymentId });

  const indexerPort = await freePort();
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  const indexerOutput: string[] = [];
  const indexer = startProcess(
    "indexer",
    join(repoRoot, "indexer/node_modules/.bin/ponder"),
    ["start", "--hostname", "127.0.0.1", "--port", String(indexerPort), "--log-format", "json"],
    {
      cwd: join(repoRoot, "indexer"),
      env: {
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: `indexer_${tag}`,
        RPC_URL: node.url,
        CHAIN_ID: String(deployment.chainId),
        GAVEL_ADDRESSES: JSON.stringify(deployment.addresses),
        POLLING_INTERVAL_MS: String(options.pollingIntervalMs ?? 100),
        PONDER_TELEMETRY_DISABLED: "true",
      },
      onLine: (line) => {
        indexerOutput.push(line);
        if (process.env.BOT_TEST_LOG) console.error(`[indexer] ${line}`);
      },
    },
  );
  cleanup.add(() => indexer.stop());
  let exited: string | undefined;
  void indexer.exited.then((code) => {
    exited = `the indexer exited (${code}):\n${indexerOutput.slice(-20).join("\n")}`;
  });
  await waitFor(
    "the indexer's /api/ready",
    async () => (await fetch(`${indexerUrl}/api/ready`)).status === 200,
    { timeoutMs: 120_000, intervalMs: 200, abort: () => exited },
  );
  return {
    rpcUrl: node.url,
    chainId: deployment.chainId,
    addresses: deployment.addresses,
    indexerUrl,
    databaseUrl,
    indexerOutput,
    stopIndexer: () => indexer.stop(),
  };
}
