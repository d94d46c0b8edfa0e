import { contractAddress } from "@gavel/sdk";
import { GAVEL_ADDRESSES } from "$app/env/private";
import { PUBLIC_CHAIN_ID } from "$app/env/public";

/** The contracts the browser talks to, by role. `null` when not deployed on this chain. */
export interface ContractAddresses {
  usdc: `0x${string}` | null;
  english: `0x${string}` | null;
  dutch: `0x${string}` | null;
  sealed: `0x${string}` | null;
  rolling: `0x${string}` | null;
  config: `0x${string}` | null;
}

const names: Record<keyof ContractAddresses, string> = {
  usdc: "TestUSDC",
  english: "EnglishAuctionHouse",
  dutch: "DutchAuctionHouse",
  sealed: "SealedBidAuctionHouse",
  rolling: "RollingAuctionHouse",
  config: "GavelConfig",
};

function lookup(name: string): `0x${string}` | null {
  try {
    return contractAddress(PUBLIC_CHAIN_ID, name, { GAVEL_ADDRESSES });
  } catch {
    return null;
  }
}

let cached: ContractAddresses | undefined;

/** Addresses from GAVEL_ADDRESSES, else the generated deployments (read once: config is fixed). */
export function contractAddresses(): ContractAddresses {
  cached ??= Object.fromEntries(
    Object.entries(names).map(([role, name]) => [role, lookup(name)?.toLowerCase() ?? null]),
  ) as unknown as ContractAddresses;
  return cached;
}
