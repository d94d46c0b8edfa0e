// The fake Bot API as a process, for the dev command when no BOT_TOKEN is given:
//   node dev/local-bot-api.ts [port]        (default 8081; any bot token is accepted)
// Prints every message the bot sends; each line typed on stdin is sent to the bot as a message
// from a local user (chat 1001). GET /health answers {"ok":true}.
import { createInterface } from "node:readline";
import { startFakeBotApi } from "./fake-bot-api.ts";

const port = Number(process.argv[2] ?? process.env.BOT_API_PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`usage: node dev/local-bot-api.ts [port] — "${process.argv[2]}" is not a port`);
  process.exit(2);
}
const api = await startFakeBotApi({
  port,
  acceptAnyToken: true,
  onSend: (m) => console.log(`→ chat ${m.chatId}: ${m.text.replaceAll("\n", "\n  ")}`),
});
console.log(`local Bot API listening on ${api.apiRoot} (set BOT_API_ROOT to this)`);
// Lines on stdin reach the bot as messages from one local user, so the bot can be tried offline.
const you = { id: 1001, first_name: "You", language_code: process.env.LOCAL_USER_LANGUAGE ?? "en" };
createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.trim()) return;
  console.log(`← chat ${you.id}: ${line.trim()}`);
  api.sendText(you, line.trim());
});
await new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
});
await api.close();
