import { json } from "@sveltejs/kit";
import { log } from "#lib/server/log.ts";
import { media, sniffImage } from "#lib/server/media.ts";
import { checkByteQuota, limitWrite, recordUpload } from "#lib/server/quota.ts";
import { MEDIA_MAX_BYTES } from "$app/env/private";
import type { RequestHandler } from "./$types";

const problem = (status: number, error: string, detail: string) =>
  json({ error, field: "file", detail }, { status, headers: { "cache-control": "no-store" } });

/**
 * Upload one image (the raw bytes as the body), signed in only. The type is decided by the
 * bytes (PNG, JPEG, GIF, WebP), never by the name or the Content-Type header; the answer is
 * its sha-256 and URL.
 */
export const POST: RequestHandler = async (event) => {
  const { request, locals } = event;
  if (!locals.user) return json({ error: "sign_in_required" }, { status: 401 });
  const limited = await limitWrite(event, "media", locals.user.address);
  if (limited) return limited;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MEDIA_MAX_BYTES) return problem(413, "too_large", `at most ${MEDIA_MAX_BYTES} bytes`);
  if (!request.body) return problem(400, "bad_request", "empty body");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MEDIA_MAX_BYTES) {
      await reader.cancel();
      return problem(413, "too_large", `at most ${MEDIA_MAX_BYTES} bytes`);
    }
    chunks.push(value);
  }
  if (size === 0) return problem(400, "bad_request", "empty body");
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const type = sniffImage(bytes);
  if (!type) return problem(415, "unsupported_media_type", "not a PNG, JPEG, GIF or WebP image");
  const overQuota = await checkByteQuota(locals.user.address, size);
  if (overQuota) return overQuota;
  const hash = await media.put(bytes);
  await recordUpload(locals.user.address, hash, size, "image");
  log.info({ requestId: locals.requestId, hash, type, size, by: locals.user.address }, "image stored");
  return json({ hash, type, url: `/media/${hash}` }, { status: 201 });
};
