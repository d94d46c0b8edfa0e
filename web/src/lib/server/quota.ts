/**
 * Quotas on everything a signed-in wallet can write (media uploads, listing metadata, deal
 * messages and notes, support tickets and replies): a number of writes per minute per wallet and,
 * separately, per client address, counted in Postgres (`rate-limit.ts`) so every replica shares
 * them; and a byte quota per wallet on stored media.
 */
import type { RequestEvent } from "@sveltejs/kit";
import { MEDIA_QUOTA_BYTES, WRITE_RATE_LIMIT_PER_MINUTE } from "$app/env/private";
import { problem } from "./auth-http.ts";
import { pool } from "./db.ts";
import { log } from "./log.ts";
import { hit } from "./rate-limit.ts";

/** The 429 answer to send when `wallet` (or the client address) wrote too often, else null. */
export async function limitWrite(
  event: RequestEvent,
  route: string,
  wallet: string,
): Promise<Response | null> {
  const client = event.getClientAddress();
  const [byWallet, byClient] = await Promise.all([
    hit(`write:wallet:${wallet.toLowerCase()}`, WRITE_RATE_LIMIT_PER_MINUTE),
    hit(`write:ip:${client}`, WRITE_RATE_LIMIT_PER_MINUTE),
  ]);
  const refused = [byWallet, byClient].filter((result) => !result.allowed);
  if (refused.length === 0) return null;
  log.warn({ requestId: event.locals.requestId, route, wallet, client }, "write rate limit hit");
  const response = problem(429, "rate_limited", {
    detail: `too many writes from this ${byWallet.allowed ? "address" : "wallet"}; try again shortly`,
  });
  response.headers.set("retry-after", String(Math.max(...refused.map((r) => r.retryAfterSeconds))));
  return response;
}

/** Bytes of media `wallet` has stored (uploads not yet collected). */
export async function storedBytes(wallet: string): Promise<number> {
  const { rows } = await pool.query<{ total: string | null }>(
    "select sum(bytes)::text as total from web.media_uploads where uploader = $1",
    [wallet.toLowerCase()],
  );
  return Number(rows[0]?.total ?? 0);
}

/** The 413 answer when storing `size` more bytes would take `wallet` over its quota, else null. */
export async function checkByteQuota(wallet: string, size: number): Promise<Response | null> {
  const used = await storedBytes(wallet);
  if (used + size <= MEDIA_QUOTA_BYTES) return null;
  return problem(413, "quota_exceeded", {
    field: "file",
    detail: `this wallet stores ${used} of ${MEDIA_QUOTA_BYTES} bytes; this needs ${size} more`,
  });
}

/**
 * Records that `wallet` stored `hash` (`kind`: an image, or a document — listing metadata or a
 * deal note — and the images it refers to). Storing the same bytes again counts once.
 */
export async function recordUpload(
  wallet: string,
  hash: string,
  bytes: number,
  kind: "image" | "document",
  refersTo: string[] = [],
): Promise<void> {
  await pool.query(
    `insert into web.media_uploads (hash, uploader, bytes, kind, refers_to) values ($1, $2, $3, $4, $5)
     on conflict (hash, uploader) do nothing`,
    [hash, wallet.toLowerCase(), bytes, kind, refersTo],
  );
}
