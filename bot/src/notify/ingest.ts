// Turns activity items into what the bot remembers (auctions, bidders, deals, reminders) and
// into outbox rows, one per (event, chat). Runs inside the caller's transaction, which also
// advances the feed cursor: an item is either fully applied with its cursor, or not at all.

import type { ActivityItem } from "@gavel/indexer-client";
import type { PoolClient } from "pg";
import { LEAD_TIMES, type NotificationKind } from "../db/chats.ts";
import type { Logger } from "../logger.ts";

/** A value shown in a notification, formatted for the chat's locale when it is sent. */
export type Arg =
  | string
  | number
  | { usdc: string }
  | { time: number }
  | { address: string }
  | { bps: number }
  /** Time left until this Unix second, measured when the message is sent. */
  | { until: number };

/** What an outbox row carries: a text key of locales/*.ftl and its arguments. */
export interface NotePayload {
  key: string;
  args: Record<string, Arg>;
  auctionId?: string;
  dealId?: string;
  /** The message links the dApp's dashboard (where balances are withdrawn). */
  dashboard?: true;
  /** A BalanceCredited note: `tx:account:amount`, so the event that explains it can replace it. */
  credit?: string;
}

/** Who gets a note. Wallets resolve to their linked chats; `except` wallets' chats are left out. */
interface Audience {
  wallets?: (string | null | undefined)[];
  followers?: boolean;
  seller?: boolean;
  bidders?: boolean;
  except?: (string | null | undefined)[];
}

