// Fan-out benchmark: one bid on an auction followed by N chats (default 10,000, the figure:
// about 6 minutes at Telegram's 30 messages/s) → N messages through the real bot process, its
// outbox and throttler, to the fake Bot API enforcing Telegram's limits (30 messages/s overall,
// 1/s per chat; beyond them it answers 429). Prints figures; asserts nothing but that every chat
// got its message exactly once.
//   pnpm --filter @gavel/bot run bench [-- <chats>]
// Both bot benchmarks (latency and fan-out): `pnpm bench:bot` here, or at the root (into BENCHMARKS.md).
import { atLeast, reportFigure } from "@gavel/scripts/lib/bench.ts";
import { gavelEvents } from "../test/feed-server.ts";
import { Cleanup, startBotStack, waitForValue, wallets } from "../test/helpers.ts";

const CHATS = Number(process.argv[2] ?? 10_000);
const FIRST = 1_000_000;
const cleanup = new Cleanup();
try {
  const stack = await startBotStack(cleanup, {
    env: { LOG_LEVEL: "warn", HEAD_POLL_MS: "5000" },
    api: { rateLimit: { global: 30, perChat: 1, retryAfter: 1 } },
  });
  const events = gavelEvents(stack.feed);
  events.createAuction(1, wallets.sam, "Benchmark lot");
  await waitForValue(
    "auction known",
    async () => (await stack.db.query("select 1 from bot.auctions")).rows.length > 0,
  );
  const ids = Array.from({ length: CHATS }, (_, i) => FIRST + i);
  for (const id of ids) stack.api.knowChat(id);
  await stack.db.query("insert into bot.chats (chat_id, language) select unnest($1::bigint[]), 'en'", [ids]);
  await stack.db.query("insert into bot.follows (chat_id, auction_id) select unnest($1::bigint[]), 1", [ids]);

  const delivered = () => stack.api.sent.filter((m) => m.chatId >= FIRST);
  const started = Date.now();
  events.bid(1, wallets.alice, "1234500000");
  await waitForValue("the first message", () => delivered().length > 0, 30_000);
  const first = Date.now();
  // Every chat reached (counting chats, not messages, so a duplicate cannot stand in for a loss).
  await waitForValue(
    `${CHATS} chats`,
    () => new Set(delivered().map((m) => m.chatId)).size >= CHATS,
    CHATS * 1_000,
  );
  const last = Date.now();
  await new Promise((r) => setTimeout(r, 1_000));

  const perChat = new Map<number, number>();
  for (const m of delivered()) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
  const duplicates = [...perChat.values()].filter((n) => n > 1).length;
  const metrics = await (await fetch(`${stack.httpUrl}/metrics`)).text();
  const calls429 = Number(
    /^gavel_bot_api_calls_total\{method="sendMessage",outcome="429"\} (\d+)/m.exec(metrics)?.[1] ?? 0,
  );
  const seconds = (last - first) / 1000;
  console.log(
    [
      `fan-out of one bid to ${CHATS} chats through the fake Bot API (limits: 30 msg/s global, 1 msg/s per chat)`,
      `  first message after   ${first - started} ms (feed poll + block close + outbox)`,
      `  all delivered in      ${seconds.toFixed(1)} s  →  ${(CHATS / seconds).toFixed(1)} msgs/s`,
      `  429 answers           ${stack.api.rateLimited()} (bot saw ${calls429})`,
      `  lost                  ${CHATS - perChat.size}`,
      `  duplicated            ${duplicates}`,
    ].join("\n"),
  );
  const rate = CHATS / seconds;
  const note = `one event to ${CHATS} following chats, fake Bot API enforcing 30 msg/s and 1 msg/s per chat`;
  reportFigure({ name: "bot.fanout.rate", value: rate, unit: "msg/s", ...atLeast(rate, 27, "msg/s"), note });
  reportFigure({
    name: "bot.fanout.lost",
    value: CHATS - perChat.size,
    unit: "messages",
    target: "0",
    ok: perChat.size === CHATS,
  });
  reportFigure({
    name: "bot.fanout.duplicated",
    value: duplicates,
    unit: "chats",
    target: "0",
    ok: duplicates === 0,
  });
  if (perChat.size !== CHATS || duplicates > 0) process.exitCode = 1;
} finally {
  await cleanup.run();
}
