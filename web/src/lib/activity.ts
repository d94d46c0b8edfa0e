// The activity feed in words: one sentence per indexed event, in the viewer's language, with
// amounts through the one USDC formatter and people as short addresses (no raw field names,
// hashes or block numbers).
import { shortHex } from "./format.ts";
import type { MessageKey, Params, Translator } from "./i18n/index.ts";

/** The parts of an indexer activity item a sentence needs. */
export interface FeedEvent {
  event: string;
  data: Record<string, string>;
}

/** What the page knows around one event. */
export interface SentenceContext {
  /** The listing's title (null: not known, the sentence says "listing #id"). */
  title: string | null;
  /** The signed-in viewer's address, lower case (an Outbid of the viewer says "you"). */
  me?: string | null;
  /** The price right after the event's transaction (an Outbid's new price, from its BidPlaced). */
  price?: string | null;
}

const ZERO_ADDRESS = /^0x0{40}$/i;
const isAddress = (value: string | undefined): value is string =>
  typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);

/** The listing (auction, round or deal: a deal's id is its auction's) an event belongs to. */
export function activityListingId(item: FeedEvent): string | null {
  const { data } = item;
  const id = data.auctionId ?? data.roundId ?? data.listingId ?? data.dealId;
  return id !== undefined && /^\d+$/.test(id) ? id : null;
}

/** Whether an event is about a deal (its link goes to the deal page). */
export function isDealEvent(item: FeedEvent): boolean {
  return item.data.dealId !== undefined && item.data.auctionId === undefined;
}

/**
 * One event as a sentence: "0x12ab…cd34 bid on Leica M6 — now 1,365.00 USDC". Every kind the
 * indexer records has its own sentence; an unknown kind reads "Something happened on Gavel".
 */
