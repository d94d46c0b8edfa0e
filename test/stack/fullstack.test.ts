// Long on purpose: the whole stack as one journey (chain → indexer → web → bot), each step depending on the previous one.
// One story across every service, as users meet it: Postgres, a Hardhat chain with Gavel deployed
// by Ignition, the real indexer, the built web app in Debian chromium (injected wallets signing
// with Hardhat's development keys), the real bot against a fake Telegram Bot API, the keeper
// process and a 2-of-3 Safe of arbiters.
//
// A seller lists two items in the browser (with a picture); a Telegram user links their wallet
// with a token from the web app's settings page and follows the first auction in the bot; two
// bidders bid in the browser and the follower is told each price; time passes the end; the keeper
// settles; the seller ships, the buyer confirms and the seller is paid in the same transaction, and the
// bot tells the parties each step. The second deal is disputed and ruled by the arbiters' Safe
// (one signature is refused, two pass), and the bot tells both parties.
//
// Nothing here writes a database or calls a contract for a user: users act in the browser, in
// their wallet or in Telegram. The exceptions are the clock (evm_increaseTime + evm_mine), the
// admin's granting of ARBITER_ROLE to the Safe, and the Safe owners' signing, which is what
// arbiters do. Reads of the chain and the indexer are only used to check what users were told.
// The browser harness (web/test/browser/wallet.ts) runs code in the page: DOM types for it.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  toFunctionSelector,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { BOT_USER, type SentMessage } from "../../bot/dev/fake-bot-api.ts";
import { type BotStack, Cleanup, LINK_SECRET, startBotStack } from "../../bot/test/helpers.ts";
import { exposedMetricNames, unexposedAlertMetrics } from "../../scripts/chaos/alerts.ts";
import { hardhatDevKey, repoRoot, rpc } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { startProcess } from "../../scripts/lib/processes.ts";
import { buildSafeTx, deploySafe, execSafeTx, signSafeTx } from "../../scripts/lib/safe.ts";
import { launchChromium, newPage, type PageWithErrors } from "../../web/test/browser/chromium.ts";
import { proxyHeaders, startWebStack, type WebStack } from "../../web/test/browser/stack.ts";
import { type InjectedWallet, installWallet } from "../../web/test/browser/wallet.ts";

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = PageWithErrors["page"];