interface Note {
  audience: Audience;
  kind: NotificationKind;
  key: string;
  args?: Record<string, Arg>;
  /** Only chats that want reminders this many seconds ahead. */
  leadSeconds?: number;
  /** Links the dashboard: the note tells of a withdrawable balance. */
  dashboard?: boolean;
  /** See NotePayload.credit. */
  credit?: string;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * A credit's identity within its transaction. Every credit (`BalanceCredited`) is emitted just
 * before the event that explains it (Outbid or EscrowReturned with pushed=false, DealCompleted
 * with pushed=false, DealRefunded, DisputeResolved when a party's transfer failed); that event's
 * note, which names the amount and says it can be withdrawn, replaces the generic "added to your
 * balance" note still pending. Proceeds and ruled shares otherwise go straight to the wallets.
 */
const creditKey = (tx: string, account: string, amount: string) =>
  `${tx.toLowerCase()}:${account.toLowerCase()}:${amount}`;
/** keccak256("ARBITER_ROLE"), GavelConfig's role for whoever rules disputes. */
export const ARBITER_ROLE = "0xbb08418a67729a078f87bbc8d02a770929bb68f5bfdf134ae2ead6ed38e2f4ae";

/** Each format's `*Created` event, which follows ListingCreated: its format and the field that ends bidding. */
const CREATED_EVENTS: Record<string, { format: string; end?: string }> = {
  EnglishAuctionCreated: { format: "english", end: "endTime" },
  DutchAuctionCreated: { format: "dutch", end: "endTime" },
  // Reminders count down to the end of commitments; reveals follow.
  SealedAuctionCreated: { format: "sealed", end: "commitEnd" },
  // A round's clock starts with its first bid (BidPlaced carries the end).
  RollingAuctionCreated: { format: "rolling" },
};

const addr = (value: string | undefined) => (value ?? "").toLowerCase();
const isTrue = (value: string | undefined) => value === "true" || value === "1";
/** A uint256 as a canonical decimal string ("007" → "7"); throws on anything else. */
const uint = (value: string | undefined, field: string): string => {
  if (value === undefined || !/^\d+$/.test(value))
    throw new Error(`field ${field} is not an unsigned integer`);
  return BigInt(value).toString();
};

interface AuctionRow {
  seller: string | null;
  leader: string | null;
  title: string | null;
  end_time: string | null;
  format: string | null;
}

export interface IngestorOptions {
  foldWindowMs: number;
  logger: Logger;
  /** Wallets told about every dispute (ARBITER_ADDRESSES: the arbiter Safe's owners), lower-case. */
  arbiters?: readonly string[];
}

export class Ingestor {
  readonly #foldWindowMs: number;
  readonly #logger: Logger;
  readonly #arbiters: readonly string[];

  constructor(options: IngestorOptions) {
    this.#foldWindowMs = options.foldWindowMs;
    this.#logger = options.logger;
    this.#arbiters = (options.arbiters ?? []).map((a) => a.toLowerCase());
  }

  /** Applies one item; returns how many outbox rows it added. */
  async apply(client: PoolClient, item: ActivityItem): Promise<number> {
    const d = item.data;
    let auctionId: string | undefined;
    let dealId: string | undefined;
    const notes: Note[] = [];

    switch (item.event) {
      case "ListingCreated": {
        auctionId = uint(d.auctionId, "auctionId");
        await client.query(
          `insert into bot.auctions (auction_id, contract, seller, title) values ($1, $2, $3, $4)
           on conflict (auction_id) do update set contract = excluded.contract, seller = excluded.seller, title = excluded.title`,
          [auctionId, item.contract, addr(d.seller), d.title ?? null],
        );
        break;
      }
      case "EnglishAuctionCreated":
      case "DutchAuctionCreated":
      case "SealedAuctionCreated":
      case "RollingAuctionCreated": {
        auctionId = uint(d.auctionId, "auctionId");
        const created = CREATED_EVENTS[item.event]!;
        const endTime = created.end ? Number(uint(d[created.end], created.end)) : null;
        await client.query(
          `insert into bot.auctions (auction_id, contract, end_time, format, listing_id) values ($1, $2, $3, $4, $1)
           on conflict (auction_id) do update set end_time = excluded.end_time, format = excluded.format,
             listing_id = excluded.listing_id`,
          [auctionId, item.contract, endTime, created.format],
        );
        if (endTime !== null) await this.#schedule(client, auctionId, endTime);
        if (item.event === "SealedAuctionCreated") {
          await this.#scheduleReveal(
            client,
            auctionId,
            Number(uint(d.commitEnd, "commitEnd")),
            Number(uint(d.revealEnd, "revealEnd")),
          );
        }
        break;
      }
      case "RollingRoundStarted": {
        const listingId = uint(d.listingId, "listingId");
        auctionId = uint(d.roundId, "roundId");
        if (auctionId === listingId) break; // the first round is the listing itself, just created
        // A later round is a new auction id: it inherits the listing's record and its followers.
        await client.query(
          `insert into bot.auctions (auction_id, contract, seller, title, format, listing_id)
           select $2, contract, seller, title, format, $1 from bot.auctions where auction_id = $1
           on conflict (auction_id) do nothing`,
          [listingId, auctionId],
        );
        await client.query(
          `insert into bot.follows (chat_id, auction_id)
           select chat_id, $2 from bot.follows where auction_id = $1 on conflict do nothing`,
          [listingId, auctionId],
        );
        notes.push({
          audience: { followers: true, seller: true },
          kind: "results",
          key: "note-round-started",
          args: { round: Number(uint(d.round, "round")), units: Number(uint(d.unitsLeft, "unitsLeft")) },
        });
        break;
      }
      case "RollingStopRequested": {
        auctionId = uint(d.roundId, "roundId");
        notes.push({
          audience: { followers: true, bidders: true, except: [] },
          kind: "results",
          key: "note-rolling-stopping",
        });
        break;
      }
      case "RollingListingEnded": {
        auctionId = uint(d.lastRoundId, "lastRoundId");
        notes.push({
          audience: { followers: true, seller: true },
          kind: "results",
          key: "note-rolling-ended",
          args: {
            sold: Number(uint(d.unitsSold, "unitsSold")),
            unsold: Number(uint(d.unitsUnsold, "unitsUnsold")),
          },
        });
        break;
      }
      case "SealedBidCommitted": {
        auctionId = uint(d.auctionId, "auctionId");
        const bidder = addr(d.bidder);
        const added = await client.query(
          "insert into bot.auction_bidders values ($1, $2) on conflict do nothing",
          [auctionId, bidder],
        );
        // A new bidder is news; a bidder topping up or replacing their own commitment is not.
        if ((added.rowCount ?? 0) > 0) {
          notes.push({
            audience: { followers: true, seller: true, bidders: true, except: [bidder] },
            kind: "bids",
            key: "note-sealed-committed",
          });
        }
        break;
      }
      case "SealedBidRevealed": {
        auctionId = uint(d.auctionId, "auctionId");
        const bidder = addr(d.bidder);
        const leader = addr(d.leader);
        const before = await this.#auction(client, auctionId);
        await client.query("update bot.auctions set leader = $2 where auction_id = $1", [auctionId, leader]);
        await client.query(
          `insert into bot.auction_bidders (auction_id, bidder, revealed) values ($1, $2, true)
           on conflict (auction_id, bidder) do update set revealed = true`,
          [auctionId, bidder],
        );
        const amount = { usdc: uint(d.amount, "amount") };
        notes.push({
          audience: { wallets: [bidder] },
          kind: "bids",
          key: leader === bidder ? "note-sealed-revealed-leading" : "note-sealed-revealed-behind",
          args: { amount },
        });
        if (before?.leader && before.leader !== leader && before.leader !== bidder) {
          notes.push({
            audience: { wallets: [before.leader] },
            kind: "outbid",
            key: "note-sealed-overtaken",
            args: { amount },
          });
        }
        break;
      }
      case "SealedBidPenalized": {
        // The penalty accrues to the listing's treasury: only the bidder hears of it.
        auctionId = uint(d.auctionId, "auctionId");
        const penalty = uint(d.penalty, "penalty");
        notes.push({
          audience: { wallets: [addr(d.bidder)] },
          kind: "funds",
          key: "note-sealed-penalized",
          args: { penalty: { usdc: penalty } },
        });
        break;
      }
      case "Unpaused":
        return this.#pauseEnded(client, item);
      case "BidPlaced": {
        auctionId = uint(d.auctionId, "auctionId");
        const bidder = addr(d.bidder);
        const leader = addr(d.leader);
        const endTime = Number(uint(d.endTime, "endTime"));
        const price = { usdc: uint(d.price, "price") };
        const before = await this.#auction(client, auctionId);
        await client.query("insert into bot.auction_bidders values ($1, $2) on conflict do nothing", [
          auctionId,
          bidder,
        ]);
        await client.query("update bot.auctions set end_time = $2, leader = $3 where auction_id = $1", [
          auctionId,
          endTime,
          leader,
        ]);
        // A leader who lost the lead hears it from the Outbid event of the same transaction.
        const except = [bidder, ...(before?.leader && before.leader !== leader ? [before.leader] : [])];
        if (before?.end_time !== String(endTime)) await this.#schedule(client, auctionId, endTime);
        if (leader !== bidder) {
          notes.push({
            audience: { wallets: [bidder] },
            kind: "outbid",
            key: "note-bid-topped",
            args: { max: { usdc: uint(d.maxAmount, "maxAmount") }, price },
          });
        }
        notes.push(
          isTrue(d.extended)
            ? {
                audience: { followers: true, seller: true, bidders: true, except },
                kind: "ending",
                key: "note-bid-extended",
                args: { price, end: { time: endTime } },
              }
            : {
                audience: { followers: true, seller: true, bidders: true, except },
                kind: "bids",
                key: "note-bid-new",
                args: { price, end: { time: endTime } },
              },
        );
        break;
      }
      case "Outbid": {
        auctionId = uint(d.auctionId, "auctionId");
        const pushed = isTrue(d.pushed);
        const refund = uint(d.refund, "refund");
        if (!pushed) await this.#explainCredit(client, item.transactionHash, addr(d.bidder), refund);
        notes.push({
          audience: { wallets: [addr(d.bidder)] },
          kind: "outbid",
          key: pushed ? "note-outbid-returned" : "note-outbid-credited",
          args: { refund: { usdc: refund } },
          dashboard: !pushed,
        });
        break;
      }
      case "AuctionCancelled": {
        auctionId = uint(d.auctionId, "auctionId");
        await client.query("update bot.auctions set status = 'cancelled' where auction_id = $1", [auctionId]);
        await client.query("delete from bot.reminders where auction_id = $1", [auctionId]);
        notes.push({
          audience: { followers: true, bidders: true, except: [] },
          kind: "results",
          key: "note-cancelled",
        });
        break;
      }
      case "AuctionSettled": {
        auctionId = uint(d.auctionId, "auctionId");
        await client.query("update bot.auctions set status = 'settled' where auction_id = $1", [auctionId]);
        await client.query("delete from bot.reminders where auction_id = $1", [auctionId]);
        const winner = addr(d.winner);
        const price = { usdc: uint(d.price, "price") };
        const dutch = (await this.#auction(client, auctionId))?.format === "dutch";
        if (winner && winner !== ZERO_ADDRESS) {
          const deal = uint(d.dealId, "dealId");
          notes.push(
            {
              audience: { wallets: [winner] },
              kind: "results",
              key: dutch ? "note-bought" : "note-won",
              args: { price, deal },
            },
            { audience: { seller: true }, kind: "results", key: "note-sold", args: { price, deal } },
            { audience: { bidders: true }, kind: "results", key: "note-lost", args: { price } },
            { audience: { followers: true }, kind: "results", key: "note-ended-sold", args: { price } },
          );
        } else {
          notes.push(
            { audience: { seller: true }, kind: "results", key: "note-no-sale-seller" },
            { audience: { bidders: true, followers: true }, kind: "results", key: "note-no-sale" },
          );
        }
        break;
      }
      case "EscrowReturned": {
        auctionId = uint(d.auctionId, "auctionId");
        const pushed = isTrue(d.pushed);
        const amount = uint(d.amount, "amount");
        if (!pushed) await this.#explainCredit(client, item.transactionHash, addr(d.bidder), amount);
        notes.push({
          audience: { wallets: [addr(d.bidder)] },
          kind: "funds",
          key: pushed ? "note-escrow-returned" : "note-escrow-credited",
          args: { amount: { usdc: amount } },
          dashboard: !pushed,
        });
        break;
      }
      case "DealOpened": {
        dealId = uint(d.dealId, "dealId");
        auctionId = uint(d.auctionId, "auctionId");
        await client.query(
          `insert into bot.deals (deal_id, auction_id, buyer, seller, amount) values ($1, $2, $3, $4, $5)
           on conflict (deal_id) do nothing`,
          [dealId, auctionId, addr(d.buyer), addr(d.seller), uint(d.amount, "amount")],
        );
        notes.push({
          audience: { wallets: [addr(d.seller)] },
          kind: "deals",
          key: "note-deal-opened",
          args: {
            amount: { usdc: uint(d.amount, "amount") },
            shipBy: { time: Number(uint(d.shipBy, "shipBy")) },
          },
        });
        break;
      }
      case "DealShipped":
      case "ConfirmWindowExtended":
      case "DealCompleted":
      case "DealRefunded":
      case "DisputeOpened":
      case "DisputeResolved": {
        dealId = uint(d.dealId, "dealId");
        const deal = await client.query<{ auction_id: string; buyer: string; seller: string }>(
          "select auction_id::text, buyer, seller from bot.deals where deal_id = $1",
          [dealId],
        );
        const parties = deal.rows[0];
        if (!parties) {
          this.#logger.warn(
            { cursor: item.cursor, dealId },
            `${item.event} for a deal never opened; nobody to tell`,
          );
          break;
        }
        auctionId = parties.auction_id;
        // A ruling pays both wallets; a share whose transfer failed was credited just before.
        const credited =
          item.event === "DisputeResolved"
            ? {
                buyer: await this.#wasCredited(client, item.transactionHash, parties.buyer, d.buyerAmount),
                seller: await this.#wasCredited(
                  client,
                  item.transactionHash,
                  parties.seller,
                  d.sellerProceeds,
                ),
              }
            : { buyer: false, seller: false };
        const explained = dealNotes(item.event, d, parties, credited);
        for (const note of explained) {
          if (note.credit) await this.#explainCredit(client, item.transactionHash, ...note.credit);
        }
        notes.push(...explained.map(({ note }) => note));
        if (item.event === "DisputeOpened" || item.event === "DisputeResolved") {
          notes.push({
            audience: { wallets: await this.#arbiterWallets(client) },
            kind: "disputes",
            key: item.event === "DisputeOpened" ? "note-dispute-arbiter" : "note-dispute-closed-arbiter",
            args: {
              amount: { usdc: (await this.#dealAmount(client, dealId)) ?? "0" },
              ...(item.event === "DisputeOpened"
                ? { deadline: { time: Number(uint(d.arbiterDeadline, "arbiterDeadline")) } }
                : { share: { bps: Number(uint(d.buyerShareBps, "buyerShareBps")) } }),
            },
          });
        }
        break;
      }
      case "RoleGranted":
      case "RoleRevoked": {
        if (d.role?.toLowerCase() !== ARBITER_ROLE) return 0;
        await client.query(
          item.event === "RoleGranted"
            ? "insert into bot.arbiter_role (account) values ($1) on conflict do nothing"
            : "delete from bot.arbiter_role where account = $1",
          [addr(d.account)],
        );
        return 0;
      }
      case "BalanceCredited": {
        const amount = uint(d.amount, "amount");
        await client.query(
          "insert into bot.credits (tx, account, amount) values ($1, $2, $3) on conflict do nothing",
          [item.transactionHash.toLowerCase(), addr(d.account), amount],
        );
        notes.push({
          audience: { wallets: [addr(d.account)] },
          kind: "funds",
          key: "note-funds",
          args: { amount: { usdc: amount } },
          dashboard: true,
          credit: creditKey(item.transactionHash, addr(d.account), amount),
        });
        break;
      }
      case "Withdrawn": {
        const account = addr(d.account);
        const recipient = addr(d.recipient);
        notes.push({
          audience: { wallets: [account] },
          kind: "funds",
          key: "note-withdrawn",
          args: {
            amount: { usdc: uint(d.amount, "amount") },
            to: recipient === account ? "self" : "other",
            recipient: { address: recipient },
          },
          dashboard: true,
        });
        break;
      }
      default:
        return 0; // ReviewSubmitted, transfers, …: nothing to tell
    }

    if (notes.length === 0) return 0;
    const title = auctionId ? ((await this.#auction(client, auctionId))?.title ?? undefined) : undefined;
    const base = {
      ...(auctionId ? { auctionId } : {}),
      ...(dealId ? { dealId } : {}),
      ...(title !== undefined ? { title } : {}),
    };
    const groupKey = auctionId ? `auction:${auctionId}` : dealId ? `deal:${dealId}` : "funds";
    return this.#deliver(client, item.cursor, groupKey, auctionId, notes, base);
  }

  /**
   * Fires the reminders that are due, one outbox row per interested chat; returns rows added.
   * Ending soon: to followers, the seller and bidders who want that lead time. Reveal now (a
   * sealed auction's commit phase is over): to the linked committers who have not revealed.
   */
  async fireReminders(client: PoolClient): Promise<number> {
    const due = await client.query<{
      auction_id: string;
      kind: string;
      lead_seconds: number;
      end_time: string;
    }>(
      `delete from bot.reminders where (auction_id, kind, lead_seconds) in (
         select auction_id, kind, lead_seconds from bot.reminders where due_at <= now()
         order by due_at limit 100 for update skip locked)
       returning auction_id::text, kind, lead_seconds, end_time`,
    );
    let added = 0;
    const now = Date.now() / 1000;
    for (const reminder of due.rows) {
      const endTime = Number(reminder.end_time);
      if (endTime <= now) continue; // the bot was down through it; too late to be useful
      const auctionId = reminder.auction_id;
      const title = (await this.#auction(client, auctionId))?.title ?? undefined;
      const base = { auctionId, ...(title !== undefined ? { title } : {}) };
      if (reminder.kind === "reveal") {
        const committers = await client.query<{ bidder: string }>(
          "select bidder from bot.auction_bidders where auction_id = $1 and not revealed",
          [auctionId],
        );
        added += await this.#deliver(
          client,
          `reveal:${auctionId}:${endTime}`,
          `auction:${auctionId}`,
          auctionId,
          [
            {
              audience: { wallets: committers.rows.map((row) => row.bidder) },
              kind: "ending",
              key: "note-reveal-now",
              args: { left: { until: endTime }, end: { time: endTime } },
            },
          ],
          base,
        );
        continue;
      }
      added += await this.#deliver(
        client,
        `reminder:${auctionId}:${endTime}:${reminder.lead_seconds}`,
        `auction:${auctionId}`,
        auctionId,
        [
          {
            audience: { followers: true, seller: true, bidders: true },
            kind: "ending",
            key: "note-ending-soon",
            args: { left: { until: endTime }, end: { time: endTime } },
            leadSeconds: reminder.lead_seconds,
          },
        ],
        base,
      );
    }
    return added;
  }

  /**
   * `Unpaused`: every auction time that had not come when the pause began moved `pausedFor`
   * seconds later. Moves the ends the bot keeps (and their reminders) and tells the followers,
   * the seller and the bidders of each moved auction its new end.
   */
  async #pauseEnded(client: PoolClient, item: ActivityItem): Promise<number> {
    const pausedAt = Number(uint(item.data.pausedAt, "pausedAt"));
    const pausedFor = Number(uint(item.data.pausedFor, "pausedFor"));
    if (pausedFor === 0) return 0;
    await client.query(
      `update bot.reminders set end_time = end_time + $2,
         due_at = case when due_at > to_timestamp($1) then due_at + make_interval(secs => $2) else due_at end
       where kind = 'reveal' and end_time > $1`,
      [pausedAt, pausedFor],
    );
    const moved = await client.query<{ auction_id: string; end_time: string; title: string | null }>(
      `update bot.auctions set end_time = end_time + $2
       where status = 'active' and end_time > $1
       returning auction_id::text, end_time::text, title`,
      [pausedAt, pausedFor],
    );
    let added = 0;
    for (const row of moved.rows) {
      const endTime = Number(row.end_time);
      await this.#schedule(client, row.auction_id, endTime);
      added += await this.#deliver(
        client,
        `${item.cursor}:auction:${row.auction_id}`,
        `auction:${row.auction_id}`,
        row.auction_id,
        [
          {
            audience: { followers: true, seller: true, bidders: true },
            kind: "ending",
            key: "note-pause-moved-end",
            args: { end: { time: endTime } },
          },
        ],
        { auctionId: row.auction_id, ...(row.title !== null ? { title: row.title } : {}) },
      );
    }
    this.#logger.info(
      { cursor: item.cursor, pausedAt, pausedFor, auctionsMoved: moved.rowCount ?? 0 },
      "pause ended: auction ends moved",
    );
    return added;
  }

  /** Whether a BalanceCredited of `amount` to `account` came earlier in transaction `tx` (and forgets it). */
  async #wasCredited(client: PoolClient, tx: string, account: string, amount: string | undefined) {
    if (amount === undefined || amount === "0") return false;
    const found = await client.query(
      "delete from bot.credits where tx = $1 and account = $2 and amount = $3",
      [tx.toLowerCase(), account, uint(amount, "amount")],
    );
    return (found.rowCount ?? 0) > 0;
  }

