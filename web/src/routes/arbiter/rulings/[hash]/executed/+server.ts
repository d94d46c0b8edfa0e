import { json } from "@sveltejs/kit";
import type { Hex } from "viem";
import { z } from "zod";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { chainClient } from "#lib/server/chain.ts";
import { markExecuted, rulingByHash } from "#lib/server/rulings.ts";
import type { RequestHandler } from "./$types";

const body = z.object({ txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/) });

/** Records the execution of a ruling, once the transaction is mined and went to the ruling's Safe. */
export const POST: RequestHandler = async (event) => {
  const owner = await ownedSafe(event);
  if (!owner) return problem(403, "forbidden");
  const input = await readJson(event, body);
  if (!input.ok) return input.response;
  const ruling = await rulingByHash(event.params.hash.toLowerCase());
  if (!ruling) return problem(404, "not_found");
  const client = chainClient();
  if (!client) return problem(503, "no_rpc");
  const receipt = await client.getTransactionReceipt({ hash: input.value.txHash as Hex }).catch(() => null);
  if (receipt?.status !== "success" || receipt.to?.toLowerCase() !== ruling.safe)
    return problem(400, "bad_transaction", { field: "txHash" });
  await markExecuted(ruling.safeTxHash, input.value.txHash as Hex);
  return json({ ok: true });
};
