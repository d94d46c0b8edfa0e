// Ponder configuration, entirely from the environment (validated in src/env.ts).
import { testUSDCAbi } from "@gavel/contracts";
import { createConfig } from "ponder";
import { loadEnv } from "./src/env.ts";

const env = loadEnv();

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
    TestUSDC: {
      chain: "chain",
      abi: testUSDCAbi,
      address: env.addresses.TestUSDC,
      startBlock: env.startBlock,
    },
  },
});
