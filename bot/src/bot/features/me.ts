import { Composer } from "grammy";
import { type Auction, type IndexerClient, IndexerUnavailable } from "../../indexer/client.ts";
import { shortAddress } from "../../notify/format.ts";
import { meSummary } from "../cards.ts";
import type { BotContext } from "../context.ts";

/** Auctions looked up for /me's bids (the account's latest bids name at most 20 auctions). */
const MAX_BID_AUCTIONS = 20;

/**
 * `/me` for a linked chat: the wallet's active bids (leading or outbid), its open listings, the
 * deals waiting for it, and what it can withdraw — all from the indexer.
 */
export function meFeature(deps: { indexer: IndexerClient; webUrl: string }): Composer<BotContext> {
  const { indexer, webUrl } = deps;
  const feature = new Composer<BotContext>();
  feature.command("me", async (ctx) => {
    const wallet = ctx.chatRecord?.wallet;
    if (!wallet) return void (await ctx.reply(ctx.t("me-not-linked")));
    try {
      const [account, now] = await Promise.all([indexer.account(wallet), indexer.now()]);
      if (!account) return void (await ctx.reply(ctx.t("me-nothing", { wallet: shortAddress(wallet) })));
      // The account's bids say which auctions it bid on; whether it still leads is the auction's
      // state now. (The API has no "auctions this address bid on" query; see README.)
      const ids = [...new Set(account.history.bids.map((bid) => bid.auctionId))].slice(0, MAX_BID_AUCTIONS);
      const bidAuctions = (await Promise.all(ids.map((id) => indexer.auction(id))))
        .map((found) => found?.auction)
        .filter((a): a is Auction => a !== undefined);
      const text = meSummary((key, args) => ctx.t(key, args), await ctx.i18n.getLocale(), wallet, {
        account,
        bidAuctions,
        now,
        webUrl,
      });
      await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    } catch (error) {
      if (!(error instanceof IndexerUnavailable)) throw error;
      ctx.logger.warn({ err: error.message }, "indexer unavailable for /me");
      await ctx.reply(ctx.t("indexer-down"));
    }
  });
  return feature;
}
