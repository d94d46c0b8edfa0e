// Deploys Gavel to a public chain (Base Sepolia, Base) with Hardhat Ignition, from parameters
// given in the environment, after checking them against the chain. `--dry-run` prints what
// would be deployed and sends nothing.
//
//   GAVEL_ADMIN=0x… GAVEL_ARBITER_SAFE=0x… GAVEL_TREASURY=0x… \
//   BASE_SEPOLIA_RPC_URL=https://… DEPLOYER_PRIVATE_KEY=0x… \
//   node scripts/deploy-public.ts baseSepolia [--dry-run]
//
// `localhost` (RPC_URL, USDC_ADDRESS required) runs the very same flow against a local node.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { safeAbi } from "@gavel/sdk";
import { type Address, createPublicClient, erc20Abi, getAddress, http, isAddress, zeroAddress } from "viem";
import { z } from "zod";
import { repoRoot } from "./lib/chain.ts";
import { run } from "./lib/processes.ts";

/** Circle's USDC on each chain Gavel targets. */
const NETWORKS = {
  baseSepolia: {
    chainId: 84_532,
    usdc: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    rpcVar: "BASE_SEPOLIA_RPC_URL",
  },
  base: { chainId: 8_453, usdc: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", rpcVar: "BASE_RPC_URL" },
  localhost: { chainId: 31_337, usdc: undefined, rpcVar: "RPC_URL" },
} as const;
type NetworkName = keyof typeof NETWORKS;

const address = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .refine((v) => isAddress(v, { strict: false }), `${what} must be an address (0x + 40 hex digits)`)
    .transform((v) => getAddress(v))
    .refine((v) => v !== zeroAddress, `${what} must not be the zero address`);

const EnvSchema = z.object({
  GAVEL_ADMIN: address("GAVEL_ADMIN"),
  GAVEL_ARBITER_SAFE: address("GAVEL_ARBITER_SAFE"),
  GAVEL_PAUSER: address("GAVEL_PAUSER").optional(),
  GAVEL_TREASURY: address("GAVEL_TREASURY"),
  GAVEL_FEE_BPS: z.coerce.number().int().min(0).max(1000).default(250),
  GAVEL_DISPUTE_TIMEOUT: z.coerce
    .number()
    .int()
    .min(86_400)
    .max(90 * 86_400)
    .default(7 * 86_400),
  USDC_ADDRESS: address("USDC_ADDRESS").optional(),
});

export interface Plan {
  network: NetworkName;
  chainId: number;
  parameters: {
    usdc: Address;
    admin: Address;
    arbiter: Address;
    pauser: Address;
    treasury: Address;
    feeBps: number;
    disputeTimeout: number;
  };
  checks: string[];
}

/** Validates the inputs and, when an RPC URL is known, checks them against the chain. */
export async function makePlan(network: NetworkName, source: NodeJS.ProcessEnv): Promise<Plan> {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("\n"));
  }
  const env = parsed.data;
  const info = NETWORKS[network];
  const usdc = env.USDC_ADDRESS ?? (info.usdc ? getAddress(info.usdc) : undefined);
  if (!usdc) throw new Error(`USDC_ADDRESS: required on ${network}`);
  const plan: Plan = {
    network,
    chainId: info.chainId,
    parameters: {
      usdc,
      admin: env.GAVEL_ADMIN,
      arbiter: env.GAVEL_ARBITER_SAFE,
      pauser: env.GAVEL_PAUSER ?? env.GAVEL_ADMIN,
      treasury: env.GAVEL_TREASURY,
      feeBps: env.GAVEL_FEE_BPS,
      disputeTimeout: env.GAVEL_DISPUTE_TIMEOUT,
    },
    checks: [],
  };
  const rpcUrl = source[info.rpcVar];
  if (!rpcUrl) {
    plan.checks.push(`not checked against the chain: ${info.rpcVar} is not set`);
    return plan;
  }
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId();
  if (chainId !== info.chainId)
    throw new Error(`${info.rpcVar}: chain id is ${chainId}, expected ${info.chainId}`);
  const decimals = await client
    .readContract({ address: usdc, abi: erc20Abi, functionName: "decimals" })
    .catch(() => undefined);
  if (decimals !== 6) throw new Error(`USDC_ADDRESS: ${usdc} is not a 6-decimal ERC-20 on chain ${chainId}`);
  plan.checks.push(`USDC ${usdc}: 6 decimals`);
  const [owners, threshold] = await Promise.all([
    client.readContract({ address: env.GAVEL_ARBITER_SAFE, abi: safeAbi, functionName: "getOwners" }),
    client.readContract({ address: env.GAVEL_ARBITER_SAFE, abi: safeAbi, functionName: "getThreshold" }),
  ]).catch(() => {
    throw new Error(`GAVEL_ARBITER_SAFE: ${env.GAVEL_ARBITER_SAFE} is not a Safe on chain ${chainId}`);
  });
  if (threshold < 2n)
    throw new Error(`GAVEL_ARBITER_SAFE: threshold is ${threshold}; arbiters must need ≥ 2 signatures`);
  plan.checks.push(`arbiter Safe: ${threshold}-of-${owners.length} (${owners.join(", ")})`);
  return plan;
}

