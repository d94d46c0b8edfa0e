-- Private messages of a deal (shipping address, tracking number, …) between its buyer and seller,
-- and the arbiters once it is disputed. Only the server reads them, after checking who asks.

-- Up Migration
create table web.deal_messages (
  id bigserial primary key,
  deal_id numeric(78, 0) not null check (deal_id >= 0),
  author text not null check (author ~ '^0x[0-9a-f]{40}$'),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index deal_messages_deal_idx on web.deal_messages (deal_id, id);

-- Down Migration
drop table web.deal_messages;
