// Long on purpose: the sign-in and wallet journeys in a real browser, one after another on one stack (started once: it is the slow part).
// Wallet connection, Sign-In-With-Ethereum and languages in a real browser (Debian chromium via
// playwright-core) against the built web server, embedded Postgres and a Hardhat node. The wallet
// is the injected EIP-6963 test wallet of test/browser/wallet.ts: real keys sign in Node.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type Hex, verifyTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { rpc } from "../../scripts/lib/chain.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys, type InjectedWallet, installWallet } from "./browser/wallet.ts";

const screenshots = `${webDir}/test-results/screenshots`;

let stack: WebStack;
let browser: Browser;
const opened: PageWithErrors[] = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startWebStack({ env: { AUTH_RATE_LIMIT_PER_MINUTE: "20" } });
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

/** A new browser context (own cookies, own client address) with the test wallet installed. */
async function openWithWallet(
  options: { chainId?: number; key?: Hex; locale?: string } = {},
): Promise<PageWithErrors & { wallet: InjectedWallet }> {
  const opened_ = await newPage(browser, {
    extraHTTPHeaders: proxyHeaders(),
    locale: options.locale ?? "en-US",
  });
  opened.push(opened_);
  const wallet = await installWallet(opened_.page, {
    privateKey: options.key ?? hardhatKeys[0],
    rpcUrl: stack.rpcUrl,
    chainId: options.chainId ?? stack.chainId,
  });
  return { ...opened_, wallet };
}

async function sessionRows(address: string): Promise<number> {
  const { rows } = await stack.db.query(
    "select count(*)::int as n from web.sessions where lower(address) = lower($1)",
    [address],
  );
  return rows[0].n;
}

