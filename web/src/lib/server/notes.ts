import { z } from "zod";
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
