import { chainClient } from "./chain.ts";

/** The longest a page waits for the chain's clock before it goes by the server's. */
const CHAIN_NOW_TIMEOUT_MS = 1_500;

/**
 * "Now" by the chain's clock in unix seconds: the latest block's time when `RPC_URL` is set (a
 * local chain may run ahead of the wall clock), never earlier than the server's clock. Deadlines
 * and Dutch prices are judged by it; the browser ticks on from it.
 */
export async function chainNow(): Promise<number> {
  const wall = Math.floor(Date.now() / 1000);
  const client = chainClient();
  if (!client) return wall;
  let timer: NodeJS.Timeout | undefined;
  try {
    const block = await Promise.race([
      client.getBlock({ blockTag: "latest" }),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), CHAIN_NOW_TIMEOUT_MS);
      }),
    ]);
    return block ? Math.max(Number(block.timestamp), wall) : wall;
  } catch {
    return wall;
  } finally {
    clearTimeout(timer);
  }
}
