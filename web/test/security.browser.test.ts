// Hostile links in Debian chromium against the real local stack (production build): dispute
// evidence and review URIs that try to run script in every disguise, put on chain by the parties
// themselves, then shown on the deal page and the arbiter console and clicked. Also the security
// headers of every page and a clean Content-Security-Policy (any violation fails the page test).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/sdk";
import type { Browser, Page } from "playwright-core";
import {
  type Abi,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  keccak256,
  toBytes,
  zeroHash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { rpc } from "../../scripts/lib/chain.ts";
import { deploySafe } from "../../scripts/lib/safe.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { openSignedIn } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";
import { hostileUris } from "./data/hostile-uris.ts";

const USDC = 1_000_000n;
const HOUR = 3600;
const tinyPng =
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==";

/** Evidence URIs that are fine: a link (https:, ipfs:) or an image preview (data: raster image). */
const fineUris: [name: string, uri: string, shown: "link" | "image"][] = [
  ["https:", "https://evidence.example/photos/1", "link"],
  ["ipfs:", "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "link"],
  ["data:image/png", `data:image/png;base64,${tinyPng}`, "image"],
];

let stack: WebStack;
let browser: Browser;
const opened: PageWithErrors[] = [];
let chain: ReturnType<typeof defineChain>;
let reader: ReturnType<typeof readerFor>;
function readerFor(url: string) {
  return createPublicClient({ chain, transport: http(url), pollingInterval: 50 });
}
type Client = ReturnType<typeof walletFor>;
function walletFor(key: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    chain,
    transport: http(stack.rpcUrl),
    pollingInterval: 50,
  });
}
const addr = (name: string) => stack.addresses[name] as Hex;

async function write(client: Client, address: Hex, abi: Abi, functionName: string, args: unknown[]) {
  const hash = await client.writeContract({ address, abi, functionName, args } as never);
  const receipt = await reader.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  assert.equal(receipt.status, "success", `${functionName} failed`);
}

/** Deal id per evidence URI, and the deal whose seller's review carries a hostile URI. */
const dealOf = new Map<string, string>();
let reviewedDeal = "";

/** English auctions the buyer wins, one per start price; answers their (= deal) ids. */
async function openDeals(count: number, seller: Client, buyer: Client): Promise<string[]> {
  const house = addr("EnglishAuctionHouse");
  const now = Number((await reader.getBlock()).timestamp);
  for (let i = 0; i < count; i++) {
    await write(seller, house, englishAuctionHouseAbi as Abi, "createAuction", [
      {
        title: `Hostile link ${i + 1}`,
        metadataURI: "",
        metadataHash: zeroHash,
        reservePrice: USDC,
        shipWindow: HOUR,
        confirmWindow: 72 * HOUR, // the contracts' shortest (3 days)
        disputeWindow: 24 * HOUR,
      },
      {
        startTime: 0,
        endTime: now + 600,
        startPrice: USDC,
        minIncrementBps: 100,
        extensionWindow: 0,
        maxExtensions: 0,
      },
    ]);
  }
  const next = Number(
    await reader.readContract({
      address: addr("GavelConfig"),
      abi: gavelConfigAbi,
      functionName: "nextAuctionId",
    }),
  );
  const ids = Array.from({ length: count }, (_, i) => String(next - count + i));
  await write(buyer, addr("TestUSDC"), testUSDCAbi as Abi, "approve", [house, 1_000n * USDC]);
  for (const id of ids) await write(buyer, house, englishAuctionHouseAbi as Abi, "bid", [BigInt(id), USDC]);
  await rpc(stack.rpcUrl, "evm_increaseTime", [601]);
  await rpc(stack.rpcUrl, "evm_mine", []);
  for (const id of ids) await write(seller, house, englishAuctionHouseAbi as Abi, "settle", [BigInt(id)]);
  for (const id of ids)
    await write(seller, house, englishAuctionHouseAbi as Abi, "ship", [BigInt(id), keccak256(toBytes("T"))]);
  return ids;
}

