-- Support tickets filed by signed-in wallets, and the replies on them (by the arbiters and admins
-- who answer, or by the author). Only the server reads them, after checking who asks.

-- Up Migration
create table web.support_tickets (
  id bigserial primary key,
  author text not null check (author ~ '^0x[0-9a-f]{40}$'),
  subject text not null check (length(subject) between 1 and 120),
  body text not null check (length(body) between 1 and 4000),
  auction_id numeric(78, 0) check (auction_id >= 0),
  deal_id numeric(78, 0) check (deal_id >= 0),
  status text not null default 'open' check (status in ('open', 'answered', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index support_tickets_author_idx on web.support_tickets (author, id desc);
create index support_tickets_status_idx on web.support_tickets (status, id desc);

create table web.support_replies (
  id bigserial primary key,
  ticket_id bigint not null references web.support_tickets (id) on delete cascade,
  author text not null check (author ~ '^0x[0-9a-f]{40}$'),
  -- Whether the author answered as an arbiter or admin (the page says "Support" for them).
  staff boolean not null,
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index support_replies_ticket_idx on web.support_replies (ticket_id, id);

-- Down Migration
drop table web.support_replies;
drop table web.support_tickets;
