/** The arbiter's Safe: an owner's signature of a ruling, and executing it once enough have signed. */
import { signTypedData } from "@wagmi/core";
import { ensureAccount, guarded, type Hex, type OnPhase, type Request, send } from "./tx.ts";
import { config, expectedChainId } from "./wallet.svelte.ts";

/**
 * An arbiter Safe owner's EIP-712 signature of a ruling (eth_signTypedData_v4 in the wallet).
 * Returns the signature, or null with the phase saying why.
 */
export async function signSafeTransaction(
  safe: Hex,
  tx: import("@gavel/sdk/safe").SafeTx,
  expected: string | null,
  on: OnPhase,
): Promise<Hex | null> {
  const { safeTxTypedData } = await import("@gavel/sdk/safe");
  return guarded(on, async () => {
    const account = await ensureAccount(on, expected);
    on({ kind: "confirmInWallet" });
    return signTypedData(config, { account, ...safeTxTypedData(expectedChainId, safe, tx) });
  });
}

/** Executes a Safe transaction with enough owners' signatures (anyone may send it). */
export async function execSafeTransaction(
  safe: Hex,
  tx: import("@gavel/sdk/safe").SafeTx,
  signatures: Hex,
  expected: string | null,
  on: OnPhase,
): Promise<Hex | null> {
  const { execTransactionArgs, safeAbi } = await import("@gavel/sdk/safe");
  return guarded(on, async () => {
    const account = await ensureAccount(on, expected);
    const { hash } = await send(on, {
      address: safe,
      abi: safeAbi,
      functionName: "execTransaction",
      args: execTransactionArgs(tx, signatures),
      account,
    } as Request);
    return hash;
  });
}
