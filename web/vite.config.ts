import { stripVTControlCharacters } from "node:util";
import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { createLogger, defineConfig } from "vite";
import { z } from "zod";

// adapter-node 6 no longer reads ORIGIN at run time: the origin is a build-time option
// (`paths.origin`). When ORIGIN is unset, SvelteKit derives it from each request's Host header
// (and PROTOCOL_HEADER/HOST_HEADER behind a proxy).
const origin = z
  .url({ protocol: /^https?$/ })
  .optional()
  .safeParse(process.env.ORIGIN || undefined);
if (!origin.success) {
  throw new Error(`ORIGIN must be an http(s) URL such as https://gavel.example, got ${process.env.ORIGIN}`);
}

// `vite dev`: SvelteKit prints a line per response ("200 GET /stats") through Vite's logger. They
// show at LOG_LEVEL info (the default) or more verbose; at warn or quieter (the dev command's
// default) only answers of 500 and above are printed. Vite's own messages are untouched.
const logger = createLogger();
const requestLines = ["info", "debug", "trace"].includes(process.env.LOG_LEVEL || "info");
const ordinaryResponse = (message: string) => {
  const status = /^(\d{3}) /.exec(stripVTControlCharacters(message))?.[1];
  return status !== undefined && Number(status) < 500;
};
for (const level of ["info", "error"] as const) {
  const write = logger[level];
  logger[level] = (message, options) => {
    if (requestLines || !ordinaryResponse(message)) write(message, options);
  };
}

export default defineConfig({
  customLogger: logger,
  // `vite dev` pre-bundles these at start: the wallet code loads them only on the first Connect
  // click, and a dependency found that late makes Vite re-optimise and reload the page under the
  // user's hands (the wallet picker vanished on the first click after `npm run dev`).
  optimizeDeps: { include: ["@wagmi/core", "viem", "viem/accounts", "viem/siwe", "zod"] },
  plugins: [
    sveltekit({
      adapter: adapter({ out: "build" }),
      paths: { origin: origin.data },
      // Content-Security-Policy of every page: scripts only from this site and SvelteKit's own
      // inline script by its SHA-256 hash (never 'unsafe-inline' for scripts). Hashes, not nonces:
      // a page kept for signed-out visitors (page-cache.ts) is served more than once, and a nonce
      // must never be. Styles
      // allow inline (Svelte's style attributes). connect-src lists what the app talks to, which
      // depends on the run-time configuration (RPC, WalletConnect relay): hooks.server.ts adds it.
      // Framing: only Telegram Web (web.telegram.org, whose /k/ and /a/ clients are one origin)
      // may frame the pages, as it does a Mini App; nobody else, not even this site. The only frame
      // the pages open is WalletConnect's Verify API (its .org and .com hosts).
      csp: {
        mode: "hash",
        directives: {
          "default-src": ["self"],
          "script-src": ["self"],
          "style-src": ["self", "unsafe-inline"],
          "img-src": ["self", "data:", "blob:"],
          "font-src": ["self"],
          "object-src": ["none"],
          "base-uri": ["self"],
          "form-action": ["self"],
          "frame-src": ["https://verify.walletconnect.org", "https://verify.walletconnect.com"],
          "frame-ancestors": ["https://web.telegram.org"],
        },
      },
    }),
  ],
});
