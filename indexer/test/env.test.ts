import assert from "node:assert/strict";
import { test } from "node:test";
import type { Address } from "viem";
import { EnvError, loadEnv } from "../src/env.ts";

const DEPLOYED: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OVERRIDE: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const CONFIG: Address = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const ENGLISH: Address = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const DUTCH: Address = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const SEALED: Address = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
const ROLLING: Address = "0x0165878A594ca255338adfa4d48449f69242Eb8F";
const generated: Record<string, Address> = {
  TestUSDC: DEPLOYED,
  GavelConfig: CONFIG,
  EnglishAuctionHouse: ENGLISH,
  DutchAuctionHouse: DUTCH,
  SealedBidAuctionHouse: SEALED,
  RollingAuctionHouse: ROLLING,
};
const deployed = (chainId: number, name: string): Address => {
  const address = chainId === 31337 ? generated[name] : undefined;
  if (!address) throw new Error(`No deployment of ${name} on chain ${chainId}`);
  return address;
};
const ALL_DEPLOYED = { ...generated };
const base = { RPC_URL: "http://127.0.0.1:8545" };

/** Asserts that loading `env` fails with a message naming `variable`. */
function rejects(env: Record<string, string | undefined>, variable: string) {
  assert.throws(
    () => loadEnv(env, deployed),
    (error: unknown) => error instanceof EnvError && new RegExp(`^  ${variable}: `, "m").test(error.message),
  );
}

test("defaults suit the local Hardhat chain and the generated deployment", () => {
  assert.deepEqual(loadEnv(base, deployed), {
    chainId: 31337,
    rpcUrls: ["http://127.0.0.1:8545"],
    pollingIntervalMs: 100,
    disableCache: true,
    startBlock: 0,
    ethGetLogsBlockRange: undefined,
    database: { kind: "pglite" },
    addresses: ALL_DEPLOYED,
    webOrigins: [],
    sqlApi: undefined,
    responseCacheBytes: 32 * 2 ** 20,
  });
});

test("every variable is read, and an address override wins over the deployment", () => {
  const env = loadEnv(
    {
      CHAIN_ID: "8453",
      RPC_URL: "https://a.example/rpc, https://b.example/rpc",
      POLLING_INTERVAL_MS: "2000",
      START_BLOCK: "123456",
      ETH_GET_LOGS_BLOCK_RANGE: "2000",
      DATABASE_URL: "postgresql://u:p@db.example:5432/gavel",
      TEST_USDC_ADDRESS: OVERRIDE.toLowerCase(),
      GAVEL_ADDRESSES: JSON.stringify({
        GavelConfig: CONFIG,
        EnglishAuctionHouse: ENGLISH.toLowerCase(),
        DutchAuctionHouse: DUTCH,
        SealedBidAuctionHouse: SEALED,
        RollingAuctionHouse: ROLLING,
      }),
      WEB_ORIGIN: "https://gavel.example, http://localhost:5173",
      SQL_API_TOKEN: "operator-token-0123456789abcdefghij",
      SQL_API_POOL_SIZE: "3",
      SQL_API_STATEMENT_TIMEOUT_MS: "5000",
      RESPONSE_CACHE_BYTES: "1000000",
    },
    deployed,
  );
  assert.deepEqual(env, {
    chainId: 8453,
    rpcUrls: ["https://a.example/rpc", "https://b.example/rpc"],
    pollingIntervalMs: 2000,
    disableCache: false,
    startBlock: 123456,
    ethGetLogsBlockRange: 2000,
    database: { kind: "postgres", connectionString: "postgresql://u:p@db.example:5432/gavel" },
    addresses: { ...generated, TestUSDC: OVERRIDE },
    webOrigins: ["https://gavel.example", "http://localhost:5173"],
    sqlApi: { token: "operator-token-0123456789abcdefghij", poolSize: 3, statementTimeoutMs: 5000 },
    responseCacheBytes: 1_000_000,
  });
});

