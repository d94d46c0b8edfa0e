/**
 * Security headers of every answer. Pages carry SvelteKit's Content-Security-Policy (kit.csp in
 * vite.config.ts: nonce-based scripts, framing by Telegram Web only, …) completed here with
 * connect-src, which depends on the run-time configuration; every other answer (JSON, media,
 * events) gets a deny-all policy. All get nosniff, a referrer policy and X-Frame-Options DENY (for
 * browsers without CSP; the pages' frame-ancestors overrides it); HSTS when served over https.
 */
import { splitRpcUrls } from "@gavel/sdk/transport";
import { defaultRpcUrl } from "#lib/chains.ts";

/** Sources the browser must reach: this site, the chain's RPC, and WalletConnect's relay when configured. */
export function connectSources(config: {
  chainId: number;
  /** PUBLIC_RPC_URL: one URL or several, comma-separated (every one is allowed). */
  publicRpcUrl?: string | undefined;
  walletConnectProjectId?: string | undefined;
  walletConnectRelayUrl?: string | undefined;
  /** The gasless-bid relayer the bid panels post signed bids to. */
  relayerUrl?: string | undefined;
  dev?: boolean;
}): string[] {
  const sources = new Set<string>(["'self'"]);
  const rpc = config.publicRpcUrl ?? defaultRpcUrl(config.chainId);
  for (const url of rpc ? splitRpcUrls(rpc) : []) sources.add(new URL(url).origin);
  if (config.relayerUrl) sources.add(new URL(config.relayerUrl).origin);
  if (config.walletConnectProjectId) {
    if (config.walletConnectRelayUrl) {
      sources.add(new URL(config.walletConnectRelayUrl).origin);
    } else {
      // WalletConnect's own services: the relay and the RPC/verify/pulse hosts its provider calls.
      for (const host of ["walletconnect.org", "walletconnect.com"]) {
        sources.add(`wss://relay.${host}`);
        sources.add(`https://*.${host}`);
      }
    }
  }
  // Vite's hot-reload socket in development only.
  if (config.dev) sources.add("ws:");
  return [...sources];
}

export const HSTS = "max-age=63072000; includeSubDomains";
/** For everything that is not a page: nothing may load, nothing may frame it. */
export const DENY_ALL_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function applySecurityHeaders(headers: Headers, options: { https: boolean; connectSrc: string[] }) {
  const csp = headers.get("content-security-policy");
  if (csp) {
    if (!/(^|;)\s*connect-src /.test(csp)) {
      headers.set(
        "content-security-policy",
        `${csp.replace(/;?\s*$/, "")}; connect-src ${options.connectSrc.join(" ")}`,
      );
    }
  } else if ((headers.get("content-type") ?? "").startsWith("text/html")) {
    // An HTML answer SvelteKit did not render as a page (its static error page): no script at all.
    headers.set(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
  } else {
    headers.set("content-security-policy", DENY_ALL_CSP);
  }
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
  headers.set("x-frame-options", "DENY");
  headers.set("cross-origin-opener-policy", "same-origin");
  headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (options.https) headers.set("strict-transport-security", HSTS);
}