export function describePlan(plan: Plan): string {
  const p = plan.parameters;
  return [
    `Gavel on ${plan.network} (chain ${plan.chainId}), ignition/modules/Gavel.ts`,
    `  deploy  GavelConfig(admin=deployer until handover, arbiter=${p.arbiter}, pauser=${p.pauser}, treasury=${p.treasury}, feeBps=${p.feeBps}, disputeTimeout=${p.disputeTimeout}s)`,
    ...["EnglishAuctionHouse", "DutchAuctionHouse", "SealedBidAuctionHouse", "RollingAuctionHouse"].map(
      (house) => `  deploy  ${house}(token=${p.usdc}, config=GavelConfig)`,
    ),
    "  call    GavelConfig.grantRole(HOUSE_ROLE, <each house>)",
    `  call    GavelConfig.grantRole(DEFAULT_ADMIN_ROLE, ${p.admin})`,
    "  call    GavelConfig.renounceRole(DEFAULT_ADMIN_ROLE, deployer)   → the deployer keeps no role",
    ...plan.checks.map((c) => `  check   ${c}`),
  ].join("\n");
}

if (import.meta.main) {
  const [network, ...flags] = process.argv.slice(2);
  if (!network || !(network in NETWORKS)) {
    console.error(`usage: node scripts/deploy-public.ts <${Object.keys(NETWORKS).join("|")}> [--dry-run]`);
    process.exit(2);
  }
  const dryRun = flags.includes("--dry-run");
  let plan: Plan;
  try {
    plan = await makePlan(network as NetworkName, process.env);
  } catch (error) {
    console.error(`Cannot deploy:\n${(error as Error).message}`);
    process.exit(1);
  }
  console.log(describePlan(plan));
  if (dryRun) {
    console.log("\nDry run: nothing was sent.");
    process.exit(0);
  }
  // DEPLOYMENT_ID keeps a rehearsal's Ignition state apart from the chain's default folder.
  const deploymentId = process.env.DEPLOYMENT_ID || `chain-${plan.chainId}`;
  const dir = join(repoRoot, "ignition/parameters");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${deploymentId}.json`);
  writeFileSync(file, `${JSON.stringify({ Gavel: plan.parameters }, null, 2)}\n`);
  const args = [
    "ignition",
    "deploy",
    "ignition/modules/Gavel.ts",
    "--network",
    network,
    "--parameters",
    file,
  ];
  args.push("--deployment-id", deploymentId);
  args.push("--build-profile", "production");
  if (process.env.ETHERSCAN_API_KEY && network !== "localhost") args.push("--verify");
  console.log(`\nhardhat ${args.join(" ")}`);
  await run("hardhat", args, { cwd: repoRoot, onLine: (line) => console.log(line) });
  if (!process.env.DEPLOYMENT_ID) await run("node", ["scripts/generate.ts"], { cwd: repoRoot });
  console.log(`\nDeployed. Addresses: ignition/deployments/${deploymentId}/deployed_addresses.json`);
}
