/**
 * Why a transaction failed, in catalogue keys (`tx.error.*`) the page says in plain words: a
 * Gavel contract's custom error by name, or the token's own revert string. Circle's USDC reverts
 * with `Error(string)` reasons ("Blacklistable: account is blacklisted", "Pausable: paused", …),
 * not custom errors. No wallet imports, so it is unit-tested on its own.
 */
/** Custom errors a user can meet, as catalogue keys (`tx.error.*`). */
const revertReasons: Record<string, string> = {
  EnglishBidTooLow: "tx.error.bidTooLow",
  EnglishEnded: "tx.error.ended",
  EnglishNotStarted: "tx.error.notStarted",
  EnglishNotEnded: "tx.error.notEnded",
  EnglishSellerCannotBid: "tx.error.sellerCannotBid",
  EnglishMaxNotRaised: "tx.error.maxNotRaised",
  EnglishBidTooHigh: "tx.error.bidTooHigh",
  AuctionPaused: "tx.error.paused",
  AuctionNotActive: "tx.error.notActive",
  ERC20InsufficientBalance: "tx.error.insufficient",
  ERC20InsufficientAllowance: "tx.error.allowance",
  EnglishInvalidDuration: "tx.error.duration",
  EnglishInvalidStartPrice: "tx.error.startPrice",
  DutchInvalidDuration: "tx.error.duration",
  SealedInvalidCommitDuration: "tx.error.duration",
  RollingInvalidRoundDuration: "tx.error.duration",
  RollingInvalidStartPrice: "tx.error.startPrice",
  AuctionInvalidTitle: "tx.error.title",
  RollingBidTooLow: "tx.error.bidTooLow",
  RollingRoundEnded: "tx.error.ended",
  RollingRoundClosed: "tx.error.roundClosed",
  RollingRoundNotEnded: "tx.error.notEnded",
  RollingSellerCannotBid: "tx.error.sellerCannotBid",
  RollingMaxNotRaised: "tx.error.maxNotRaised",
  DutchPriceAboveMax: "tx.error.priceAboveMax",
  DutchSellerCannotBuy: "tx.error.sellerCannotBid",
  DutchNotStarted: "tx.error.notStarted",
  DutchEnded: "tx.error.ended",
  DutchNotEnded: "tx.error.notEnded",
  SealedSellerCannotBid: "tx.error.sellerCannotBid",
  SealedCommitPhaseOver: "tx.error.commitOver",
  SealedCollateralBelowReserve: "tx.error.collateralBelowReserve",
  SealedNotRevealPhase: "tx.error.notRevealPhase",
  SealedCommitmentMismatch: "tx.error.commitmentMismatch",
  SealedAmountAboveCollateral: "tx.error.amountAboveCollateral",
  SealedInvalidCommitmentStatus: "tx.error.commitmentStatus",
  SealedEmptyCommitment: "tx.error.emptyCommitment",
  SealedNotSettleable: "tx.error.notEnded",
  SealedRevealPhaseNotOver: "tx.error.notEnded",
  SealedLeaderCollateralLocked: "tx.error.leaderLocked",
  DealInvalidStatus: "tx.error.dealStatus",
  DealNotBuyer: "tx.error.notBuyer",
  DealNotSeller: "tx.error.notSeller",
  DealNotParty: "tx.error.notParty",
  DealShipDeadlinePassed: "tx.error.shipDeadlinePassed",
  DealShipDeadlineNotPassed: "tx.error.tooEarly",
  DealConfirmWindowOpen: "tx.error.tooEarly",
  DealDisputeWindowClosed: "tx.error.disputeClosed",
  DealArbiterTimeNotElapsed: "tx.error.tooEarly",
  DealAlreadyReviewed: "tx.error.alreadyReviewed",
  DealInvalidRating: "tx.error.rating",
  EscrowNothingToWithdraw: "tx.error.nothingToWithdraw",
  DealConfirmWindowAlreadyExtended: "tx.error.alreadyExtended",
  DealInvalidExtension: "tx.error.invalidExtension",
  DealConfirmWindowClosed: "tx.error.confirmWindowClosed",
  EscrowRecipientIsHouse: "tx.error.recipientIsHouse",
  EscrowOwnerFrozen: "tx.error.ownerFrozen",
  SealedInvalidPenalty: "tx.error.penalty",
  AuctionNotConfig: "tx.error.notConfig",
  GavelConfigUnknownHouse: "tx.error.unknownHouse",
};

