-- Credits awaiting the event that explains them.

-- Up Migration
-- A BalanceCredited (tx, account, amount) until the event after it in the same transaction
-- explains it: a ruling tells each party "paid to your wallet" unless their share is here.
create table bot.credits (
  tx         text not null,
  account    text not null,
  amount     numeric(78) not null,
  created_at timestamptz not null default now(),
  primary key (tx, account, amount)
);

-- Down Migration
drop table bot.credits;
