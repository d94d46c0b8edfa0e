// The indexer's REST API, typed: `paths`/`components` are generated from its OpenAPI document
// (src/schema.ts, by scripts/generate.ts) and requests go through openapi-fetch, so a route,
// parameter or field that the indexer does not serve fails to compile. At run time each JSON
// answer is checked against the zod schema its route declares (the indexer's own, from which the
// document is generated): an answer that does not match rejects with IndexerContractError.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { z } from "zod";
import { responseSchemaFor, routeOf } from "../../src/api/routes.ts";
import { ActivityItem as activityItemSchema } from "../../src/api/schemas.ts";
import type { components, paths } from "./schema.ts";

export type { components, paths };
/** The schema of one activity item (what /api/activity/stream sends as each event's data). */
export { activityItemSchema };

type Schemas = components["schemas"];
export type Amount = Schemas["Amount"];
export type Auction = Schemas["Auction"];
export type Bid = Schemas["Bid"];
export type Commitment = Schemas["Commitment"];
export type Deal = Schemas["Deal"];
export type Dispute = Schemas["Dispute"];
export type Review = Schemas["Review"];
export type ActivityItem = Schemas["ActivityItem"];
export type ActivityPage = Schemas["ActivityPage"];
export type AuctionPage = Schemas["AuctionPage"];
export type AuctionDetail = Schemas["AuctionDetail"];
export type Account = Schemas["Account"];
export type Reputation = Schemas["Reputation"];
export type Reputations = Schemas["Reputations"];
export type Leaderboard = Schemas["Leaderboard"];
export type Stats = Schemas["Stats"];
export type Readiness = Schemas["Readiness"];
export type BadRequest = Schemas["BadRequest"];
export type AuctionFormat = Auction["format"];
export type AuctionStatus = Auction["status"];

export type IndexerClient = Client<paths>;

/** The indexer answered JSON that does not match what its route declares. */
export class IndexerContractError extends Error {
  override name = "IndexerContractError";
}

/** Checks each JSON answer against its route's declared schema. */
const checkAnswers: Middleware = {
  async onResponse({ request, response }) {
    if (!response.headers.get("content-type")?.includes("application/json")) return undefined;
    const route = routeOf(request.url);
    const schema = route && responseSchemaFor(route, response.status);
    if (!schema) return undefined;
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch (error) {
      throw new IndexerContractError(`${route.path} answered ${response.status} with invalid JSON`, {
        cause: error,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new IndexerContractError(
        `${route.path} answered ${response.status} with an unexpected body: ${z.prettifyError(parsed.error)}`,
      );
    }
    return undefined;
  },
};

export interface IndexerClientOptions {
  /** The indexer's base URL, e.g. http://127.0.0.1:42069 (a trailing slash is dropped). */
  baseUrl: string;
  /** The fetch to use (SvelteKit's `event.fetch` in a load function); the global one by default. */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** A deadline for each request, in milliseconds. */
  timeoutMs?: number;
}

export function createIndexerClient(options: IndexerClientOptions): IndexerClient {
  const fetcher = options.fetch ?? globalThis.fetch;
  const { timeoutMs } = options;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { accept: "application/json" },
    // The deadline goes into the Request itself: SvelteKit's event.fetch, given a Request, ignores
    // its second argument, so a signal passed there never fired and a silent indexer held a page
    // render until undici's 300 s headers timeout (found by the chaos run).
    fetch: (request) =>
      timeoutMs === undefined
        ? fetcher(request)
        : fetcher(
            new Request(request, {
              signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
            }),
          ),
  });
  client.use(checkAnswers);
  return client;
}
