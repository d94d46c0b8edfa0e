// What the REST sub-apps share: the indexed chain's "now" and checkpoint, the response cache, and
// a sub-app factory whose validation failures answer 400 naming the parameter.
import { db } from "ponder:api";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sql } from "ponder";
import { loadEnv } from "../env.ts";
import { badRequest, issuesOf } from "./params.ts";
import { ponderGlobals } from "./ponder-internals.ts";
import { responseCache } from "./response-cache.ts";

export const env = loadEnv();
export const log = ponderGlobals.PONDER_COMMON.logger;

/** A resource's sub-app: a parameter that fails its route's schema gets the API's 400 body. */
export function resourceApp() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(badRequest(issuesOf(result.error)), 400);
    },
  });
}

/* ------------------------------------------------------------------ chain time ---------- */

export interface IndexingState {
  ready: boolean;
  /** Ponder's latest checkpoint (changes with every indexed block, and on a reorg). */
  checkpoint: string;
  indexedBlock: number | null;
  indexedTimestamp: bigint;
}

/** Ponder's own bookkeeping (same schema): whether the backfill is done and the last indexed block. */
export async function indexingState(): Promise<IndexingState> {
  const meta = await db.execute(sql`select value from _ponder_meta where key = 'app'`);
  const checkpoints = await db.execute(sql`select latest_checkpoint from _ponder_checkpoint`);
  const value = (meta.rows[0] as { value?: { is_ready?: number } } | undefined)?.value;
  const checkpoint = (checkpoints.rows[0] as { latest_checkpoint?: string } | undefined)?.latest_checkpoint;
  // Ponder's checkpoint: 10 digits of block timestamp, 16 of chain id, 16 of block number, …
  return {
    ready: value?.is_ready === 1,
    checkpoint: checkpoint ?? "",
    indexedBlock: checkpoint ? Number(checkpoint.slice(26, 42)) : null,
    indexedTimestamp: checkpoint ? BigInt(checkpoint.slice(0, 10)) : 0n,
  };
}

interface Freshness {
  at: number;
  /** Ponder's latest checkpoint when read. */
  checkpoint: string;
  /** Unix seconds: the later of the wall clock and the last indexed block. */
  now: bigint;
}

let freshness: Freshness | undefined;

/** Records what `state` says about the indexed chain (also called by /api/ready). */
export function noteFreshness(state: IndexingState, wall = Date.now()): Freshness {
  const seconds = BigInt(Math.floor(wall / 1000));
  freshness = {
    at: wall,
    checkpoint: state.checkpoint,
    now: state.indexedTimestamp > seconds ? state.indexedTimestamp : seconds,
  };
  return freshness;
}

/**
 * Forgets the last freshness reading: the stream calls it when it sends an event, so a page
 * reloading on that event is not answered from a reading (or cached response) taken before it.
 */
export function forgetFreshness() {
  freshness = undefined;
  reading = undefined; // a read already under way may have begun before that event
}

/** The freshness read under way, which concurrent requests share. */
let reading: Promise<Freshness> | undefined;

/** The indexed chain's checkpoint and "now", read at most every 100 ms (one read at a time). */
function currentFreshness(): Promise<Freshness> {
  const wall = Date.now();
  if (freshness && wall - freshness.at < 100) return Promise.resolve(freshness);
  if (reading) return reading;
  const read = indexingState()
    .then((state) => noteFreshness(state, wall))
    .finally(() => {
      if (reading === read) reading = undefined;
    });
  reading = read;
  return read;
}

/** Unix seconds: the later of the wall clock and the last indexed block (a time-travelled local chain). */
export async function chainNow(): Promise<bigint> {
  return (await currentFreshness()).now;
}

/* ------------------------------------------------------------------ response cache ------ */

/**
 * A response cache for the read routes: an answer is reused while Ponder's checkpoint (every new
 * block, every reorg) and "now" (to the second) are unchanged, so it is never staler than the
 * 100 ms freshness read; concurrent requests for one key share one computation (response-cache.ts).
 * Entries are keyed on the route and its *validated* parameters (unknown parameters and spellings
 * of the same value share one entry; refused requests are never stored) and the whole cache is
 * bounded in bytes. The feed, the stream and /api/ready are not cached.
 */
const responses = responseCache(env.responseCacheBytes);

/** JSON of validated parameters, bigints as strings. */
const cacheKey = (route: string, value: unknown) =>
  `${route} ${JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v))}`;

/**
 * The answer of a cached read route for these validated parameters: from the cache while the
 * indexed chain has not moved, else from `compute` (200 and 404 answers are stored).
 */
export async function cached<R extends Response>(
  c: Context,
  route: string,
  params: unknown,
  compute: () => Promise<R>,
): Promise<R> {
  const f = await currentFreshness();
  const answer = await responses.answer(cacheKey(route, params), `${f.checkpoint}:${f.now}`, compute);
  if (answer instanceof Response) return answer as R;
  // The same body the typed handler produced for this key.
  return c.body(answer.body, answer.status, {
    "content-type": "application/json; charset=UTF-8",
  }) as unknown as R;
}
