// The activity feed in words: every event kind the indexer records reads as a sentence in English
// and Russian, with amounts through the USDC formatter, short addresses, and none of the raw field
// names, hashes or block numbers.
import { describe, expect, test } from "vitest";
import {
  activityListingId,
  describeActivity,
  describedKinds,
  type FeedEvent,
  isDealEvent,
} from "./activity.ts";
import { formatAgo, translator } from "./i18n/index.ts";

const en = translator("en");
const ru = translator("ru");
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

const anna = "0x12ab000000000000000000000000000000cdcd34";
const boris = "0x9f00000000000000000000000000000000001111";
const ZERO = "0x0000000000000000000000000000000000000000";
const hash = `0x${"ab".repeat(32)}`;

/** One realistic event of every kind, as the indexer's feed stores it (every value a string). */
const samples: Record<(typeof describedKinds)[number], Record<string, string>> = {
  ListingCreated: {
    auctionId: "7",
    seller: anna,
    title: "Leica M6",
    metadataURI: "https://x/m",
    metadataHash: hash,
    reservePrice: "1000000000",
    feeBps: "250",
    treasury: boris,
    shipWindow: "86400",
    confirmWindow: "259200",
    disputeWindow: "86400",
  },
  EnglishAuctionCreated: {
    auctionId: "7",
    startTime: "0",
    endTime: "1764003600",
    startPrice: "1000000000",
    minIncrementBps: "500",
    extensionWindow: "120",
    maxExtensions: "3",
  },
  DutchAuctionCreated: {
    auctionId: "7",
    startTime: "0",
    endTime: "1",
    startPrice: "50000000",
    floorPrice: "10000000",
    floorTime: "1764003600",
  },
  SealedAuctionCreated: {
    auctionId: "7",
    commitEnd: "1764003600",
    revealEnd: "1764007200",
    pricing: "0",
    unrevealedPenaltyBps: "1000",
  },
  RollingAuctionCreated: {
    auctionId: "7",
    units: "5",
    startPrice: "2000000",
    minIncrementBps: "100",
    roundDuration: "600",
    extensionWindow: "0",
    maxExtensions: "0",
  },
  RollingRoundStarted: { listingId: "7", roundId: "8", round: "2", unitsLeft: "4" },
  RollingStopRequested: { listingId: "7", roundId: "8" },
  RollingListingEnded: { listingId: "7", lastRoundId: "9", unitsSold: "3", unitsUnsold: "2" },
  BidPlaced: {
    auctionId: "7",
    bidder: anna,
    leader: anna,
    maxAmount: "1500000000",
    price: "1365000000",
    endTime: "1764003600",
    extended: "false",
  },
  Outbid: { auctionId: "7", bidder: boris, newLeader: anna, refund: "1300000000", pushed: "true" },
  AuctionCancelled: { auctionId: "7" },
  AuctionSettled: { auctionId: "7", winner: anna, dealId: "7", price: "1365000000" },
  EscrowReturned: { auctionId: "7", bidder: boris, amount: "12000000", pushed: "true" },
  DealOpened: {
    dealId: "7",
    auctionId: "7",
    buyer: anna,
    seller: boris,
    amount: "1365000000",
    shipBy: "1764003600",
  },
  DealShipped: { dealId: "7", trackingHash: hash, confirmDeadline: "1", disputeDeadline: "2" },
  ConfirmWindowExtended: { dealId: "7", buyer: anna, extension: "172800", confirmDeadline: "1" },
  DealCompleted: {
    dealId: "7",
    caller: anna,
    confirmedByBuyer: "true",
    sellerProceeds: "1330875000",
    fee: "34125000",
    pushed: "true",
  },
  DealRefunded: { dealId: "7", caller: boris, bySeller: "true", amount: "1365000000" },
  DisputeOpened: {
    dealId: "7",
    openedBy: anna,
    evidenceHash: hash,
    evidenceURI: "https://x/e",
    arbiterDeadline: "1",
  },
  DisputeResolved: {
    dealId: "7",
    resolvedBy: boris,
    byTimeout: "false",
    buyerShareBps: "5000",
    buyerAmount: "682500000",
    sellerProceeds: "665437500",
    fee: "17062500",
  },
  ReviewSubmitted: {
    dealId: "7",
    reviewer: anna,
    subject: boris,
    rating: "5",
    contentHash: hash,
    contentURI: "https://x/r",
  },
  BalanceCredited: { account: anna, amount: "12000000" },
  Withdrawn: { account: anna, recipient: anna, amount: "12000000" },
  FeesSwept: { treasury: boris, caller: anna, amount: "34125000", pushed: "true" },
  SealedBidCommitted: {
    auctionId: "7",
    bidder: anna,
    commitment: hash,
    collateral: "30000000",
    replaced: "false",
  },
  SealedBidRevealed: { auctionId: "7", bidder: anna, leader: anna, amount: "25000000" },
  SealedBidPenalized: { auctionId: "7", bidder: anna, treasury: boris, penalty: "3000000" },
  FeeUpdated: { oldFeeBps: "250", newFeeBps: "300" },
  TreasuryUpdated: { oldTreasury: anna, newTreasury: boris },
  DisputeTimeoutUpdated: { oldTimeout: "604800", newTimeout: "259200" },
  Paused: { account: anna },
  Unpaused: { account: anna, pausedAt: "1764000000", pausedFor: "7200", pausedTotal: "7200" },
  RoleGranted: { role: hash, account: anna, sender: boris },
  RoleRevoked: { role: hash, account: anna, sender: boris },
  RoleAdminChanged: { role: hash, previousAdminRole: hash, newAdminRole: hash },
  // The indexer's own shape for the token's transfers.
  Transfer: { from: anna, to: boris, amount: "20000000", amountDecimal: "20" },
};

