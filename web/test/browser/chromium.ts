// Debian's chromium driven by playwright-core (no browser download).
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";

/** `extraArgs`: more command-line switches (e.g. a feature a test must switch off). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Tests stay on this machine: every host name but the loopback ones fails to resolve (IP
      // literals are caught by the request guard in `newPage`).
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ...extraArgs,
    ],
  });
}

export interface PageWithErrors {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page. */
  errors: string[];
}

/** True for URLs that stay on this machine (loopback hosts, or no network at all). */
export function staysLocal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (["data:", "blob:", "about:", "javascript:"].includes(parsed.protocol)) return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
}

/**
 * In every page of a context: a Content-Security-Policy violation is written to the console as
 * an error, so that tests which demand a clean console fail on it.
 */
const reportCspViolations = () => {
  document.addEventListener("securitypolicyviolation", (event) => {
    console.error(
      `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
};

/**
 * A fresh context (own cookies) and page that records console errors, page crashes, CSP
 * violations and any request or WebSocket to a host outside loopback.
 */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<PageWithErrors> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const errors: string[] = [];
  await context.addInitScript(reportCspViolations);
  // Chromium resolves no host but loopback (launch flags); a request to any other host or IP is
  // recorded here, so a test that demands a clean page fails on it. (Observed rather than routed:
  // routing every request through Playwright slows page loads enough to change what tests see.)
  context.on("request", (request) => {
    if (!staysLocal(request.url())) errors.push(`request outside loopback: ${request.url()}`);
  });
  const page = await context.newPage();
  page.on("websocket", (socket) => {
    if (!staysLocal(socket.url())) errors.push(`WebSocket outside loopback: ${socket.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/**
 * What a first visit to `url` (fresh context, no wallet opened) costs in JavaScript: every
 * script response Chromium fetched until the network was idle, gzipped here, by URL (bytes).
 */
export async function firstVisitScripts(browser: Browser, url: string): Promise<Map<string, number>> {
  const { page, context } = await newPage(browser);
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => undefined);
    if (body) scripts.set(response.url(), gzipSync(body).length);
  });
  try {
    await page.goto(url, { waitUntil: "networkidle" });
  } finally {
    await context.close();
  }
  return scripts;
}
