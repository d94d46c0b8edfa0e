// Rate limits on what strangers can make the bot do. Every command, private text, button press and
// inline query counts against its sender (and, in a group, against the group; inline search, /auction
// and /me also against the sender's search limit) in bot.rate_limits, so every bot process and
// every restart sees the same counts. Over a limit the update is dropped; the first one dropped in
// the window gets one "slow down" answer, the rest get nothing, so a flood cannot turn into a flood
// of answers (and into Telegram's own rate limits for the whole bot).
import type { MiddlewareFn } from "grammy";
import type { Pool } from "pg";
import type { Metrics } from "../../metrics.ts";
import type { BotContext } from "../context.ts";

export type Limit = "user" | "search" | "chat";

export interface RateLimits {
  windowMs: number;
  /** Updates per user and window. */
  user: number;
  /** Updates that query the indexer, per user and window. */
  search: number;
  /** Updates per group chat and window. */
  chat: number;
}

/** Commands that make the bot query the indexer; they count against the search limit too. */
const SEARCH_COMMANDS = new Set(["auction", "me"]);

export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      /** The limit that is over (the one that frees up last when several are). */
      limit: Limit;
      /** Until that window ends, rounded up to whole seconds. */
      retryAfterSeconds: number;
      /** Whether this is the first update turned away in the window: it alone gets an answer. */
      answer: boolean;
    };

interface HitRow {
  key: string;
  hits: number;
  window_start: Date;
}

/** Fixed-window counters in bot.rate_limits; `now` is injectable for tests. */
export class RateLimiter {
  readonly limits: RateLimits;
  readonly #pool: Pool;
  readonly #now: () => number;
  #lastPrune = 0;

  constructor(pool: Pool, limits: RateLimits, now: () => number = Date.now) {
    this.#pool = pool;
    this.limits = limits;
    this.#now = now;
  }

  /**
   * Counts one update of `userId` (in group chat `groupId`, if any) against its limits and says
   * whether it may be handled. Refused updates count too.
   */
  async hit(
    userId: number,
    options: { search?: boolean; groupId?: number | undefined } = {},
  ): Promise<Verdict> {
    const now = this.#now();
    const keyed: [key: string, limit: Limit][] = [[`user:${userId}`, "user"]];
    if (options.search) keyed.push([`search:${userId}`, "search"]);
    if (options.groupId !== undefined) keyed.push([`chat:${options.groupId}`, "chat"]);
    // One statement counts every key atomically (concurrent processes cannot both see "one left");
    // keys are locked in sorted order so that two such statements never deadlock.
    keyed.sort(([a], [b]) => (a < b ? -1 : 1));
    const { rows } = await this.#pool.query<HitRow>(
      `insert into bot.rate_limits as r (key, window_start, hits)
         select key, $2::timestamptz, 1 from unnest($1::text[]) with ordinality as k (key, n) order by n
       on conflict (key) do update set
         window_start = case when r.window_start <= $2::timestamptz - $3::integer * interval '1 millisecond'
                             then $2::timestamptz else r.window_start end,
         hits         = case when r.window_start <= $2::timestamptz - $3::integer * interval '1 millisecond'
                             then 1 else r.hits + 1 end,
         refused      = case when r.window_start <= $2::timestamptz - $3::integer * interval '1 millisecond'
                             then 0 else r.refused end
       returning key, hits, window_start`,
      [keyed.map(([key]) => key), new Date(now), this.limits.windowMs],
    );
    let over: { limit: Limit; endsAt: number } | undefined;
    for (const row of rows) {
      const limit = keyed.find(([key]) => key === row.key)![1];
      if (row.hits <= this.limits[limit]) continue;
      const endsAt = row.window_start.getTime() + this.limits.windowMs;
      if (!over || endsAt > over.endsAt) over = { limit, endsAt };
    }
    if (!over) return { allowed: true };

    // The answer goes to the first refusal of the user's window, and in a group only if the group
    // has not had one in its window either: one per user, and one per group, whoever floods it.
    let answer = true;
    for (const key of [
      `user:${userId}`,
      ...(options.groupId !== undefined ? [`chat:${options.groupId}`] : []),
    ]) {
      const refused = await this.#pool.query<{ refused: number }>(
        "update bot.rate_limits set refused = refused + 1 where key = $1 returning refused",
        [key],
      );
      if (refused.rows[0]?.refused !== 1) answer = false;
    }
    const retryAfterSeconds = Math.min(
      Math.ceil(this.limits.windowMs / 1000),
      Math.max(1, Math.ceil((over.endsAt - now) / 1000)),
    );
    return { allowed: false, limit: over.limit, retryAfterSeconds, answer };
  }

  /** Deletes the rows of windows that are over; returns how many. */
  async prune(): Promise<number> {
    this.#lastPrune = this.#now();
    const result = await this.#pool.query(
      "delete from bot.rate_limits where window_start <= $1::timestamptz - $2::integer * interval '1 millisecond'",
      [new Date(this.#lastPrune), this.limits.windowMs],
    );
    return result.rowCount ?? 0;
  }

  /** Prunes at most once a window per process. */
  pruneDue(): boolean {
    return this.#now() - this.#lastPrune >= this.limits.windowMs;
  }
}

/** What an update counts against, or undefined for updates the bot never answers. */
function countedAs(
  ctx: BotContext,
): { userId: number; search: boolean; groupId: number | undefined } | undefined {
  const userId = ctx.from?.id;
  if (userId === undefined) return undefined;
  const groupId = ctx.chat && ctx.chat.type !== "private" ? ctx.chat.id : undefined;
  if (ctx.inlineQuery) return { userId, search: true, groupId: undefined };
  if (ctx.callbackQuery) return { userId, search: false, groupId };
  const message = ctx.message;
  if (!message?.text) return undefined;
  const first = message.entities?.[0];
  if (first?.type === "bot_command" && first.offset === 0) {
    const [name = "", addressee] = message.text.slice(1, first.length).split("@");
    // A command for another bot in the same group is none of ours.
    if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return undefined;
    return { userId, search: SEARCH_COMMANDS.has(name.toLowerCase()), groupId };
  }
  // Plain text is answered (with a pointer to /help) only in private chats.
  return message.chat.type === "private" ? { userId, search: false, groupId: undefined } : undefined;
}

/** Drops updates over the limits; the first one dropped in a window is answered "slow down". */
export function rateLimit(limiter: RateLimiter, metrics: Metrics): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const counted = countedAs(ctx);
    if (!counted) return next();
    if (limiter.pruneDue()) {
      limiter
        .prune()
        .then((pruned) => ctx.logger.debug({ pruned }, "expired rate-limit windows pruned"))
        .catch((error: unknown) => ctx.logger.warn({ err: error }, "pruning rate-limit windows failed"));
    }
    const verdict = await limiter.hit(counted.userId, counted);
    if (verdict.allowed) return next();
    metrics.rateLimited.inc({ limit: verdict.limit });
    ctx.logger.info(
      { user_id: counted.userId, limit: verdict.limit, answered: verdict.answer },
      "update refused: rate limit",
    );
    if (!verdict.answer) return;
    const text = ctx.t("rate-limited", { seconds: verdict.retryAfterSeconds });
    if (ctx.inlineQuery) {
      await ctx.answerInlineQuery([], { cache_time: 0, button: { text, start_parameter: "inline" } });
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text });
    } else {
      await ctx.reply(text);
    }
  };
}
