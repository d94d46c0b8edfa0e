// Disputes: opened by a party, ruled by the arbiters or split after their deadline. The parties
// hear of it through `dealEvent`; the arbiters (ARBITER_ADDRESSES and holders of ARBITER_ROLE)
// get a note of their own.

import type { ActivityItem } from "@gavel/indexer-client";
import type { PoolClient } from "pg";
import type { Arg } from "../ingest.ts";
import type { EventHandler, HandlerContext, Note } from "./common.ts";
import { addr, isTrue, uint } from "./common.ts";
import { dealEvent } from "./deals.ts";

/** Whether a BalanceCredited of `amount` to `account` came earlier in transaction `tx` (and forgets it). */
async function wasCredited(client: PoolClient, tx: string, account: string, amount: string | undefined) {
  if (amount === undefined || amount === "0") return false;
  const found = await client.query("delete from bot.credits where tx = $1 and account = $2 and amount = $3", [
    tx.toLowerCase(),
    account,
    uint(amount, "amount"),
  ]);
  return (found.rowCount ?? 0) > 0;
}

/**
 * The arbiters' note about a deal: to ARBITER_ADDRESSES plus the holders of ARBITER_ROLE, with the
 * deal's escrowed amount and `args` of the event.
 */
function arbitersNote(key: string, args: (d: Record<string, string>) => Record<string, Arg>) {
  return async (
    { client, arbiters }: HandlerContext,
    item: ActivityItem,
    dealId: string,
  ): Promise<Note[]> => {
    const holders = await client.query<{ account: string }>("select account from bot.arbiter_role");
    const wallets = [...new Set([...arbiters, ...holders.rows.map((row) => row.account)])];
    const deal = await client.query<{ amount: string | null }>(
      "select amount::text from bot.deals where deal_id = $1",
      [dealId],
    );
    const amount = deal.rows[0]?.amount ?? "0";
    return [
      {
        audience: { wallets },
        kind: "disputes",
        key,
        args: { amount: { usdc: amount }, ...args(item.data) },
      },
    ];
  };
}

const disputeOpened = dealEvent(
  (d, parties) => {
    const by = addr(d.openedBy) === parties.buyer ? "buyer" : "seller";
    const args = { by, deadline: { time: Number(uint(d.arbiterDeadline, "arbiterDeadline")) } };
    return [
      {
        note: {
          audience: { wallets: [parties.buyer] },
          kind: "disputes",
          key: "note-dispute-opened",
          args: { ...args, you: "buyer" },
        },
      },
      {
        note: {
          audience: { wallets: [parties.seller] },
          kind: "disputes",
          key: "note-dispute-opened",
          args: { ...args, you: "seller" },
        },
      },
    ];
  },
  {
    more: arbitersNote("note-dispute-arbiter", (d) => ({
      deadline: { time: Number(uint(d.arbiterDeadline, "arbiterDeadline")) },
    })),
  },
);

const disputeResolved = dealEvent(
  (d, parties, credited) => {
    const buyerAmount = uint(d.buyerAmount, "buyerAmount");
    const proceeds = uint(d.sellerProceeds, "sellerProceeds");
    const args = {
      share: { bps: Number(uint(d.buyerShareBps, "buyerShareBps")) },
      buyerAmount: { usdc: buyerAmount },
      proceeds: { usdc: proceeds },
      byTimeout: isTrue(d.byTimeout) ? "yes" : "no",
    };
    // A share of 0 pays nothing: say so, not "0 USDC". A share goes to the wallet, or to the
    // withdrawable balance when its transfer failed (`credited`).
    const paid = (amount: string, wasCredited: boolean) =>
      amount === "0" ? "nothing" : wasCredited ? "balance" : "wallet";
    return [
      {
        note: {
          audience: { wallets: [parties.buyer] },
          kind: "disputes",
          key: "note-dispute-resolved-buyer",
          args: { ...args, paid: paid(buyerAmount, credited.buyer) },
          dashboard: credited.buyer,
        },
        ...(credited.buyer ? { credit: [parties.buyer, buyerAmount] as [string, string] } : {}),
      },
      {
        note: {
          audience: { wallets: [parties.seller] },
          kind: "disputes",
          key: "note-dispute-resolved-seller",
          args: { ...args, paid: paid(proceeds, credited.seller) },
          dashboard: credited.seller,
        },
        ...(credited.seller ? { credit: [parties.seller, proceeds] as [string, string] } : {}),
      },
    ];
  },
  {
    // A ruling pays both wallets; a share whose transfer failed was credited just before.
    credited: async ({ client }, item, parties) => ({
      buyer: await wasCredited(client, item.transactionHash, parties.buyer, item.data.buyerAmount),
      seller: await wasCredited(client, item.transactionHash, parties.seller, item.data.sellerProceeds),
    }),
    more: arbitersNote("note-dispute-closed-arbiter", (d) => ({
      share: { bps: Number(uint(d.buyerShareBps, "buyerShareBps")) },
    })),
  },
);

export const disputeHandlers: Record<string, EventHandler> = {
  DisputeOpened: disputeOpened,
  DisputeResolved: disputeResolved,
};