/** A 2×2 PNG: a real image, checked by its magic bytes on upload. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==",
  "base64",
);

// Wallets: Hardhat's development accounts. 0 deploys (admin), 1 sells, 2 and 3 bid, 4 follows
// in Telegram, 5–7 own the arbiters' Safe, 19 is the keeper (gas only).
const keys = {
  deployer: hardhatDevKey(0),
  seller: hardhatDevKey(1),
  bidderA: hardhatDevKey(2),
  bidderB: hardhatDevKey(3),
  follower: hardhatDevKey(4),
  arbiters: [hardhatDevKey(5), hardhatDevKey(6), hardhatDevKey(7)],
  keeper: hardhatDevKey(19),
  relayer: hardhatDevKey(18),
};
// Telegram users, each linking one wallet.
const sam = { id: 410_001, first_name: "Sam", language_code: "en" }; // the seller
const bea = { id: 410_002, first_name: "Bea", language_code: "en" }; // bidder B, the buyer
const finn = { id: 410_003, first_name: "Finn", language_code: "en" }; // follows auction 1
type TgUser = typeof sam;

const TITLE_1 = "Brass telescope, 1890s";
const TITLE_2 = "Porcelain tea set";
const usdc = (whole: string) => BigInt(Math.round(Number(whole) * 1e6));

describe("Gavel end to end: browser, indexer, bot, keeper and the arbiters' Safe", {
  timeout: 280_000,
}, () => {
  const cleanup = new Cleanup();
  let stack: WebStack;
  let bot: BotStack;
  let browser: Browser;
  const keeperLog: string[] = [];
  let keeperUrl = "";
  const replies = new Set<SentMessage>();
  let telescope = 0n; // auction (and deal) ids
  let teaSet = 0n;

  type Opened = PageWithErrors & { wallet: InjectedWallet };
  const opened: Opened[] = [];
  let seller: Opened;
  let bidderA: Opened;
  let bidderB: Opened;
  let follower: Opened;

  const chain = () => createPublicClient({ transport: http(stack.rpcUrl) });
  const house = () => stack.addresses.EnglishAuctionHouse as Address;

  /** What a Telegram user types; resolves with the bot's reply. */
  const say = async (user: TgUser, text: string) => {
    const from = bot.api.sent.length;
    bot.api.sendText(user, text);
    const reply = await bot.api.waitForMessage(user.id, (m) => bot.api.sent.indexOf(m) >= from, 15_000);
    replies.add(reply);
    return reply;
  };
  /** Waits for a notification (not a command reply) to `user` matching `pattern`. */
  const told = (user: TgUser, pattern: RegExp, timeoutMs = 20_000) =>
    bot.api
      .waitForMessage(user.id, (m) => !replies.has(m) && pattern.test(m.text), timeoutMs)
      .catch((error: Error) => {
        const got = bot.api.sent.filter((m) => m.chatId === user.id).map((m) => m.text);
        throw new Error(
          `${error.message}: ${pattern} never came to ${user.first_name}; got:\n${got.join("\n---\n")}`,
        );
      });

  async function openSignedIn(key: Hex, path = "/"): Promise<Opened> {
    const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    const wallet = await installWallet(one.page, {
      privateKey: key,
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    });
    const result = { ...one, wallet };
    opened.push(result);
    await one.page.goto(`${stack.url}${path}`);
    await one.page.getByRole("button", { name: "Connect wallet", exact: true }).click();
    await one.page
      .getByRole("dialog", { name: "Sign in with your wallet" })
      .getByRole("button", { name: "Gavel Test Wallet" })
      .click();
    await one.page.getByTestId("signed-in-address").waitFor({ timeout: 20_000 });
    await one.page.keyboard.press("Escape").catch(() => {});
    return result;
  }

  /** Waits until the page's transaction status reaches "indexed"; fails at once on a failure. */
  async function waitIndexed(page: Page, nth = 0) {
    const status = page.locator("[data-phase]").nth(nth);
    const deadline = Date.now() + 45_000;
    for (;;) {
      const phase = await status.getAttribute("data-phase", { timeout: 500 }).catch(() => null);
      if (phase === "indexed") return;
      if (phase && ["failed", "rejected", "insufficient", "wrongAccount"].includes(phase))
        assert.fail(`transaction ${phase}: ${await status.textContent()}`);
      if (Date.now() > deadline) assert.fail(`still ${phase} after 45 s: ${await status.textContent()}`);
      await page.waitForTimeout(100);
    }
  }

  /** The settings page makes a link token; the user opens the bot with it (`/start link_…`). */
  async function linkTelegram(who: Opened, user: TgUser) {
    const { page } = who;
    await page.goto(`${stack.url}/settings`);
    await page.getByRole("button", { name: "Link Telegram" }).click();
    const href = (await page.getByTestId("telegram-link").getAttribute("href")) ?? "";
    const match = /^https:\/\/t\.me\/(\w+)\?start=(link_[A-Za-z0-9_-]+)$/.exec(href);
    assert.ok(match, `a t.me link, got ${href}`);
    assert.equal(match[1], BOT_USER.username);
    const reply = await say(user, `/start ${match[2]}`);
    const address = who.wallet.account.address.toLowerCase(); // the bot shows it shortened
    assert.equal(
      reply.text.split("\n")[0],
      `Done: this chat is linked to wallet ${address.slice(0, 6)}…${address.slice(-4)}.`,
    );
  }

  /** Lists an English auction through the sell form; answers its id. */
  async function list(title: string, startPrice: string): Promise<bigint> {
    const { page, wallet } = seller;
    await page.goto(`${stack.url}/sell`);
    await page.getByRole("heading", { name: "List an item" }).waitFor();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill(`${title}. Ships insured.`);
    await page.getByLabel("Pictures").setInputFiles({ name: "item.png", mimeType: "image/png", buffer: png });
    await page.getByLabel("Starting price (USDC)").fill(startPrice);
    await page.getByLabel("Duration (minutes)").fill("30");
    await page.getByLabel("Late-bid extension (minutes)").fill("0");
    const sends = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await page.getByRole("button", { name: "Review and sign" }).click();
    await page.waitForURL(/\/auction\/\d+$/, { timeout: 60_000 });
    assert.equal(wallet.requests.filter((r) => r.method === "eth_sendTransaction").length - sends, 1);
    await page.getByRole("heading", { name: title }).waitFor();
    const src = (await page.getByRole("img", { name: title }).getAttribute("src")) ?? "";
    const served = await fetch(`${stack.url}${src}`);
    assert.equal(served.headers.get("content-type"), "image/png");
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png, "the picture is served as uploaded");
    return BigInt(/\/auction\/(\d+)$/.exec(page.url())?.[1] ?? "0");
  }

  async function bid(who: Opened, id: bigint, amount: string) {
    const { page } = who;
    await page.goto(`${stack.url}/auction/${id}`);
    await page.getByLabel(/Your maximum bid|Raise your maximum/).fill(amount);
    await page.getByRole("button", { name: "Place bid" }).click();
    await waitIndexed(page);
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor({ timeout: 15_000 });
  }

  /** The dashboard's deal row for `title` says `next`. */
  async function dashboardSays(who: Opened, title: string, next: string | RegExp) {
    const { page } = who;
    const row = page.getByTestId("deal-row").filter({ hasText: title });
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.goto(`${stack.url}/dashboard`);
      const text =
        (await row
          .getByTestId("next-action")
          .textContent()
          .catch(() => null)) ?? "";
      if (typeof next === "string" ? text.startsWith(next) : next.test(text)) return;
      if (Date.now() > deadline) assert.fail(`${title}: dashboard says “${text}”, expected ${next}`);
      await page.waitForTimeout(300);
    }
  }

  /** The seller's USDC in their wallet. */
  const sellerBalance = () =>
    chain().readContract({
      address: stack.addresses.TestUSDC as Address,
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [seller.wallet.account.address],
    }) as Promise<bigint>;

  /** From the dashboard, the user opens the deal page of `title` (the deal row's link). */
  async function openDeal(who: Opened, title: string): Promise<Page> {
    const { page } = who;
    await page.goto(`${stack.url}/dashboard`);
    await page.getByTestId("deal-row").getByRole("link", { name: title }).click();
    await page.waitForURL(/\/deal\/\d+$/);
    return page;
  }

  /** On the deal page: waits for the headline to say `text`; fails at once if a transaction failed. */
  async function dealHeadline(page: Page, text: string) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const headline =
        (await page
          .getByTestId("deal-headline")
          .textContent()
          .catch(() => null)) ?? "";
      if (headline.startsWith(text)) return;
      const failed = page.locator(
        '[data-phase="failed"], [data-phase="rejected"], [data-phase="insufficient"], [data-phase="wrongAccount"]',
      );
      if ((await failed.count()) > 0) assert.fail(`deal page: ${await failed.first().textContent()}`);
      if (Date.now() > deadline) assert.fail(`deal page says “${headline}”, expected “${text}”`);
      await page.waitForTimeout(100);
    }
  }

  async function ship(title: string, tracking: string) {
    const page = await openDeal(seller, title);
    await page.getByLabel("Tracking number").fill(tracking);
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await dealHeadline(page, "Shipped. The buyer confirms on arrival");
    // The timeline now shows the shipping step (only the number's hash went on chain).
    await page.getByTestId("timeline").locator('[data-step="shipped"]').waitFor();
  }

  async function confirm(title: string, tracking: string) {
    const page = await openDeal(bidderB, title);
    // The buyer checks the number the seller sent against the on-chain fingerprint.
    await page.getByLabel("Check a tracking number against it").fill(tracking);
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await page.getByText("It matches what the seller put on chain.").waitFor();
    await page.getByRole("button", { name: "I received it — pay the seller" }).click();
    await dealHeadline(page, "Done. The seller has been paid.");
  }

  async function openDispute(title: string, reason: string) {
    const page = await openDeal(bidderB, title);
    await page.getByText("Something wrong? Open a dispute").click();
    await page.getByLabel("What went wrong?").fill(reason);
    await page
      .getByLabel("Photos (optional)")
      .setInputFiles({ name: "returned.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Open the dispute" }).click();
    await dealHeadline(page, "In dispute — an arbiter will decide");
    // The evidence is stored by the web app and shown to whoever reads the deal (the arbiters).
    const dispute = page.getByTestId("dispute");
    await dispute.getByText(reason).waitFor();
    await dispute.getByRole("img", { name: "Evidence photo" }).waitFor();
  }

  before(async () => {
    try {
      stack = await startWebStack({
        env: { LINK_TOKEN_SECRET: LINK_SECRET, PUBLIC_BOT_USERNAME: BOT_USER.username },
      });
      cleanup.add(() => stack.stop());
      // The bot in its own schema of the same Postgres, reading the real indexer.
      bot = await startBotStack(cleanup, {
        databaseUrl: stack.databaseUrl,
        env: { INDEXER_URL: stack.indexerUrl, WEB_URL: stack.url },
      });
      // The keeper, as an operator runs it: its own process and key (gas only).
      const keeperPort = await freePort();
      keeperUrl = `http://127.0.0.1:${keeperPort}`;
      const keeper = startProcess("keeper", process.execPath, ["scripts/keeper/src/main.ts"], {
        cwd: repoRoot,
        env: {
          RPC_URL: stack.rpcUrl,
          INDEXER_URL: stack.indexerUrl,
          KEEPER_PRIVATE_KEY: keys.keeper,
          KEEPER_PORT: String(keeperPort),
          KEEPER_INTERVAL_MS: "250",
        },
        onLine: (line) => keeperLog.push(line),
      });
      cleanup.add(() => keeper.stop());
      await waitFor("the keeper's /health", async () => (await fetch(`${keeperUrl}/health`)).ok, {
        timeoutMs: 30_000,
      });
      browser = await launchChromium();
      cleanup.add(() => browser.close());
      cleanup.add(async () => {
        for (const one of opened) await one.context.close().catch(() => {});
      });
    } catch (error) {
      await cleanup.run().catch(() => {});
      throw error;
    }
  });
  after(() => cleanup.run());

  test("the seller lists two items with pictures in the browser", async () => {
    seller = await openSignedIn(keys.seller, "/sell");
    telescope = await list(TITLE_1, "10");
    teaSet = await list(TITLE_2, "8");
    assert.ok(telescope > 0n && teaSet > telescope, `ids ${telescope}, ${teaSet}`);
  });

  test("Telegram users link their wallets from the settings page; one follows the telescope", async () => {
    follower = await openSignedIn(keys.follower);
    bidderA = await openSignedIn(keys.bidderA);
    bidderB = await openSignedIn(keys.bidderB);
    await linkTelegram(follower, finn);
    await linkTelegram(seller, sam);
    await linkTelegram(bidderB, bea);
    const reply = await say(finn, `/follow ${telescope}`);
    assert.match(reply.text, new RegExp(`^You follow auction #${telescope} “${TITLE_1}”\\. `), reply.text);
  });

  test("two bidders bid in the browser; the follower is told each price exactly", async () => {
    await bid(bidderA, telescope, "20"); // A leads at the start price
    await told(finn, /New bid: the price is now 10\.00\sUSDC\. The next bid must be at least 10\.50\sUSDC\./);
    await bid(bidderB, telescope, "30"); // B outbids: 20 USDC + 5 % = 21 USDC
    const note = await told(finn, /New bid: the price is now 21\.00\sUSDC\./);
    assert.match(
      note.text,
      new RegExp(
        `^Auction #${telescope} “${TITLE_1}”\\n\\nNew bid: the price is now 21\\.00\\sUSDC\\. The next bid must be at least 22\\.05\\sUSDC\\. Ends `,
      ),
    );
    await bidderA.page.getByTestId("standing").getByText("You have been outbid").waitFor({ timeout: 15_000 });
    // The seller hears about both bids; B bids alone on the tea set.
    await told(sam, /New bid: the price is now 21\.00\sUSDC\./);
    await bid(bidderB, teaSet, "8");
  });

  test("after the end the keeper settles both auctions; the bot tells winner, seller and follower", async () => {
    // The clock is the one thing moved behind the users' backs.
    await rpc(stack.rpcUrl, "evm_increaseTime", [31 * 60]);
    await rpc(stack.rpcUrl, "evm_mine", []);
    const won = await told(bea, new RegExp(`You won for 21\\.00\\sUSDC! Deal #${telescope} is open`), 40_000);
    assert.match(won.text, /9\.00\sUSDC of your escrow went back to your wallet\./, won.text);
    await told(bea, new RegExp(`You won for 8\\.00\\sUSDC! Deal #${teaSet} is open`), 40_000);
    const sold = await told(sam, new RegExp(`Sold for 21\\.00\\sUSDC\\. Deal #${telescope} is open`));
    assert.match(sold.text, /Deal opened for 21\.00\sUSDC\. Ship by /);
    await told(finn, /The auction ended: sold for 21\.00\sUSDC\./);
    // Nobody pressed "Settle": the keeper did both, once each.
    const metrics = await (await fetch(`${keeperUrl}/metrics`)).text();
    assert.match(
      metrics,
      /^gavel_keeper_jobs_total\{kind="settle",outcome="done"\} 2$/m,
      keeperLog.slice(-10).join("\n"),
    );
    await dashboardSays(seller, TITLE_1, "Next: ship the item and mark it shipped by");
    await dashboardSays(bidderB, TITLE_1, "Next: the seller ships by");
    await bidderA.page.goto(`${stack.url}/dashboard`);
    await bidderA.page.getByTestId("bid-row").filter({ hasText: TITLE_1 }).getByText("Not won").waitFor();
  });

  test("the seller ships, the buyer confirms, each told in Telegram", async () => {
    await dashboardSays(seller, TITLE_1, "Next: ship the item and mark it shipped by");
    await ship(TITLE_1, "TRACK-TELESCOPE-1");
    await told(bea, new RegExp(`Auction #${telescope}[^\\n]*\\n\\nThe seller shipped your item\\.`));
    await dashboardSays(bidderB, TITLE_1, "Next: confirm delivery once the item arrives, by");
    await dashboardSays(seller, TITLE_1, "Next: the buyer confirms delivery");

    const paidBefore = await sellerBalance();
    await confirm(TITLE_1, "TRACK-TELESCOPE-1");
    // 21 USDC − 2.5 % fee (0.525) = 20.475 USDC, in the seller's wallet in the buyer's transaction.
    await told(sam, /The buyer confirmed delivery\. 20\.48\sUSDC was paid to your wallet\./);
    assert.equal((await sellerBalance()) - paidBefore, usdc("20.475"));
    await told(bea, /You confirmed delivery; the deal is complete\./);
    await dashboardSays(seller, TITLE_1, "Nothing left to do.");
    await dashboardSays(bidderB, TITLE_1, "Nothing left to do.");
  });

  test("the seller has nothing to withdraw: the deal page and the dashboard say the money went to the wallet", async () => {
    const page = await openDeal(seller, TITLE_1);
    await dealHeadline(page, "Done. The payment went straight to your wallet.");
    await page.goto(`${stack.url}/dashboard`);
    await page.getByText("Nothing to withdraw.").waitFor({ timeout: 30_000 });
    const sent = seller.wallet.requests.filter((r) => r.method === "eth_sendTransaction");
    assert.ok(
      sent.every(
        (r) =>
          (r.params[0] as { data?: string } | undefined)?.data?.slice(0, 10) !==
          toFunctionSelector("withdraw()"),
      ),
      "no withdraw transaction was needed",
    );
  });

  test("a disputed deal is ruled by the arbiters' 2-of-3 Safe, and the bot tells both parties", async () => {
    // The arbiters' Safe: three owners, two must sign. The local deployer (admin) gives it ARBITER_ROLE.
    const publicClient = chain();
    const walletOf = (key: Hex) =>
      createWalletClient({ account: privateKeyToAccount(key), transport: http(stack.rpcUrl) });
    const admin = walletOf(keys.deployer);
    const owners = keys.arbiters.map(walletOf);
    const safe = await deploySafe(
      admin,
      publicClient,
      owners.map((o) => o.account.address),
      2,
    );
    const config = stack.addresses.GavelConfig as Address;
    const arbiterRole = (await publicClient.readContract({
      address: config,
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    })) as Hex;
    const grant = await admin.writeContract({
      address: config,
      abi: gavelConfigAbi,
      functionName: "grantRole",
      args: [arbiterRole, safe],
      chain: null,
    });
    await publicClient.waitForTransactionReceipt({ hash: grant });

    // The seller ships; the buyer says it never arrived and opens a dispute.
    await dashboardSays(seller, TITLE_2, "Next: ship the item and mark it shipped by");
    await ship(TITLE_2, "TRACK-TEA-2");
    await dashboardSays(bidderB, TITLE_2, "Next: confirm delivery once the item arrives, by");
    const evidence = "Tracking shows it was returned to the sender; nothing arrived.";
    await openDispute(TITLE_2, evidence);
    await told(
      bea,
      new RegExp(`Auction #${teaSet}[^\\n]*\\n\\nYou opened a dispute\\. An arbiter will rule by `),
    );
    await told(sam, /The buyer opened a dispute\. An arbiter will rule by /);
    await dashboardSays(seller, TITLE_2, "Next: an arbiter rules by");

    // The arbiters rule 70 % to the buyer: one owner's signature is not enough, two are.
    const rule = encodeFunctionData({
      abi: englishAuctionHouseAbi,
      functionName: "rule",
      args: [teaSet, 7_000],
    });
    const safeTx = await buildSafeTx(publicClient, safe, house(), rule);
    const [first, second] = owners as [(typeof owners)[0], (typeof owners)[0]];
    await assert.rejects(
      execSafeTx(first, publicClient, safe, safeTx, await signSafeTx(stack.chainId, safe, safeTx, [first])),
      /GS020/, // Safe: "signatures data too short" — fewer than the threshold
      "one signature of a 2-of-3 Safe must not pass",
    );
    const receipt = await execSafeTx(
      first,
      publicClient,
      safe,
      safeTx,
      await signSafeTx(stack.chainId, safe, safeTx, [first, second]),
    );
    assert.equal(receipt.status, "success");
    const exec = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.equal(exec.to?.toLowerCase(), safe.toLowerCase(), "the ruling came through the Safe");

    // 8 USDC: 5.6 to the buyer; the seller's 2.4 less the 2.5 % fee (0.06) = 2.34.
    const buyerNote = await told(bea, /The arbiter ruled: the buyer gets /);
    assert.match(
      buyerNote.text,
      /The arbiter ruled: the buyer gets 70\s%\. 5\.60\sUSDC was paid to your wallet\./,
    );
    const sellerNote = await told(sam, /The arbiter ruled: the buyer gets /);
    assert.match(
      sellerNote.text,
      /The arbiter ruled: the buyer gets 70\s%\. 2\.34\sUSDC \(after the fee\) was paid to your wallet\./,
    );
    await dashboardSays(bidderB, TITLE_2, "Nothing left to do.");
    const page = await openDeal(seller, TITLE_2);
    await dealHeadline(page, "The dispute is decided. Your share went straight to your wallet");
    await page
      .getByTestId("timeline")
      .getByText(/^Dispute decided: buyer 5\.60?\sUSDC, seller 2\.34\sUSDC$/)
      .waitFor();
  });

  test("every metric the alert rules (docs/alerts.yml) read is on some running service's /metrics", async () => {
    // The relayer is the one service this journey has not needed: started here on the same chain
    // and database, as an operator runs it, so its metrics are checked too.
    const relayerPort = await freePort();
    const relayerUrl = `http://127.0.0.1:${relayerPort}`;
    const relayer = startProcess("relayer", process.execPath, ["scripts/relayer/src/main.ts"], {
      cwd: repoRoot,
      env: {
        RPC_URL: stack.rpcUrl,
        DATABASE_URL: stack.databaseUrl,
        RELAYER_PRIVATE_KEY: keys.relayer,
        RELAYER_PORT: String(relayerPort),
        GAVEL_ADDRESSES: JSON.stringify(stack.addresses),
      },
    });
    cleanup.add(() => relayer.stop());
    await waitFor("the relayer's /health", async () => (await fetch(`${relayerUrl}/health`)).ok, {
      timeoutMs: 30_000,
    });
    const exposed = new Set<string>();
    const services = {
      indexer: stack.indexerUrl,
      web: stack.url,
      bot: bot.httpUrl,
      keeper: keeperUrl,
      relayer: relayerUrl,
    };
    for (const [service, url] of Object.entries(services)) {
      const response = await fetch(`${url}/metrics`);
      assert.equal(response.status, 200, `${service} serves /metrics`);
      const names = exposedMetricNames(await response.text());
      assert.ok(names.size > 10, `${service} exposes its metrics (${names.size})`);
      for (const name of names) exposed.add(name);
    }
    assert.deepEqual(unexposedAlertMetrics(exposed), [], "every alert reads metrics a service exposes");
  });

  test("each chat heard exactly its part, once, and no page logged an error", async () => {
    await new Promise((r) => setTimeout(r, 1_500)); // room for a stray or repeated message
    // "<header>: <first sentence of the news>" of every notification a chat got, sorted.
    const heard = (user: TgUser) =>
      bot.api.sent
        .filter((m) => m.chatId === user.id && !replies.has(m))
        .map((m) => {
          const [header = "", body = ""] = m.text.split("\n\n");
          return `${header}: ${body.split(/(?<=[.!]) /)[0]}`;
        })
        .sort();
    const one = `Auction #${telescope} “${TITLE_1}”`;
    const two = `Auction #${teaSet} “${TITLE_2}”`;
    assert.deepEqual(
      heard(finn),
      [
        `${one}: New bid: the price is now 10.00\u00a0USDC.`,
        `${one}: New bid: the price is now 21.00\u00a0USDC.`,
        `${one}: The auction ended: sold for 21.00\u00a0USDC.`,
      ].sort(),
    );
    assert.deepEqual(
      heard(sam),
      [
        `${one}: New bid: the price is now 10.00\u00a0USDC.`,
        `${one}: New bid: the price is now 21.00\u00a0USDC.`,
        `${two}: New bid: the price is now 8.00\u00a0USDC.`,
        `${one}: Sold for 21.00\u00a0USDC.`,
        `${two}: Sold for 8.00\u00a0USDC.`,
        `${one}: The buyer confirmed delivery.`,
        `${two}: The buyer opened a dispute.`,
        `${two}: The arbiter ruled: the buyer gets 70\u00a0%.`,
      ].sort(),
    );
    assert.deepEqual(
      heard(bea),
      [
        `${one}: You won for 21.00\u00a0USDC!`,
        `${two}: You won for 8.00\u00a0USDC!`,
        `${one}: The seller shipped your item.`,
        `${one}: You confirmed delivery; the deal is complete.`,
        `${two}: The seller shipped your item.`,
        `${two}: You opened a dispute.`,
        `${two}: The arbiter ruled: the buyer gets 70\u00a0%.`,
      ].sort(),
    );
    for (const page of opened) {
      // 4xx answers (e.g. a deal's state polled before it is indexed) show up as console errors.
      assert.deepEqual(
        page.errors.filter((e) => !/status of 4\d\d/.test(e)),
        [],
      );
    }
  });
});
