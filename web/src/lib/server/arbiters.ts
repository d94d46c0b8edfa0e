import { gavelConfigAbi } from "@gavel/contracts";
import { type Address, createPublicClient, getAddress, http, parseAbi, parseAbiItem } from "viem";
import { ARBITER_SAFE_ADDRESS, RPC_URL } from "$app/env/private";
import { contractAddresses } from "./contracts.ts";
import { log } from "./log.ts";

const safeAbi = parseAbi([
  "function getOwners() view returns (address[])",
  "function getThreshold() view returns (uint256)",
  "function nonce() view returns (uint256)",
]);
const roleGranted = parseAbiItem(
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
);
const roleRevoked = parseAbiItem(
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
);

export interface ArbiterSafe {
  safe: Address;
  owners: Address[];
  threshold: number;
  nonce: bigint;
}

/** Everyone who arbitrates: the owners of each arbiter Safe, and plain accounts holding the role. */
export interface Arbiters {
  safes: ArbiterSafe[];
  /** Lowercase addresses of all arbiters (Safe owners and EOAs holding ARBITER_ROLE). */
  members: Set<string>;
}

function client() {
  if (!RPC_URL) return null;
  return createPublicClient({ transport: http(RPC_URL, { retryCount: 1, timeout: 5_000 }) });
}

/**
 * Who holds ARBITER_ROLE now: `ARBITER_SAFE_ADDRESS` when configured, otherwise the role's holders
 * from GavelConfig's RoleGranted/RoleRevoked events (the local chain, where the deployer holds it).
 */
async function roleHolders(rpc: NonNullable<ReturnType<typeof client>>): Promise<Address[]> {
  if (ARBITER_SAFE_ADDRESS) return [getAddress(ARBITER_SAFE_ADDRESS)];
  const config = contractAddresses().config;
  if (!config) return [];
  const role = await rpc.readContract({ address: config, abi: gavelConfigAbi, functionName: "ARBITER_ROLE" });
  const [granted, revoked] = await Promise.all([
    rpc.getLogs({ address: config, event: roleGranted, args: { role }, fromBlock: 0n }),
    rpc.getLogs({ address: config, event: roleRevoked, args: { role }, fromBlock: 0n }),
  ]);
  const events = [...granted.map((e) => ({ e, on: true })), ...revoked.map((e) => ({ e, on: false }))].sort(
    (a, b) =>
      Number((a.e.blockNumber ?? 0n) - (b.e.blockNumber ?? 0n)) || (a.e.logIndex ?? 0) - (b.e.logIndex ?? 0),
  );
  const holders = new Set<Address>();
  for (const { e, on } of events) {
    const account = e.args.account;
    if (!account) continue;
    if (on) holders.add(getAddress(account));
    else holders.delete(getAddress(account));
  }
  return [...holders];
}

let cached: { at: number; value: Arbiters } | null = null;

/** The current arbiters (cached for 5 s per process; the chain is the only state). */
export async function arbiters(): Promise<Arbiters> {
  if (cached && Date.now() - cached.at < 5_000) return cached.value;
  const rpc = client();
  const value: Arbiters = { safes: [], members: new Set() };
  if (rpc) {
    try {
      for (const holder of await roleHolders(rpc)) {
        const code = await rpc.getCode({ address: holder });
        if (!code || code === "0x") {
          value.members.add(holder.toLowerCase());
          continue;
        }
        const [owners, threshold, nonce] = await Promise.all([
          rpc.readContract({ address: holder, abi: safeAbi, functionName: "getOwners" }),
          rpc.readContract({ address: holder, abi: safeAbi, functionName: "getThreshold" }),
          rpc.readContract({ address: holder, abi: safeAbi, functionName: "nonce" }),
        ]);
        value.safes.push({ safe: holder, owners: [...owners], threshold: Number(threshold), nonce });
        for (const owner of owners) value.members.add(owner.toLowerCase());
      }
    } catch (error) {
      log.warn({ err: error }, "arbiter lookup failed");
      return value;
    }
  }
  cached = { at: Date.now(), value };
  return value;
}

export async function isArbiter(address: string | null | undefined): Promise<boolean> {
  if (!address) return false;
  return (await arbiters()).members.has(address.toLowerCase());
}

/** Reads a Safe's current nonce (not cached: it moves with every executed transaction). */
export async function safeNonce(safe: Address): Promise<bigint | null> {
  const rpc = client();
  if (!rpc) return null;
  return rpc.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
}
