// The fake Bot API as a process, for the dev command when no BOT_TOKEN is given:
//   node test/local-bot-api.ts [port]        (default 8081; any bot token is accepted)
// Prints every message the bot sends. GET /health answers {"ok":true}.
import { startFakeBotApi } from "./fake-bot-api.ts";

const port = Number(process.argv[2] ?? process.env.BOT_API_PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`usage: node test/local-bot-api.ts [port] — "${process.argv[2]}" is not a port`);
  process.exit(2);
}
const api = await startFakeBotApi({
  port,
  acceptAnyToken: true,
  onSend: (m) => console.log(`→ chat ${m.chatId}: ${m.text.replaceAll("\n", "\n  ")}`),
});
console.log(`local Bot API listening on ${api.apiRoot} (set BOT_API_ROOT to this)`);
await new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
});
await api.close();