before(async () => {
  stack = await startWebStack();
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  chain = defineChain({
    id: stack.chainId,
    name: "local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [stack.rpcUrl] } },
  });
  reader = readerFor(stack.rpcUrl);
  const seller = walletFor(hardhatKeys[1]);
  const buyer = walletFor(hardhatKeys[2]);
  const uris = [...hostileUris.map(([, uri]) => uri), ...fineUris.map(([, uri]) => uri)];
  const ids = await openDeals(uris.length + 1, seller, buyer);
  const house = addr("EnglishAuctionHouse");
  for (const [i, uri] of uris.entries()) {
    const id = ids[i] as string;
    dealOf.set(uri, id);
    await write(buyer, house, englishAuctionHouseAbi as Abi, "openDispute", [
      BigInt(id),
      keccak256(toBytes(uri)),
      uri,
    ]);
  }
  // One completed deal, reviewed by the buyer with a javascript: "review text" link.
  reviewedDeal = ids.at(-1) as string;
  await write(buyer, house, englishAuctionHouseAbi as Abi, "confirm", [BigInt(reviewedDeal)]);
  await write(buyer, house, englishAuctionHouseAbi as Abi, "review", [
    BigInt(reviewedDeal),
    1,
    keccak256(toBytes("x")),
    "javascript:alert(document.domain)",
  ]);
  await stack.indexerCaughtUp();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

/** Records any dialog (alert, confirm) a page opens: script ran. */
function watchDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on("dialog", (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  return seen;
}

/**
 * In `scope`, the hostile URI is shown as text, nothing in it is a link (or any element with an
 * href/src that is not http(s) on this site, https: or ipfs:), and clicking the text runs nothing
 * and goes nowhere.
 */
async function assertInert(page: Page, scope: ReturnType<Page["locator"]>, dialogs: string[]) {
  // Click what shows the URI (a link to somewhere other than this site, or the text) first.
  const before = page.url();
  await scope.locator('a:not([href^="/"]), [data-testid="user-text"]').first().click();
  await page.waitForTimeout(150);
  assert.deepEqual(dialogs, [], "no script ran");
  assert.equal(page.url(), before, "clicking went nowhere");
  const targets = await scope.evaluate((root) =>
    [...root.querySelectorAll("[href], [src], [action], [formaction]")].map(
      (el) =>
        el.getAttribute("href") ??
        el.getAttribute("src") ??
        el.getAttribute("action") ??
        el.getAttribute("formaction") ??
        "",
    ),
  );
  for (const target of targets) {
    assert.match(
      target,
      /^(\/(?!\/)|https:\/\/|ipfs:\/\/)/,
      `a link or source that may run script: ${JSON.stringify(target)}`,
    );
  }
}

describe("hostile links never run script", () => {
  test(`the deal page shows ${hostileUris.length} hostile evidence URIs as text, and clicking them runs nothing`, async () => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    opened.push(one);
    const dialogs = watchDialogs(one.page);
    for (const [name, uri] of hostileUris) {
      const response = await one.page.goto(`${stack.url}/deal/${dealOf.get(uri)}`);
      assert.equal(response?.status(), 200, name);
      const dispute = one.page.getByTestId("dispute");
      await dispute.waitFor();
      await assertInert(one.page, dispute, dialogs);
      assert.equal(await dispute.getByRole("link").count(), 0, `${name}: no link`);
    }
    assert.deepEqual(one.errors, [], "no console errors or CSP violations");
  });

  test("https: and ipfs: evidence is a link; a data: picture is a preview, never an href", async () => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    opened.push(one);
    for (const [name, uri, shown] of fineUris) {
      await one.page.goto(`${stack.url}/deal/${dealOf.get(uri)}`);
      const dispute = one.page.getByTestId("dispute");
      if (shown === "link") {
        const link = dispute.getByRole("link", { name: uri });
        assert.equal(await link.getAttribute("href"), uri, name);
        assert.match((await link.getAttribute("rel")) ?? "", /noopener/);
      } else {
        assert.equal(await dispute.getByTestId("user-image").getAttribute("src"), uri, name);
        assert.equal(await dispute.locator("a[href^='data:']").count(), 0, `${name}: no data: href`);
      }
    }
    assert.deepEqual(one.errors, []);
  });

  test("a review whose text URI is javascript: shows as text on the deal page and the profile", async () => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    opened.push(one);
    const dialogs = watchDialogs(one.page);
    await one.page.goto(`${stack.url}/deal/${reviewedDeal}`);
    const reviews = one.page.getByTestId("reviews");
    await assertInert(one.page, reviews.locator("li").filter({ hasText: "javascript:" }), dialogs);
    const seller = privateKeyToAccount(hardhatKeys[1]).address.toLowerCase();
    await one.page.goto(`${stack.url}/u/${seller}`);
    await assertInert(
      one.page,
      one.page.getByTestId("reviews").locator("li").filter({ hasText: "javascript:" }),
      dialogs,
    );
    assert.deepEqual(one.errors, []);
  });

  test("the arbiter console shows every hostile evidence URI as text, and clicking them runs nothing", async () => {
    // A 1-of-1 Safe owned by account #3 holds ARBITER_ROLE.
    const admin = walletFor(hardhatKeys[0]);
    const owner = privateKeyToAccount(hardhatKeys[3]).address;
    const safe = await deploySafe(admin as never, reader as never, [owner], 1);
    const role = await reader.readContract({
      address: addr("GavelConfig"),
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    });
    await write(admin, addr("GavelConfig"), gavelConfigAbi as Abi, "grantRole", [role, safe]);
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // the web's arbiter cache (5 s)
    const arbiter = await openSignedIn(browser, stack, hardhatKeys[3], "/", opened);
    const dialogs = watchDialogs(arbiter.page);
    await arbiter.page.goto(`${stack.url}/arbiter`);
    for (const [name, uri] of hostileUris) {
      const card = arbiter.page.getByTestId(`dispute-${dealOf.get(uri)}`);
      await card.waitFor();
      await assertInert(arbiter.page, card, dialogs);
      assert.equal(await card.getByRole("link", { name: uri.trim() }).count(), 0, `${name}: no link`);
    }
    const [, httpsUri] = fineUris[0] as (typeof fineUris)[number];
    const https = arbiter.page.getByTestId(`dispute-${dealOf.get(httpsUri)}`);
    assert.equal(await https.getByRole("link", { name: httpsUri }).getAttribute("href"), httpsUri);
    assert.deepEqual(arbiter.errors, [], "no console errors or CSP violations");
  });
});

