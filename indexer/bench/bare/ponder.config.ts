// The bare comparison app of `bench:indexer`: the same chain, contracts, events and RPC settings
// as the indexer (ponder.config.ts), but its handlers only store each raw log.
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  testUSDCAbi,
} from "@gavel/contracts";
import { createConfig } from "ponder";
import { loadEnv } from "../../src/env.ts";

const env = loadEnv();
const rpcUrls = env.disableCache ? env.rpcUrls.flatMap((url) => Array(8).fill(url)) : env.rpcUrls;
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
