import type { Auction, IndexerClientOptions } from "./indexer.ts";
import { log } from "./log.ts";
import { media, ownMediaHash, sha256Hex } from "./media.ts";

/** What a listing's metadata document says (our own format, written by /sell). */
export interface ListingMetadata {
  description: string;
  /** Image URLs on this site (`/media/<sha256>`). */
  images: string[];
}

/**
 * The metadata of an auction when it is stored here and its bytes match the on-chain hash;
 * null otherwise (another site's URI, missing, or tampered with).
 */
export async function listingMetadata(
  auction: Pick<Auction, "metadataURI" | "metadataHash">,
): Promise<ListingMetadata | null> {
  const hash = ownMediaHash(auction.metadataURI);
  if (!hash || `0x${hash}` !== auction.metadataHash.toLowerCase()) return null;
  try {
    const bytes = await media.get(hash);
    if (!bytes || sha256Hex(bytes) !== hash) return null;
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { description?: unknown; images?: unknown };
    const images = Array.isArray(doc.images)
      ? doc.images
          .map((uri) => (typeof uri === "string" ? ownMediaHash(uri) : null))
          .filter((h): h is string => h !== null)
          .map((h) => `/media/${h}`)
      : [];
    return { description: typeof doc.description === "string" ? doc.description : "", images };
  } catch (error) {
    log.warn({ err: error, uri: auction.metadataURI }, "listing metadata unreadable");
    return null;
  }
}

/** Each auction with its first image (for cards). */
export async function withCover<T extends Auction>(auctions: T[]): Promise<(T & { cover: string | null })[]> {
  return Promise.all(
    auctions.map(async (auction) => ({
      ...auction,
      cover: (await listingMetadata(auction))?.images[0] ?? null,
    })),
  );
}

export type { IndexerClientOptions };
