/**
 * The server's one client for chain reads, through every URL in `RPC_URL` (comma-separated): each
 * read goes to the URL that answered last and fails over to the next on a refused connection or a
 * timeout, so a dead or silent node costs one short timeout when it dies (`@gavel/sdk/transport`).
 */
import { chainTransport, splitRpcUrls } from "@gavel/sdk/transport";
import { createPublicClient, type PublicClient } from "viem";
import { RPC_URL } from "$app/env/private";

/** The configured RPC URLs, in order (empty without `RPC_URL`). */
export const rpcUrls: readonly string[] = RPC_URL ? splitRpcUrls(RPC_URL) : [];

/** How long one URL gets for one read: pages wait on some reads, so a silent node must not hold them. */
const RPC_TIMEOUT_MS = 1_500;

let client: PublicClient | null | undefined;

/** The chain client, or null when no `RPC_URL` is configured. */
export function chainClient(): PublicClient | null {
  if (client === undefined) {
    client =
      rpcUrls.length === 0
        ? null
        : createPublicClient({
            transport: chainTransport(rpcUrls, { timeout: RPC_TIMEOUT_MS, retryCount: 1 }),
          });
  }
  return client;
}