async function chooseWallet(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
  await dialog.getByRole("button", { name: "Gavel Test Wallet" }).click();
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

describe("sign in with a wallet", () => {
  test("connect via the picker, sign in with SIWE for real, stay signed in, sign out", async () => {
    const { page, context, wallet, errors } = await openWithWallet({ key: hardhatKeys[1] });
    const verifyBodies: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/auth/verify")) verifyBodies.push(request.postData() ?? "");
    });
    await page.goto(stack.url);

    await page.getByRole("button", { name: "Connect wallet" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    const option = dialog.getByRole("button", { name: "Gavel Test Wallet" });
    await option.waitFor();
    assert.match(
      (await option.locator("img").getAttribute("src")) ?? "",
      /^data:image\/svg\+xml/,
      "shows the wallet's icon",
    );
    assert.equal(wallet.connected, false, "nothing is connected before the user picks a wallet");
    await option.click();

    const signedIn = page.getByTestId("signed-in-address");
    await signedIn.waitFor({ timeout: 15_000 });
    assert.equal(await signedIn.textContent(), short(wallet.account.address));
    assert.match((await page.locator("header").textContent()) ?? "", /Signed in as/);
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    // The wallet behaved like a real one: no account before eth_requestAccounts, then a personal_sign.
    const methods = wallet.requests.map((r) => r.method);
    const firstRequest = methods.indexOf("eth_requestAccounts");
    assert.ok(firstRequest >= 0, `eth_requestAccounts was called: ${methods.join(", ")}`);
    for (const r of wallet.requests.slice(0, firstRequest)) {
      if (r.method === "eth_accounts") assert.deepEqual(r.outcome, { result: [] });
    }
    const sign = wallet.requests.find((r) => r.method === "personal_sign");
    assert.ok(sign, "the sign-in message was signed");
    const text = Buffer.from((sign.params[0] as string).slice(2), "hex").toString("utf8");
    assert.match(
      text,
      new RegExp(`^${stack.url.replace("http://", "")} wants you to sign in with your Ethereum account:`),
    );
    assert.match(text, /Chain ID: 31337/);

    // The session is a row in Postgres and an httpOnly, SameSite=Lax cookie (not Secure over http).
    assert.equal(await sessionRows(wallet.account.address), 1);
    const cookie = (await context.cookies()).find((c) => c.name === "gavel_session");
    assert.ok(cookie, "session cookie set");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Lax");
    assert.equal(cookie.secure, false);

    // Server-rendered on reload, with no wallet code needed.
    await page.reload();
    await signedIn.waitFor();
    await page.screenshot({ path: `${screenshots}/signed-in.png`, fullPage: true });

    // A replay of the very request the browser made is refused: the nonce was single-use.
    assert.equal(verifyBodies.length, 1);
    const replay = await fetch(`${stack.url}/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", ...proxyHeaders() },
      body: verifyBodies[0],
    });
    assert.equal(replay.status, 401);
    assert.deepEqual(await replay.json(), { error: "nonce_invalid", field: "message.nonce" });
    assert.equal(await sessionRows(wallet.account.address), 1, "the replay made no session");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Connect wallet" }).waitFor();
    assert.equal(await sessionRows(wallet.account.address), 0, "the session row is gone");
    assert.equal(
      (await context.cookies()).find((c) => c.name === "gavel_session"),
      undefined,
      "cookie cleared",
    );
    await page.reload();
    await page.getByRole("button", { name: "Connect wallet" }).waitFor();
    assert.deepEqual(errors, [], "no console errors");
  });

  test("a rejected signature is explained in plain words, and trying again works", async () => {
    const { page, wallet, errors } = await openWithWallet({ key: hardhatKeys[2] });
    await page.goto(stack.url);
    wallet.rejectNext("personal_sign");
    await chooseWallet(page);
    const status = page.getByRole("dialog").getByRole("status");
    await status.getByText("You declined the request in your wallet. Nothing was signed or sent.").waitFor();
    assert.equal(await sessionRows(wallet.account.address), 0, "no session after a refusal");
    assert.equal(await page.getByTestId("signed-in-address").count(), 0);

    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("signed-in-address").waitFor({ timeout: 15_000 });
    assert.equal(await sessionRows(wallet.account.address), 1);
    assert.deepEqual(errors, []);
  });

  test("a rejected connection request is explained too", async () => {
    const { page, wallet } = await openWithWallet({ key: hardhatKeys[3] });
    await page.goto(stack.url);
    wallet.rejectNext("wallet_requestPermissions", "eth_requestAccounts");
    await chooseWallet(page);
    await page.getByText("You declined the request in your wallet. Nothing was signed or sent.").waitFor();
    assert.equal(wallet.connected, false, "the wallet shared no account");
    assert.equal(await page.getByTestId("signed-in-address").count(), 0);
    await page.getByRole("button", { name: "Try again" }).waitFor();
  });

  test("on the wrong network the dialog says so and offers a switch that works", async () => {
    const { page, wallet, errors } = await openWithWallet({ chainId: 1, key: hardhatKeys[2] });
    await page.goto(stack.url);
    await chooseWallet(page);
    await page.getByText("Your wallet is on Ethereum. Gavel works on Hardhat (local).").waitFor();
    assert.equal(wallet.requests.filter((r) => r.method === "personal_sign").length, 0, "nothing signed yet");

    await page.getByRole("button", { name: "Switch to Hardhat (local)" }).click();
    await page.getByTestId("signed-in-address").waitFor({ timeout: 15_000 });
    assert.equal(wallet.chainId, 31337, "the wallet was asked to switch");
    assert.deepEqual(errors, []);
  });
});

describe("the sign-in endpoints refuse what they must", () => {
  const account = privateKeyToAccount(hardhatKeys[3]);
  const host = () => stack.url.replace("http://", "");

  /** The cookie the last nonce came with (it binds the nonce to this client). */
  let nonceCookie = "";
  async function nonce(): Promise<string> {
    const response = await fetch(`${stack.url}/auth/nonce`, {
      method: "POST",
      headers: { "content-type": "application/json", ...proxyHeaders() },
      body: "{}",
    });
    assert.equal(response.status, 200);
    nonceCookie = response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "")[0] ?? "";
    return (await response.json()).nonce;
  }

  async function verify(message: string, headers = proxyHeaders()) {
    const signature = await account.signMessage({ message });
    const response = await fetch(`${stack.url}/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: nonceCookie, ...headers },
      body: JSON.stringify({ message, signature }),
    });
    return {
      status: response.status,
      body: await response.json(),
      setCookie: response.headers.get("set-cookie"),
    };
  }

  const message = (overrides: Partial<Parameters<typeof createSiweMessage>[0]> & { nonce: string }) =>
    createSiweMessage({
      address: account.address,
      chainId: 31337,
      domain: host(),
      uri: stack.url,
      version: "1",
      issuedAt: new Date(),
      expirationTime: new Date(Date.now() + 5 * 60_000),
      ...overrides,
    });

  test("a message for another domain or another chain is refused, without spending the nonce", async () => {
    const n = await nonce();
    const otherDomain = await verify(
      message({ nonce: n, domain: "gavel.evil.example", uri: "https://gavel.evil.example" }),
    );
    assert.equal(otherDomain.status, 401);
    assert.deepEqual(otherDomain.body, { error: "domain_mismatch", field: "message.domain" });

    const otherChain = await verify(message({ nonce: n, chainId: 1 }));
    assert.equal(otherChain.status, 401);
    assert.deepEqual(otherChain.body, { error: "chain_mismatch", field: "message.chainId" });

    const otherUri = await verify(message({ nonce: n, uri: "https://elsewhere.example/login" }));
    assert.deepEqual(otherUri.body, { error: "uri_mismatch", field: "message.uri" });

    const expired = await verify(
      message({
        nonce: n,
        issuedAt: new Date(Date.now() - 120_000),
        expirationTime: new Date(Date.now() - 60_000),
      }),
    );
    assert.deepEqual(expired.body, { error: "time_invalid", field: "message.expirationTime" });

    const unknownNonce = await verify(message({ nonce: "abcdef0123456789abcdef0123456789" }));
    assert.deepEqual(unknownNonce.body, { error: "nonce_invalid", field: "message.nonce" });

    // The refusals above did not burn the nonce; the right message signs in once, and only once.
    const good = message({ nonce: n });
    const first = await verify(good);
    assert.equal(first.status, 200);
    assert.equal(first.body.address, account.address);
    const again = await verify(good);
    assert.deepEqual(again.body, { error: "nonce_invalid", field: "message.nonce" });
  });

  test("a signature by another key is refused", async () => {
    const n = await nonce();
    const text = message({ nonce: n });
    const signature = await privateKeyToAccount(hardhatKeys[0]).signMessage({ message: text });
    const response = await fetch(`${stack.url}/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: nonceCookie, ...proxyHeaders() },
      body: JSON.stringify({ message: text, signature }),
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "signature_invalid", field: "signature" });
  });

  test("over https the session cookie is Secure", async () => {
    const result = await verify(
      message({ nonce: await nonce(), uri: stack.url.replace("http:", "https:") }),
      proxyHeaders("https"),
    );
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.match(result.setCookie ?? "", /gavel_session=[\w-]{43};/);
    assert.match(result.setCookie ?? "", /; HttpOnly/i);
    assert.match(result.setCookie ?? "", /; Secure/i);
    assert.match(result.setCookie ?? "", /; SameSite=Lax/i);
  });

  test("bad input is a 400 naming the field", async () => {
    const post = async (body: string, type = "application/json") => {
      const response = await fetch(`${stack.url}/auth/verify`, {
        method: "POST",
        headers: { "content-type": type, ...proxyHeaders() },
        body,
      });
      return { status: response.status, body: await response.json() };
    };
    const sig = `0x${"11".repeat(65)}`;
    const cases: Array<[string, string]> = [
      ["{not json", "body"],
      [JSON.stringify({ signature: sig }), "message"],
      [JSON.stringify({ message: 5, signature: sig }), "message"],
      [JSON.stringify({ message: "hello", signature: "0x1234" }), "signature"],
      [JSON.stringify({ message: "hello", signature: sig }), "message.domain"],
      [
        JSON.stringify({
          message: message({ nonce: "abcdef0123456789" }).replace(/\nExpiration Time: .*/, ""),
          signature: sig,
        }),
        "message.expirationTime",
      ],
    ];
    for (const [body, field] of cases) {
      const result = await post(body);
      assert.equal(result.status, 400, `${body} → 400`);
      assert.equal(result.body.error, "bad_request");
      assert.equal(result.body.field, field, `${body} names ${field}`);
    }
    // A cross-site HTML form can only send form types: SvelteKit's CSRF check stops those (403)
    // and the route itself answers anything but JSON with 415.
    const form = await fetch(`${stack.url}/auth/verify`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        ...proxyHeaders(),
      },
      body: "message=x",
    });
    assert.equal(form.status, 403, "a cross-site form post is refused");
    const xml = await post("<message/>", "application/xml");
    assert.equal(xml.status, 415, "only JSON is accepted");
  });

  test("the auth routes are rate limited per client", async () => {
    const headers = { "content-type": "application/json", ...proxyHeaders() };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await fetch(`${stack.url}/auth/nonce`, { method: "POST", headers, body: "{}" });
      statuses.push(response.status);
      if (response.status === 429) {
        assert.match(response.headers.get("retry-after") ?? "", /^\d+$/);
        assert.equal((await response.json()).error, "rate_limited");
      } else await response.body?.cancel();
    }
    assert.equal(statuses.filter((s) => s === 200).length, 20, `20 allowed: ${statuses.join(",")}`);
    assert.equal(statuses.at(-1), 429);
    // Another client is not affected.
    const other = await fetch(`${stack.url}/auth/nonce`, {
      method: "POST",
      headers: { "content-type": "application/json", ...proxyHeaders() },
      body: "{}",
    });
    assert.equal(other.status, 200);
  });
});

describe("languages and pages without a wallet", () => {
  test("the language switch turns the page Russian, and the choice sticks", async () => {
    const { page, context, errors } = await openWithWallet();
    await page.goto(stack.url);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("heading", { name: "Auctions", exact: true }).waitFor();
    await page.getByText("No auctions yet.").waitFor();

    await page.getByRole("link", { name: "Русский" }).click();
    await page.getByRole("heading", { name: "Аукционы", exact: true }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "ru", "<html lang> set by the server");
    await page.getByRole("button", { name: "Подключить кошелёк" }).waitFor();
    await page.getByText("Аукционов пока нет.").waitFor();
    assert.match((await page.locator("footer").textContent()) ?? "", /Сеть: Hardhat \(local\)/);
    assert.equal(new URL(page.url()).search, "", "the ?lang= parameter is gone after the switch");
    const cookie = (await context.cookies()).find((c) => c.name === "gavel_locale");
    assert.equal(cookie?.value, "ru");

    await page.getByRole("button", { name: "Подключить кошелёк" }).click();
    await page.getByRole("dialog", { name: "Вход через кошелёк" }).waitFor();
    await page.screenshot({ path: `${screenshots}/russian.png`, fullPage: true });
    await page.keyboard.press("Escape");

    await page.reload();
    await page.getByRole("heading", { name: "Аукционы", exact: true }).waitFor();
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Auctions", exact: true }).waitFor();
    assert.deepEqual(errors, []);
  });

  test("a browser asking for Russian gets Russian without a cookie", async () => {
    const response = await fetch(stack.url, {
      headers: { "accept-language": "ru-RU,ru;q=0.9,en;q=0.8", ...proxyHeaders() },
    });
    const html = await response.text();
    assert.match(html, /<html lang="ru">/);
    assert.match(html, /Аукционы/);
  });

  test("with no wallet at all the page renders, loads no wallet code, and says what to do", async () => {
    const { page, errors } = await newPage(browser, { extraHTTPHeaders: proxyHeaders() });
    opened.push({ page, errors, context: page.context() });
    const scripts: string[] = [];
    page.on("response", async (response) => {
      if (response.url().endsWith(".js")) scripts.push(await response.text().catch(() => ""));
    });
    await page.goto(stack.url);
    await page.getByRole("heading", { name: "Auctions", exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.ok(scripts.length > 0);
    assert.ok(
      !scripts.some((s) => s.includes("eip6963:requestProvider")),
      "no wallet code before it is asked for",
    );

    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page
      .getByText(
        "No wallet was found in this browser. Install a browser wallet such as MetaMask, Rabby or Coinbase Wallet",
      )
      .waitFor();
    assert.ok(
      scripts.some((s) => s.includes("eip6963:requestProvider")),
      "wallet code loaded on demand",
    );
    // No WalletConnect project id here: it is not offered, and none of its code is requested.
    assert.equal(await page.getByRole("button", { name: "WalletConnect" }).count(), 0);
    assert.ok(!scripts.some((s) => s.includes("relay.walletconnect")), "no WalletConnect code");
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: `${screenshots}/no-wallet-phone.png`, fullPage: true });
    assert.deepEqual(errors, []);
  });
});

describe("the injected test wallet", () => {
  test("signs typed data and sends real transactions to the Hardhat node", async () => {
    const { page, wallet } = await openWithWallet({ key: hardhatKeys[0] });
    await page.goto(stack.url);
    const recipient = privateKeyToAccount(hardhatKeys[3]).address;
    const before = BigInt(await rpc<string>(stack.rpcUrl, "eth_getBalance", [recipient, "latest"]));
    const typed = {
      domain: { name: "Gavel", version: "1", chainId: 31337 },
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
        ],
        Ping: [{ name: "text", type: "string" }],
      },
      primaryType: "Ping",
      message: { text: "hello" },
    };
    const result = await page.evaluate(
      async ({ to, typedJson }) => {
        const found = await new Promise<{
          request(a: { method: string; params?: unknown[] }): Promise<unknown>;
        }>((resolve) => {
          window.addEventListener("eip6963:announceProvider", (event) =>
            resolve((event as CustomEvent).detail.provider),
          );
          window.dispatchEvent(new Event("eip6963:requestProvider"));
        });
        const before = await found.request({ method: "eth_accounts" });
        const [from] = (await found.request({ method: "eth_requestAccounts" })) as string[];
        const signature = await found.request({ method: "eth_signTypedData_v4", params: [from, typedJson] });
        const hash = await found.request({
          method: "eth_sendTransaction",
          params: [{ from, to, value: "0x2386f26fc10000" }],
        });
        return { before, from, signature, hash };
      },
      { to: recipient, typedJson: JSON.stringify(typed) },
    );
    assert.deepEqual(result.before, [], "eth_accounts is empty until eth_requestAccounts");
    assert.equal(result.from, wallet.account.address);
    const { EIP712Domain: _unused, ...types } = typed.types;
    assert.ok(
      await verifyTypedData({
        address: wallet.account.address,
        domain: typed.domain,
        types,
        primaryType: "Ping",
        message: typed.message,
        signature: result.signature as Hex,
      }),
    );
    const receipt = await rpc<{ status: string }>(stack.rpcUrl, "eth_getTransactionReceipt", [result.hash]);
    assert.equal(receipt.status, "0x1");
    const afterBalance = BigInt(await rpc<string>(stack.rpcUrl, "eth_getBalance", [recipient, "latest"]));
    assert.equal(afterBalance - before, 10n ** 16n, "0.01 ETH arrived");
  });
});
