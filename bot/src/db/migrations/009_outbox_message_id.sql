-- Which Telegram message carried each outbox row.

-- Up Migration
-- Set with sent_at from Telegram's answer to sendMessage. Rows folded into one message share it.
-- With it, a message Telegram holds that no row names is a repeat (sent, but its mark never
-- committed, then sent again), which the chaos run counts per (event, chat).
alter table bot.outbox add column message_id bigint;

-- Down Migration
alter table bot.outbox drop column message_id;
