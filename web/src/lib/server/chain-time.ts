import { RPC_URL } from "$app/env/private";

/**
 * "Now" by the chain's clock in unix seconds: the latest block's time when `RPC_URL` is set (a
 * local chain may run ahead of the wall clock), never earlier than the server's clock. Deadlines
 * and Dutch prices are judged by it; the browser ticks on from it.
 */
export async function chainNow(fetcher: typeof fetch = fetch): Promise<number> {
  const wall = Math.floor(Date.now() / 1000);
  const rpcUrl = RPC_URL;
  if (!rpcUrl) return wall;
  try {
    const response = await fetcher(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getBlockByNumber",
        params: ["latest", false],
      }),
      signal: AbortSignal.timeout(1_500),
    });
    const body = (await response.json()) as { result?: { timestamp?: string } };
    const seconds = Number.parseInt(body.result?.timestamp ?? "", 16);
    return Number.isFinite(seconds) ? Math.max(seconds, wall) : wall;
  } catch {
    return wall;
  }
}
