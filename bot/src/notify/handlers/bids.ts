// Bids: English and rolling-round bids (proxy bidding), being outbid, sealed commitments,
// reveals and penalties, and escrow handed back when an auction is over.
import {
  addr,
  auctionRow,
  type EventHandler,
  explainCredit,
  isTrue,
  type Note,
  priceArgs,
  scheduleEnding,
  uint,
} from "./common.ts";

const sealedBidCommitted: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  const bidder = addr(d.bidder);
  const added = await client.query("insert into bot.auction_bidders values ($1, $2) on conflict do nothing", [
    auctionId,
    bidder,
  ]);
  // A new bidder is news; a bidder topping up or replacing their own commitment is not.
  const notes: Note[] =
    (added.rowCount ?? 0) > 0
      ? [
          {
            audience: { followers: true, seller: true, bidders: true, except: [bidder] },
            kind: "bids",
            key: "note-sealed-committed",
          },
        ]
      : [];
  return { auctionId, notes };
};

const sealedBidRevealed: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  const bidder = addr(d.bidder);
  const leader = addr(d.leader);
  const before = await auctionRow(client, auctionId);
  await client.query("update bot.auctions set leader = $2 where auction_id = $1", [auctionId, leader]);
  await client.query(
    `insert into bot.auction_bidders (auction_id, bidder, revealed) values ($1, $2, true)
     on conflict (auction_id, bidder) do update set revealed = true`,
    [auctionId, bidder],
  );
  const amount = { usdc: uint(d.amount, "amount") };
  const notes: Note[] = [
    {
      audience: { wallets: [bidder] },
      kind: "bids",
      key: leader === bidder ? "note-sealed-revealed-leading" : "note-sealed-revealed-behind",
      args: { amount },
    },
  ];
  if (before?.leader && before.leader !== leader && before.leader !== bidder) {
    notes.push({
      audience: { wallets: [before.leader] },
      kind: "outbid",
      key: "note-sealed-overtaken",
      args: { amount },
    });
  }
  return { auctionId, notes };
};

/** The penalty accrues to the listing's treasury: only the bidder hears of it. */
const sealedBidPenalized: EventHandler = async (_ctx, item) => {
  const d = item.data;
  return {
    auctionId: uint(d.auctionId, "auctionId"),
    notes: [
      {
        audience: { wallets: [addr(d.bidder)] },
        kind: "funds",
        key: "note-sealed-penalized",
        args: { penalty: { usdc: uint(d.penalty, "penalty") } },
      },
    ],
  };
};

const bidPlaced: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const auctionId = uint(d.auctionId, "auctionId");
  const bidder = addr(d.bidder);
  const leader = addr(d.leader);
  const endTime = Number(uint(d.endTime, "endTime"));
  const price = { usdc: uint(d.price, "price") };
  const before = await auctionRow(client, auctionId);
  await client.query("insert into bot.auction_bidders values ($1, $2) on conflict do nothing", [
    auctionId,
    bidder,
  ]);
  await client.query("update bot.auctions set end_time = $2, leader = $3, price = $4 where auction_id = $1", [
    auctionId,
    endTime,
    leader,
    price.usdc,
  ]);
  const now = priceArgs({ price: price.usdc, leader, min_increment_bps: before?.min_increment_bps ?? null });
  // A leader who lost the lead hears it from the Outbid event of the same transaction.
  const except = [bidder, ...(before?.leader && before.leader !== leader ? [before.leader] : [])];
  if (before?.end_time !== String(endTime)) await scheduleEnding(client, auctionId, endTime);
  const notes: Note[] = [];
  if (leader !== bidder) {
    notes.push({
      audience: { wallets: [bidder] },
      kind: "outbid",
      key: "note-bid-topped",
      args: { max: { usdc: uint(d.maxAmount, "maxAmount") }, ...now },
      biddable: true,
    });
  }
  notes.push(
    isTrue(d.extended)
      ? {
          audience: { followers: true, seller: true, bidders: true, except },
          kind: "ending",
          key: "note-bid-extended",
          args: { ...now, end: { time: endTime } },
          biddable: true,
        }
      : {
          audience: { followers: true, seller: true, bidders: true, except },
          kind: "bids",
          key: "note-bid-new",
          args: { ...now, end: { time: endTime } },
          biddable: true,
        },
  );
  return { auctionId, notes };
};

/**
 * Escrow handed back to a bidder (`field` of the event): pushed to the wallet, or credited to the
 * withdrawable balance, in which case this note replaces the BalanceCredited note just before it.
 */
function returned(
  field: string,
  kind: "outbid" | "funds",
  keys: { pushed: string; credited: string },
): EventHandler {
  return async ({ client }, item) => {
    const d = item.data;
    const auctionId = uint(d.auctionId, "auctionId");
    const pushed = isTrue(d.pushed);
    const amount = uint(d[field], field);
    if (!pushed) await explainCredit(client, item.transactionHash, addr(d.bidder), amount);
    // Outbid follows its BidPlaced: the auction's price and minimum are already the new ones.
    const outbid = kind === "outbid";
    const note: Note = {
      audience: { wallets: [addr(d.bidder)] },
      kind,
      key: pushed ? keys.pushed : keys.credited,
      args: {
        [field]: { usdc: amount },
        ...(outbid ? priceArgs(await auctionRow(client, auctionId)) : {}),
      },
      dashboard: !pushed,
      biddable: outbid,
    };
    return { auctionId, notes: [note] };
  };
}

const outbid = returned("refund", "outbid", {
  pushed: "note-outbid-returned",
  credited: "note-outbid-credited",
});
const escrowReturned = returned("amount", "funds", {
  pushed: "note-escrow-returned",
  credited: "note-escrow-credited",
});

export const bidHandlers: Record<string, EventHandler> = {
  SealedBidCommitted: sealedBidCommitted,
  SealedBidRevealed: sealedBidRevealed,
  SealedBidPenalized: sealedBidPenalized,
  BidPlaced: bidPlaced,
  Outbid: outbid,
  EscrowReturned: escrowReturned,
};
