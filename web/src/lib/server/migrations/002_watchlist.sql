-- Auctions a signed-in wallet watches (the web's own data; the indexer knows nothing of it).

-- Up Migration
create table web.watchlist (
  address text not null check (address ~ '^0x[0-9a-f]{40}$'),
  auction_id numeric(78, 0) not null check (auction_id >= 0),
  created_at timestamptz not null default now(),
  primary key (address, auction_id)
);

-- Down Migration
drop table web.watchlist;
