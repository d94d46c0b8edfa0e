import { randomUUID } from "node:crypto";
import type { Handle, HandleServerError, ServerInit } from "@sveltejs/kit/hooks";
import { log } from "#lib/server/log.ts";
import { httpRequestDuration } from "#lib/server/metrics.ts";
import { INDEXER_URL, RPC_URL } from "$app/env/private";
import { PUBLIC_CHAIN_ID } from "$app/env/public";

export const init: ServerInit = () => {
  // The environment has been validated by the time this runs (see src/env.ts).
  log.info(
    { indexerUrl: INDEXER_URL, rpcUrl: RPC_URL ?? null, chainId: PUBLIC_CHAIN_ID },
    "web server ready",
  );
};

export const handle: Handle = async ({ event, resolve }) => {
  const started = performance.now();
  event.locals.requestId = event.request.headers.get("x-request-id") ?? randomUUID();
  const response = await resolve(event);
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
  return { message: "Something went wrong on our side. Please try again in a moment." };
};
