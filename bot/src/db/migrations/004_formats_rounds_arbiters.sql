-- Auction formats, rolling rounds, arbiters.

-- Up Migration
-- english, dutch, sealed or rolling (from the format's *Created event); a rolling round's
-- listing (the round's own id for the first round).
alter table bot.auctions add column format text, add column listing_id numeric(78);
-- Accounts holding ARBITER_ROLE in GavelConfig, from RoleGranted/RoleRevoked.
create table bot.arbiter_role (account text primary key);
-- The escrowed amount, for the arbiters' message.
alter table bot.deals add column amount numeric(78);

-- Down Migration
alter table bot.deals drop column amount;
drop table bot.arbiter_role;
alter table bot.auctions drop column format, drop column listing_id;