describe("security headers", () => {
  const pages = [
    "/",
    "/activity",
    "/stats",
    "/leaderboard",
    "/sell",
    "/support",
    "/auction/1",
    "/deal/1",
    "/no-such-page",
  ];

  test(`every page (${pages.length}) sends a hash-based CSP, framing by Telegram Web only, nosniff and a referrer policy`, async () => {
    for (const path of pages) {
      const response = await fetch(`${stack.url}${path}`, { headers: proxyHeaders(), redirect: "manual" });
      const csp = response.headers.get("content-security-policy") ?? "";
      // Inline scripts by their hash (a page kept for signed-out visitors is served more than once,
      // so no nonce); the hash matching the page's own script is checked in server.test.ts.
      assert.match(csp, /script-src [^;]*'sha256-[A-Za-z0-9+/=]+'/, `${path}: scripts by hash`);
      assert.doesNotMatch(csp, /'nonce-/, `${path}: no nonce`);
      assert.doesNotMatch(/script-src [^;]*/.exec(csp)?.[0] ?? "", /'unsafe-inline'|'unsafe-eval'/, path);
      // Only Telegram Web may frame a page (the Mini App); the only frame a page opens is
      // WalletConnect's Verify API.
      assert.match(csp, /(^|; )frame-ancestors https:\/\/web\.telegram\.org(;|$)/, path);
      assert.match(
        csp,
        /(^|; )frame-src https:\/\/verify\.walletconnect\.org https:\/\/verify\.walletconnect\.com(;|$)/,
        path,
      );
      assert.match(csp, /object-src 'none'/, path);
      assert.match(csp, /base-uri 'self'/, path);
      assert.match(
        csp,
        new RegExp(`connect-src [^;]*${stack.rpcUrl.replace(/[.]/g, "\\.")}`),
        `${path}: the RPC is allowed`,
      );
      assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin", path);
      assert.equal(response.headers.get("x-frame-options"), "DENY", path);
      assert.equal(response.headers.get("strict-transport-security"), null, `${path}: no HSTS over http`);
      await response.body?.cancel();
    }
  });

  test("endpoints send nosniff and a deny-all CSP; HSTS only over https", async () => {
    for (const path of ["/health", "/auth/session", "/auction/1/state"]) {
      const response = await fetch(`${stack.url}${path}`, { headers: proxyHeaders() });
      assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
      assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/, path);
      await response.body?.cancel();
    }
    const secure = await fetch(`${stack.url}/`, { headers: proxyHeaders("https") });
    assert.match(
      secure.headers.get("strict-transport-security") ?? "",
      /^max-age=\d{8,}; includeSubDomains$/,
    );
    await secure.body?.cancel();
  });

  /**
   * A browser for pages served by the test as other sites (https://…) that frame Gavel: Chrome's
   * Local Network Access check would block a public page framing the loopback server before the
   * CSP is consulted (a deployed Gavel is public, so the CSP is what decides there).
   */
  let publicBrowser: Browser | undefined;
  const framingBrowser = async () =>
    (publicBrowser ??= await launchChromium(["--disable-features=LocalNetworkAccessChecks"]));
  after(() => publicBrowser?.close());

  test("Telegram Web (web.telegram.org, its /k/ and /a/ clients) may frame a page, as it frames a Mini App", async () => {
    for (const client of ["k", "a"]) {
      const one = await newPage(await framingBrowser(), { extraHTTPHeaders: proxyHeaders() });
      opened.push(one);
      // Telegram Web's page is served by the test (nothing leaves the machine); it frames Gavel.
      await one.context.route("https://web.telegram.org/**", (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<!doctype html><iframe src="${stack.url}/" width="600" height="400"></iframe>`,
        }),
      );
      await one.page.goto(`https://web.telegram.org/${client}/`);
      const child = one.page.frames().find((frame) => frame !== one.page.mainFrame());
      assert.ok(child, "the frame exists");
      await child.getByRole("button", { name: "Connect wallet", exact: true }).waitFor({ timeout: 20_000 });
      assert.deepEqual(
        one.errors.filter((e) => !e.startsWith("request outside loopback: https://web.telegram.org/")),
        [],
        `${client}: no CSP violation`,
      );
    }
  });

  test("another https site (a look-alike of Telegram's) may not frame a page", async () => {
    for (const origin of [
      "https://web.telegram.org.evil.example",
      "https://telegram.org",
      "https://evil.example",
    ]) {
      const one = await newPage(await framingBrowser(), { extraHTTPHeaders: proxyHeaders() });
      opened.push(one);
      await one.context.route(`${origin}/**`, (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<!doctype html><iframe src="${stack.url}/" width="600" height="400"></iframe>`,
        }),
      );
      const refused = new Promise<string>((resolve) => {
        setTimeout(() => resolve("no refusal on the console within 20 s"), 20_000);
        one.page.on("console", (message) => {
          if (/frame-ancestors|refused to frame|X-Frame-Options/i.test(message.text()))
            resolve(message.text());
        });
      });
      await one.page.goto(`${origin}/`);
      assert.match(await refused, /frame-ancestors/, `${origin}: refused by the CSP`);
      const child = one.page.frames().find((frame) => frame !== one.page.mainFrame());
      const framedText = await child
        ?.locator("body")
        .textContent({ timeout: 2_000 })
        .catch(() => "");
      assert.doesNotMatch(
        framedText ?? "",
        /Connect wallet/,
        `${origin}: Gavel did not render inside the frame`,
      );
    }
  });

  test("the site will not be framed by another page", async () => {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders() });
    opened.push(one);
    await one.page.setContent(`<iframe src="${stack.url}/" width="600" height="400"></iframe>`);
    await one.page.waitForTimeout(1_500);
    const child = one.page.frames().find((frame) => frame !== one.page.mainFrame());
    assert.ok(child, "the frame exists");
    const framedText = await child
      .locator("body")
      .textContent({ timeout: 2_000 })
      .catch(() => "");
    assert.doesNotMatch(framedText ?? "", /Connect wallet/, "Gavel did not render inside the frame");
    one.errors.length = 0; // the refusal itself is reported on the console
  });
});
