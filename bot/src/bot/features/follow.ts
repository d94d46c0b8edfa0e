import { Composer } from "grammy";
import type { FollowStore } from "../../db/follows.ts";
import { type IndexerClient, IndexerUnavailable } from "../../indexer/client.ts";
import { auctionName } from "../../notify/format.ts";
import type { BotContext } from "../context.ts";

/**
 * An auction reference as people paste it: `12`, `#12`, or a dApp link such as
 * `https://gavel.example/auction/12?ref=x`. Returns the id as a canonical decimal string.
 */
export function parseAuctionRef(text: string): string | undefined {
  const value = text.trim();
  const match =
    /^#?(\d{1,30})$/.exec(value) ?? /^https?:\/\/\S+?\/auction\/(\d{1,30})(?:[/?#]\S*)?$/i.exec(value);
  if (!match) return undefined;
  const id = BigInt(match[1]!);
  return id > 0n ? id.toString() : undefined;
}

/** `/follow <id or link>`, `/unfollow <id>`, `/following`; also used by `/start follow_<id>`. */
export function followFeature(follows: FollowStore, indexer?: IndexerClient) {
  /** What the bot learned from the feed, else what the indexer says (the feed may lag behind). */
  const lookup = async (id: string) => {
    const known = await follows.auction(id);
    if (known || !indexer) return known;
    const found = await indexer.auction(id);
    return found ? { title: found.auction.title, status: found.auction.status } : undefined;
  };
  const follow = async (ctx: BotContext, argument: string) => {
    if (!ctx.chat) return;
    if (argument.trim() === "") return void (await ctx.reply(ctx.t("follow-usage")));
    const id = parseAuctionRef(argument);
    if (!id) return void (await ctx.reply(ctx.t("follow-bad", { input: argument.trim().slice(0, 80) })));
    let auction: Awaited<ReturnType<typeof lookup>>;
    try {
      auction = await lookup(id);
    } catch (error) {
      if (!(error instanceof IndexerUnavailable)) throw error;
      return void (await ctx.reply(ctx.t("indexer-down")));
    }
    if (!auction) return void (await ctx.reply(ctx.t("follow-unknown", { id })));
    const added = await follows.follow(ctx.chat.id, id);
    await ctx.reply(
      ctx.t(added ? "follow-done" : "follow-already", {
        id,
        name: auctionName(id, auction.title),
        status: auction.status,
      }),
      { link_preview_options: { is_disabled: true } },
    );
  };

  const feature = new Composer<BotContext>();
  feature.command("follow", (ctx) => follow(ctx, ctx.match));
  feature.command("unfollow", async (ctx) => {
    if (ctx.match.trim() === "") return void (await ctx.reply(ctx.t("unfollow-usage")));
    const id = parseAuctionRef(ctx.match);
    if (!id) return void (await ctx.reply(ctx.t("follow-bad", { input: ctx.match.trim().slice(0, 80) })));
    const removed = await follows.unfollow(ctx.chat.id, id);
    await ctx.reply(ctx.t(removed ? "unfollow-done" : "unfollow-not-following", { id }));
  });
  feature.command("following", async (ctx) => {
    const list = await follows.list(ctx.chat.id);
    if (list.length === 0) return void (await ctx.reply(ctx.t("following-none")));
    const lines = list.map((a) =>
      ctx.t("following-item", { name: auctionName(a.auctionId, a.title), status: a.status ?? "unknown" }),
    );
    await ctx.reply([ctx.t("following-header", { count: list.length }), ...lines].join("\n"), {
      link_preview_options: { is_disabled: true },
    });
  });
  return { feature, follow };
}
