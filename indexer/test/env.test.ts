import assert from "node:assert/strict";
import { test } from "node:test";
import type { Address } from "viem";
import { EnvError, loadEnv } from "../src/env.ts";

const DEPLOYED: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OVERRIDE: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const deployed = (chainId: number, name: string): Address => {
  if (chainId === 31337 && name === "TestUSDC") return DEPLOYED;
  throw new Error(`No deployment of ${name} on chain ${chainId}`);
};
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
    database: { kind: "pglite" },
    addresses: { TestUSDC: DEPLOYED },
  });
});

test("every variable is read, and an address override wins over the deployment", () => {
  const env = loadEnv(
    {
      CHAIN_ID: "8453",
      RPC_URL: "https://a.example/rpc, https://b.example/rpc",
      POLLING_INTERVAL_MS: "2000",
      START_BLOCK: "123456",
      DATABASE_URL: "postgresql://u:p@db.example:5432/gavel",
      TEST_USDC_ADDRESS: OVERRIDE.toLowerCase(),
    },
    deployed,
  );
  assert.deepEqual(env, {
    chainId: 8453,
    rpcUrls: ["https://a.example/rpc", "https://b.example/rpc"],
    pollingIntervalMs: 2000,
    disableCache: false,
    startBlock: 123456,
    database: { kind: "postgres", connectionString: "postgresql://u:p@db.example:5432/gavel" },
    addresses: { TestUSDC: OVERRIDE },
  });
});

test("a remote chain polls every second and keeps Ponder's RPC cache", () => {
  const env = loadEnv({ ...base, CHAIN_ID: "84532", TEST_USDC_ADDRESS: OVERRIDE }, deployed);
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
  rejects({ ...base, START_BLOCK: "1.5" }, "START_BLOCK");
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

test("without a deployment on the chain, the address variable is required", () => {
  rejects({ ...base, CHAIN_ID: "8453" }, "TEST_USDC_ADDRESS");
});
