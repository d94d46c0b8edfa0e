// The OpenAPI 3.1 document of the REST API, built from the route definitions (routes.ts). Served
// at /openapi.json; `node scripts/openapi.ts` writes it, the typed client and API.md from it.
import { OpenAPIHono } from "@hono/zod-openapi";
import { routes } from "./routes.ts";

const DESCRIPTION = `Gavel's indexer: every Gavel contract event in Postgres, served as JSON. All routes are GET and
allow CORS from WEB_ORIGIN. Ponder's own /health, /ready, /status, /metrics, /graphql and /sql/* share
the port.

Conventions: money is an Amount object (\`raw\` token units and \`decimal\` USDC, both strings, never a
JSON number); ids (auction, deal) are decimal strings (uint256 on chain; a deal's id equals its
auction's); addresses and bytes32 hashes are lowercase 0x strings (inputs may be any case); times are
unix seconds and block numbers are JSON numbers, null when not (yet) set; basis points are numbers;
cursors are opaque: pass a response's \`nextCursor\` back as \`cursor\` (\`after\` for the activity
feed), null on the last page. Unknown query parameters are ignored.

Errors: 400 when a parameter fails validation, naming it in \`issues[].field\` (the parameter's name;
\`id\`/\`address\` for path parameters); 404 with \`{ "error": "auction 42 not found" }\` for an id or
address the indexer never saw; 503 from /api/ready while not caught up.

"Now" and \`ended\`: an auction's stored status is active, settled, cancelled or no_sale; the API
reports \`ended\` for an active auction whose endTime ≤ now, where now is max(wall clock, timestamp
of the last indexed block), so a local chain moved forward is judged by chain time.

Pauses: when GavelConfig emits Unpaused(account, pausedAt, pausedFor, pausedTotal), every auction
still active has each time that had not come when the pause began (> pausedAt) moved pausedFor
seconds later: startTime and endTime, the sealed params.commitEnd / params.revealEnd, a rolling
round's end; a running Dutch auction moves its whole schedule (startTime, params.floorTime,
endTime), so its price resumes where it stood. Times already passed stay as they happened, and deal
deadlines never move.

Rolling listings: each round is an auction of its own (own id, bids and deal) with the listing's
title, seller and terms; round 1's id is the listing's id; a round stopped before any bid ends as
no_sale.

Ponder's own routes on the same port: /health (liveness), /ready (backfill up to Ponder's finalized
block — not "caught up": use /api/ready), /status, /metrics (Prometheus), /graphql, /sql/* (SQL over
HTTP for @ponder/client, off unless SQL_API_TOKEN is set).

Freshness: the read routes may answer from a response cache dropped on every newly indexed block,
every reorg and every second (at most ~100 ms behind the indexed data); the feed, the stream and
/api/ready are never cached.`;

/** A fresh app holding every route definition (no handlers), for the document alone. */
export function openApiDocument() {
  const app = new OpenAPIHono();
  for (const route of routes) app.openAPIRegistry.registerPath(route);
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Gavel indexer REST API", version: "1.0.0", description: DESCRIPTION },
    tags: [
      { name: "auctions" },
      { name: "deals", description: "Deals and disputes" },
      { name: "accounts", description: "Accounts (profiles) and the leaderboard" },
      { name: "stats" },
      { name: "activity", description: "The event feed and its stream" },
      { name: "status" },
    ],
  });
}
