import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

// solc comes from the `solc` npm package (wasm): Hardhat cannot download compilers here,
// and a `path` makes it skip the download. The version must match the package exactly.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

/** The production compiler settings, optimized for `runs` calls of each function. */
const production = (runs: number) => ({
  version: solcVersion,
  path: solcPath,
  settings: { evmVersion: "cancun", optimizer: { enabled: true, runs } },
});

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    profiles: {
      default: {
        version: solcVersion,
        path: solcPath,
        // The optimizer keeps the auction houses under the 24 KiB code-size limit (EIP-170) in
        // tests too; production (below) optimizes harder for the gas of hot paths.
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 } },
      },
      production: {
        compilers: [production(10_000)],
        // The two largest houses would pass the 24 KiB code-size limit (EIP-170) at 10,000 runs:
        // each is optimized for the most runs that still fits (the gas snapshot deploys every house
        // with this profile, so a house that grows past the limit fails `npm test`).
        overrides: {
          "contracts/auctions/RollingAuctionHouse.sol": production(2_000),
          "contracts/auctions/SealedBidAuctionHouse.sol": production(3_000),
          // The test token (the gas snapshot measures the houses through it): with EIP-3009 it
          // holds more address masks than the constant optimizer keeps as PUSH20 at 10,000 runs,
          // and computing each mask costs every transfer ~120 gas more; at 20,000 runs it keeps
          // the PUSH20s, so its transfer paths cost what they did before.
          "contracts/mocks/TestUSDC.sol": production(20_000),
        },
      },
    },
  },
  // Solidity test profiles (`hardhat test solidity --test-profile <name>`, or HARDHAT_TEST_PROFILE).
  // Each `invariant_` function is its own campaign of runs × depth handler calls.
  test: {
    solidity: {
      profiles: {
        // CI (`npm test`): 2 suites × 6 invariants × 64 × 100 ≈ 77k handler calls.
        default: { invariant: { runs: 64, depth: 100 } },
        // `npm run test:deep` (scripts/test-deep.ts): 2 × 6 × 256 × 330 ≈ 1.01M handler calls.
        deep: { invariant: { runs: 256, depth: 330 } },
      },
    },
  },
  paths: {
    sources: "./contracts",
    tests: { nodejs: "./test/contracts", solidity: "./test/solidity" },
  },
  // Contract verification for `ignition deploy --verify` (scripts/deploy-public.ts adds it when
  // ETHERSCAN_API_KEY is set; Etherscan's v2 key covers Base and Base Sepolia).
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      // An empty RPC_URL counts as unset.
      url: process.env.RPC_URL || "http://127.0.0.1:8545",
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    base: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});
