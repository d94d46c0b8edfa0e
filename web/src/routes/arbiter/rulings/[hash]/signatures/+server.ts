import { plainSafeTx, safeTxTypedData } from "@gavel/sdk/safe";
import { json } from "@sveltejs/kit";
import { type Hex, recoverTypedDataAddress } from "viem";
import { z } from "zod";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { problem, readJson } from "#lib/server/auth-http.ts";
import { addSignature, rulingByHash } from "#lib/server/rulings.ts";
import { PUBLIC_CHAIN_ID } from "$app/env/public";
import type { RequestHandler } from "./$types";

const body = z.object({ signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/) });

/** An owner's EIP-712 signature of the ruling; it must recover to the signed-in owner. */
export const POST: RequestHandler = async (event) => {
  const owner = await ownedSafe(event);
  if (!owner) return problem(403, "forbidden");
  const input = await readJson(event, body);
  if (!input.ok) return input.response;
  const ruling = await rulingByHash(event.params.hash.toLowerCase());
  if (!ruling) return problem(404, "not_found");
  if (ruling.safe !== owner.safe.safe.toLowerCase()) return problem(403, "forbidden");
  if (ruling.executedTx) return problem(409, "executed");
  const tx = plainSafeTx(ruling.tx.to, ruling.tx.data, BigInt(ruling.tx.nonce));
  const signature = input.value.signature as Hex;
  const signer = await recoverTypedDataAddress({
    ...safeTxTypedData(PUBLIC_CHAIN_ID, owner.safe.safe, tx),
    signature,
  }).catch(() => null);
  if (signer?.toLowerCase() !== owner.me) return problem(400, "bad_signature", { field: "signature" });
  await addSignature(ruling.safeTxHash, owner.me, signature);
  return json(await rulingByHash(ruling.safeTxHash), { status: 201 });
};
