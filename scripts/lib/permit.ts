/**
 * EIP-2612 permit typed data for USDC: what the wallet signs so that a house may pull `value`
 * from `owner` in the same transaction as the bid (`bidWithPermit`, `buyWithPermit`,
 * `commitWithPermit`). Pure (no Node imports): the browser wallet code, the contract tests and
 * the gas snapshot sign the same definition.
 */
type Hex = `0x${string}`;

/** The permit domain of Circle's USDC (and of TestUSDC, which copies it). */
export const USDC_PERMIT_DOMAIN = { name: "USD Coin", version: "2" } as const;

export interface PermitRequest {
  chainId: number;
  /** The USDC contract (the domain's verifying contract). */
  token: Hex;
  owner: Hex;
  spender: Hex;
  value: bigint;
  /** The owner's current `nonces(owner)` on the token. */
  nonce: bigint;
  /** Unix seconds after which the permit is void. */
  deadline: bigint;
}

export function permitTypedData(p: PermitRequest) {
  return {
    domain: { ...USDC_PERMIT_DOMAIN, chainId: p.chainId, verifyingContract: p.token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: p.owner, spender: p.spender, value: p.value, nonce: p.nonce, deadline: p.deadline },
  } as const;
}
