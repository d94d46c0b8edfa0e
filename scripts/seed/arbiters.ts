/**
 * Step 2b: the arbiters are a real Safe, as on a public deployment. Demo accounts 10, 11 and 12
 * own a 2-of-3 Safe (Safe's own contracts from npm); the deployer grants it ARBITER_ROLE and gives
 * up its own, so every ruling in the demo — the seeded one and the one waiting on /arbiter — takes
 * two owners' signatures and one `execTransaction`.
 */
import { englishAuctionHouseAbi, gavelConfigAbi } from "@gavel/sdk";
import { type Address, encodeFunctionData } from "viem";
import { buildSafeTx, deploySafe, execSafeTx, signSafeTx } from "../lib/safe.ts";
import type { SeedContext } from "./context.ts";

/** The Safe's owners (Hardhat accounts) and how many must sign a ruling. */
export const ARBITER_OWNERS = [10, 11, 12] as const;
export const ARBITER_THRESHOLD = 2;

/** Deploys the arbiters' Safe and moves ARBITER_ROLE from the deployer to it. */
export async function handArbitrationToSafe(ctx: SeedContext): Promise<Address> {
  const { addresses, publicClient, account, send, log } = ctx;
  const owners = ARBITER_OWNERS.map((i) => account(i).address);
  const safe = await deploySafe(ctx.wallet(ARBITER_OWNERS[0]), publicClient, owners, ARBITER_THRESHOLD);
  const role = await publicClient.readContract({
    address: addresses.GavelConfig,
    abi: gavelConfigAbi,
    functionName: "ARBITER_ROLE",
  });
  const config = { address: addresses.GavelConfig, abi: gavelConfigAbi } as const;
  await send(0, { ...config, functionName: "grantRole", args: [role, safe] });
  await send(0, { ...config, functionName: "revokeRole", args: [role, account(0).address] });
  log(
    `arbiters: a ${ARBITER_THRESHOLD}-of-${owners.length} Safe ${safe} owned by accounts ${ARBITER_OWNERS.join(", ")}`,
  );
  return safe;
}

/** A ruling as the arbiter console makes it: two owners sign, one of them executes. */
export async function ruleThroughSafe(
  ctx: SeedContext,
  safe: Address,
  house: Address,
  dealId: bigint,
  buyerShareBps: number,
): Promise<void> {
  const { publicClient, chainId } = ctx;
  const data = encodeFunctionData({
    abi: englishAuctionHouseAbi,
    functionName: "rule",
    args: [dealId, buyerShareBps],
  });
  const tx = await buildSafeTx(publicClient, safe, house, data);
  const signers = ARBITER_OWNERS.slice(0, ARBITER_THRESHOLD).map((i) => ctx.wallet(i));
  const receipt = await execSafeTx(
    signers[0]!,
    publicClient,
    safe,
    tx,
    await signSafeTx(chainId, safe, tx, signers),
  );
  ctx.stats.transactions++;
  // A Safe whose inner call reverts still mines (ExecutionFailure): check the ruling happened.
  if (!receipt.logs.some((l) => l.address.toLowerCase() === house.toLowerCase()))
    throw new Error(`the Safe's ruling on deal ${dealId} did not reach the house`);
}
