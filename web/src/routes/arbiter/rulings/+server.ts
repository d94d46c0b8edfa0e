import { json } from "@sveltejs/kit";
import type { Address } from "viem";
import { z } from "zod";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { safeNonce } from "#lib/server/arbiters.ts";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { getDeal } from "#lib/server/indexer.ts";
import { proposeRuling, rulingByHash } from "#lib/server/rulings.ts";
import { INDEXER_URL } from "$app/env/private";
import { PUBLIC_CHAIN_ID } from "$app/env/public";
import type { RequestHandler } from "./$types";

const proposal = z.object({
  dealId: z.string().regex(/^\d{1,78}$/),
  buyerShareBps: z.number().int().min(0).max(10_000),
});

/**
 * An owner of the arbiter Safe proposes a ruling: the server builds the SafeTx calling
 * `rule(dealId, buyerShareBps)` on the deal's house at the Safe's current nonce and stores it.
 */
export const POST: RequestHandler = async (event) => {
  const owner = await ownedSafe(event);
  if (!owner) return problem(403, "forbidden");
  const body = await readJson(event, proposal);
  if (!body.ok) return body.response;
  const deal = await getDeal({ baseUrl: INDEXER_URL, fetch: event.fetch }, body.value.dealId);
  if (!deal.ok) return problem(deal.problem === "not_found" ? 404 : 503, deal.problem);
  if (deal.value.status !== "disputed") return problem(409, "not_disputed");
  const nonce = await safeNonce(owner.safe.safe);
  if (nonce === null) return problem(503, "no_rpc");
  const hash = await proposeRuling({
    chainId: PUBLIC_CHAIN_ID,
    safe: owner.safe.safe,
    house: deal.value.house as Address,
    dealId: deal.value.id,
    buyerShareBps: body.value.buyerShareBps,
    nonce,
    proposedBy: owner.me,
  });
  return json(await rulingByHash(hash), { status: 201 });
};
