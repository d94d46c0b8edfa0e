-- Auction leader.

-- Up Migration
-- The leader after the last bid: the one who gets "outbid" rather than "new bid" next time.
alter table bot.auctions add column leader text;

-- Down Migration
alter table bot.auctions drop column leader;
