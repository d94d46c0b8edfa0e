import { Composer, GrammyError } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { FollowStore } from "../../db/follows.ts";
import { type Auction, type IndexerClient, IndexerUnavailable } from "../../indexer/client.ts";
import { auctionName, formatUsdc } from "../../notify/format.ts";
import { auctionCard, auctionCardKeyboard, sharedCardKeyboard } from "../cards.ts";
import type { BotContext } from "../context.ts";
import { parseAuctionRef } from "./follow.ts";

export interface AuctionDeps {
  indexer: IndexerClient;
  follows: FollowStore;
  webUrl: string;
  /** WEB_APP_URL: the card's open button opens the dApp inside Telegram in private chats. */
  webAppUrl?: string | undefined;
}

const INLINE_RESULTS = 10;

/**
 * `/auction <id>`: the auction's card from the indexer, with buttons to open it in the dApp and to
 * follow or unfollow it (the button updates the card). Inline mode: `@bot <id or words>` offers
 * cards to share in any chat. An unknown id and an unreachable indexer each get their own answer.
 */
export function auctionFeature(deps: AuctionDeps): Composer<BotContext> {
  const { indexer, follows, webUrl } = deps;
  const target = { webUrl, webAppUrl: deps.webAppUrl };
  const feature = new Composer<BotContext>();
  const t = (ctx: BotContext) => (key: string, args?: Record<string, string | number>) => ctx.t(key, args);

  feature.command("auction", async (ctx) => {
    const argument = ctx.match.trim();
    if (argument === "") return void (await ctx.reply(ctx.t("auction-usage")));
    const id = parseAuctionRef(argument);
    if (!id) return void (await ctx.reply(ctx.t("auction-bad", { input: argument.slice(0, 80) })));
    let found: Awaited<ReturnType<IndexerClient["auction"]>>;
    let now: number;
    try {
      [found, now] = await Promise.all([indexer.auction(id), indexer.now()]);
    } catch (error) {
      if (!(error instanceof IndexerUnavailable)) throw error;
      ctx.logger.warn({ err: error.message }, "indexer unavailable for /auction");
      return void (await ctx.reply(ctx.t("indexer-down")));
    }
    if (!found) return void (await ctx.reply(ctx.t("auction-unknown", { id })));
    const following = await follows.isFollowing(ctx.chat.id, id);
    await ctx.reply(
      auctionCard(t(ctx), await ctx.i18n.getLocale(), found.auction, {
        now,
        webUrl,
        viewer: ctx.chatRecord?.wallet,
      }),
      {
        reply_markup: auctionCardKeyboard(t(ctx), id, target, following, ctx.chat.type === "private"),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
    );
  });

  feature.callbackQuery(/^card:(follow|unfollow):(\d{1,30})$/, async (ctx) => {
    const [, action, id = ""] = ctx.match;
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return void (await ctx.answerCallbackQuery());
    const changed =
      action === "follow" ? await follows.follow(chatId, id) : await follows.unfollow(chatId, id);
    const following = action === "follow";
    await ctx.answerCallbackQuery({
      text: ctx.t(following ? "card-followed" : "card-unfollowed", { id }),
    });
    // Refresh the card while at it; if the indexer is away, only the button changes.
    let text: string | undefined;
    try {
      const [found, now] = await Promise.all([indexer.auction(id), indexer.now()]);
      if (found)
        text = auctionCard(t(ctx), await ctx.i18n.getLocale(), found.auction, {
          now,
          webUrl,
          viewer: ctx.chatRecord?.wallet,
        });
    } catch (error) {
      if (!(error instanceof IndexerUnavailable)) throw error;
    }
    const reply_markup = auctionCardKeyboard(t(ctx), id, target, following, ctx.chat?.type === "private");
    try {
      if (text)
        await ctx.editMessageText(text, {
          reply_markup,
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
        });
      else await ctx.editMessageReplyMarkup({ reply_markup });
    } catch (error) {
      // A double tap: the card already shows this state.
      if (!(error instanceof GrammyError && /message is not modified/.test(error.description))) throw error;
    }
    if (changed) ctx.logger.info({ auctionId: id, action }, "follow changed from a card");
  });

  feature.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const id = parseAuctionRef(query);
    let auctions: Auction[];
    let now: number;
    try {
      now = await indexer.now();
      if (id) {
        const found = await indexer.auction(id);
        auctions = found ? [found.auction] : [];
      } else {
        auctions = await indexer.searchAuctions(query || undefined, INLINE_RESULTS);
      }
    } catch (error) {
      if (!(error instanceof IndexerUnavailable)) throw error;
      ctx.logger.warn({ err: error.message }, "indexer unavailable for an inline query");
      return void (await ctx.answerInlineQuery([], {
        cache_time: 0,
        button: { text: ctx.t("inline-down"), start_parameter: "inline" },
      }));
    }
    const locale = await ctx.i18n.getLocale();
    const results: InlineQueryResultArticle[] = auctions.map((a) => ({
      type: "article",
      id: `auction-${a.id}`,
      title: auctionName(a.id, a.title),
      description: ctx.t("inline-description", {
        price: formatUsdc(locale, (a.finalPrice ?? a.currentPrice).raw),
        status: a.status,
        format: a.format,
      }),
      input_message_content: {
        message_text: auctionCard(t(ctx), locale, a, { now, webUrl }),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
      reply_markup: sharedCardKeyboard(t(ctx), a.id, webUrl, ctx.me.username),
    }));
    await ctx.answerInlineQuery(results, {
      cache_time: 5,
      is_personal: false,
      ...(results.length === 0
        ? {
            button: {
              text: id ? ctx.t("inline-unknown", { id }) : ctx.t("inline-none"),
              start_parameter: "inline",
            },
          }
        : {}),
    });
  });
  return feature;
}
