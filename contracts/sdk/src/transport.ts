/**
 * The chain through one JSON-RPC URL or several, for every process that reads or writes it
 * (indexer, keeper, relayer, the web server and the browser). Several URLs fail over: a request
 * goes to the URL that answered last, and on a transport failure (refused connection, timeout,
 * HTTP error) to the next ones in turn (viem's `fallback` over the rotated list; a revert or a
 * wallet's refusal is an answer and is thrown as is). So a dead node costs one refused connection
 * or one short timeout when it dies, not one per request, and no timer runs in the background.
 */
import { type EIP1193RequestFn, fallback, HttpRequestError, http, TimeoutError, type Transport } from "viem";

export interface ChainTransportOptions {
  /** Milliseconds one URL gets per request (default 10 000 with one URL, 5 000 with several). */
  timeout?: number;
  /** Attempts after the first: of the one URL, or of the whole list with several (default 3 with one URL, 1 with several). */
  retryCount?: number;
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
  const timeout = options.timeout ?? 5_000;
  const retryCount = options.retryCount ?? 1;
  return (params) => {
    // The URL that answered last: requests start there (per client made from this transport).
    let preferred = 0;
    const remembered = urls.map((url, index): Transport => {
      const base = http(url, { timeout, retryCount: 0 });
      return (inner) => {
        const made = base(inner);
        const request = (async (args, requestOptions) => {
          const answer = await made.request(args, requestOptions);
          preferred = index;
          return answer;
        }) as EIP1193RequestFn;
        return { ...made, request };
      };
    });
    // One fallback per starting URL; the caller's own timeout would override the short one per URL.
    const rotations = urls.map((_, start) =>
      fallback([...remembered.slice(start), ...remembered.slice(0, start)], {
        retryCount,
        shouldThrow: isNodeAnswer,
      })({
        ...params,
        timeout,
      }),
    );
    const first = rotations[0] as ReturnType<Transport>;
    const request: EIP1193RequestFn = (args, requestOptions) =>
      (rotations[preferred] as ReturnType<Transport>).request(args, requestOptions);
    return { ...first, request };
  };
}

/**
 * Whether an error is the node's own answer (a JSON-RPC error: a revert, a used nonce, a refused
 * transaction), which the next URL would only repeat or — if that one is dead — hide behind its
 * connection error. Only a transport failure (refused, timed out, an HTTP error status such as 429
 * or 5xx) moves on to the next URL.
 */
export function isNodeAnswer(error: Error): boolean {
  return !(error instanceof HttpRequestError || error instanceof TimeoutError);
}
