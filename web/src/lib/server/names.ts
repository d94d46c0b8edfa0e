/**
 * Base names for addresses (when NAME_RPC_URL is set): ENSIP-19 reverse resolution with Base's
 * coin type through the ENS Universal Resolver on Ethereum mainnet (viem `getEnsName` with
 * `coinType: toCoinType(base.id)`). Answers — names and "none" alike — are cached for an hour; a
 * page waits at most NAME_BUDGET_MS for lookups and shows short addresses for the rest (they are
 * cached for the next view). A failed lookup is not cached and never fails the page.
 */
import { createPublicClient, http, toCoinType } from "viem";
import { base, mainnet } from "viem/chains";
import { NAME_RPC_URL } from "$app/env/private";
import { log } from "./log.ts";

const NAME_BUDGET_MS = 1_500;
const TTL_MS = 3_600_000;
const MAX_CACHED = 10_000;
/** address → its answer and when it was cached (oldest first: a Map keeps insertion order). */
const cache = new Map<string, { name: string | null; at: number }>();

function cached(address: string): { name: string | null } | undefined {
  const hit = cache.get(address);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  cache.delete(address);
  return undefined;
}

function remember(address: string, name: string | null) {
  cache.delete(address);
  cache.set(address, { name, at: Date.now() });
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}
const pending = new Map<string, Promise<string | null>>();

const client = NAME_RPC_URL
  ? createPublicClient({ chain: mainnet, transport: http(NAME_RPC_URL, { timeout: 5_000 }) })
  : null;

function lookup(address: string): Promise<string | null> {
  const running = pending.get(address);
  if (running) return running;
  const promise = (async () => {
    try {
      const name = await client?.getEnsName({
        address: address as `0x${string}`,
        coinType: toCoinType(base.id),
      });
      remember(address, name ?? null);
      return name ?? null;
    } catch (error) {
      log.warn({ err: error, address }, "base name lookup failed");
      return null;
    } finally {
      pending.delete(address);
    }
  })();
  pending.set(address, promise);
  return promise;
}

/** Base names of these (lowercase) addresses that have one; {} when NAME_RPC_URL is not set. */
export async function baseNames(addresses: string[]): Promise<Record<string, string>> {
  if (!client || addresses.length === 0) return {};
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const address of addresses) {
    const hit = cached(address);
    if (hit === undefined) missing.push(address);
    else if (hit.name) found[address] = hit.name;
  }
  if (missing.length > 0) {
    const answers = Promise.all(missing.map(async (a) => [a, await lookup(a)] as const));
    const budget = new Promise<null>((resolve) => setTimeout(() => resolve(null), NAME_BUDGET_MS).unref());
    const answered = await Promise.race([answers, budget]);
    for (const [address, name] of answered ?? []) if (name) found[address] = name;
  }
  return found;
}
