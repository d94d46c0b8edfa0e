-- Chats.

-- Up Migration
create table bot.chats (
  chat_id    bigint primary key,
  language   text not null,
  first_seen timestamptz not null default now()
);

-- Down Migration
drop table bot.chats;
