import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/**
 * Liveness and readiness: the server is up and its configuration was valid (it would not have
 * started otherwise). The indexer's state is not part of it: pages degrade when it is down.
 */
export const GET: RequestHandler = () =>
  json(
    { status: "ok", service: "web", uptimeSeconds: Math.round(process.uptime()) },
    {
      headers: { "cache-control": "no-store" },
    },
  );
