import { randomUUID } from "node:crypto";
import { redirect } from "@sveltejs/kit";
import type { Handle, HandleServerError, ServerInit } from "@sveltejs/kit/hooks";
import {
  defaultLocale,
  isLocale,
  type Locale,
  loadCatalogue,
  localeCookie,
  localeFromAcceptLanguage,
  locales,
  timeZoneCookie,
  translate,
} from "#lib/i18n/index.ts";
import { findSession, SESSION_COOKIE } from "#lib/server/auth.ts";
import { rpcUrls } from "#lib/server/chain.ts";
import { migrate, pool } from "#lib/server/db.ts";
import { log } from "#lib/server/log.ts";
import { media } from "#lib/server/media.ts";
import { collectMedia } from "#lib/server/media-gc.ts";
import { httpRequestDuration, pageCacheRequests } from "#lib/server/metrics.ts";
import { pageCache as keptPages, publicPageRoutes } from "#lib/server/page-cache.ts";
import { applySecurityHeaders, connectSources } from "#lib/server/security-headers.ts";
import { dev } from "$app/env";
import {
  INDEXER_URL,
  MEDIA_GC_INTERVAL_SECONDS,
  MEDIA_GRACE_HOURS,
  PAGE_CACHE_SECONDS,
  PAGE_CACHE_STALE_SECONDS,
} from "$app/env/private";
import {
  PUBLIC_CHAIN_ID,
  PUBLIC_RELAYER_URL,
  PUBLIC_RPC_URL,
  PUBLIC_WALLETCONNECT_PROJECT_ID,
  PUBLIC_WALLETCONNECT_RELAY_URL,
} from "$app/env/public";

// The server speaks every language from the first request on.
await Promise.all(locales.map((locale) => loadCatalogue(locale)));

export const init: ServerInit = async () => {
  // The environment has been validated by the time this runs (see src/env.ts).
  try {
    const applied = await migrate();
    if (applied.length > 0) log.info({ applied }, "database migrations applied");
  } catch (error) {
    // Without its tables the web cannot sign anyone in: stop rather than serve half a site.
    log.fatal({ err: error }, "cannot prepare the database (DATABASE_URL)");
    process.exit(1);
  }
  // Unreferenced uploads are deleted after their grace period (see media-gc.ts).
  const gc = setInterval(() => {
    collectMedia({
      graceHours: MEDIA_GRACE_HOURS,
      store: media,
      indexer: { baseUrl: INDEXER_URL, fetch },
    }).catch((error: unknown) => log.warn({ err: error }, "media collection failed"));
  }, MEDIA_GC_INTERVAL_SECONDS * 1000);
  gc.unref();
  process.once("sveltekit:shutdown", () => {
    clearInterval(gc);
    void pool.end();
  });
  log.info({ indexerUrl: INDEXER_URL, rpcUrls, chainId: PUBLIC_CHAIN_ID }, "web server ready");
};

/** What pages may connect to, from the configuration (decided once). */
let connectSrc: string[] | undefined;
const allowedConnections = () =>
  (connectSrc ??= connectSources({
    chainId: PUBLIC_CHAIN_ID,
    publicRpcUrl: PUBLIC_RPC_URL,
    walletConnectProjectId: PUBLIC_WALLETCONNECT_PROJECT_ID,
    walletConnectRelayUrl: PUBLIC_WALLETCONNECT_RELAY_URL,
    relayerUrl: PUBLIC_RELAYER_URL,
    dev,
  }));

function chooseLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}

/** Pages for signed-out visitors, served again for PAGE_CACHE_SECONDS, then while they render
 * again for PAGE_CACHE_STALE_SECONDS (page-cache.ts); 0: off. */
const pageCache =
  PAGE_CACHE_SECONDS > 0
    ? keptPages({
        ttlMs: PAGE_CACHE_SECONDS * 1000,
        staleMs: PAGE_CACHE_STALE_SECONDS * 1000,
        onBackgroundError: (error) => log.warn({ err: error }, "rendering a kept page again failed"),
      })
    : null;

