-- Linking, follows, settings, activity state, reminders, outbox.

-- Up Migration
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

-- Down Migration
drop table bot.outbox;
drop table bot.reminders;
drop table bot.feed_state;
drop table bot.deals;
drop table bot.auction_bidders;
drop table bot.auctions;
drop table bot.follows;
drop table bot.link_nonces;
drop index bot.chats_wallet;
alter table bot.chats
  drop column wallet,
  drop column linked_at,
  drop column active,
  drop column deactivated_at,
  drop column muted_kinds,
  drop column lead_times;
