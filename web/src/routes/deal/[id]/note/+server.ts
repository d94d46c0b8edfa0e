import { json } from "@sveltejs/kit";
import { readJson } from "#lib/server/auth-http.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { media } from "#lib/server/media.ts";
import { noteSchema, storeNote } from "#lib/server/notes.ts";
import { limitWrite, recordUpload } from "#lib/server/quota.ts";
import { siteOrigin } from "#lib/server/site.ts";
import { INDEXER_URL } from "$app/env/private";
import type { RequestHandler } from "./$types";

/**
 * Stores a party's dispute evidence or review text for deal `id` and answers `{ uri, hash }` for
 * the chain. Signed in, and only the deal's buyer or seller (403 for anyone else).
 */
export const POST: RequestHandler = async (event) => {
  const user = event.locals.user;
  if (!user) return json({ error: "sign_in_required" }, { status: 401 });
  if (!/^\d{1,78}$/.test(event.params.id))
    return json({ error: "bad_request", field: "id" }, { status: 400 });
  const limited = await limitWrite(event, "note", user.address);
  if (limited) return limited;
  const body = await readJson(event, noteSchema);
  if (!body.ok) return body.response;
  const deal = await getDeal({ baseUrl: INDEXER_URL, fetch: event.fetch }, event.params.id);
  if (!deal.ok) {
    return json(
      { error: deal.problem === "not_found" ? "not_found" : "unavailable" },
      {
        status: deal.problem === "not_found" ? 404 : 503,
      },
    );
  }
  const me = user.address.toLowerCase();
  if (deal.value.buyer !== me && deal.value.seller !== me)
    return json({ error: "forbidden" }, { status: 403 });
  for (const [index, file] of body.value.files.entries()) {
    if (!(await media.get(file)))
      return json({ error: "bad_request", field: `files.${index}` }, { status: 400 });
  }
  const stored = await storeNote(siteOrigin(event), body.value, { dealId: deal.value.id, author: me });
  await recordUpload(me, stored.hash.slice(2), stored.bytes, "document", body.value.files);
  return json(stored, { status: 201 });
};
