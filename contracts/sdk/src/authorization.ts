/**
 * EIP-3009 bid authorizations: the one signature with which a wallet that holds USDC but no ETH
 * bids (`bidWithAuthorization` on the English and rolling houses, `buyWithAuthorization` on the
 * Dutch house, `commitWithAuthorization` on the sealed-bid house). Whoever submits it (a relayer)
 * pays the gas; the bidder signs USDC's ReceiveWithAuthorization, payable only to the house, with
 * a nonce that is the hash of the bid itself — so the submitter can change nothing and use the
 * signature for nothing else. No Node imports: the browser, the relayer and the tests share it.
 *
 * The EIP-712 domain is the token's own, read with `readPermitDomain` (same domain as permits).
 * `bidAuthorizationTypedData` covers every kind; `buyAuthorizationTypedData` and
 * `commitAuthorizationTypedData` name the Dutch and sealed fields so they cannot be swapped.
 *
 * The houses take the signature as EIP-2098 (r, yParityAndS) — one calldata word less than
 * (v, r, s) — in this argument order:
 *   bidWithAuthorization(id, maxAmount, bidder, value, validBefore, r, vs)      English, rolling
 *   buyWithAuthorization(auctionId, maxPrice, buyer, validBefore, r, vs)        Dutch
 *   commitWithAuthorization(auctionId, commitment, addedCollateral, bidder, validBefore, r, vs)  sealed
 */
import {
  encodeAbiParameters,
  type Hex,
  keccak256,
  numberToHex,
  parseSignature,
  signatureToCompactSignature,
} from "viem";
import type { PermitDomain } from "./permit.ts";

export interface BidAuthorization {
  /** The token's domain, from `readPermitDomain`. */
  domain: PermitDomain;
  /** The house that will receive the money and apply the bid. */
  house: Hex;
  /** The auction (English, Dutch, sealed) or the round (rolling). */
  id: bigint;
  bidder: Hex;
  /** What the house receives: the maximum (English, rolling), the price guard (Dutch), the added collateral (sealed). */
  value: bigint;
  /** What the nonce binds besides the value: the maximum or price guard, or the sealed commitment. */
  bound: bigint | Hex;
  /** Unix seconds: the authorization is void from then on. */
  validBefore: bigint;
}

/** keccak256(abi.encode(house, id, bidder, bound, validBefore)): the nonce the house rebuilds. */
export function authorizationNonce(
  a: Pick<BidAuthorization, "house" | "id" | "bidder" | "bound" | "validBefore">,
): Hex {
  const bound = typeof a.bound === "bigint" ? numberToHex(a.bound, { size: 32 }) : a.bound;
  return keccak256(
    encodeAbiParameters(
      [
        { type: "address" },
        { type: "uint256" },
        { type: "address" },
        { type: "bytes32" },
        { type: "uint256" },
      ],
      [a.house, a.id, a.bidder, bound, a.validBefore],
    ),
  );
}

/** The typed data the bidder's wallet signs (`eth_signTypedData_v4`). */
export function bidAuthorizationTypedData(a: BidAuthorization) {
  return {
    domain: a.domain,
    types: {
      ReceiveWithAuthorization: [
        { name: "from", type: "address" },
        { name: "to", type: "address" },
        { name: "value", type: "uint256" },
        { name: "validAfter", type: "uint256" },
        { name: "validBefore", type: "uint256" },
        { name: "nonce", type: "bytes32" },
      ],
    },
    primaryType: "ReceiveWithAuthorization",
    message: {
      from: a.bidder,
      to: a.house,
      value: a.value,
      validAfter: 0n,
      validBefore: a.validBefore,
      nonce: authorizationNonce(a),
    },
  } as const;
}

/**
 * A Dutch buy (`buyWithAuthorization`): the signed amount and the bound are both the price guard —
 * the most the buyer pays; the house sends back at once what the price is below it.
 */
export function buyAuthorizationTypedData(a: {
  domain: PermitDomain;
  house: Hex;
  id: bigint;
  buyer: Hex;
  maxPrice: bigint;
  validBefore: bigint;
}) {
  return bidAuthorizationTypedData({
    domain: a.domain,
    house: a.house,
    id: a.id,
    bidder: a.buyer,
    value: a.maxPrice,
    bound: a.maxPrice,
    validBefore: a.validBefore,
  });
}

/**
 * A sealed commit (`commitWithAuthorization`): the signed amount is the collateral added now (none
 * when a bidder only replaces the hidden bid), the bound is the commitment (`sealedCommitment`).
 */
export function commitAuthorizationTypedData(a: {
  domain: PermitDomain;
  house: Hex;
  id: bigint;
  bidder: Hex;
  commitment: Hex;
  addedCollateral: bigint;
  validBefore: bigint;
}) {
  return bidAuthorizationTypedData({
    domain: a.domain,
    house: a.house,
    id: a.id,
    bidder: a.bidder,
    value: a.addedCollateral,
    bound: a.commitment,
    validBefore: a.validBefore,
  });
}

/** A wallet's 65-byte signature as the houses take it: EIP-2098 `r` and `vs` (y-parity in the top bit of s). */
export function authorizationSignature(signature: Hex): { r: Hex; vs: Hex } {
  const { r, yParityAndS } = signatureToCompactSignature(parseSignature(signature));
  return { r, vs: yParityAndS };
}
