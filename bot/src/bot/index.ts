// The bot: one grammY Bot with its API transformers and middleware, and one Composer per feature.
// main.ts decides how updates arrive (long polling, or the webhook ingress in webhook.ts, which
// also drops repeated update_ids); this file does not care.
import { autoRetry } from "@grammyjs/auto-retry";
import type { I18n } from "@grammyjs/i18n";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Transformer } from "grammy";
import type { LanguageCode } from "grammy/types";
import type { ChatStore } from "../db/chats.ts";
import type { FollowStore } from "../db/follows.ts";
import type { IndexerClient } from "../indexer/client.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { BotContext } from "./context.ts";
import { auctionFeature } from "./features/auction.ts";
import { followFeature } from "./features/follow.ts";
import { helpFeature } from "./features/help.ts";
import { unlinkFeature } from "./features/link.ts";
import { meFeature } from "./features/me.ts";
import { notificationButtonsFeature } from "./features/notification-buttons.ts";
import { settingsFeature } from "./features/settings.ts";
import { startFeature } from "./features/start.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { errorHandler } from "./handlers/error.ts";
import { DEFAULT_LOCALE, supportedLocale } from "./i18n.ts";
import { observeUpdates } from "./middlewares/observe.ts";
import { type RateLimiter, rateLimit } from "./middlewares/rate-limit.ts";
import { rememberChat } from "./middlewares/remember-chat.ts";

export type { BotContext };

export interface BotDeps {
  /** A Bot API server other than Telegram's, without a trailing slash. */
  apiRoot?: string | undefined;
  logger: Logger;
  metrics: Metrics;
  chats: ChatStore;
  follows: FollowStore;
  i18n: I18n<BotContext>;
  /** Undefined: /start link_… answers that linking is not set up. */
  linkTokenSecret: string | undefined;
  /** The indexer's REST API, for /auction, /me, inline mode and /follow of auctions the feed has not shown yet. */
  indexer: IndexerClient;
  /** The dApp, linked from cards. */
  webUrl: string;
  /** WEB_APP_URL: cards' "View" opens the dApp inside Telegram (private chats). */
  webAppUrl?: string | undefined;
  /** Per-user and per-group limits, shared by every bot process through Postgres. */
  rateLimiter: RateLimiter;
}

/** The commands shown in Telegram's menu, in the order shown; texts are `command-<name>`. */
export const COMMANDS = [
  "start",
  "auction",
  "me",
  "follow",
  "unfollow",
  "following",
  "settings",
  "unlink",
  "help",
] as const;

/** The update types the bot asks Telegram for (long polling and the webhook alike). */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query"] as const;

/**
 * Telegram's limits: about 30 messages a second overall, one a second per private chat, 20 a
 * minute per group (the throttler's defaults for chats). Global settings as measured against a fake Bot
 * API: 1,000 sends to 1,000 chats took 34 s with no 429.
 */
export const THROTTLE = { global: { maxConcurrent: 30, minTime: 34 } };

export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const { logger, metrics, chats, i18n } = deps;
  const bot = new Bot<BotContext>(token, deps.apiRoot ? { client: { apiRoot: deps.apiRoot } } : {});

  // Transformers run last-installed first. Auto-retry is outermost, so each retry waits in the
  // throttler's queue again; the counter is innermost, so every attempt that reaches Telegram counts.
  bot.api.config.use(countApiCalls(metrics));
  bot.api.config.use(apiThrottler(THROTTLE));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  const localeOf = (ctx: BotContext) =>
    ctx.chatRecord?.language ?? supportedLocale(i18n.locales, ctx.from?.language_code);
  bot.use(observeUpdates(logger, metrics));
  // Updates of one chat are handled one after another (the runner handles chats concurrently).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  const guarded = bot.errorBoundary(
    errorHandler(metrics, (ctx, key) => i18n.t(localeOf(ctx), key)),
    rememberChat(chats, () => i18n.locales),
    i18n,
  );
  // After the chat's record and i18n, so that the "slow down" answer is in the chat's language.
  guarded.use(rateLimit(deps.rateLimiter, metrics));
  const follow = followFeature(deps.follows, deps.indexer);
  guarded.use(startFeature({ chats, linkTokenSecret: deps.linkTokenSecret, follow: follow.follow }));
  guarded.use(follow.feature);
  guarded.use(
    auctionFeature({
      indexer: deps.indexer,
      follows: deps.follows,
      webUrl: deps.webUrl,
      webAppUrl: deps.webAppUrl,
    }),
  );
  guarded.use(notificationButtonsFeature({ follows: deps.follows, webUrl: deps.webUrl }));
  guarded.use(meFeature({ indexer: deps.indexer, webUrl: deps.webUrl }));
  guarded.use(settingsFeature(chats, () => i18n.locales));
  guarded.use(unlinkFeature(chats));
  guarded.use(helpFeature());
  guarded.use(unhandledFeature()); // last: answers whatever no feature did

  // Outside the boundary only observeUpdates can throw; keep the bot alive and say so.
  bot.catch((error) => {
    logger.error({ err: error.error, update_id: error.ctx.update.update_id }, "unhandled bot error");
  });
  return bot;
}

/** Publishes the command menu in every locale (the default locale for everyone else). */
export async function publishCommands(bot: Bot<BotContext>, i18n: I18n<BotContext>): Promise<void> {
  for (const locale of i18n.locales) {
    const commands = COMMANDS.map((command) => ({
      command,
      description: i18n.t(locale, `command-${command}`),
    }));
    // Locale ids are the ISO 639-1 codes Telegram expects ("ru").
    const scope = locale === DEFAULT_LOCALE ? {} : { language_code: locale as LanguageCode };
    await bot.api.setMyCommands(commands, scope);
  }
}

/**
 * The chat menu button opens the dApp's browse page inside Telegram (WEB_APP_URL, https). Its
 * label is the brand, the same in every language.
 */
export async function publishMenuButton(bot: Bot<BotContext>, webAppUrl: string): Promise<void> {
  await bot.api.setChatMenuButton({
    menu_button: { type: "web_app", text: "Gavel", web_app: { url: `${webAppUrl}/` } },
  });
}

function countApiCalls(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      metrics.apiCalls.inc({ method, outcome: response.ok ? "ok" : String(response.error_code) });
      return response;
    } catch (error) {
      metrics.apiCalls.inc({ method, outcome: signal?.aborted ? "aborted" : "network" });
      throw error;
    }
  };
}