/** Largest request body any route but the image upload reads (JSON documents, forms). */
const MAX_BODY_BYTES = 256 * 1024;

export const handle: Handle = async (input) => {
  const response = (await refuseOversized(input.event)) ?? (await handleRequest(input));
  applySecurityHeaders(response.headers, {
    https: input.event.url.protocol === "https:",
    connectSrc: allowedConnections(),
  });
  return response;
};

/**
 * 413 for a body declared larger than its route reads, before anything reads it (uploads have
 * their own limit, MEDIA_MAX_BYTES, checked in the route).
 */
function refuseOversized(event: Parameters<Handle>[0]["event"]): Response | null {
  const declared = Number(event.request.headers.get("content-length") ?? "0");
  const limit = event.url.pathname === "/media/upload" ? Number.POSITIVE_INFINITY : MAX_BODY_BYTES;
  if (!(declared > limit)) return null;
  return new Response(
    JSON.stringify({ error: "too_large", field: "body", detail: `at most ${limit} bytes` }),
    {
      status: 413,
      headers: { "content-type": "application/json", "cache-control": "no-store", connection: "close" },
    },
  );
}

const handleRequest: Handle = async ({ event, resolve }) => {
  const started = performance.now();
  event.locals.requestId = event.request.headers.get("x-request-id") ?? randomUUID();

  // `?lang=ru` on any page switches the language (a plain link, so it works without JavaScript).
  const requested = event.url.searchParams.get("lang");
  if (requested !== null && event.request.method === "GET" && isLocale(requested)) {
    event.cookies.set(localeCookie, requested, {
      path: "/",
      httpOnly: false,
      sameSite: "lax",
      secure: event.url.protocol === "https:",
      maxAge: 365 * 86_400,
    });
    const target = new URL(event.url);
    target.searchParams.delete("lang");
    redirect(303, `${target.pathname}${target.search}`);
  }
  event.locals.locale = chooseLocale(
    event.cookies.get(localeCookie),
    event.request.headers.get("accept-language"),
  );

  const token = event.cookies.get(SESSION_COOKIE);
  event.locals.user = token ? await findSession(token) : null;

  const render = () =>
    resolve(event, {
      // app.html says lang="en"; the page's language is decided per request.
      transformPageChunk: ({ html }) =>
        html.replace('<html lang="en">', `<html lang="${event.locals.locale}">`),
    });
  let response: Response;
  if (
    pageCache &&
    event.request.method === "GET" &&
    !event.locals.user &&
    !event.isDataRequest &&
    publicPageRoutes.has(event.route.id ?? "")
  ) {
    // A signed-out visitor's page depends on the URL, the language and the time zone only.
    const key = `${event.locals.locale} ${event.cookies.get(timeZoneCookie) ?? ""} ${event.url.pathname}${event.url.search}`;
    const served = await pageCache.serve(key, render);
    pageCacheRequests.inc({ outcome: served.outcome });
    response = served.response;
  } else {
    response = await render();
  }
  const seconds = (performance.now() - started) / 1000;
  const route = event.route.id ?? "unmatched";
  httpRequestDuration.observe(
    { method: event.request.method, route, status: String(response.status) },
    seconds,
  );
  if (route !== "/health" && route !== "/metrics") {
    log.info(
      {
        requestId: event.locals.requestId,
        method: event.request.method,
        path: event.url.pathname,
        status: response.status,
        ms: Math.round(seconds * 1000),
      },
      "request",
    );
  }
  return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Only errors nobody planned for are worth a stack trace; 404s and `error(...)` are ordinary.
  if (kind !== "unknown") return;
  log.error({ err: error, requestId: event.locals.requestId, path: event.url.pathname }, "unexpected error");
  return { message: translate(event.locals.locale ?? defaultLocale, "error.unexpected") };
};
