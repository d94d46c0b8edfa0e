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
import { createConfig } from "ponder";
import { loadEnv } from "./src/env.ts";

const env = loadEnv();

/**
 * Ponder rate-limits each RPC URL, starting at 20 requests/s and creeping up; a burst of local
 * blocks (a test, `evm_mine` in a loop) then queues behind it. A local node has no limit, so on
 * local chains each URL is listed several times: several buckets, same node.
 */
const LOCAL_RPC_FANOUT = 8;
const rpcUrls = env.disableCache
  ? env.rpcUrls.flatMap((url) => Array(LOCAL_RPC_FANOUT).fill(url))
  : env.rpcUrls;

const at = (address: `0x${string}`) => ({ chain: "chain" as const, address, startBlock: env.startBlock });

export default createConfig({
  database: env.database,
  chains: {
    chain: {
      id: env.chainId,
      rpc: rpcUrls.length === 1 ? rpcUrls[0] : rpcUrls,
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
