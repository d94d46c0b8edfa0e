// Ponder configuration, entirely from the environment (validated in src/env.ts). ABIs come only
// from the generated `@gavel/contracts`; one handler file per contract under src/handlers/.
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/contracts";
import { createConfig } from "ponder";
import { loadEnv } from "./src/env.ts";

const env = loadEnv();

const at = (address: `0x${string}`) => ({ chain: "chain" as const, address, startBlock: env.startBlock });

export default createConfig({
  database: env.database,
  chains: {
    chain: {
      id: env.chainId,
      rpc: env.rpcUrls.length === 1 ? env.rpcUrls[0] : env.rpcUrls,
      pollingInterval: env.pollingIntervalMs,
      disableCache: env.disableCache,
    },
  },
  contracts: {
    TestUSDC: { abi: testUSDCAbi, ...at(env.addresses.TestUSDC) },
    GavelConfig: { abi: gavelConfigAbi, ...at(env.addresses.GavelConfig) },
    EnglishAuctionHouse: { abi: englishAuctionHouseAbi, ...at(env.addresses.EnglishAuctionHouse) },
  },
});
