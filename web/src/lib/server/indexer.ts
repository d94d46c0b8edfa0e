import { z } from "zod";
import { log } from "./log.ts";
import { indexerRequestDuration, indexerRequests } from "./metrics.ts";

/**
 * Client for the indexer's read API. Every call returns a result instead of throwing, so a page
 * can still render (with a plain-language notice) when the indexer is down or misbehaves.
 */

/** Block numbers and amounts arrive as decimal strings (bigints); accept plain numbers too. */
const bigintString = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

/** Unix seconds (number or decimal string) or an ISO date, normalised to an ISO string. */
const timestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const date =
    typeof value === "number" || /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${value}` });
    return z.NEVER;
  }
  return date.toISOString();
});

const activityItem = z.object({
  cursor: z.string(),
  kind: z.string(),
  blockNumber: bigintString,
  timestamp,
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  data: z.record(z.string(), z.unknown()).default({}),
});

const activityPage = z
  .object({ items: z.array(activityItem), nextCursor: z.string().nullable().optional() })
  .transform(({ items, nextCursor }) => ({ items, nextCursor: nextCursor ?? null }));

export type ActivityItem = z.infer<typeof activityItem>;
export type ActivityPage = z.output<typeof activityPage>;

export type IndexerProblem =
  /** Nothing answered (connection refused, DNS, timeout). */
  | "unreachable"
  /** It answered with an HTTP error status. */
  | "http_error"
  /** It answered 200 with a body we do not understand. */
  | "bad_response";

export type IndexerResult<T> =
  | { ok: true; value: T }
  | { ok: false; problem: IndexerProblem; detail: string };

export interface IndexerClientOptions {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:42069. */
  baseUrl: string;
  /** The fetch to use; pass SvelteKit's `event.fetch` from a load function. */
  fetch?: typeof fetch;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** GETs `path` and checks the JSON body against `schema`; counts and logs every failure. */
async function getJson<T>(
  options: IndexerClientOptions,
  endpoint: string,
  path: string,
  schema: z.ZodType<T>,
): Promise<IndexerResult<T>> {
  const url = `${options.baseUrl}${path}`;
  const doFetch = options.fetch ?? fetch;
  const stopTimer = indexerRequestDuration.startTimer({ endpoint });
  const fail = (problem: IndexerProblem, detail: string): IndexerResult<never> => {
    indexerRequests.inc({ endpoint, outcome: problem });
    log.warn({ url, problem, detail }, "indexer request failed");
    return { ok: false, problem, detail };
  };
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return fail("unreachable", `${error instanceof Error ? error.message : String(error)}${cause}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      return fail("http_error", `HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      return fail("bad_response", `not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) return fail("bad_response", z.prettifyError(parsed.error));
    indexerRequests.inc({ endpoint, outcome: "ok" });
    return { ok: true, value: parsed.data };
  } finally {
    stopTimer();
  }
}

/** Latest entries of the activity feed (`GET /api/activity?limit=`), newest first. */
export async function getActivity(
  options: IndexerClientOptions,
  { limit = 20 }: { limit?: number } = {},
): Promise<IndexerResult<ActivityPage>> {
  return getJson(options, "activity", `/api/activity?limit=${limit}`, activityPage);
}
