/**
 * Collects media nobody uses: an upload older than the grace period (MEDIA_GRACE_HOURS) that no
 * listing, deal or profile references is deleted from the store and from `web.media_uploads`.
 *
 * - A document (listing metadata, or a deal's evidence or review note) is referenced when it is on
 *   chain: a listing of its seller has its sha-256 as `metadataHash` (indexer `/api/auctions`),
 *   or its deal has it as the dispute's evidence hash or a review's content hash (`/api/deals/:id`).
 * - An image is referenced when a document that is kept refers to it.
 * - An image is referenced when a profile has it as its avatar (web.profiles).
 * When the indexer cannot answer, nothing is deleted (never on doubt). Several replicas may run
 * this; a Postgres advisory lock lets one sweep at a time.
 */
import { pool } from "./db.ts";
import { getAuctions, getDeal, type IndexerClientOptions } from "./indexer.ts";
import { log } from "./log.ts";
import type { MediaStore } from "./media.ts";
import { avatarHashes } from "./profiles.ts";

interface Upload {
  hash: string;
  kind: "image" | "document";
  refers_to: string[];
  fresh: boolean;
}

/** True when the document `hash` (its parsed bytes `doc`) is on chain; null when unknown. */
async function onChain(
  indexer: IndexerClientOptions,
  hash: string,
  doc: Record<string, unknown>,
): Promise<boolean | null> {
  const hex = `0x${hash}`;
  if (typeof doc.dealId === "string" && /^\d{1,78}$/.test(doc.dealId)) {
    const deal = await getDeal(indexer, doc.dealId);
    if (!deal.ok) return deal.problem === "not_found" ? false : null;
    return deal.value.dispute?.evidenceHash === hex || deal.value.reviews.some((r) => r.contentHash === hex);
  }
  if (typeof doc.seller === "string" && /^0x[0-9a-f]{40}$/.test(doc.seller)) {
    let cursor: string | null | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await getAuctions(indexer, {
        seller: doc.seller,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      if (!result.ok) return null;
      if (result.value.items.some((a) => a.metadataHash.toLowerCase() === hex)) return true;
      cursor = result.value.nextCursor;
      if (!cursor) return false;
    }
    return null;
  }
  return false;
}

export async function collectMedia(options: {
  graceHours: number;
  store: MediaStore;
  indexer: IndexerClientOptions;
}): Promise<{ deleted: string[] }> {
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>(
      "select pg_try_advisory_lock(hashtext('gavel-web-media-gc')) as ok",
    );
    if (!lock[0]?.ok) return { deleted: [] };
    try {
      const { rows } = await client.query<Upload>(
        `select hash, kind, refers_to, max(created_at) > now() - make_interval(hours => $1) as fresh
         from web.media_uploads group by hash, kind, refers_to`,
        [options.graceHours],
      );
      const keep = await avatarHashes();
      const documents = rows.filter((r) => r.kind === "document");
      for (const upload of documents) {
        let referenced: boolean | null = upload.fresh;
        if (!referenced) {
          const bytes = await options.store.get(upload.hash);
          let doc: Record<string, unknown> = {};
          try {
            doc = bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>) : {};
          } catch {}
          referenced = await onChain(options.indexer, upload.hash, doc);
        }
        if (referenced !== false) {
          keep.add(upload.hash);
          for (const image of upload.refers_to) keep.add(image);
        }
      }
      for (const upload of rows) if (upload.fresh) keep.add(upload.hash);
      const deleted = [...new Set(rows.map((r) => r.hash))].filter((hash) => !keep.has(hash));
      for (const hash of deleted) {
        await options.store.delete(hash);
        await client.query("delete from web.media_uploads where hash = $1", [hash]);
      }
      if (deleted.length > 0) log.info({ deleted: deleted.length }, "unreferenced media deleted");
      return { deleted };
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('gavel-web-media-gc'))");
    }
  } finally {
    client.release();
  }
}
