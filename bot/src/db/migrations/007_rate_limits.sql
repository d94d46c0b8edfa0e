-- Rate limits.

-- Up Migration
-- Fixed windows counted per key ('user:<id>', 'chat:<id>', 'search:<id>'), shared by every
-- bot process. A window starts at its key's first update and lasts RATE_LIMIT_WINDOW_S; the
-- next update after it starts a new one. refused counts the updates turned away in the
-- window (the first one gets the "slow down" answer). Rows of windows that are over are pruned.
create table bot.rate_limits (
  key          text primary key,
  window_start timestamptz not null,
  hits         integer not null,
  refused      integer not null default 0
);
create index rate_limits_window on bot.rate_limits (window_start);

-- Down Migration
drop table bot.rate_limits;
