-- A sign-in nonce is bound to the browser it was issued to: the sha-256 of a random token sent
-- in an httpOnly cookie with the nonce. A nonce read by anyone else cannot be spent.

-- Up Migration
alter table web.siwe_nonces add column binding text;

-- Down Migration
alter table web.siwe_nonces drop column binding;