const context = { title: "Leica M6" };

describe("describeActivity", () => {
  for (const [language, i18n] of [
    ["en", en],
    ["ru", ru],
  ] as const) {
    test(`${language}: every event kind is a sentence without field names, hashes or placeholders`, () => {
      const seen = new Set<string>();
      for (const kind of describedKinds) {
        const data = samples[kind];
        const text = plain(describeActivity({ event: kind, data }, i18n, context));
        expect(text, kind).not.toMatch(/[{}]/);
        expect(text, kind).not.toMatch(/0x[0-9a-f]{12,}/i);
        expect(text, kind).not.toBe(plain(i18n.t("activity.other")));
        for (const field of Object.keys(data)) {
          // Field names are camelCase words ("auctionId", "sellerProceeds"), never shown.
          if (/[a-z][A-Z]/.test(field)) expect(text, `${kind} shows ${field}`).not.toContain(field);
        }
        // Amounts go through the one formatter ("1,365.00 USDC" / "1 365,00 USDC").
        for (const [field, value] of Object.entries(data)) {
          if (
            /^(amount|price|startPrice|floorPrice|refund|sellerProceeds|buyerAmount|collateral|penalty)$/.test(
              field,
            ) &&
            !(kind === "Outbid" && field === "refund") &&
            !(kind === "DisputeResolved" && field === "fee")
          )
            expect(text, `${kind}.${field}`).toContain(plain(i18n.usdc(value)));
        }
        expect(seen.has(text), `${kind} reads like another kind`).toBe(false);
        seen.add(text);
      }
    });
  }

  test("English sentences read as the issue asks", () => {
    const say = (event: string, data: Record<string, string>, extra = {}) =>
      plain(describeActivity({ event, data }, en, { ...context, ...extra }));
    expect(say("BidPlaced", samples.BidPlaced)).toBe("0x12ab…cd34 bid on Leica M6 — now 1,365.00 USDC");
    expect(say("Outbid", samples.Outbid, { price: "1365000000", me: boris })).toBe(
      "0x12ab…cd34 outbid you on Leica M6 — now 1,365.00 USDC",
    );
    expect(say("Outbid", samples.Outbid, { price: "1365000000", me: anna })).toBe(
      "0x12ab…cd34 outbid 0x9f00…1111 on Leica M6 — now 1,365.00 USDC",
    );
    expect(say("Outbid", samples.Outbid)).toBe(
      "0x12ab…cd34 outbid 0x9f00…1111 on Leica M6 — 1,300.00 USDC back to them",
    );
    // A bid the leader's proxy maximum answered: the leader's automatic bid is named.
    expect(say("BidPlaced", { ...samples.BidPlaced, bidder: boris, maxAmount: "1300000000" })).toBe(
      "0x9f00…1111 bid up to 1,300.00 USDC on Leica M6; 0x12ab…cd34's automatic bid stays ahead — now 1,365.00 USDC",
    );
    expect(say("AuctionSettled", { ...samples.AuctionSettled, winner: ZERO })).toBe(
      "Leica M6 ended without a sale",
    );
    expect(say("Transfer", { ...samples.Transfer, from: ZERO })).toBe(
      "0x9f00…1111 was given 20.00 USDC in test tokens",
    );
    expect(say("FeeUpdated", samples.FeeUpdated)).toBe("The platform fee changed from 2.5 % to 3 %");
    expect(say("ConfirmWindowExtended", samples.ConfirmWindowExtended)).toBe(
      "0x12ab…cd34 gave themselves 2 d 0 h more to confirm Leica M6",
    );
    expect(say("Mystery", { secretField: "1" })).toBe("Something happened on Gavel");
  });

  test("Russian sentences", () => {
    const say = (event: string, data: Record<string, string>, extra = {}) =>
      plain(describeActivity({ event, data }, ru, { ...context, ...extra }));
    expect(say("BidPlaced", samples.BidPlaced)).toBe(
      "Ставка 0x12ab…cd34 на «Leica M6» — теперь 1 365,00 USDC",
    );
    expect(say("Outbid", samples.Outbid, { price: "1365000000", me: boris })).toBe(
      "0x12ab…cd34 перебивает вашу ставку на «Leica M6» — теперь 1 365,00 USDC",
    );
    expect(say("AuctionSettled", samples.AuctionSettled)).toBe(
      "«Leica M6» выигран: 0x12ab…cd34, за 1 365,00 USDC",
    );
  });

  test("a transfer the indexer linked to a listing reads as escrow paid in or out, and links to it", () => {
    const house = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    const into = { ...samples.Transfer, to: house, auctionId: "7", house };
    const out = { ...samples.Transfer, from: house, auctionId: "7", house };
    const say = (data: Record<string, string>, i18n = en) =>
      plain(describeActivity({ event: "Transfer", data }, i18n, context));
    expect(say(into)).toBe("0x12ab…cd34 paid 20.00 USDC into escrow for Leica M6");
    expect(say(out)).toBe("0x9f00…1111 received 20.00 USDC from escrow for Leica M6");
    expect(say(into, ru)).toBe("0x12ab…cd34 вносит 20,00 USDC на депозит по лоту «Leica M6»");
    expect(say(out, ru)).toBe("0x9f00…1111 получает 20,00 USDC с депозита по лоту «Leica M6»");
    expect(activityListingId({ event: "Transfer", data: into })).toBe("7");
    expect(isDealEvent({ event: "Transfer", data: into })).toBe(false);
    // Not linked (an older indexer, or a plain payment): the plain sentence, no listing.
    expect(say(samples.Transfer)).toBe("0x12ab…cd34 sent 20.00 USDC to 0x9f00…1111");
    expect(activityListingId({ event: "Transfer", data: samples.Transfer })).toBeNull();
  });

  test("an unknown title reads as the listing's number", () => {
    const text = describeActivity({ event: "AuctionCancelled", data: { auctionId: "12" } }, en, {
      title: null,
    });
    expect(text).toBe("listing #12 was cancelled");
  });

  test("the listing an event belongs to: auction, round, listing or deal id", () => {
    const id = (data: Record<string, string>): string | null =>
      activityListingId({ event: "X", data } satisfies FeedEvent);
    expect(id({ auctionId: "3" })).toBe("3");
    expect(id({ listingId: "4", roundId: "5" })).toBe("5");
    expect(id({ dealId: "6" })).toBe("6");
    expect(id({ account: anna })).toBeNull();
  });
});

describe("formatAgo", () => {
  test("relative times in both languages", () => {
    expect(formatAgo("en", 5)).toBe("just now");
    expect(formatAgo("en", 125)).toBe("2 min ago");
    expect(formatAgo("en", 3 * 3600 + 10)).toBe("3 h ago");
    expect(formatAgo("en", 86_400)).toBe("1 day ago");
    expect(formatAgo("en", 5 * 86_400)).toBe("5 days ago");
    expect(plain(formatAgo("en", -120))).toBe("in 2 min");
    // A block a few seconds ahead of this page's clock is not "in the future" to a reader.
    expect(formatAgo("en", -20)).toBe("just now");
    expect(formatAgo("ru", 125)).toBe("2 мин назад");
    expect(formatAgo("ru", 2 * 86_400)).toBe("2 дня назад");
    expect(formatAgo("ru", 5 * 86_400)).toBe("5 дней назад");
    expect(formatAgo("ru", 21 * 86_400)).toBe("21 день назад");
  });
});
