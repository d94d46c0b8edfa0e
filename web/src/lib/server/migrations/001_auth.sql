-- Sign-In-With-Ethereum: single-use nonces, sessions, and the auth routes' rate-limit counters.

-- Up Migration
create table web.siwe_nonces (
  nonce text primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index siwe_nonces_expires_at_idx on web.siwe_nonces (expires_at);

create table web.sessions (
  -- sha-256 of the cookie's random token: a copy of this table cannot be replayed as cookies.
  token_hash text primary key,
  address text not null check (address ~ '^0x[0-9a-fA-F]{40}$'),
  chain_id integer not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_address_idx on web.sessions (address);
create index sessions_expires_at_idx on web.sessions (expires_at);

create table web.rate_limits (
  key text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (key, window_start)
);

-- Down Migration
drop table web.rate_limits;
drop table web.sessions;
drop table web.siwe_nonces;
