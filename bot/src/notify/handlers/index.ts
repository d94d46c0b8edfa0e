// The ingestor's table of handlers: one per activity event the bot acts on, grouped by domain.
// An event missing here (ReviewSubmitted, token transfers, …) has nothing to tell anyone.
import { auctionHandlers } from "./auctions.ts";
import { bidHandlers } from "./bids.ts";
import type { EventHandler } from "./common.ts";
import { dealHandlers } from "./deals.ts";
import { disputeHandlers } from "./disputes.ts";
import { payoutHandlers } from "./payouts.ts";
import { platformHandlers } from "./platform.ts";

export type { Audience, Deliver, EventHandler, HandlerContext, HandlerResult, Note } from "./common.ts";
export { ARBITER_ROLE } from "./platform.ts";

export const HANDLERS: Readonly<Record<string, EventHandler>> = {
  ...auctionHandlers,
  ...bidHandlers,
  ...dealHandlers,
  ...disputeHandlers,
  ...payoutHandlers,
  ...platformHandlers,
};
