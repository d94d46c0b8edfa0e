// Why a bid would revert, in plain words. The house's custom errors and the token's EIP-3009
// refusals (FiatTokenV2's revert strings, the TestUSDC mock's custom errors) become a short code,
// which the dApp translates, and an English sentence for everyone else.
import { BaseError, ContractFunctionRevertedError, formatUnits } from "viem";

export interface Refusal {
  /** Stable code: the dApp shows its own (translated) words for it. */
  reason: string;
  /** The same in plain English. */
  message: string;
}

const usdc = (value: unknown) => (typeof value === "bigint" ? `${formatUnits(value, 6)} USDC` : "?");

/** Refusals by the house's custom error name. */
const byError: Record<string, (args: readonly unknown[]) => Refusal> = {
  EnglishBidTooLow: (a) => ({
    reason: "too_low",
    message: `The bid is too low: the least it can be now is ${usdc(a[1])}.`,
  }),
  RollingBidTooLow: (a) => ({
    reason: "too_low",
    message: `The bid is too low: the least it can be now is ${usdc(a[1])}.`,
  }),
  EnglishBidTooHigh: () => ({ reason: "too_high", message: "The bid is above the largest bid allowed." }),
  RollingBidTooHigh: () => ({ reason: "too_high", message: "The bid is above the largest bid allowed." }),
  EnglishMaxNotRaised: (a) => ({
    reason: "max_not_raised",
    message: `You already lead with a maximum of ${usdc(a[1])}; a new maximum must be higher.`,
  }),
  RollingMaxNotRaised: (a) => ({
    reason: "max_not_raised",
    message: `You already lead with a maximum of ${usdc(a[1])}; a new maximum must be higher.`,
  }),
  EnglishEnded: () => ({ reason: "ended", message: "The auction has ended." }),
  RollingRoundEnded: () => ({ reason: "ended", message: "This round has ended." }),
  RollingRoundClosed: () => ({ reason: "ended", message: "This round is closed." }),
  DutchEnded: () => ({ reason: "ended", message: "The auction has ended." }),
  SealedCommitPhaseOver: () => ({ reason: "ended", message: "The bidding phase is over." }),
  AuctionNotActive: () => ({ reason: "ended", message: "The auction is no longer taking bids." }),
  EnglishNotStarted: () => ({ reason: "not_started", message: "The auction has not started yet." }),
  DutchNotStarted: () => ({ reason: "not_started", message: "The auction has not started yet." }),
  AuctionNotFound: () => ({ reason: "not_found", message: "There is no such auction." }),
  AuctionPaused: () => ({ reason: "paused", message: "The market is paused; try again later." }),
  EnglishSellerCannotBid: () => ({
    reason: "seller",
    message: "The seller cannot bid on their own auction.",
  }),
  RollingSellerCannotBid: () => ({
    reason: "seller",
    message: "The seller cannot bid on their own auction.",
  }),
  SealedSellerCannotBid: () => ({ reason: "seller", message: "The seller cannot bid on their own auction." }),
  DutchSellerCannotBuy: () => ({ reason: "seller", message: "The seller cannot buy their own item." }),
  AuctionAuthorizationTooLow: (a) => ({
    reason: "value_too_low",
    message: `The signed amount (${usdc(a[1])}) no longer covers the bid (${usdc(a[2])} needed); sign it again.`,
  }),
  DutchPriceAboveMax: (a) => ({
    reason: "price_above_max",
    message: `The price is ${usdc(a[1])}, above the ${usdc(a[2])} you signed for.`,
  }),
  SealedCollateralBelowReserve: (a) => ({
    reason: "collateral",
    message: `The collateral must be at least the reserve price (${usdc(a[2])}).`,
  }),
  SealedCollateralTooHigh: () => ({
    reason: "collateral",
    message: "The collateral is above the largest allowed.",
  }),
  SealedEmptyCommitment: () => ({ reason: "commitment", message: "The sealed bid has no commitment." }),
  SealedInvalidCommitmentStatus: () => ({
    reason: "commitment",
    message: "Your sealed bid can no longer be changed.",
  }),
  // The TestUSDC mock's custom errors (Circle's token says the same with strings, below).
  ERC20InsufficientBalance: () => ({
    reason: "funds",
    message: "The wallet does not hold enough USDC for this bid.",
  }),
  TestUSDCBlacklisted: () => ({ reason: "blocked", message: "USDC refuses transfers for this wallet." }),
  TestUSDCInvalidSigner: () => ({ reason: "signature", message: signatureWords }),
  ECDSAInvalidSignature: () => ({ reason: "signature", message: signatureWords }),
  ECDSAInvalidSignatureS: () => ({ reason: "signature", message: signatureWords }),
  ECDSAInvalidSignatureLength: () => ({ reason: "signature", message: signatureWords }),
};

const signatureWords =
  "The signature does not match this bid: a field was changed after signing, or another wallet signed it.";

/** FiatTokenV2's revert strings (Circle's token and the mock alike). */
const byString: [RegExp, Refusal][] = [
  [
    /authorization is used or canceled/,
    { reason: "used", message: "This signed bid has already been used." },
  ],
  [
    /authorization is expired/,
    { reason: "expired", message: "The signature has expired; sign the bid again." },
  ],
  [/authorization is not yet valid/, { reason: "expired", message: "The signature is not valid yet." }],
  [/invalid signature/, { reason: "signature", message: signatureWords }],
  [
    /transfer amount exceeds balance/,
    { reason: "funds", message: "The wallet does not hold enough USDC for this bid." },
  ],
  [/blacklisted/, { reason: "blocked", message: "USDC refuses transfers for this wallet." }],
  [/paused/, { reason: "paused", message: "USDC is paused; try again later." }],
];

/** The refusal a simulation/transaction error stands for, or undefined if it is not a revert. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  const name = revert.data?.errorName;
  if (name && name !== "Error" && byError[name]) return byError[name](revert.data?.args ?? []);
  const text = revert.reason ?? (name === "Error" ? String(revert.data?.args?.[0] ?? "") : "");
  for (const [pattern, refusal] of byString) if (pattern.test(text)) return refusal;
  return {
    reason: "reverted",
    message: `The bid would fail on-chain (${name ?? (text || revert.signature || "no reason given")}).`,
  };
}