export function describeActivity(item: FeedEvent, i18n: Translator, context: SentenceContext): string {
  const d = item.data;
  const id = activityListingId(item);
  const title = context.title ?? (id ? i18n.t("activity.listing", { id }) : "—");
  const who = (address: string | undefined) => (isAddress(address) ? shortHex(address.toLowerCase()) : "—");
  const usdc = (raw: string | undefined) => (raw !== undefined && /^\d+$/.test(raw) ? i18n.usdc(raw) : "—");
  const count = (raw: string | undefined) => (raw !== undefined && /^\d+$/.test(raw) ? BigInt(raw) : 0n);
  const time = (raw: string | undefined) => i18n.timeLeft(Number(count(raw)));
  const say = (key: MessageKey, params: Params = {}) => i18n.t(key, { title, ...params });

  switch (item.event) {
    case "ListingCreated":
      return say("activity.ListingCreated", { seller: who(d.seller) });
    case "EnglishAuctionCreated":
      return say("activity.EnglishAuctionCreated", { price: usdc(d.startPrice) });
    case "DutchAuctionCreated":
      return say("activity.DutchAuctionCreated", { price: usdc(d.startPrice), floor: usdc(d.floorPrice) });
    case "SealedAuctionCreated":
      return say("activity.SealedAuctionCreated", {
        date: i18n.dateTime(new Date(Number(count(d.commitEnd)) * 1000)),
      });
    case "RollingAuctionCreated":
      return say("activity.RollingAuctionCreated", { units: count(d.units), price: usdc(d.startPrice) });
    case "RollingRoundStarted":
      return say("activity.RollingRoundStarted", { round: count(d.round), left: count(d.unitsLeft) });
    case "RollingStopRequested":
      return say("activity.RollingStopRequested");
    case "RollingListingEnded":
      return say("activity.RollingListingEnded", { sold: count(d.unitsSold), unsold: count(d.unitsUnsold) });
    case "BidPlaced": {
      const bidder = d.bidder?.toLowerCase();
      const leader = d.leader?.toLowerCase();
      if (leader && bidder && leader !== bidder)
        return say("activity.BidPlaced.answered", {
          bidder: who(bidder),
          max: usdc(d.maxAmount),
          leader: who(leader),
          price: usdc(d.price),
        });
      return say("activity.BidPlaced", { bidder: who(bidder), price: usdc(d.price) });
    }
    case "Outbid": {
      const params = { leader: who(d.newLeader), bidder: who(d.bidder) };
      if (context.price) {
        const mine = context.me && d.bidder?.toLowerCase() === context.me;
        return say(mine ? "activity.Outbid.you" : "activity.Outbid.price", {
          ...params,
          price: usdc(context.price),
        });
      }
      return say("activity.Outbid", { ...params, refund: usdc(d.refund) });
    }
    case "AuctionCancelled":
      return say("activity.AuctionCancelled");
    case "AuctionSettled":
      return !isAddress(d.winner) || ZERO_ADDRESS.test(d.winner)
        ? say("activity.AuctionSettled.noSale")
        : say("activity.AuctionSettled", { winner: who(d.winner), price: usdc(d.price) });
    case "EscrowReturned":
      return say("activity.EscrowReturned", { amount: usdc(d.amount), bidder: who(d.bidder) });
    case "DealOpened":
      return say("activity.DealOpened", { buyer: who(d.buyer), amount: usdc(d.amount) });
    case "DealShipped":
      return say("activity.DealShipped");
    case "ConfirmWindowExtended":
      return say("activity.ConfirmWindowExtended", { buyer: who(d.buyer), time: time(d.extension) });
    case "DealCompleted":
      return say("activity.DealCompleted", { amount: usdc(d.sellerProceeds) });
    case "DealRefunded":
      return say("activity.DealRefunded", { amount: usdc(d.amount) });
    case "DisputeOpened":
      return say("activity.DisputeOpened", { party: who(d.openedBy) });
    case "DisputeResolved":
      return say("activity.DisputeResolved", { buyer: usdc(d.buyerAmount), seller: usdc(d.sellerProceeds) });
    case "ReviewSubmitted":
      return say("activity.ReviewSubmitted", {
        reviewer: who(d.reviewer),
        subject: who(d.subject),
        rating: count(d.rating),
      });
    case "BalanceCredited":
      return say("activity.BalanceCredited", { amount: usdc(d.amount), account: who(d.account) });
    case "Withdrawn":
      return say("activity.Withdrawn", { amount: usdc(d.amount), account: who(d.account) });
    case "FeesSwept":
      return say("activity.FeesSwept", { amount: usdc(d.amount) });
    case "SealedBidCommitted":
      return say("activity.SealedBidCommitted", { bidder: who(d.bidder), amount: usdc(d.collateral) });
    case "SealedBidRevealed":
      return say("activity.SealedBidRevealed", { bidder: who(d.bidder), amount: usdc(d.amount) });
    case "SealedBidPenalized":
      return say("activity.SealedBidPenalized", { bidder: who(d.bidder), amount: usdc(d.penalty) });
    case "FeeUpdated":
      return say("activity.FeeUpdated", {
        old: i18n.number(Number(count(d.oldFeeBps)) / 100),
        new: i18n.number(Number(count(d.newFeeBps)) / 100),
      });
    case "TreasuryUpdated":
      return say("activity.TreasuryUpdated", { account: who(d.newTreasury) });
    case "DisputeTimeoutUpdated":
      return say("activity.DisputeTimeoutUpdated", { time: time(d.newTimeout) });
    case "Paused":
      return say("activity.Paused");
    case "Unpaused":
      return say("activity.Unpaused", { time: time(d.pausedFor) });
    case "RoleGranted":
      return say("activity.RoleGranted", { account: who(d.account) });
    case "RoleRevoked":
      return say("activity.RoleRevoked", { account: who(d.account) });
    case "RoleAdminChanged":
      return say("activity.RoleAdminChanged");
    case "Transfer": {
      if (isAddress(d.from) && ZERO_ADDRESS.test(d.from))
        return say("activity.Transfer.mint", { to: who(d.to), amount: usdc(d.amount) });
      // Into or out of a house inside a bid, settlement or deal: the indexer names the listing.
      const house = id && isAddress(d.house) ? d.house.toLowerCase() : null;
      if (house && d.to?.toLowerCase() === house)
        return say("activity.Transfer.escrowIn", { from: who(d.from), amount: usdc(d.amount) });
      if (house && d.from?.toLowerCase() === house)
        return say("activity.Transfer.escrowOut", { to: who(d.to), amount: usdc(d.amount) });
      return say("activity.Transfer", { from: who(d.from), to: who(d.to), amount: usdc(d.amount) });
    }
    default:
      return say("activity.other");
  }
}

/** Every event kind `describeActivity` writes its own sentence for (the unit tests cover each). */
export const describedKinds = [
  "ListingCreated",
  "EnglishAuctionCreated",
  "DutchAuctionCreated",
  "SealedAuctionCreated",
  "RollingAuctionCreated",
  "RollingRoundStarted",
  "RollingStopRequested",
  "RollingListingEnded",
  "BidPlaced",
  "Outbid",
  "AuctionCancelled",
  "AuctionSettled",
  "EscrowReturned",
  "DealOpened",
  "DealShipped",
  "ConfirmWindowExtended",
  "DealCompleted",
  "DealRefunded",
  "DisputeOpened",
  "DisputeResolved",
  "ReviewSubmitted",
  "BalanceCredited",
  "Withdrawn",
  "FeesSwept",
  "SealedBidCommitted",
  "SealedBidRevealed",
  "SealedBidPenalized",
  "FeeUpdated",
  "TreasuryUpdated",
  "DisputeTimeoutUpdated",
  "Paused",
  "Unpaused",
  "RoleGranted",
  "RoleRevoked",
  "RoleAdminChanged",
  "Transfer",
] as const;
