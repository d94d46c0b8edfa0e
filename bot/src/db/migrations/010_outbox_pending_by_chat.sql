-- A chat's pending outbox rows in order, by index.

-- Up Migration
-- The sender takes each chat's first pending rows (oldest first), and the ingestor looks up a
-- chat's pending rows of one auction when it adds a row. Without this index both walked every
-- pending row: the chaos run's 1,000 followers behind Telegram's limit left tens of thousands
-- pending, and those two queries kept a core of Postgres busy.
create index outbox_pending_chat on bot.outbox (chat_id, due_at, id) where sent_at is null and failed_at is null;

-- Down Migration
drop index bot.outbox_pending_chat;
