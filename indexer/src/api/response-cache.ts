// The read routes' response cache, apart from Ponder so that it can be tested on its own: answers
// kept per key while their version (the indexed chain's checkpoint and "now") is unchanged, bounded
// in bytes, and one computation per key and version however many requests ask at once.
import { LRUCache } from "lru-cache";

/** A kept answer: the body the typed handler produced, with its status. */
export interface KeptAnswer {
  version: string;
  status: 200 | 404;
  body: string;
}

export interface ResponseCache {
  /**
   * The kept answer for `key` at `version`, or the response of `compute`. A request that arrives
   * while another computes the same key at the same version waits for that answer instead of
   * computing its own: a new block makes every popular page miss at once, and without this each
   * waiting reader would repeat the same queries. If the shared computation fails or answers
   * something that is not kept (neither 200 nor 404), the waiting request computes its own.
   */
  answer(key: string, version: string, compute: () => Promise<Response>): Promise<KeptAnswer | Response>;
}

/** `maxBytes` 0 turns the cache off: every request computes its own answer. */
export function responseCache(maxBytes: number): ResponseCache {
  if (maxBytes <= 0) return { answer: (_key, _version, compute) => compute() };
  const kept = new LRUCache<string, KeptAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.body.length + key.length + entry.version.length + 64,
  });
  const computing = new Map<string, Promise<KeptAnswer | undefined>>();
  return {
    async answer(key, version, compute) {
      const hit = kept.get(key);
      if (hit && hit.version === version) return hit;
      const flight = `${version} ${key}`;
      const shared = computing.get(flight);
      if (shared) return (await shared.catch(() => undefined)) ?? compute();

      let response: Response | undefined;
      const computed = (async () => {
        const computedResponse = await compute();
        response = computedResponse;
        if (computedResponse.status !== 200 && computedResponse.status !== 404) return undefined;
        // Read once and answered from the text (a clone would tee the body's stream).
        const body = await computedResponse.text();
        response = new Response(body, { status: computedResponse.status, headers: computedResponse.headers });
        const answer: KeptAnswer = { version, status: computedResponse.status, body };
        kept.set(key, answer);
        return answer;
      })();
      computing.set(flight, computed);
      try {
        await computed;
      } finally {
        computing.delete(flight);
      }
      // The computing request answers with its own response (its headers as the handler set them).
      return response as Response;
    },
  };
}