test("a remote chain polls every second and keeps Ponder's RPC cache", () => {
  const env = loadEnv(
    { ...base, CHAIN_ID: "84532", GAVEL_ADDRESSES: JSON.stringify(ALL_DEPLOYED) },
    deployed,
  );
  assert.equal(env.pollingIntervalMs, 1000);
  assert.equal(env.disableCache, false);
});

test("empty variables count as unset", () => {
  assert.equal(loadEnv({ ...base, CHAIN_ID: "", DATABASE_URL: "" }, deployed).chainId, 31337);
});

test("a missing or bad value is rejected naming its variable", () => {
  rejects({}, "RPC_URL");
  rejects({ RPC_URL: "localhost:8545" }, "RPC_URL");
  rejects({ RPC_URL: "http://127.0.0.1:8545,ftp://x" }, "RPC_URL");
  rejects({ ...base, CHAIN_ID: "hardhat" }, "CHAIN_ID");
  rejects({ ...base, CHAIN_ID: "0" }, "CHAIN_ID");
  rejects({ ...base, POLLING_INTERVAL_MS: "-5" }, "POLLING_INTERVAL_MS");
  rejects({ ...base, POLLING_INTERVAL_MS: "50" }, "POLLING_INTERVAL_MS"); // Ponder's floor is 100 ms
  rejects({ ...base, GAVEL_ADDRESSES: "{not json" }, "GAVEL_ADDRESSES");
  rejects({ ...base, GAVEL_ADDRESSES: '{"GavelConfig":"0x12"}' }, "GAVEL_ADDRESSES");
  rejects({ ...base, GAVEL_ADDRESSES: '["0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"]' }, "GAVEL_ADDRESSES");
  rejects({ ...base, WEB_ORIGIN: "gavel.example" }, "WEB_ORIGIN");
  rejects({ ...base, START_BLOCK: "1.5" }, "START_BLOCK");
  rejects({ ...base, ETH_GET_LOGS_BLOCK_RANGE: "0" }, "ETH_GET_LOGS_BLOCK_RANGE");
  rejects({ ...base, DATABASE_URL: "mysql://localhost/gavel" }, "DATABASE_URL");
  rejects({ ...base, TEST_USDC_ADDRESS: "0x1234" }, "TEST_USDC_ADDRESS");
});

test("several bad values are all named at once", () => {
  assert.throws(
    () => loadEnv({ CHAIN_ID: "x", START_BLOCK: "-1" }, deployed),
    (error: unknown) =>
      error instanceof Error &&
      ["CHAIN_ID", "RPC_URL", "START_BLOCK"].every((v) => error.message.includes(`  ${v}: `)),
  );
});

test("without a deployment on the chain, GAVEL_ADDRESSES must name every contract", () => {
  rejects({ ...base, CHAIN_ID: "8453" }, "GAVEL_ADDRESSES");
  rejects(
    { ...base, CHAIN_ID: "8453", GAVEL_ADDRESSES: JSON.stringify({ TestUSDC: DEPLOYED }) },
    "GAVEL_ADDRESSES",
  );
});

test("SQL over HTTP: a weak token, a bad pool or timeout, or PGlite is refused naming the variable", () => {
  rejects({ ...base, SQL_API_TOKEN: "short" }, "SQL_API_TOKEN");
  rejects({ ...base, SQL_API_TOKEN: `${"x".repeat(40)} space` }, "SQL_API_TOKEN");
  rejects({ ...base, SQL_API_TOKEN: "x".repeat(40) }, "SQL_API_TOKEN"); // no DATABASE_URL
  rejects({ ...base, SQL_API_POOL_SIZE: "0" }, "SQL_API_POOL_SIZE");
  rejects({ ...base, SQL_API_STATEMENT_TIMEOUT_MS: "99999999" }, "SQL_API_STATEMENT_TIMEOUT_MS");
  rejects({ ...base, RESPONSE_CACHE_BYTES: "-1" }, "RESPONSE_CACHE_BYTES");
});
