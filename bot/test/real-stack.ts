// The real Gavel stack for the bot's integration tests and benchmarks: the shared test stack
// (scripts/lib/stack.ts: embedded Postgres, a Hardhat node with its own Ignition deployment, the
// real indexer) registered for clean-up, in the shape the bot's tests use. GAVEL_TEST_LOGS=1
// prints the indexer's log when the stack stops.
import { randomBytes } from "node:crypto";
import { startStack, waitCaughtUp } from "@gavel/scripts/lib/stack.ts";
import type { Cleanup } from "./helpers.ts";

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
  const stack = await startStack("bot", { database: "gavel_bot_it" });
  cleanup.add(() => stack.stop());
  const indexer = await stack.startIndexer(`indexer_${randomBytes(4).toString("hex")}`, {
    POLLING_INTERVAL_MS: String(options.pollingIntervalMs ?? 100),
  });
  await waitCaughtUp(indexer);
  return {
    rpcUrl: stack.chain.url,
    chainId: stack.deployment.chainId,
    addresses: stack.addresses,
    indexerUrl: indexer.url,
    databaseUrl: stack.databaseUrl,
    indexerOutput: indexer.log,
    stopIndexer: () => indexer.stop(),
  };
}