  /** The wallets that hear about disputes: ARBITER_ADDRESSES plus the holders of ARBITER_ROLE. */
  async #arbiterWallets(client: PoolClient): Promise<string[]> {
    const holders = await client.query<{ account: string }>("select account from bot.arbiter_role");
    return [...new Set([...this.#arbiters, ...holders.rows.map((row) => row.account)])];
  }

  async #dealAmount(client: PoolClient, dealId: string): Promise<string | undefined> {
    const result = await client.query<{ amount: string | null }>(
      "select amount::text from bot.deals where deal_id = $1",
      [dealId],
    );
    return result.rows[0]?.amount ?? undefined;
  }

  async #auction(client: PoolClient, auctionId: string): Promise<AuctionRow | undefined> {
    const result = await client.query<AuctionRow>(
      "select seller, leader, title, end_time::text, format from bot.auctions where auction_id = $1",
      [auctionId],
    );
    return result.rows[0];
  }

  /** Replaces an auction's ending-soon reminders with ones for `endTime` that are still ahead. */
  async #schedule(client: PoolClient, auctionId: string, endTime: number): Promise<void> {
    await client.query("delete from bot.reminders where auction_id = $1 and kind = 'ending'", [auctionId]);
    await client.query(
      `insert into bot.reminders (auction_id, kind, lead_seconds, end_time, due_at)
       select $1, 'ending', lead, $2::bigint, to_timestamp($2::bigint - lead) from unnest($3::integer[]) as lead
       where to_timestamp($2::bigint - lead) > now() - interval '1 minute'`,
      [auctionId, endTime, [...LEAD_TIMES]],
    );
  }

  /** The "reveal now" reminder of a sealed auction: due when commits end, useful until revealEnd. */
  async #scheduleReveal(client: PoolClient, auctionId: string, commitEnd: number, revealEnd: number) {
    await client.query(
      `insert into bot.reminders (auction_id, kind, lead_seconds, end_time, due_at)
       select $1, 'reveal', 0, $3::bigint, to_timestamp($2::bigint) where to_timestamp($3::bigint) > now()
       on conflict (auction_id, kind, lead_seconds) do update set end_time = excluded.end_time, due_at = excluded.due_at`,
      [auctionId, commitEnd, revealEnd],
    );
  }

  /**
   * The note of the event that explains a credit replaces the generic "added to your balance"
   * note of the BalanceCredited just before it, if that is still waiting to be sent.
   */
  async #explainCredit(client: PoolClient, tx: string, account: string, amount: string): Promise<void> {
    await client.query("delete from bot.credits where tx = $1 and account = $2 and amount = $3", [
      tx.toLowerCase(),
      account,
      amount,
    ]);
    await client.query(
      `delete from bot.outbox where kind = 'funds' and sent_at is null and failed_at is null
         and payload->>'credit' = $1`,
      [creditKey(tx, account, amount)],
    );
  }

  /**
   * Resolves each note's audience to active chats (the first note that names a chat wins, so the
   * winner gets "you won" and not also "auction ended"), drops muted kinds, and inserts the rows.
   * A row joins the pending rows of its chat and group: it takes their due time, so they go out
   * as one message; otherwise it is due after the fold window.
   */
  async #deliver(
    client: PoolClient,
    eventKey: string,
    groupKey: string,
    auctionId: string | undefined,
    notes: Note[],
    base: Omit<NotePayload, "key" | "args"> & { title?: string },
  ): Promise<number> {
    const chosen = new Map<number, { kind: string; payload: NotePayload }>();
    const skipped = new Set<number>();
    for (const note of notes) {
      const a = note.audience;
      const wallets = new Set((a.wallets ?? []).filter((w): w is string => !!w));
      if (auctionId && (a.seller || a.bidders)) {
        const parties = await client.query<{ wallet: string }>(
          `select seller as wallet from bot.auctions where $2 and auction_id = $1 and seller is not null
           union select bidder from bot.auction_bidders where $3 and auction_id = $1`,
          [auctionId, !!a.seller, !!a.bidders],
        );
        for (const row of parties.rows) wallets.add(row.wallet);
      }
      const except = (a.except ?? []).filter((w): w is string => !!w);
      const chats = await client.query<{ chat_id: string; muted_kinds: string[]; lead_times: number[] }>(
        `select chat_id, muted_kinds, lead_times from bot.chats c
         where c.active and (c.wallet is null or not (c.wallet = any($4::text[])))
           and (c.wallet = any($1::text[])
                or ($2 and exists (select 1 from bot.follows f where f.chat_id = c.chat_id and f.auction_id = $3::numeric)))`,
        [[...wallets], !!a.followers && !!auctionId, auctionId ?? "0", except],
      );
      for (const row of chats.rows) {
        const chatId = Number(row.chat_id);
        if (chosen.has(chatId) || skipped.has(chatId)) continue;
        if (
          row.muted_kinds.includes(note.kind) ||
          (note.leadSeconds && !row.lead_times.includes(note.leadSeconds))
        ) {
          skipped.add(chatId);
          continue;
        }
        chosen.set(chatId, {
          kind: note.kind,
          payload: {
            ...base,
            key: note.key,
            args: note.args ?? {},
            ...(note.dashboard ? { dashboard: true as const } : {}),
            ...(note.credit ? { credit: note.credit } : {}),
          },
        });
      }
    }
    if (chosen.size === 0) return 0;
    const entries = [...chosen];
    const inserted = await client.query(
      `insert into bot.outbox (event_key, chat_id, group_key, kind, payload, due_at)
       select $1, t.chat_id, $2, t.kind, t.payload,
              coalesce((select min(o.due_at) from bot.outbox o
                        where o.chat_id = t.chat_id and o.group_key = $2 and o.sent_at is null and o.failed_at is null),
                       now() + make_interval(secs => $3::double precision / 1000))
       from unnest($4::bigint[], $5::text[], $6::jsonb[]) as t(chat_id, kind, payload)
       on conflict (event_key, chat_id) do nothing`,
      [
        eventKey,
        groupKey,
        this.#foldWindowMs,
        entries.map(([chatId]) => chatId),
        entries.map(([, row]) => row.kind),
        entries.map(([, row]) => JSON.stringify(row.payload)),
      ],
    );
    return inserted.rowCount ?? 0;
  }
}

