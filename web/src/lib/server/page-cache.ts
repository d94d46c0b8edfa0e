/**
 * Whole pages for signed-out visitors, kept for a few seconds (PAGE_CACHE_SECONDS).
 *
 * A page render is 7–11 ms of CPU and several indexer calls; at hundreds of visitors a second the
 * same few pages (browse, the live auctions) are rendered over and over. A signed-out visitor's
 * page depends only on its URL, language and time zone, so one render serves every such request
 * for the same key until it expires, and concurrent requests for a key wait for one render
 * (single flight, `readCache`) instead of each starting their own.
 *
 * Why staleness is harmless: an auction page reloads its data as soon as its live stream opens
 * (and on every event after), so a page up to `ttl` old catches up at once; data requests
 * (`__data.json`, what `invalidate` fetches) are never cached. Only complete 200 `text/html`
 * answers without `Set-Cookie` are kept. Pages carry a hash-based CSP (kit.csp mode "hash"), so a
 * kept page's policy still matches its own inline script: no nonce is ever served twice.
 */

import { readCache } from "./read-cache.ts";

interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

/** hit: a kept page (or one rendered for another request just now); miss: rendered here and kept;
 * uncacheable: rendered here and not kept (an error page, a redirect, a cookie). */
export type CacheOutcome = "hit" | "miss" | "uncacheable";

export interface PageCache {
  serve(key: string, render: () => Promise<Response>): Promise<{ response: Response; outcome: CacheOutcome }>;
}

/** Pages kept `ttlMs`, at most `maxEntries` of them (about 50 KB each), in a read cache. */
export function pageCache(ttlMs: number, maxEntries = 300, now?: () => number): PageCache {
  // A render that may not be kept is remembered as null: requests for its key render on their own.
  const pages = readCache<CachedPage | null>({ ttlMs, maxEntries, now });
  return {
    async serve(key, render) {
      let rendered = false;
      let own: Response | null = null;
      const page = await pages.one(key, async () => {
        rendered = true;
        const response = await render();
        if (!keepable(response)) {
          own = response;
          return null;
        }
        return {
          status: response.status,
          headers: [...response.headers],
          body: new Uint8Array(await response.arrayBuffer()),
        };
      });
      if (own) return { response: own, outcome: "uncacheable" };
      if (page) return { response: toResponse(page), outcome: rendered ? "miss" : "hit" };
      return { response: await render(), outcome: "uncacheable" };
    },
  };
}

function keepable(response: Response): boolean {
  return (
    response.status === 200 &&
    (response.headers.get("content-type") ?? "").startsWith("text/html") &&
    !response.headers.has("set-cookie")
  );
}

function toResponse(page: CachedPage): Response {
  return new Response(page.body, { status: page.status, headers: page.headers });
}

/** The routes whose pages are the same for every signed-out visitor (given URL, language, zone). */
export const publicPageRoutes: ReadonlySet<string> = new Set([
  "/",
  "/auction/[id]",
  "/activity",
  "/leaderboard",
  "/stats",
  "/u/[address]",
]);
