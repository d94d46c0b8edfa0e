import { isSha256Hex, media, sniffImage } from "#lib/server/media.ts";
import type { RequestHandler } from "./$types";

/** Stored media by sha-256: images with their sniffed type, metadata as JSON. Immutable. */
export const GET: RequestHandler = async ({ params }) => {
  if (!isSha256Hex(params.hash)) return new Response("not found", { status: 404 });
  const bytes = await media.get(params.hash);
  if (!bytes) return new Response("not found", { status: 404 });
  const type = sniffImage(bytes) ?? (bytes[0] === 0x7b ? "application/json" : "application/octet-stream");
  return new Response(bytes, {
    headers: {
      "content-type": type,
      "content-length": String(bytes.byteLength),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      etag: `"${params.hash}"`,
    },
  });
};
