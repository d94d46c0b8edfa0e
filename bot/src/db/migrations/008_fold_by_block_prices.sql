-- Folding by block, and what a notification needs to name the minimum next bid.

-- Up Migration
-- An outbox row waits (due_at null) until its block has been fully read from the feed: a later
-- block's item, or the end of what the indexer had, closes it. Rows of one transaction are in
-- one block, so they always go out together. block is null for reminders (due at once).
alter table bot.outbox
  alter column due_at drop not null,
  add column block bigint;
create index outbox_open on bot.outbox (block) where due_at is null;

-- The price after the latest bid and the auction's minimum raise (English and rolling).
alter table bot.auctions
  add column price             numeric(78),
  add column min_increment_bps integer;

-- Down Migration
alter table bot.auctions drop column min_increment_bps, drop column price;
drop index bot.outbox_open;
update bot.outbox set due_at = now() where due_at is null;
alter table bot.outbox drop column block, alter column due_at set not null;
