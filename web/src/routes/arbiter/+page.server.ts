import { error } from "@sveltejs/kit";
import { translate } from "#lib/i18n/index.ts";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { safeNonce } from "#lib/server/arbiters.ts";
import { chainNow } from "#lib/server/chain-time.ts";
import { getDeal, getOpenDisputes } from "#lib/server/indexer.ts";
import { listMessages } from "#lib/server/messages.ts";
import { readNote } from "#lib/server/notes.ts";
import { rulingsFor } from "#lib/server/rulings.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

/** Owners of the arbiter Safe only: everyone else (signed out included) gets the 403 page. */
export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "cache-control": "no-store" });
  event.depends("arbiter:queue");
  const owner = await ownedSafe(event);
  if (!owner) error(403, translate(event.locals.locale, "arbiter.forbidden"));
  const open = await getOpenDisputes({ baseUrl: INDEXER_URL, fetch: event.fetch }, 100);
  if (!open.ok)
    error(503, open.problem === "unreachable" ? "indexer unreachable" : "indexer answer unreadable");
  const [now, nonce, rulings] = await Promise.all([
    chainNow(),
    safeNonce(owner.safe.safe),
    rulingsFor(open.value.map((d) => d.dealId)),
  ]);
  const disputes = await Promise.all(
    open.value.map(async (d) => {
      const [evidence, messages, deal] = await Promise.all([
        readNote(d.evidenceURI, d.evidenceHash),
        listMessages(d.dealId),
        getDeal({ baseUrl: INDEXER_URL, fetch: event.fetch }, d.dealId),
      ]);
      return { ...d, evidence, messages, feeBps: deal.ok ? deal.value.feeBps : null };
    }),
  );
  return {
    me: owner.me,
    safe: {
      address: owner.safe.safe,
      owners: owner.safe.owners,
      threshold: owner.safe.threshold,
      nonce: String(nonce ?? owner.safe.nonce),
    },
    disputes,
    rulings,
    chainNow: now,
  };
};
