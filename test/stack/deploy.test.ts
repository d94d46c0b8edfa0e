// The public-chain deployment as an operator runs it, rehearsed on a local node: real inputs
// are checked against the chain (USDC's decimals, the arbiter being a Safe with threshold ≥ 2),
// a dry run sends nothing, and the real run leaves the deployer with no role at all.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gavelConfigAbi } from "@gavel/sdk";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import {
  type HardhatNode,
  readDeployment,
  repoRoot,
  rpc,
  startHardhatNode,
} from "../../scripts/lib/chain.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { run } from "../../scripts/lib/processes.ts";
import { deploySafe } from "../../scripts/lib/safe.ts";

const MNEMONIC = "test test test test test test test test test test test junk";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const deploymentId = `test-public-${process.pid}`;
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as Hex;
const role = (name: string) => keccak256(toHex(name));

describe("deploying to a public chain (rehearsed locally)", () => {
  let node: HardhatNode;
  let usdc: Address;
  let safe: Address;
  let env: NodeJS.ProcessEnv;
  const deploy = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run("node", ["scripts/deploy-public.ts", ...args], { cwd: repoRoot, env: { ...env, ...extra } });

  before(async () => {
    node = await startHardhatNode(await freePort());
    const transport = http(node.url);
    const client = createPublicClient({ chain: hardhat, transport });
    const wallet = createWalletClient({ chain: hardhat, transport, account: account(0) });
    // Circle's USDC stands in as our TestUSDC (same decimals and permit domain).
    const artifact = JSON.parse(
      readFileSync(join(repoRoot, "artifacts/contracts/mocks/TestUSDC.sol/TestUSDC.json"), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const hash = await wallet.deployContract({ ...artifact, args: [account(0).address] });
    usdc = (await client.waitForTransactionReceipt({ hash })).contractAddress as Address;
    safe = await deploySafe(
      wallet,
      client,
      [11, 12, 13].map((i) => account(i).address),
      2,
    );
    env = {
      RPC_URL: node.url,
      USDC_ADDRESS: usdc,
      GAVEL_ADMIN: account(3).address,
      GAVEL_ARBITER_SAFE: safe,
      GAVEL_PAUSER: account(4).address,
      GAVEL_TREASURY: account(5).address,
      GAVEL_FEE_BPS: "300",
      DEPLOYMENT_ID: deploymentId,
    };
  });
  after(async () => {
    await node?.stop();
    rmSync(join(repoRoot, "ignition/deployments", deploymentId), { recursive: true, force: true });
    rmSync(join(repoRoot, "ignition/parameters", `${deploymentId}.json`), { force: true });
  });

  test("a dry run prints the plan and the chain checks, and sends nothing", async () => {
    const blockBefore = await rpc<string>(node.url, "eth_blockNumber");
    const out = await deploy(["localhost", "--dry-run"]);
    assert.match(out, /deploy {2}EnglishAuctionHouse\(token=0x/);
    assert.match(out, /feeBps=300/);
    assert.match(out, /check {3}USDC 0x[0-9a-fA-F]{40}: 6 decimals/);
    assert.match(out, /check {3}arbiter Safe: 2-of-3/);
    assert.match(out, /Dry run: nothing was sent/);
    assert.equal(await rpc<string>(node.url, "eth_blockNumber"), blockBefore, "no transaction was sent");
  });

  test("bad inputs are refused naming the variable", async () => {
    await assert.rejects(
      deploy(["localhost", "--dry-run"], { GAVEL_TREASURY: "" }),
      /GAVEL_TREASURY: GAVEL_TREASURY is required/,
    );
    await assert.rejects(deploy(["localhost", "--dry-run"], { GAVEL_FEE_BPS: "1500" }), /GAVEL_FEE_BPS/);
    await assert.rejects(
      deploy(["localhost", "--dry-run"], { GAVEL_ARBITER_SAFE: account(6).address }),
      /GAVEL_ARBITER_SAFE: .* is not a Safe/,
    );
    await assert.rejects(
      deploy(["localhost", "--dry-run"], { USDC_ADDRESS: safe }),
      /USDC_ADDRESS: .* is not a 6-decimal ERC-20/,
    );
    await assert.rejects(deploy(["mainnet"]), /usage: node scripts\/deploy-public.ts/);
  });

  test("the deployment registers every house and leaves the deployer with no role", async () => {
    await deploy(["localhost"]);
    const addresses = readDeployment(deploymentId);
    const client = createPublicClient({ chain: hardhat, transport: http(node.url) });
    const config = addresses.GavelConfig as Address;
    const has = (r: Hex, who: Address) =>
      client.readContract({ address: config, abi: gavelConfigAbi, functionName: "hasRole", args: [r, who] });
    assert.equal(await has(DEFAULT_ADMIN_ROLE, account(0).address), false, "deployer renounced admin");
    assert.equal(await has(DEFAULT_ADMIN_ROLE, account(3).address), true);
    assert.equal(await has(role("ARBITER_ROLE"), safe), true);
    assert.equal(await has(role("PAUSER_ROLE"), account(4).address), true);
    for (const name of ["ARBITER_ROLE", "PAUSER_ROLE"])
      assert.equal(await has(role(name), account(0).address), false);
    for (const house of [
      "EnglishAuctionHouse",
      "DutchAuctionHouse",
      "SealedBidAuctionHouse",
      "RollingAuctionHouse",
    ]) {
      assert.ok(addresses[house], `${house} deployed`);
      assert.equal(await has(role("HOUSE_ROLE"), addresses[house] as Address), true, `${house} registered`);
    }
    assert.equal(
      await client.readContract({ address: config, abi: gavelConfigAbi, functionName: "feeBps" }),
      300,
    );
  });
});