/**
 * Circle's USDC (FiatTokenV2_2) revert strings a user can meet when Gavel moves their USDC, as
 * catalogue keys. The strings are the token's own, character for character.
 */
const tokenReasons: Record<string, string> = {
  "Blacklistable: account is blacklisted": "tx.error.tokenBlacklisted",
  "Pausable: paused": "tx.error.tokenPaused",
  "ERC20: transfer amount exceeds balance": "tx.error.insufficient",
  "ERC20: transfer amount exceeds allowance": "tx.error.allowance",
  "FiatTokenV2: permit is expired": "tx.error.permitExpired",
  "EIP2612: invalid signature": "tx.error.permitInvalid",
  "ECRecover: invalid signature": "tx.error.permitInvalid",
  "ECRecover: invalid signature 's' value": "tx.error.permitInvalid",
  "ECRecover: invalid signature 'v' value": "tx.error.permitInvalid",
  "ECRecover: invalid signature length": "tx.error.permitInvalid",
  "FiatTokenV2: invalid signature": "tx.error.authorizationInvalid",
  "FiatTokenV2: authorization is expired": "tx.error.authorizationExpired",
  "FiatTokenV2: authorization is not yet valid": "tx.error.authorizationNotYetValid",
  "FiatTokenV2: authorization is used or canceled": "tx.error.authorizationUsed",
};

/** Every catalogue key this module can answer with (the catalogue test checks each is written). */
export const failureKeys = [
  ...new Set([
    ...Object.values(revertReasons),
    ...Object.values(tokenReasons),
    "tx.error.reverted",
    "tx.error.wallet",
  ]),
];

interface Revert {
  /** The custom error's name, or "Error" for a plain revert string. */
  name: string;
  /** The string of `Error(string)`. */
  reason?: string;
}

/** The revert a contract answered with, anywhere down viem's cause chain. */
function revertOf(error: unknown): Revert | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 10; depth++) {
    const record = e as {
      data?: { errorName?: unknown; args?: readonly unknown[] };
      errorName?: unknown;
      reason?: unknown;
      cause?: unknown;
    };
    if (typeof record.data?.errorName === "string") {
      const [first] = record.data.args ?? [];
      const reason =
        typeof record.reason === "string" ? record.reason : typeof first === "string" ? first : undefined;
      return { name: record.data.errorName, reason };
    }
    if (typeof record.errorName === "string") return { name: record.errorName };
    e = record.cause;
  }
  return null;
}

function shortMessage(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error && typeof error.shortMessage === "string")
    return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

export interface Failure {
  kind: "failed";
  reason: string;
  params?: Record<string, string>;
  detail?: string;
}

/** A failed transaction in words: a known revert (contract or token), another revert, or the wallet's error. */
export function explainFailure(error: unknown): Failure {
  const revert = revertOf(error);
  if (!revert) return { kind: "failed", reason: "tx.error.wallet", detail: shortMessage(error) };
  if (revert.name === "Error" && revert.reason !== undefined) {
    const known = tokenReasons[revert.reason];
    return known
      ? { kind: "failed", reason: known }
      : { kind: "failed", reason: "tx.error.reverted", params: { name: revert.reason } };
  }
  return {
    kind: "failed",
    reason: revertReasons[revert.name] ?? "tx.error.reverted",
    params: { name: revert.name },
  };
}
