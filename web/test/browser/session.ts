// Shared steps of the real-stack browser tests: a signed-in page with an injected wallet, and
// waiting for a transaction's status line to reach a phase.
import assert from "node:assert/strict";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { newPage, type PageWithErrors } from "./chromium.ts";
import { proxyHeaders, type WebStack } from "./stack.ts";
import { type InjectedWallet, installWallet } from "./wallet.ts";

export type Opened = PageWithErrors & { wallet: InjectedWallet };

/**
 * Opens `path` in a fresh context with a wallet for `key` and signs in through the picker (any web
 * app with its chain: the built one of a test stack, or the dev command's). `contextOptions` add
 * to the context's (a time zone, a viewport).
 */
export async function openSignedIn(
  browser: Browser,
  stack: Pick<WebStack, "url" | "rpcUrl" | "chainId">,
  key: `0x${string}`,
  path = "/",
  opened: PageWithErrors[] = [],
  contextOptions: BrowserContextOptions = {},
): Promise<Opened> {
  const one = await newPage(browser, {
    extraHTTPHeaders: proxyHeaders(),
    locale: "en-US",
    ...contextOptions,
  });
  opened.push(one);
  const wallet = await installWallet(one.page, {
    privateKey: key,
    rpcUrl: stack.rpcUrl,
    chainId: stack.chainId,
  });
  await one.page.goto(`${stack.url}${path}`);
  await signIn(one.page);
  return { ...one, wallet };
}

/** Signs in on the open page through the wallet picker with the injected test wallet (SIWE). */
export async function signIn(page: Page): Promise<void> {
  // The header's button (an auction page signed out also has "Connect wallet to bid").
  await page.getByRole("button", { name: "Connect wallet", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Sign in with your wallet" })
    .getByRole("button", { name: "Gavel Test Wallet" })
    .click();
  await page.getByTestId("signed-in-address").waitFor({ timeout: 20_000 });
  await page.keyboard.press("Escape").catch(() => {});
}

/** Waits until the page has hydrated (the root layout marks `<html data-hydrated>`): before that, a
 * field filled in by the test can be reset to its server-rendered value. */
export async function waitHydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 20_000 });
}

/** Waits until the transaction status reaches `phase`; fails at once on another final state, quoting it. */
export async function waitPhase(page: Page, phase = "indexed", nth = 0) {
  const status = page.locator("[data-phase]").nth(nth);
  const deadline = Date.now() + 45_000;
  for (;;) {
    const current = await status.getAttribute("data-phase", { timeout: 500 }).catch(() => null);
    if (current === phase) return;
    if (
      current &&
      [
        "failed",
        "rejected",
        "insufficient",
        "wrongAccount",
        "wrongNetwork",
        "networkChanged",
        "indexed",
      ].includes(current)
    ) {
      assert.fail(`expected ${phase}, got ${current}: ${await status.textContent()}`);
    }
    if (Date.now() > deadline)
      assert.fail(`still ${current} after 45 s: ${await status.textContent().catch(() => "")}`);
    await page.waitForTimeout(100);
  }
}

export const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * POSTs each body as JSON to `path` from inside the page (with its session cookie, from its
 * origin), one after another; answers each status and the `field` a 400 names.
 */
export async function postFromPage(
  page: Page,
  path: string,
  bodies: unknown[],
): Promise<{ status: number; field: string | undefined }[]> {
  return page.evaluate(
    async ({ path, bodies }) => {
      const answers: { status: number; field: string | undefined }[] = [];
      for (const body of bodies) {
        const response = await fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const json = (await response.json().catch(() => ({}))) as { field?: string };
        answers.push({ status: response.status, field: json.field });
      }
      return answers;
    },
    { path, bodies },
  );
}
