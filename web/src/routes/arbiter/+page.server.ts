import { error } from "@sveltejs/kit";
import { z } from "zod";
import { translate } from "#lib/i18n/index.ts";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { safeNonce } from "#lib/server/arbiters.ts";
import { chainNow } from "#lib/server/chain-time.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { listMessages } from "#lib/server/messages.ts";
import { readNote } from "#lib/server/notes.ts";
import { rulingsFor } from "#lib/server/rulings.ts";
import { INDEXER_URL } from "$app/env/private";
import type { PageServerLoad } from "./$types";

const openDisputes = z.object({
  items: z.array(
    z.object({
      dealId: z.string(),
      house: z.string(),
      title: z.string().nullable(),
      buyer: z.string().nullable(),
      seller: z.string().nullable(),
      amount: z
        .object({ raw: z.string().regex(/^\d+$/) })
        .transform((a) => a.raw)
        .nullable(),
      openedBy: z.string(),
      openedAt: z.number(),
      evidenceHash: z.string(),
      evidenceURI: z.string(),
      arbiterDeadline: z.number(),
    }),
  ),
});

/** Owners of the arbiter Safe only: everyone else (signed out included) gets the 403 page. */
export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "cache-control": "no-store" });
  event.depends("arbiter:queue");
  const owner = await ownedSafe(event);
  if (!owner) error(403, translate(event.locals.locale, "arbiter.forbidden"));
  const response = await event.fetch(`${INDEXER_URL}/api/disputes?status=open&limit=100`).catch(() => null);
  if (!response?.ok) error(503, "indexer unreachable");
  const parsed = openDisputes.safeParse(await response.json());
  if (!parsed.success) error(503, "indexer answer unreadable");
  const [now, nonce, rulings] = await Promise.all([
    chainNow(event.fetch),
    safeNonce(owner.safe.safe),
    rulingsFor(parsed.data.items.map((d) => d.dealId)),
  ]);
  const disputes = await Promise.all(
    parsed.data.items.map(async (d) => {
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
