// The fake Bot API as a process, for the dev command when no BOT_TOKEN is given:
//   node dev/local-bot-api.ts [port]        (default 8081; any bot token is accepted)
// Prints every message the bot sends, its inline buttons as numbered choices; each line typed on
// stdin is sent to the bot as a message from a local user (chat 1001), a number presses a button. GET /health answers {"ok":true}.
import { createInterface } from "node:readline";
import { startFakeBotApi } from "./fake-bot-api.ts";
import { createTerminal } from "./terminal.ts";

const port = Number(process.argv[2] ?? process.env.BOT_API_PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`usage: node dev/local-bot-api.ts [port] — "${process.argv[2]}" is not a port`);
  process.exit(2);
}
// Lines on stdin reach the bot as messages from one local user, so the bot can be tried offline;
// a number presses that button of the latest message with buttons (dev/terminal.ts).
const you = { id: 1001, first_name: "You", language_code: process.env.LOCAL_USER_LANGUAGE ?? "en" };
const terminal = createTerminal(
  () => api,
  you,
  (line) => console.log(line),
);
const api = await startFakeBotApi({ port, acceptAnyToken: true, onSend: (m) => terminal.onSend(m) });
console.log(`local Bot API listening on ${api.apiRoot} (set BOT_API_ROOT to this)`);
createInterface({ input: process.stdin }).on("line", (line) => terminal.input(line));
await new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
});
await api.close();
