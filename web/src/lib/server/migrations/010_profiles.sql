-- Public profiles: an optional display name and avatar per wallet, set by the wallet (signed in).

-- Up Migration
create table web.profiles (
  address text primary key check (address ~ '^0x[0-9a-f]{40}$'),
  display_name text check (char_length(display_name) between 1 and 32),
  -- The name folded (NFKC, lowercase, spaces collapsed): unique, so nobody takes another's name.
  name_key text unique,
  -- sha-256 of an image the wallet uploaded (web.media_uploads); the media GC keeps it.
  avatar text check (avatar ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now(),
  check ((display_name is null) = (name_key is null))
);

-- Down Migration
drop table web.profiles;
