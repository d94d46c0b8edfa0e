import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics of this web server, served at /metrics. Labels are bounded: the route id
 * (not the raw path) and the status code.
 */
export const registry = new Registry();
registry.setDefaultLabels({ service: "web" });
collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new Histogram({
  name: "gavel_web_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by method, route and status.",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const indexerRequests = new Counter({
  name: "gavel_web_indexer_requests_total",
  help: "Requests made to the indexer API, by endpoint and outcome (ok, unreachable, http_error, bad_response).",
  labelNames: ["endpoint", "outcome"] as const,
  registers: [registry],
});

export const indexerRequestDuration = new Histogram({
  name: "gavel_web_indexer_request_duration_seconds",
  help: "Time taken by requests to the indexer API, by endpoint.",
  labelNames: ["endpoint"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const authRequests = new Counter({
  name: "gavel_web_auth_requests_total",
  help: "Requests to the sign-in routes, by route and outcome (ok, bad_request, refused codes, rate_limited).",
  labelNames: ["route", "outcome"] as const,
  registers: [registry],
});

export const pageCacheRequests = new Counter({
  name: "gavel_web_page_cache_total",
  help: "Signed-out page requests by how the page cache answered: hit (a fresh kept page, or one rendered just then for another request), stale (a kept page past PAGE_CACHE_SECONDS, rendered again behind it), miss (rendered and kept) or uncacheable (rendered, not kept).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