/** A deal event's notes; `credit` names the balance credit (account, amount) a note explains. */
function dealNotes(
  event: string,
  d: Record<string, string>,
  parties: { buyer: string; seller: string },
  credited: { buyer: boolean; seller: boolean },
): { note: Note; credit?: [string, string] }[] {
  const buyer = { wallets: [parties.buyer] };
  const seller = { wallets: [parties.seller] };
  switch (event) {
    case "DealShipped":
      return [
        {
          note: {
            audience: buyer,
            kind: "deals",
            key: "note-deal-shipped",
            args: {
              confirmBy: { time: Number(uint(d.confirmDeadline, "confirmDeadline")) },
              disputeBy: { time: Number(uint(d.disputeDeadline, "disputeDeadline")) },
            },
          },
        },
      ];
    case "ConfirmWindowExtended":
      return [
        {
          note: {
            audience: seller,
            kind: "deals",
            key: "note-confirm-extended-seller",
            args: { confirmBy: { time: Number(uint(d.confirmDeadline, "confirmDeadline")) } },
          },
        },
      ];
    case "DealCompleted": {
      const how = isTrue(d.confirmedByBuyer) ? "confirmed" : "released";
      const proceeds = uint(d.sellerProceeds, "sellerProceeds");
      // pushed: the proceeds are in the seller's wallet; otherwise a BalanceCredited came first.
      const pushed = isTrue(d.pushed);
      return [
        {
          note: {
            audience: seller,
            kind: "deals",
            key: `note-deal-${how}-seller`,
            args: { proceeds: { usdc: proceeds }, paid: pushed ? "wallet" : "balance" },
            dashboard: !pushed,
          },
          ...(pushed ? {} : { credit: [parties.seller, proceeds] as [string, string] }),
        },
        { note: { audience: buyer, kind: "deals", key: `note-deal-${how}-buyer` } },
      ];
    }
    case "DealRefunded": {
      const raw = uint(d.amount, "amount");
      const amount = { usdc: raw };
      const how = isTrue(d.bySeller) ? "by-seller" : "reclaimed";
      return [
        {
          note: {
            audience: buyer,
            kind: "deals",
            key: `note-refund-${how}-buyer`,
            args: { amount },
            dashboard: true,
          },
          credit: [parties.buyer, raw],
        },
        { note: { audience: seller, kind: "deals", key: `note-refund-${how}-seller`, args: { amount } } },
      ];
    }
    case "DisputeOpened": {
      const by = addr(d.openedBy) === parties.buyer ? "buyer" : "seller";
      const args = { by, deadline: { time: Number(uint(d.arbiterDeadline, "arbiterDeadline")) } };
      return [
        {
          note: {
            audience: buyer,
            kind: "disputes",
            key: "note-dispute-opened",
            args: { ...args, you: "buyer" },
          },
        },
        {
          note: {
            audience: seller,
            kind: "disputes",
            key: "note-dispute-opened",
            args: { ...args, you: "seller" },
          },
        },
      ];
    }
    case "DisputeResolved": {
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
            audience: buyer,
            kind: "disputes",
            key: "note-dispute-resolved-buyer",
            args: { ...args, paid: paid(buyerAmount, credited.buyer) },
            dashboard: credited.buyer,
          },
          ...(credited.buyer ? { credit: [parties.buyer, buyerAmount] as [string, string] } : {}),
        },
        {
          note: {
            audience: seller,
            kind: "disputes",
            key: "note-dispute-resolved-seller",
            args: { ...args, paid: paid(proceeds, credited.seller) },
            dashboard: credited.seller,
          },
          ...(credited.seller ? { credit: [parties.seller, proceeds] as [string, string] } : {}),
        },
      ];
    }
    default:
      return [];
  }
}
