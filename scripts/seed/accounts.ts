/** The demo's accounts: Hardhat's well-known ones, who is who, and their USDC allowances. */
import { testUSDCAbi } from "@gavel/sdk";
import { maxUint256, toHex } from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import type { SeedContext } from "./context.ts";
import type { DemoAccount } from "./types.ts";

/** Hardhat's public development mnemonic. Its keys are known to everyone: test chains only. */
const MNEMONIC = "test test test test test test test test test test test junk";

/** Who is who in the demo (Hardhat's well-known accounts). */
const ROLES: Record<number, string> = {
  0: "deployer, admin and arbiter",
  1: "seller: Ada — film cameras",
  2: "seller: Ben — watches and audio",
  3: "seller and buyer: Chloe — prints, ceramics, coffee",
  4: "seller: Dan — guitars, keyboards, furniture",
  5: "bidder",
  6: "bidder",
  7: "bidder",
  8: "bidder",
  9: "treasury (receives the 2.5 % fee)",
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

/** The lines the dev command prints: every demo account, labelled as public test keys. */
export function demoAccountLines(): string[] {
  return [
    "Demo accounts — Hardhat's well-known PUBLIC TEST KEYS (anyone can use them; never send real funds):",
    ...demoAccounts().map((a) => `  #${String(a.index).padEnd(2)} ${a.address}  ${a.privateKey}  ${a.role}`),
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
