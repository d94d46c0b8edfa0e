// The one place the rest of Gavel gets ABIs and addresses from. The two modules re-exported
// here (src/generated/) are written by scripts/generate.ts from the Hardhat build and Ignition
// deployments.
import { deployedAddress } from "./generated/deployments.ts";

export * from "./generated/abis.ts";
export * from "./generated/deployments.ts";

/**
 * The address of contract `name` on `chainId`: from `GAVEL_ADDRESSES` (a JSON object of
 * contract name → address, set by the dev command and tests) when it names the contract, else
 * from the generated Ignition deployments. Throws naming the variable when it is malformed.
 */
export function contractAddress(
  chainId: number,
  name: string,
  // No `process` in a browser: there the generated deployments alone answer.
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
): `0x${string}` {
  const raw = env.GAVEL_ADDRESSES;
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error("GAVEL_ADDRESSES must be a JSON object of contract name → address");
    }
    const address = (parsed as Record<string, unknown>)?.[name];
    if (typeof address === "string") {
      if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`GAVEL_ADDRESSES.${name} is not an address`);
      return address as `0x${string}`;
    }
  }
  return deployedAddress(chainId, name);
}
