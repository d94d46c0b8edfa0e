-- Arbiter rulings as Safe transactions, and the owners' EIP-712 signatures collected for them.
-- One row per proposed SafeTx (its hash is the key); executed_tx is set once someone executes it.

-- Up Migration
create table web.safe_rulings (
  safe_tx_hash text primary key check (safe_tx_hash ~ '^0x[0-9a-f]{64}$'),
  chain_id integer not null,
  safe text not null check (safe ~ '^0x[0-9a-f]{40}$'),
  deal_id numeric(78, 0) not null check (deal_id >= 0),
  house text not null check (house ~ '^0x[0-9a-f]{40}$'),
  buyer_share_bps integer not null check (buyer_share_bps between 0 and 10000),
  nonce numeric(78, 0) not null,
  data text not null,
  proposed_by text not null,
  created_at timestamptz not null default now(),
  executed_tx text
);
create index safe_rulings_deal_idx on web.safe_rulings (deal_id);

create table web.safe_signatures (
  safe_tx_hash text not null references web.safe_rulings (safe_tx_hash) on delete cascade,
  owner text not null check (owner ~ '^0x[0-9a-f]{40}$'),
  signature text not null check (signature ~ '^0x[0-9a-f]{130}$'),
  created_at timestamptz not null default now(),
  primary key (safe_tx_hash, owner)
);

-- Down Migration
drop table web.safe_signatures;
drop table web.safe_rulings;
