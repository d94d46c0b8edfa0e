// A refused transaction said in words. Circle's USDC refuses with Error(string) reasons, which
// viem surfaces as a ContractFunctionRevertedError (errorName "Error", the string as its reason)
// inside a ContractFunctionExecutionError: the same objects are built here from the exact revert
// data the token returns, and each reason must land on its own sentence in English and Russian.
import {
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
} from "@gavel/sdk";
import {
  type Abi,
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  concat,
  encodeAbiParameters,
  encodeErrorResult,
  type Hex,
} from "viem";
import { describe, expect, test } from "vitest";
import enCore from "../i18n/en.core.json" with { type: "json" };
import enPages from "../i18n/en.pages.json" with { type: "json" };
import ruCore from "../i18n/ru.core.json" with { type: "json" };
import ruPages from "../i18n/ru.pages.json" with { type: "json" };
import { explainFailure, failureKeys } from "./errors.ts";

/** The revert data of `require(false, reason)`: selector 0x08c379a0, then the ABI-encoded string. */
const errorString = (reason: string): Hex =>
  concat(["0x08c379a0", encodeAbiParameters([{ type: "string" }], [reason])]);

/** The error viem throws from simulateContract / writeContract when the call reverts with `data`. */
function reverted(data: Hex, abi: Abi = englishAuctionHouseAbi) {
  const cause = new ContractFunctionRevertedError({ abi, data, functionName: "bid" });
  return new ContractFunctionExecutionError(cause, {
    abi,
    functionName: "bid",
    args: [1n, 150_000_000n],
    contractAddress: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  });
}

const catalogues: Record<"en" | "ru", Record<string, unknown>> = {
  en: { ...enCore, ...enPages },
  ru: { ...ruCore, ...ruPages },
};

describe("explainFailure", () => {
  const cases: [string, string][] = [
    ["Blacklistable: account is blacklisted", "tx.error.tokenBlacklisted"],
    ["Pausable: paused", "tx.error.tokenPaused"],
    ["ERC20: transfer amount exceeds balance", "tx.error.insufficient"],
    ["ERC20: transfer amount exceeds allowance", "tx.error.allowance"],
    ["FiatTokenV2: permit is expired", "tx.error.permitExpired"],
    ["EIP2612: invalid signature", "tx.error.permitInvalid"],
    ["ECRecover: invalid signature 's' value", "tx.error.permitInvalid"],
    ["FiatTokenV2: invalid signature", "tx.error.authorizationInvalid"],
    ["FiatTokenV2: authorization is expired", "tx.error.authorizationExpired"],
    ["FiatTokenV2: authorization is not yet valid", "tx.error.authorizationNotYetValid"],
    ["FiatTokenV2: authorization is used or canceled", "tx.error.authorizationUsed"],
  ];

  test.each(cases)("Circle's %j is said as %s", (reason, key) => {
    const error = reverted(errorString(reason));
    // viem decoded it as a plain revert string, as it does from a real node.
    expect(error.walk((e) => e instanceof ContractFunctionRevertedError)).toMatchObject({ reason });
    expect(explainFailure(error)).toEqual({ kind: "failed", reason: key });
  });

  test("each token reason has its own plain sentence in English and Russian, never the raw string", () => {
    for (const [reason, key] of cases) {
      for (const [lang, catalogue] of Object.entries(catalogues)) {
        const text = catalogue[key];
        expect(text, `${lang} ${key}`).toBeTruthy();
        expect(text).not.toContain(reason);
      }
    }
    expect(catalogues.en["tx.error.tokenBlacklisted"]).not.toBe(catalogues.en["tx.error.tokenPaused"]);
    expect(catalogues.ru["tx.error.tokenBlacklisted"]).toMatch(/Circle/);
  });

  test("every key it can answer with is written in both catalogues", () => {
    for (const key of failureKeys) {
      expect(catalogues.en[key], `en ${key}`).toBeTruthy();
      expect(catalogues.ru[key], `ru ${key}`).toBeTruthy();
    }
  });

  test("an unknown revert string is quoted, not hidden", () => {
    const error = reverted(errorString("FiatToken: mint to the zero address"));
    expect(explainFailure(error)).toEqual({
      kind: "failed",
      reason: "tx.error.reverted",
      params: { name: "FiatToken: mint to the zero address" },
    });
  });

  test("Gavel's own custom errors still go by name", () => {
    const data = encodeErrorResult({
      abi: englishAuctionHouseAbi,
      errorName: "EnglishBidTooLow",
      args: [1n, 157_500_000n],
    });
    expect(explainFailure(reverted(data))).toEqual({
      kind: "failed",
      reason: "tx.error.bidTooLow",
      params: { name: "EnglishBidTooLow" },
    });
  });

  // The contracts' newer refusals, encoded with the ABIs the dApp is built from: each lands on its
  // own sentence (never the generic "refused (name)"), written in both languages.
  const newer: [Abi, string, readonly unknown[], string][] = [
    [englishAuctionHouseAbi, "DealConfirmWindowAlreadyExtended", [7n], "tx.error.alreadyExtended"],
    [englishAuctionHouseAbi, "DealInvalidExtension", [0n, 259_200n], "tx.error.invalidExtension"],
    [englishAuctionHouseAbi, "DealConfirmWindowClosed", [7n, 1_700_000_000n], "tx.error.confirmWindowClosed"],
    [englishAuctionHouseAbi, "EscrowRecipientIsHouse", [], "tx.error.recipientIsHouse"],
    [
      englishAuctionHouseAbi,
      "EscrowOwnerFrozen",
      ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      "tx.error.ownerFrozen",
    ],
    [sealedBidAuctionHouseAbi, "SealedInvalidPenalty", [999n], "tx.error.penalty"],
    [
      rollingAuctionHouseAbi,
      "AuctionNotConfig",
      ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      "tx.error.notConfig",
    ],
    [
      gavelConfigAbi,
      "GavelConfigUnknownHouse",
      ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      "tx.error.unknownHouse",
    ],
  ];
  test.each(newer)("%#: the contracts' %s has its own sentence", (abi, errorName, args, key) => {
    const data = encodeErrorResult({ abi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
    expect(explainFailure(reverted(data, abi))).toEqual({
      kind: "failed",
      reason: key,
      params: { name: errorName },
    });
    expect(catalogues.en[key], `en ${key}`).toBeTruthy();
    expect(catalogues.ru[key], `ru ${key}`).toBeTruthy();
    expect(catalogues.ru[key]).not.toBe(catalogues.en[key]);
  });

  test("the penalty sentence names the contracts' 10–100 % bounds", () => {
    expect(catalogues.en["tx.error.penalty"]).toMatch(/10 to 100 %/);
    expect(catalogues.ru["tx.error.penalty"]).toMatch(/от 10 до 100 %/);
  });

  test("a failure without revert data is the wallet's own message", () => {
    expect(explainFailure(new BaseError("HTTP request failed."))).toMatchObject({
      reason: "tx.error.wallet",
      detail: "HTTP request failed.",
    });
  });
});
