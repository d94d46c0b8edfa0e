import { z } from "zod";
import { dataUrlText } from "#lib/user-link.ts";
import { log } from "./log.ts";
import { isSha256Hex, media, ownMediaHash, sha256Hex } from "./media.ts";

/**
 * Deal notes: a dispute's evidence or a review's text, stored content-addressed with the media
 * (one JSON document per note); only its sha-256 and URI go on chain.
 */
export const noteSchema = z.object({
  kind: z.enum(["evidence", "review"]),
  text: z.string().trim().min(1).max(4000),
  /** Images uploaded with `POST /media/upload` first (their sha-256). */
  files: z.array(z.string().refine(isSha256Hex)).max(5).default([]),
});

export interface Note {
  text: string;
  /** Image URLs on this site. */
  files: string[];
}

/** Stores a note; answers the on-chain pair `{ uri, hash }` (hash = 0x + sha-256 of the document). */
export async function storeNote(
  origin: string,
  note: z.output<typeof noteSchema>,
  meta: { dealId: string; author: string },
): Promise<{ uri: string; hash: `0x${string}`; bytes: number }> {
  const document = {
    kind: note.kind,
    dealId: meta.dealId,
    author: meta.author,
    text: note.text,
    files: note.files.map((hash) => `${origin}/media/${hash}`),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  const hash = await media.put(bytes);
  return { uri: `${origin}/media/${hash}`, hash: `0x${hash}`, bytes: bytes.byteLength };
}

/** A note stored here whose bytes match the on-chain hash; null otherwise. */
export async function readNote(uri: string, onChainHash: string): Promise<Note | null> {
  const hash = ownMediaHash(uri);
  if (!hash || `0x${hash}` !== onChainHash.toLowerCase()) return null;
  try {
    const bytes = await media.get(hash);
    if (!bytes || sha256Hex(bytes) !== hash) return null;
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { text?: unknown; files?: unknown };
    const files = Array.isArray(doc.files)
      ? doc.files
          .map((u) => (typeof u === "string" ? ownMediaHash(u) : null))
          .filter((h): h is string => h !== null)
          .map((h) => `/media/${h}`)
      : [];
    return { text: typeof doc.text === "string" ? doc.text : "", files };
  } catch (error) {
    log.warn({ err: error, uri }, "deal note unreadable");
    return null;
  }
}

/**
 * A review's text as checked against its on-chain `contentHash`:
 * - `verified`: the text, and it is what was signed on chain;
 * - `mismatch`: text was found at the URI but its hash is not the one on chain (shown, flagged);
 * - `missing`: a note of this site that is no longer stored;
 * - `unchecked`: stored elsewhere (https, ipfs, …): the server never fetches other hosts (SSRF),
 *   so the page shows the link and says the text was not checked.
 * Where texts live: `data:text/plain` URIs carry the text itself (hash = sha-256 of its UTF-8,
 * as the seed and the bot write them); `/media/<sha-256>` URIs of this site hold a note document
 * (hash = sha-256 of the document, as ReviewForm writes it).
 */
export type ReviewText =
  | { check: "verified"; text: string; files: string[] }
  | { check: "mismatch"; text: string }
  | { check: "missing" }
  | { check: "unchecked" };

export async function reviewText(uri: string, onChainHash: string): Promise<ReviewText> {
  const expected = onChainHash.toLowerCase();
  const inline = dataUrlText(uri);
  if (inline !== null) {
    const hash = `0x${sha256Hex(new TextEncoder().encode(inline))}`;
    return hash === expected
      ? { check: "verified", text: inline, files: [] }
      : { check: "mismatch", text: inline };
  }
  const own = ownMediaHash(uri);
  if (!own) return { check: "unchecked" };
  try {
    const bytes = await media.get(own);
    if (!bytes) return { check: "missing" };
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { text?: unknown };
    const text = typeof doc.text === "string" ? doc.text : "";
    if (`0x${sha256Hex(bytes)}` !== expected) return { check: "mismatch", text };
    const note = await readNote(uri, onChainHash);
    return note ? { check: "verified", text: note.text, files: note.files } : { check: "mismatch", text };
  } catch (error) {
    log.warn({ err: error, uri }, "review text unreadable");
    return { check: "missing" };
  }
}

/** Each review with its checked text (`note`). */
export function withReviewTexts<R extends { contentURI: string; contentHash: string }>(
  reviews: R[],
): Promise<(R & { note: ReviewText })[]> {
  return Promise.all(
    reviews.map(async (r) => ({ ...r, note: await reviewText(r.contentURI, r.contentHash) })),
  );
}
