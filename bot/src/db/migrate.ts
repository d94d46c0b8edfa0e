// The bot owns the `bot` schema and nothing else. Migrations are plain SQL, applied in order,
// each once, inside one transaction under an advisory lock so that two starting processes
// cannot both apply them. Append new migrations; never edit one that has shipped.
import type { Pool } from "pg";

export const migrations: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: "chats",
    sql: `
      create table bot.chats (
        chat_id    bigint primary key,
        language   text not null,
        first_seen timestamptz not null default now()
      );
    `,
  },
  {
    id: 2,
    name: "linking, follows, settings, activity state, reminders, outbox",
    sql: `
      -- A chat is linked to at most one wallet (lower-case 0x address); a wallet may have many chats.
      -- An inactive chat (it blocked the bot, or vanished) gets nothing until it sends /start.
      alter table bot.chats
        add column wallet         text,
        add column linked_at      timestamptz,
        add column active         boolean not null default true,
        add column deactivated_at timestamptz,
        -- notification kinds switched off (see NOTIFICATION_KINDS)
        add column muted_kinds    text[] not null default '{}',
        -- ending-soon reminders wanted, in seconds before the end
        add column lead_times     integer[] not null default '{900}';
      create index chats_wallet on bot.chats (wallet) where wallet is not null;

      -- Link tokens already used (each is accepted once).
      create table bot.link_nonces (
        nonce      text primary key,
        chat_id    bigint not null,
        wallet     text not null,
        expires_at timestamptz not null,
        used_at    timestamptz not null default now()
      );

      create table bot.follows (
        chat_id    bigint not null references bot.chats (chat_id) on delete cascade,
        auction_id numeric(78) not null,
        created_at timestamptz not null default now(),
        primary key (chat_id, auction_id)
      );
      create index follows_auction on bot.follows (auction_id);

      -- What the bot learned from the activity feed. Auction ids are assumed unique across houses.
      create table bot.auctions (
        auction_id numeric(78) primary key,
        contract   text not null,
        seller     text,
        title      text,
        end_time   bigint,
        status     text not null default 'active'
      );
      create table bot.auction_bidders (
        auction_id numeric(78) not null,
        bidder     text not null,
        primary key (auction_id, bidder)
      );
      -- Deal events name only the deal; DealOpened tells which auction and parties it has.
      create table bot.deals (
        deal_id    numeric(78) primary key,
        auction_id numeric(78) not null,
        buyer      text not null,
        seller     text not null
      );

      -- The activity feed cursor: everything up to it has been turned into outbox rows.
      create table bot.feed_state (
        id         integer primary key check (id = 1),
        cursor     text not null,
        block      bigint not null,
        updated_at timestamptz not null default now()
      );

      -- Ending-soon reminders, one per auction and lead time, fired at end_time - lead_seconds.
      create table bot.reminders (
        auction_id   numeric(78) not null,
        lead_seconds integer not null,
        end_time     bigint not null,
        due_at       timestamptz not null,
        primary key (auction_id, lead_seconds)
      );
      create index reminders_due on bot.reminders (due_at);

      -- One row per (event, chat): the unique key is what makes delivery exactly-once across
      -- restarts. Rows of one chat and group (an auction) that are due together go out as one
      -- message. event_key is the activity cursor, or reminder:<auction>:<end>:<lead>.
      create table bot.outbox (
        id          bigserial primary key,
        event_key   text not null,
        chat_id     bigint not null,
        group_key   text not null,
        kind        text not null,
        payload     jsonb not null,
        created_at  timestamptz not null default now(),
        due_at      timestamptz not null,
        attempts    integer not null default 0,
        retry_at    timestamptz,
        sent_at     timestamptz,
        failed_at   timestamptz,
        failure     text,
        unique (event_key, chat_id)
      );
      create index outbox_pending on bot.outbox (due_at) where sent_at is null and failed_at is null;
    `,
  },
  {
    id: 3,
    name: "auction leader",
    sql: `
      -- The leader after the last bid: the one who gets "outbid" rather than "new bid" next time.
      alter table bot.auctions add column leader text;
    `,
  },
  {
    id: 4,
    name: "auction formats, rolling rounds, arbiters",
    sql: `
      -- english, dutch, sealed or rolling (from the format's *Created event); a rolling round's
      -- listing (the round's own id for the first round).
      alter table bot.auctions add column format text, add column listing_id numeric(78);
      -- Accounts holding ARBITER_ROLE in GavelConfig, from RoleGranted/RoleRevoked.
      create table bot.arbiter_role (account text primary key);
      -- The escrowed amount, for the arbiters' message.
      alter table bot.deals add column amount numeric(78);
    `,
  },
  {
    id: 5,
    name: "webhook updates, reveal reminders, feed block time",
    sql: `
      -- Webhook updates already handled (Telegram re-posts one it got no 200 for, also after a
      -- restart); rows older than Telegram's 24 h retention are pruned.
      create table bot.webhook_updates (
        update_id  bigint primary key,
        handled_at timestamptz not null default now()
      );
      create index webhook_updates_handled on bot.webhook_updates (handled_at);

      -- Reminders of two kinds: 'ending' (ending soon, lead_seconds before end_time) and 'reveal'
      -- (a sealed auction's commit phase is over: due at commitEnd, end_time = revealEnd).
      alter table bot.reminders add column kind text not null default 'ending';
      alter table bot.reminders drop constraint reminders_pkey;
      alter table bot.reminders add primary key (auction_id, kind, lead_seconds);

      -- Sealed bidders who revealed (the reveal reminder skips them).
      alter table bot.auction_bidders add column revealed boolean not null default false;

      -- The cursor block's timestamp, for the lag behind the chain head in seconds.
      alter table bot.feed_state add column block_time bigint;

      -- Pending "added to your balance" notes, found by the event that explains the credit.
      create index outbox_pending_credit on bot.outbox ((payload->>'credit'))
        where kind = 'funds' and sent_at is null and failed_at is null;
    `,
  },
  {
    id: 6,
    name: "credits awaiting the event that explains them",
    sql: `
      -- A BalanceCredited (tx, account, amount) until the event after it in the same transaction
      -- explains it: a ruling tells each party "paid to your wallet" unless their share is here.
      create table bot.credits (
        tx         text not null,
        account    text not null,
        amount     numeric(78) not null,
        created_at timestamptz not null default now(),
        primary key (tx, account, amount)
      );
    `,
  },
  {
    id: 7,
    name: "rate limits",
    sql: `
      -- Fixed windows counted per key ('user:<id>', 'chat:<id>', 'search:<id>'), shared by every
      -- bot process. A window starts at its key's first update and lasts RATE_LIMIT_WINDOW_S; the
      -- next update after it starts a new one. refused counts the updates turned away in the
      -- window (the first one gets the "slow down" answer). Rows of windows that are over are pruned.
      create table bot.rate_limits (
        key          text primary key,
        window_start timestamptz not null,
        hits         integer not null,
        refused      integer not null default 0
      );
      create index rate_limits_window on bot.rate_limits (window_start);
    `,
  },
];

/** Any fixed number that other services are unlikely to lock; "gavel-bot" in ASCII, truncated. */
const LOCK_KEY = 0x6761_7665;

/** Applies the migrations that are missing; returns the ids it applied. */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await client.query("create schema if not exists bot");
    await client.query(`
      create table if not exists bot.migrations (
        id         integer primary key,
        name       text not null,
        applied_at timestamptz not null default now()
      )`);
    const done = await client.query<{ id: number }>("select id from bot.migrations");
    const applied = new Set(done.rows.map((row) => row.id));
    const ran: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query("insert into bot.migrations (id, name) values ($1, $2)", [
        migration.id,
        migration.name,
      ]);
      ran.push(migration.id);
    }
    await client.query("commit");
    return ran;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw new Error(`bot database migration failed: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  } finally {
    client.release();
  }
}
