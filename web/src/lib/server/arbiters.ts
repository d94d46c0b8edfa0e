import { gavelConfigAbi, safeAbi } from "@gavel/sdk";
import { type Address, getAddress, parseAbiItem } from "viem";
import { ARBITER_SAFE_ADDRESS } from "$app/env/private";
import { chainClient } from "./chain.ts";
import { contractAddresses } from "./contracts.ts";
import { log } from "./log.ts";

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

/** Everyone behind a role (arbiters, admins): the owners of each Safe holding it, and plain accounts. */
export interface Arbiters {
  safes: ArbiterSafe[];
  /** Lowercase addresses of all members (Safe owners and plain accounts holding the role). */
  members: Set<string>;
}

const client = chainClient;

/** The GavelConfig roles the web acts on. */
export type RoleName = "ARBITER_ROLE" | "DEFAULT_ADMIN_ROLE";

/**
 * Who holds `role` now, from GavelConfig's RoleGranted/RoleRevoked events; for ARBITER_ROLE,
 * `ARBITER_SAFE_ADDRESS` when configured (the local chain's deployer holds every role).
 */
async function roleHolders(rpc: NonNullable<ReturnType<typeof client>>, role: RoleName): Promise<Address[]> {
  if (role === "ARBITER_ROLE" && ARBITER_SAFE_ADDRESS) return [getAddress(ARBITER_SAFE_ADDRESS)];
  const config = contractAddresses().config;
  if (!config) return [];
  const roleId = await rpc.readContract({ address: config, abi: gavelConfigAbi, functionName: role });
  const [granted, revoked] = await Promise.all([
    rpc.getLogs({ address: config, event: roleGranted, args: { role: roleId }, fromBlock: 0n }),
    rpc.getLogs({ address: config, event: roleRevoked, args: { role: roleId }, fromBlock: 0n }),
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

const cached = new Map<RoleName, { at: number; value: Arbiters }>();

/**
 * The people behind `role` now: a Safe holder stands for its owners, a plain account for itself
 * (cached for 5 s per process and role; the chain is the only state).
 */
export async function roleMembers(role: RoleName): Promise<Arbiters> {
  const hit = cached.get(role);
  if (hit && Date.now() - hit.at < 5_000) return hit.value;
  const rpc = client();
  const value: Arbiters = { safes: [], members: new Set() };
  if (rpc) {
    try {
      for (const holder of await roleHolders(rpc, role)) {
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
      // Remembered like an answer (nobody holds the role for 5 s): a chain that does not answer
      // must not slow every page that asks.
      log.warn({ err: error, role }, "role lookup failed");
      const none: Arbiters = { safes: [], members: new Set() };
      cached.set(role, { at: Date.now(), value: none });
      return none;
    }
  }
  cached.set(role, { at: Date.now(), value });
  return value;
}

/** The current arbiters: owners of each arbiter Safe, and plain accounts holding ARBITER_ROLE. */
export function arbiters(): Promise<Arbiters> {
  return roleMembers("ARBITER_ROLE");
}

export async function isArbiter(address: string | null | undefined): Promise<boolean> {
  if (!address) return false;
  return (await arbiters()).members.has(address.toLowerCase());
}

/** Whether `address` is an admin: holds DEFAULT_ADMIN_ROLE, or owns a Safe that does. */
export async function isAdmin(address: string | null | undefined): Promise<boolean> {
  if (!address) return false;
  return (await roleMembers("DEFAULT_ADMIN_ROLE")).members.has(address.toLowerCase());
}

/** GavelConfig's pause flag (stops new listings and bids), or null when it cannot be read. */
export async function pausedState(): Promise<boolean | null> {
  const rpc = client();
  const config = contractAddresses().config;
  if (!rpc || !config) return null;
  try {
    return await rpc.readContract({ address: config, abi: gavelConfigAbi, functionName: "paused" });
  } catch (error) {
    log.warn({ err: error }, "pause flag lookup failed");
    return null;
  }
}

/** Reads a Safe's current nonce (not cached: it moves with every executed transaction). */
export async function safeNonce(safe: Address): Promise<bigint | null> {
  const rpc = client();
  if (!rpc) return null;
  return rpc.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
}
