// Deals: a deal opening when an auction sells, then shipped, the confirm window extended,
// completed (confirmed or released) or refunded. Deal events after DealOpened name only the deal:
// `dealEvent` finds its auction and parties in bot.deals (disputes.ts uses it too).

import type { ActivityItem } from "@gavel/indexer-client";
import type { EventHandler, HandlerContext, Note } from "./common.ts";
import { addr, explainCredit, isTrue, uint } from "./common.ts";

export interface Parties {
  buyer: string;
  seller: string;
}

/** A deal event's notes; `credit` names the balance credit (account, amount) a note explains. */
export type PartyNotes = (
  d: Record<string, string>,
  parties: Parties,
  credited: { buyer: boolean; seller: boolean },
) => { note: Note; credit?: [string, string] }[];

export interface DealEventOptions {
  /** Which parties' shares were credited rather than paid (asked before the notes are made). */
  credited?: (
    ctx: HandlerContext,
    item: ActivityItem,
    parties: Parties,
  ) => Promise<{ buyer: boolean; seller: boolean }>;
  /** Notes for others than the parties (the arbiters). */
  more?: (ctx: HandlerContext, item: ActivityItem, dealId: string) => Promise<Note[]>;
}

/** The handler of a deal event that follows DealOpened. */
export function dealEvent(notesOf: PartyNotes, options: DealEventOptions = {}): EventHandler {
  return async (ctx, item) => {
    const { client } = ctx;
    const dealId = uint(item.data.dealId, "dealId");
    const deal = await client.query<{ auction_id: string; buyer: string; seller: string }>(
      "select auction_id::text, buyer, seller from bot.deals where deal_id = $1",
      [dealId],
    );
    const parties = deal.rows[0];
    if (!parties) {
      ctx.logger.warn(
        { cursor: item.cursor, dealId },
        `${item.event} for a deal never opened; nobody to tell`,
      );
      return { dealId, notes: [] };
    }
    const credited = options.credited
      ? await options.credited(ctx, item, parties)
      : { buyer: false, seller: false };
    const explained = notesOf(item.data, parties, credited);
    for (const note of explained) {
      if (note.credit) await explainCredit(client, item.transactionHash, ...note.credit);
    }
    const notes = explained.map(({ note }) => note);
    if (options.more) notes.push(...(await options.more(ctx, item, dealId)));
    return { auctionId: parties.auction_id, dealId, notes };
  };
}

const dealOpened: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const dealId = uint(d.dealId, "dealId");
  const auctionId = uint(d.auctionId, "auctionId");
  await client.query(
    `insert into bot.deals (deal_id, auction_id, buyer, seller, amount) values ($1, $2, $3, $4, $5)
     on conflict (deal_id) do nothing`,
    [dealId, auctionId, addr(d.buyer), addr(d.seller), uint(d.amount, "amount")],
  );
  return {
    auctionId,
    dealId,
    notes: [
      {
        audience: { wallets: [addr(d.seller)] },
        kind: "deals",
        key: "note-deal-opened",
        args: {
          amount: { usdc: uint(d.amount, "amount") },
          shipBy: { time: Number(uint(d.shipBy, "shipBy")) },
        },
      },
    ],
  };
};

const dealShipped = dealEvent((d, parties) => [
  {
    note: {
      audience: { wallets: [parties.buyer] },
      kind: "deals",
      key: "note-deal-shipped",
      args: {
        confirmBy: { time: Number(uint(d.confirmDeadline, "confirmDeadline")) },
        disputeBy: { time: Number(uint(d.disputeDeadline, "disputeDeadline")) },
      },
    },
  },
]);

const confirmWindowExtended = dealEvent((d, parties) => [
  {
    note: {
      audience: { wallets: [parties.seller] },
      kind: "deals",
      key: "note-confirm-extended-seller",
      args: { confirmBy: { time: Number(uint(d.confirmDeadline, "confirmDeadline")) } },
    },
  },
]);

const dealCompleted = dealEvent((d, parties) => {
  const how = isTrue(d.confirmedByBuyer) ? "confirmed" : "released";
  const proceeds = uint(d.sellerProceeds, "sellerProceeds");
  // pushed: the proceeds are in the seller's wallet; otherwise a BalanceCredited came first.
  const pushed = isTrue(d.pushed);
  return [
    {
      note: {
        audience: { wallets: [parties.seller] },
        kind: "deals",
        key: `note-deal-${how}-seller`,
        args: { proceeds: { usdc: proceeds }, paid: pushed ? "wallet" : "balance" },
        dashboard: !pushed,
      },
      ...(pushed ? {} : { credit: [parties.seller, proceeds] as [string, string] }),
    },
    { note: { audience: { wallets: [parties.buyer] }, kind: "deals", key: `note-deal-${how}-buyer` } },
  ];
});

const dealRefunded = dealEvent((d, parties) => {
  const raw = uint(d.amount, "amount");
  const amount = { usdc: raw };
  const how = isTrue(d.bySeller) ? "by-seller" : "reclaimed";
  return [
    {
      note: {
        audience: { wallets: [parties.buyer] },
        kind: "deals",
        key: `note-refund-${how}-buyer`,
        args: { amount },
        dashboard: true,
      },
      credit: [parties.buyer, raw],
    },
    {
      note: {
        audience: { wallets: [parties.seller] },
        kind: "deals",
        key: `note-refund-${how}-seller`,
        args: { amount },
      },
    },
  ];
});

export const dealHandlers: Record<string, EventHandler> = {
  DealOpened: dealOpened,
  DealShipped: dealShipped,
  ConfirmWindowExtended: confirmWindowExtended,
  DealCompleted: dealCompleted,
  DealRefunded: dealRefunded,
};
