/**
 * Whole pages for signed-out visitors, kept for a few seconds (PAGE_CACHE_SECONDS).
 *
 * A page render is 7–11 ms of CPU and several indexer calls; at hundreds of visitors a second the
 * same few pages (browse, the live auctions) are rendered over and over. A signed-out visitor's
 * page depends only on its URL, language and time zone, so one render serves every such request
 * for the same key until it expires, and concurrent requests for a key wait for one render
 * (single flight) instead of each starting their own. A page past its time to live is still
 * served for `staleMs` while one request renders it again in the background (stale while
 * revalidate), so under load visitors never queue behind a slow render of a page they could have.
 *
 * Why staleness is harmless: an auction page reloads its data as soon as its live stream opens
 * (and on every event after), so a page `ttl + staleMs` old at most catches up at once; data requests
 * (`__data.json`, what `invalidate` fetches) are never cached. Only complete 200 `text/html`
 * answers without `Set-Cookie` are kept. Pages carry a hash-based CSP (kit.csp mode "hash"), so a
 * kept page's policy still matches its own inline script: no nonce is ever served twice.
 */

import { Buffer } from "node:buffer";

interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  /** When it was rendered (ms). */
  at: number;
}

/** hit: a fresh kept page (or one rendered just then for another request); stale: a kept page
 * past its time to live, served while this request renders it again in the background; miss:
 * rendered here and kept; uncacheable: rendered here and not kept (an error page, a redirect, a
 * cookie). */
export type CacheOutcome = "hit" | "stale" | "miss" | "uncacheable";

export interface PageCacheOptions {
  /** How long a page is served as it is, in milliseconds. */
  ttlMs: number;
  /** How much longer it is still served while a new render is under way (0: not at all). */
  staleMs: number;
  /** The most pages kept (about 50 KB each); the least recently rendered go first. */
  maxEntries?: number;
  now?: () => number;
  /** Told when a background render fails (the stale page stays until its time is up). */
  onBackgroundError?: (error: unknown) => void;
}

export interface PageCache {
  serve(key: string, render: () => Promise<Response>): Promise<{ response: Response; outcome: CacheOutcome }>;
  readonly size: number;
}

export function pageCache({
  ttlMs,
  staleMs,
  maxEntries = 300,
  now = Date.now,
  onBackgroundError = () => {},
}: PageCacheOptions): PageCache {
  const pages = new Map<string, CachedPage>();
  /** Renders under way, by key: their page, or null when it may not be kept. */
  const rendering = new Map<string, Promise<{ page: CachedPage | null; response: Response }>>();

  function keep(key: string, page: CachedPage) {
    pages.delete(key);
    pages.set(key, page);
    while (pages.size > maxEntries) pages.delete(pages.keys().next().value as string);
  }

  /** One render for `key` at a time; a keepable page is kept when it is done. */
  function renderOnce(key: string, render: () => Promise<Response>) {
    const under = rendering.get(key);
    if (under) return { promise: under, mine: false };
    const promise = (async () => {
      try {
        const response = await render();
        if (!keepable(response)) return { page: null, response };
        const page: CachedPage = {
          status: response.status,
          // Without its length: a stale answer is longer by its mark.
          headers: [...response.headers].filter(([name]) => name !== "content-length"),
          body: new Uint8Array(await response.arrayBuffer()),
          at: now(),
        };
        keep(key, page);
        return { page, response: toResponse(page) };
      } finally {
        rendering.delete(key);
      }
    })();
    rendering.set(key, promise);
    return { promise, mine: true };
  }

  return {
    async serve(key, render) {
      const kept = pages.get(key);
      const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
      if (kept && age < ttlMs) return { response: toResponse(kept), outcome: "hit" };
      if (kept && age < ttlMs + staleMs) {
        // Served at once; the page is rendered again behind it (once, whoever asks meanwhile).
        renderOnce(key, render).promise.catch(onBackgroundError);
        return { response: toResponse(kept, true), outcome: "stale" };
      }
      if (kept) pages.delete(key);
      const { promise, mine } = renderOnce(key, render);
      const done = await promise;
      if (mine) return { response: done.response, outcome: done.page ? "miss" : "uncacheable" };
      if (done.page) return { response: toResponse(done.page), outcome: "hit" };
      // The render it waited for could not be kept: its own.
      return { response: await render(), outcome: "uncacheable" };
    },
    get size() {
      return pages.size;
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

const encoder = new TextEncoder();
const headTag = encoder.encode("<head>");
const staleMark = encoder.encode('\n    <meta name="gavel-stale" content="" />');

/**
 * The kept page as an answer. A stale one says so in its head (`<meta name="gavel-stale">`): once
 * hydrated it reloads its data (+layout.svelte), so a visitor never keeps looking at it.
 */
function toResponse(page: CachedPage, stale = false): Response {
  let body = page.body;
  // `<head>` opens within the first few hundred bytes of every page (app.html).
  const at = stale
    ? Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 512)).indexOf(headTag)
    : -1;
  if (at >= 0) {
    const end = at + headTag.length;
    body = new Uint8Array(body.length + staleMark.length);
    body.set(page.body.subarray(0, end));
    body.set(staleMark, end);
    body.set(page.body.subarray(end), end + staleMark.length);
  }
  return new Response(body, { status: page.status, headers: page.headers });
}

/** The routes whose pages are the same for every signed-out visitor (given URL, language, zone). */
export const publicPageRoutes: ReadonlySet<string> = new Set([
  "/",
  "/auction/[id]",
  "/auction/[id]/bids",
  "/activity",
  "/leaderboard",
  "/stats",
  "/u/[address]",
]);
