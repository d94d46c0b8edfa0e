/**
 * Gasless bids (English, rolling), Dutch buys and sealed commits: a wallet that holds the USDC but
 * too little ETH for the gas signs one EIP-3009 authorization (`eth_signTypedData_v4`, payable only
 * to the house, its nonce the hash of the bid: the maximum, the price guard or the commitment) and
 * the relayer (PUBLIC_RELAYER_URL, scripts/relayer) submits it, paying the gas. The relayer answers
 * once the transaction is mined. Out of budget or unreachable, the caller falls back to the
 * wallet-paid path; a bid the relayer says would fail is reported in words.
 */
import {
  bidAuthorizationTypedData,
  buyAuthorizationTypedData,
  commitAuthorizationTypedData,
  type PermitDomain,
  readPermitDomain,
} from "@gavel/sdk";
import { getBalance, getPublicClient, signTypedData } from "@wagmi/core";
import { PUBLIC_RELAYER_URL } from "$app/env/public";
import { chainClock, type Hex, type OnPhase } from "./tx.ts";
import { config, expectedChainId } from "./wallet.svelte.ts";

/** Gas a bid by the wallet itself may take (with margin): less ETH than this at today's price is "too little". */
const BID_GAS = 250_000n;
/** How long the relayer may take to say whether it has budget. */
const STATUS_TIMEOUT_MS = 3_000;

/** The relayer's refusal codes the page has its own words for (scripts/relayer/README.md). */
const KNOWN_REFUSALS = new Set([
  "too_low",
  "too_high",
  "price_above_max",
  "collateral",
  "commitment",
  "not_found",
  "max_not_raised",
  "ended",
  "not_started",
  "paused",
  "seller",
  "value_too_low",
  "expired",
  "used",
  "signature",
  "funds",
  "blocked",
  "rate_limited",
]);

/** Whether the relayer answers and has gas budget left for one more bid. */
async function relayerState(): Promise<"available" | "budget" | "unavailable"> {
  if (!PUBLIC_RELAYER_URL) return "unavailable";
  try {
    const response = await fetch(`${PUBLIC_RELAYER_URL}/status`, {
      signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
    });
    if (!response.ok) return "unavailable";
    return ((await response.json()) as { available?: boolean }).available === true ? "available" : "budget";
  } catch {
    return "unavailable";
  }
}

/** Whether `owner` holds less ETH than a wallet-paid bid would cost now (the sealed reveal asks too). */
export async function lacksGas(owner: Hex): Promise<boolean> {
  const client = getPublicClient(config, { chainId: expectedChainId });
  if (!client) return false;
  const [balance, gasPrice] = await Promise.all([
    getBalance(config, { address: owner, chainId: expectedChainId }),
    client.getGasPrice(),
  ]);
  return balance.value < BID_GAS * gasPrice;
}

/** Whether a bid, buy or commit panel should offer the gasless path to `owner`: relayer has budget, wallet lacks gas. */
export async function offerGasless(owner: Hex): Promise<boolean> {
  if (!PUBLIC_RELAYER_URL) return false;
  const [state, lacks] = await Promise.all([relayerState(), lacksGas(owner).catch(() => false)]);
  return state === "available" && lacks;
}

interface GaslessCommon {
  house: Hex;
  usdc: Hex;
  /** The auction, or the rolling round. */
  id: bigint;
  owner: Hex;
}

/** A bid, a Dutch buy or a sealed commit, as the wallet signs it and the relayer takes it. */
export type GaslessBid = GaslessCommon &
  (
    | {
        kind: "english" | "rolling";
        maximum: bigint;
        /** What moves now: the maximum, or the difference when the leader raises. */
        value: bigint;
      }
    /** The price guard: what is signed over; whatever the price is above it comes straight back. */
    | { kind: "dutch"; price: bigint }
    /** The hidden bid's commitment and the collateral added now (maybe none). */
    | { kind: "sealed"; commitment: Hex; value: bigint }
  );

/** The typed data the wallet signs for `bid`, and the body's own fields for its kind. */
function signedParts(
  bid: GaslessBid,
  domain: PermitDomain,
  validBefore: bigint,
): { typed: ReturnType<typeof bidAuthorizationTypedData>; fields: Record<string, string> } {
  const at = { domain, house: bid.house, id: bid.id, validBefore };
  switch (bid.kind) {
    case "english":
    case "rolling":
      return {
        typed: bidAuthorizationTypedData({ ...at, bidder: bid.owner, value: bid.value, bound: bid.maximum }),
        fields: { maximum: bid.maximum.toString(), value: bid.value.toString() },
      };
    case "dutch":
      return {
        typed: buyAuthorizationTypedData({ ...at, buyer: bid.owner, maxPrice: bid.price }),
        fields: { price: bid.price.toString() },
      };
    case "sealed":
      return {
        typed: commitAuthorizationTypedData({
          ...at,
          bidder: bid.owner,
          commitment: bid.commitment,
          addedCollateral: bid.value,
        }),
        fields: { commitment: bid.commitment, value: bid.value.toString() },
      };
  }
}

/** What became of a gasless bid: its transaction, a refusal already reported, or "use the wallet". */
export type GaslessOutcome = { hash: Hex } | { refused: true } | { fallback: "budget" | "unavailable" };

/**
 * Signs `bid` as an authorization and has the relayer submit it. Reports the phases the wallet-paid
 * bid reports (signing, sent, confirmed); the caller waits for Gavel to show it.
 */
export async function bidGasless(bid: GaslessBid, on: OnPhase): Promise<GaslessOutcome> {
  const state = await relayerState();
  if (state !== "available") return { fallback: state };
  const client = getPublicClient(config, { chainId: expectedChainId });
  const domain = client ? await readPermitDomain(client, expectedChainId, bid.usdc).catch(() => null) : null;
  if (!domain) return { fallback: "unavailable" };
  const validBefore = BigInt((await chainClock()).now + 3600);
  const { typed, fields } = signedParts(bid, domain, validBefore);
  on({ kind: bid.kind === "dutch" ? "signingBuy" : "signingBid" });
  // A refusal in the wallet throws: the caller's guard reports "you declined".
  const signature = await signTypedData(config, { account: bid.owner, ...typed });
  on({ kind: "relaying" });
  let response: Response;
  try {
    response = await fetch(`${PUBLIC_RELAYER_URL}/bids`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: bid.kind,
        house: bid.house,
        id: bid.id.toString(),
        bidder: bid.owner,
        ...fields,
        validBefore: validBefore.toString(),
        signature,
      }),
    });
  } catch {
    return { fallback: "unavailable" };
  }
  const body = (await response.json().catch(() => ({}))) as {
    hash?: Hex | null;
    reason?: string;
    message?: string;
    error?: string;
  };
  if (response.ok && body.hash) {
    on({ kind: "confirmed", hash: body.hash });
    return { hash: body.hash };
  }
  if (response.status === 503 || response.status >= 500 || (response.ok && !body.hash)) {
    return { fallback: body.reason === "budget" ? "budget" : "unavailable" };
  }
  const reason = body.reason && KNOWN_REFUSALS.has(body.reason) ? body.reason : "other";
  on({
    kind: "failed",
    reason: `relayer.refused.${reason}`,
    params: { message: body.message ?? body.error ?? `HTTP ${response.status}` },
  });
  return { refused: true };
}
