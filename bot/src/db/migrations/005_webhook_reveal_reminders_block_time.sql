-- Webhook updates, reveal reminders, feed block time.

-- Up Migration
-- Webhook updates already handled (Telegram re-posts one it got no 200 for, also after a
-- restart); rows older than Telegram's 24 h retention are pruned.
create table bot.webhook_updates (
  update_id  bigint primary key,
  handled_at timestamptz not null default now()
);
create index webhook_updates_handled on bot.webhook_updates (handled_at);

-- Reminders of two kinds: 'ending' (ending soon, lead_seconds before end_time) and 'reveal'
-- (a sealed auction's commit phase is over: due at commitEnd, end_time = revealEnd).
alter table bot.reminders add column kind text not null default 'ending';
alter table bot.reminders drop constraint reminders_pkey;
alter table bot.reminders add primary key (auction_id, kind, lead_seconds);

-- Sealed bidders who revealed (the reveal reminder skips them).
alter table bot.auction_bidders add column revealed boolean not null default false;

-- The cursor block's timestamp, for the lag behind the chain head in seconds.
alter table bot.feed_state add column block_time bigint;

-- Pending "added to your balance" notes, found by the event that explains the credit.
create index outbox_pending_credit on bot.outbox ((payload->>'credit'))
  where kind = 'funds' and sent_at is null and failed_at is null;

-- Down Migration
drop index bot.outbox_pending_credit;
alter table bot.feed_state drop column block_time;
alter table bot.auction_bidders drop column revealed;
-- Reveal reminders did not exist before: drop them with their kind.
delete from bot.reminders where kind <> 'ending';
alter table bot.reminders drop constraint reminders_pkey;
alter table bot.reminders add primary key (auction_id, lead_seconds);
alter table bot.reminders drop column kind;
drop table bot.webhook_updates;
