/** The demo's accounts: Hardhat's well-known ones, who is who, and their USDC allowances. */
import { gavelConfigAbi, safeAbi, testUSDCAbi } from "@gavel/sdk";
import { type Address, createPublicClient, type Hex, http, maxUint256, toHex } from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import type { SeedContext } from "./context.ts";
import type { DemoAccount } from "./types.ts";

/** Hardhat's public development mnemonic. Its keys are known to everyone: test chains only. */
const MNEMONIC = "test test test test test test test test test test test junk";

/** Who is who in the demo (Hardhat's well-known accounts); `chainRoles` adds what the chain says. */
const ROLES: Record<number, string> = {
  0: "deployer",
  1: "seller: Ada — film cameras",
  2: "seller: Ben — watches and audio",
  3: "seller and buyer: Chloe — prints, ceramics, coffee",
  4: "seller: Dan — guitars, keyboards, furniture",
  5: "bidder",
  6: "bidder",
  7: "bidder",
  8: "bidder",
  9: "treasury",
  10: "arbiter",
  11: "arbiter",
  12: "arbiter",
  19: "keeper (gas only)",
};

export function hardhatAccount(index: number): HDAccount {
  return mnemonicToAccount(MNEMONIC, { addressIndex: index });
}

/** The demo accounts with their (public, well-known) private keys. */
export function demoAccounts(): DemoAccount[] {
  return Object.entries(ROLES).map(([index, role]) => {
    const account = hardhatAccount(Number(index));
    const key = account.getHdKey().privateKey;
    if (!key) throw new Error("could not derive a development key");
    return { index: Number(index), address: account.address, privateKey: toHex(key), role };
  });
}

/**
 * What each demo account is on the chain now: admin and pauser (GavelConfig roles), owner of the
 * arbiters' Safe (a Safe holding ARBITER_ROLE), arbiter in person, treasury. Index → words.
 */
export async function chainRoles(
  rpcUrl: string,
  addresses: { GavelConfig?: string },
  arbiterSafe?: Address,
): Promise<Map<number, string>> {
  if (!addresses.GavelConfig) throw new Error("no address for GavelConfig");
  const client = createPublicClient({ transport: http(rpcUrl) });
  const config = { address: addresses.GavelConfig as Address, abi: gavelConfigAbi } as const;
  const [admin, pauser, arbiter, treasury] = await Promise.all([
    client.readContract({ ...config, functionName: "DEFAULT_ADMIN_ROLE" }),
    client.readContract({ ...config, functionName: "PAUSER_ROLE" }),
    client.readContract({ ...config, functionName: "ARBITER_ROLE" }),
    client.readContract({ ...config, functionName: "treasury" }),
  ]);
  let safe: { owners: readonly Address[]; threshold: bigint } | null = null;
  if (
    arbiterSafe &&
    (await client.readContract({ ...config, functionName: "hasRole", args: [arbiter, arbiterSafe] }))
  ) {
    const [owners, threshold] = await Promise.all([
      client.readContract({ address: arbiterSafe, abi: safeAbi, functionName: "getOwners" }),
      client.readContract({ address: arbiterSafe, abi: safeAbi, functionName: "getThreshold" }),
    ]);
    safe = { owners, threshold };
  }
  const roles = new Map<number, string>();
  await Promise.all(
    demoAccounts().map(async ({ index, address }) => {
      const holds = (role: Hex) =>
        client.readContract({ ...config, functionName: "hasRole", args: [role, address] });
      const [isAdmin, isPauser, isArbiter] = await Promise.all([holds(admin), holds(pauser), holds(arbiter)]);
      const words: string[] = [];
      if (isAdmin) words.push("admin");
      if (isPauser) words.push("pauser");
      if (isArbiter) words.push("arbiter");
      const owner = safe?.owners.findIndex((o) => o.toLowerCase() === address.toLowerCase()) ?? -1;
      if (safe && owner >= 0)
        words.push(
          `arbiter: owner ${owner + 1} of the ${safe.threshold}-of-${safe.owners.length} arbiters' Safe ${arbiterSafe} (/arbiter)`,
        );
      if (treasury.toLowerCase() === address.toLowerCase()) words.push("treasury (receives the fees)");
      if (words.length) roles.set(index, words.join(", "));
    }),
  );
  return roles;
}

/**
 * The lines the dev command prints: every demo account, labelled as public test keys, with its
 * roles on the chain (from `chainRoles`) before what it does in the demo.
 */
export function demoAccountLines(roles: Map<number, string> = new Map()): string[] {
  const label = (a: DemoAccount) => {
    const onChain = roles.get(a.index);
    const persona = a.role.startsWith("seller") || a.role.startsWith("bidder") || a.role.startsWith("keeper");
    if (onChain) return persona ? `${onChain}; ${a.role}` : onChain;
    return a.role;
  };
  return [
    "Demo accounts — Hardhat's well-known PUBLIC TEST KEYS (anyone can use them; never send real funds):",
    ...demoAccounts().map(
      (a) => `  #${String(a.index).padEnd(2)} ${a.address}  ${a.privateKey}  ${label(a)}`,
    ),
    "Import a key into your wallet (network: chain id 31337 at the Chain RPC above) to act as that account.",
  ];
}

/** Every trader lets every house pull USDC (accounts in parallel). */
export async function approveHouses(ctx: SeedContext): Promise<void> {
  const { addresses, send } = ctx;
  const houses = [
    addresses.EnglishAuctionHouse,
    addresses.DutchAuctionHouse,
    addresses.SealedBidAuctionHouse,
    addresses.RollingAuctionHouse,
  ];
  await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8].map(async (i) => {
      for (const spender of houses) {
        await send(i, {
          address: addresses.TestUSDC,
          abi: testUSDCAbi,
          functionName: "approve",
          args: [spender, maxUint256],
        });
      }
    }),
  );
}
