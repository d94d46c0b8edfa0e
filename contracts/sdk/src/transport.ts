/**
 * The chain through one JSON-RPC URL or several, for every process that reads or writes it
 * (keeper, relayer, the web server and the browser). Several URLs go through viem's fallback:
 * each request goes to the first URL that answers, so a dead node costs a refused connection or
 * one short timeout, not the request.
 */
import { fallback, http, type Transport } from "viem";

export interface ChainTransportOptions {
  /** Milliseconds one URL gets per request (default 10 000 with one URL, 5 000 with several). */
  timeout?: number;
  /** Attempts after the first: of the one URL, or of the whole list with several (default 3 with one URL, 1 with several). */
  retryCount?: number;
  /**
   * Several URLs only: probe every URL each `interval` ms (eth_blockNumber) and send requests to
   * the healthiest first, so a URL that went silent stops costing a timeout per request.
   * For long-lived clients (a server); off by default.
   */
  rank?: false | { interval: number };
}

/** "a, b ,c" → ["a", "b", "c"]: a comma-separated list of RPC URLs (empty entries dropped). */
export function splitRpcUrls(value: string): string[] {
  return value
    .split(",")
    .map((url) => url.trim())
    .filter(Boolean);
}

/** The chain through every URL given (see the module comment). */
export function chainTransport(urls: readonly string[], options: ChainTransportOptions = {}): Transport {
  if (urls.length === 0) throw new Error("chainTransport: no RPC URL given");
  if (urls.length === 1) {
    return http(urls[0], { timeout: options.timeout ?? 10_000, retryCount: options.retryCount ?? 3 });
  }
  const rank = options.rank;
  return fallback(
    urls.map((url) => http(url, { timeout: options.timeout ?? 5_000, retryCount: 0 })),
    {
      retryCount: options.retryCount ?? 1,
      rank: rank ? { interval: rank.interval, sampleCount: 5, timeout: options.timeout ?? 5_000 } : false,
    },
  );
}
