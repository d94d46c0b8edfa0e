import { json } from "@sveltejs/kit";
import { sellSchema } from "#lib/sell.ts";
import { readJson } from "#lib/server/auth-http.ts";
import { media } from "#lib/server/media.ts";
import { checkByteQuota, limitWrite, recordUpload } from "#lib/server/quota.ts";
import { siteOrigin } from "#lib/server/site.ts";
import type { RequestHandler } from "./$types";

/**
 * Checks a listing with the same schema the form uses, stores its metadata document
 * content-addressed, and answers the URI and hash to put on chain. 400 `{ error, field }` names
 * the first bad field; images must have been uploaded here first.
 */
export const POST: RequestHandler = async (event) => {
  if (!event.locals.user) return json({ error: "sign_in_required" }, { status: 401 });
  const limited = await limitWrite(event, "metadata", event.locals.user.address);
  if (limited) return limited;
  const body = await readJson(event, sellSchema);
  if (!body.ok) return body.response;
  const form = body.value;
  for (const [index, image] of form.images.entries()) {
    if (!(await media.get(image))) {
      return json(
        { error: "bad_request", field: `images.${index}`, detail: "sell.error.images" },
        { status: 400 },
      );
    }
  }
  const origin = siteOrigin(event);
  const document = {
    name: form.title,
    description: form.description,
    images: form.images.map((hash) => `${origin}/media/${hash}`),
    format: form.format,
    seller: event.locals.user.address.toLowerCase(),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  const overQuota = await checkByteQuota(event.locals.user.address, bytes.byteLength);
  if (overQuota) return overQuota;
  const hash = await media.put(bytes);
  await recordUpload(event.locals.user.address, hash, bytes.byteLength, "document", form.images);
  return json({ uri: `${origin}/media/${hash}`, hash: `0x${hash}` }, { status: 201 });
};
