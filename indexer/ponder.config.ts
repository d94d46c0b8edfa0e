// Ponder configuration, entirely from the environment (validated in src/env.ts). ABIs come only
// from the generated ABIs and addresses of `@gavel/sdk`; one handler file per contract under src/handlers/.
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  testUSDCAbi,
} from "@gavel/sdk";
import { chainTransport } from "@gavel/sdk/transport";
import { createConfig } from "ponder";
import { loadEnv } from "./src/env.ts";
import { reorgAware } from "./src/reorg-aware.ts";

const env = loadEnv();

/**
 * One URL: Ponder rate-limits it, starting at 20 requests/s and creeping up; a burst of local
 * blocks (a test, `evm_mine` in a loop) then queues behind it. A local node has no limit, so on
 * local chains the URL is listed several times: several buckets, same node.
 *
 * Several URLs (fail-over): Ponder would spread requests over them and keep choosing a URL that
 * went dead (a refused connection neither disables it nor spoils its latency score), each miss
 * costing a retry with back-off: 10–12 s from a mined transaction to the API while one of two URLs
 * was dead. So they go to Ponder as one fail-over transport instead (`@gavel/sdk/transport`): each
 * request starts at the URL that answered last and moves on at once from a refused connection, or
 * after 2 s from a silent URL.
 *
 * Every transport made here is `reorgAware` (src/reorg-aware.ts): the logs of a block that a reorg
 * took away between Ponder's two reads of it fail at once, instead of after a minute of retries.
 * The local fan-out stays a list of URL strings (the only form of several buckets Ponder takes), so
 * one local URL keeps Ponder's retries; the reorg tests and the chaos run give two URLs.
 */
const LOCAL_RPC_FANOUT = 8;
const RPC_TIMEOUT_MS = 2_000;
const rpc =
  env.rpcUrls.length > 1
    ? reorgAware(chainTransport(env.rpcUrls, { timeout: RPC_TIMEOUT_MS, retryCount: 0 }))
    : env.disableCache
      ? Array<string>(LOCAL_RPC_FANOUT).fill(env.rpcUrls[0] as string)
      : reorgAware(chainTransport(env.rpcUrls, { timeout: 10_000, retryCount: 0 }));

const at = (address: `0x${string}`) => ({ chain: "chain" as const, address, startBlock: env.startBlock });

export default createConfig({
  database: env.database,
  chains: {
    chain: {
      id: env.chainId,
      rpc,
      pollingInterval: env.pollingIntervalMs,
      disableCache: env.disableCache,
      ethGetLogsBlockRange: env.ethGetLogsBlockRange,
    },
  },
  contracts: {
    TestUSDC: { abi: testUSDCAbi, ...at(env.addresses.TestUSDC) },
    GavelConfig: { abi: gavelConfigAbi, ...at(env.addresses.GavelConfig) },
    EnglishAuctionHouse: { abi: englishAuctionHouseAbi, ...at(env.addresses.EnglishAuctionHouse) },
    DutchAuctionHouse: { abi: dutchAuctionHouseAbi, ...at(env.addresses.DutchAuctionHouse) },
    SealedBidAuctionHouse: { abi: sealedBidAuctionHouseAbi, ...at(env.addresses.SealedBidAuctionHouse) },
    RollingAuctionHouse: { abi: rollingAuctionHouseAbi, ...at(env.addresses.RollingAuctionHouse) },
  },
});
