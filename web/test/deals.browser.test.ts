// Long on purpose: deals and every format in a real browser on one stack (started once), in an order where later steps move chain time.
// Deals and the other auction formats in Debian chromium against the real local stack. Listings
// and the bids that open deals are made from Node (viem, Hardhat's keys) to save time; every step
// the issue asks about is taken in the browser: ship → confirm → both reviews → withdraw, a
// reclaim after a missed ship-by (time moved on the chain), a dispute with evidence, a Dutch buy
// and a sealed commit + reveal + settle + collateral return.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
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
  toFunctionSelector,
  zeroHash,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { rpc } from "../../scripts/lib/chain.ts";
import { deploySafe } from "../../scripts/lib/safe.ts";
import enCore from "../src/lib/i18n/en.core.json" with { type: "json" };
import enPages from "../src/lib/i18n/en.pages.json" with { type: "json" };
import ruCore from "../src/lib/i18n/ru.core.json" with { type: "json" };
import ruPages from "../src/lib/i18n/ru.pages.json" with { type: "json" };
import { assertAccessible } from "./browser/a11y.ts";
import { launchChromium, type PageWithErrors } from "./browser/chromium.ts";
import { type Opened, openSignedIn, short, waitPhase } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const en: Record<string, unknown> = { ...enCore, ...enPages };
const ru: Record<string, unknown> = { ...ruCore, ...ruPages };

const screenshots = `${webDir}/test-results/screenshots`;
const USDC = 1_000_000n;
const HOUR = 3600;
const DAY = 24 * HOUR;
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==",
  "base64",
);

let stack: WebStack;
let browser: Browser;
const opened: PageWithErrors[] = [];

type Client = ReturnType<typeof walletFor>;
let chain: ReturnType<typeof defineChain>;
let reader: ReturnType<typeof readerFor>;
function readerFor(url: string) {
  return createPublicClient({ chain, transport: http(url) });
}
function walletFor(key: Hex) {
  return createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(stack.rpcUrl) });
}
let sellerClient: Client;
let buyerClient: Client;
let thirdClient: Client;
const addr = (name: string) => stack.addresses[name] as Hex;

/** Sends one contract call from Node and waits for it to be mined. */
async function write(client: Client, address: Hex, abi: Abi, functionName: string, args: unknown[]) {
  const hash = await client.writeContract({ address, abi, functionName, args } as never);
  const receipt = await reader.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} failed`);
  return receipt;
}

const listing = (title: string, reserve: bigint) => ({
  title,
  metadataURI: "",
  metadataHash: zeroHash,
  reservePrice: reserve,
  shipWindow: HOUR,
  confirmWindow: 3 * DAY, // the contracts' shortest (MIN_CONFIRM_WINDOW)
  disputeWindow: 24 * HOUR,
});

/** The calldata of the last transaction a wallet sent, lowercase. */
function lastTxData(requests: { method: string; params: unknown[] }[]): string {
  const tx = requests.filter((r) => r.method === "eth_sendTransaction").at(-1);
  return ((tx?.params[0] as { data?: string } | undefined)?.data ?? "").toLowerCase();
}

async function moveTime(seconds: number) {
  await rpc(stack.rpcUrl, "evm_increaseTime", [seconds]);
  await rpc(stack.rpcUrl, "evm_mine", []);
}

/** Deal status numbers of IDealEscrow.DealStatus. */
const DEAL_REFUNDED = 4;
const DEAL_RESOLVED = 6;

const usdcOf = (account: Hex) =>
  reader.readContract({
    address: addr("TestUSDC"),
    abi: testUSDCAbi,
    functionName: "balanceOf",
    args: [account],
  });
const withdrawableOf = (account: Hex) =>
  reader.readContract({
    address: addr("EnglishAuctionHouse"),
    abi: englishAuctionHouseAbi,
    functionName: "withdrawable",
    args: [account],
  });
const dealOnChain = (id: string) =>
  reader.readContract({
    address: addr("EnglishAuctionHouse"),
    abi: englishAuctionHouseAbi,
    functionName: "getDeal",
    args: [BigInt(id)],
  });

const feesOf = (treasury: Hex) =>
  reader.readContract({
    address: addr("EnglishAuctionHouse"),
    abi: englishAuctionHouseAbi,
    functionName: "unsweptFees",
    args: [treasury],
  });

/**
 * Fails when the page shows any English sentence of the catalogue that Russian translates
 * differently: a missing translation (or a page that ignored the locale) shows up as English.
 */
async function assertNoEnglish(page: Page) {
  const text = (await page.locator("header, main, footer").allTextContents()).join(" ").replace(/\s+/g, " ");
  const shown = Object.entries(en).filter(
    ([key, value]) =>
      typeof value === "string" &&
      !value.includes("{") &&
      value.includes(" ") &&
      value.length >= 10 &&
      ru[key] !== value &&
      text.includes(value),
  );
  assert.deepEqual(shown, [], "English left on a Russian page");
}

/** `<name>.png` at desktop width and `<name>-phone.png` at phone width. */
async function screenshotBothWidths(page: Page, name: string) {
  for (const [width, file] of [
    [1200, name],
    [390, `${name}-phone`],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${screenshots}/${file}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}

/** The id of the listing created last (in any house: ids are global). */
async function lastAuctionId(): Promise<bigint> {
  const next = await reader.readContract({
    address: addr("GavelConfig"),
    abi: gavelConfigAbi,
    functionName: "nextAuctionId",
  });
  return next - 1n;
}

async function chainTime() {
  return Number((await reader.getBlock()).timestamp);
}

/** English auctions won by the buyer: one per start price; returns their (= deal) ids. */
async function openEnglishDeals(prices: bigint[]): Promise<string[]> {
  const house = addr("EnglishAuctionHouse");
  const now = await chainTime();
  const ids: string[] = [];
  for (const [i, price] of prices.entries()) {
    await write(sellerClient, house, englishAuctionHouseAbi, "createAuction", [
      listing(`Deal item ${i + 1}`, price),
      {
        startTime: 0,
        endTime: now + 600,
        startPrice: price,
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
  for (let i = 0; i < prices.length; i++) ids.push(String(next - prices.length + i));
  await write(buyerClient, addr("TestUSDC"), testUSDCAbi, "approve", [house, 10_000n * USDC]);
  for (const [i, id] of ids.entries())
    await write(buyerClient, house, englishAuctionHouseAbi, "bid", [BigInt(id), prices[i]]);
  await moveTime(601);
  for (const id of ids) await write(sellerClient, house, englishAuctionHouseAbi, "settle", [BigInt(id)]);
  await stack.indexerCaughtUp();
  return ids;
}

before(async () => {
  mkdirSync(screenshots, { recursive: true });
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
  sellerClient = walletFor(hardhatKeys[1]);
  buyerClient = walletFor(hardhatKeys[2]);
  thirdClient = walletFor(hardhatKeys[3]);
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

let seller: Opened;
let buyer: Opened;
let happy = "";
let late = "";
let disputed = "";

describe("deals to the end", () => {
  test("three deals open; the seller ships with a private tracking number (only its hash on chain)", async () => {
    [happy = "", late = "", disputed = ""] = await openEnglishDeals([10n * USDC, 20n * USDC, 30n * USDC]);
    seller = await openSignedIn(browser, stack, hardhatKeys[1], `/deal/${happy}`, opened);
    buyer = await openSignedIn(browser, stack, hardhatKeys[2], `/deal/${happy}`, opened);
    const { page, wallet } = seller;
    await page.getByTestId("deal-headline").getByText("Ship the item and mark it shipped.").waitFor();
    await page.getByTestId("timeline").getByText("The seller ships by").waitFor();
    assert.match((await page.getByTestId("timeline").textContent()) ?? "", /min \d+ s left|h \d+ min left/);
    assert.equal(await page.getByTestId("deal-amount").textContent(), "10.00\u00a0USDC");
    // Not the buyer's buttons.
    assert.equal(await page.getByRole("button", { name: "I received it — pay the seller" }).count(), 0);

    const number = "LX123456789PT";
    await page.getByLabel("Tracking number").fill(number);
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await waitPhase(page);
    const data = lastTxData(wallet.requests);
    assert.equal(data.slice(0, 10), toFunctionSelector("ship(uint256,bytes32)"));
    assert.ok(data.endsWith(keccak256(toBytes(number)).slice(2)), "the hash goes on chain");
    assert.ok(!data.includes(Buffer.from(number).toString("hex").toLowerCase()), "the number does not");
    await page.getByTestId("deal-status").getByText("Shipped").waitFor();

    // The buyer can check the number the seller sends them against the on-chain hash.
    await buyer.page.reload();
    await buyer.page.getByLabel("Check a tracking number against it").fill(number);
    await buyer.page.getByRole("button", { name: "Check", exact: true }).click();
    await buyer.page.getByText("It matches what the seller put on chain.").waitFor();
    await buyer.page.screenshot({ path: `${screenshots}/deal-shipped.png`, fullPage: true });
  });

  test("private messages: the address and the tracking number go both ways live; a third wallet gets 403", async () => {
    const address = "Jane Doe, 12 Rua Augusta, 1100-053 Lisboa";
    await buyer.page.getByLabel("Your message").fill(address);
    await buyer.page.getByRole("button", { name: "Send" }).click();
    // The seller's page was not reloaded: the message arrives live.
    await seller.page.getByTestId("messages").getByText(address).waitFor();
    await seller.page.getByLabel("Your message").fill("Shipped: LX123456789PT");
    await seller.page.getByRole("button", { name: "Send" }).click();
    await buyer.page.getByTestId("messages").getByText("Shipped: LX123456789PT").waitFor();
    const rows = await stack.db.query("select author from web.deal_messages where deal_id = $1 order by id", [
      happy,
    ]);
    assert.deepEqual(
      rows.rows.map((r) => r.author),
      [buyerClient.account.address.toLowerCase(), sellerClient.account.address.toLowerCase()],
    );

    const third = await openSignedIn(browser, stack, hardhatKeys[3], `/deal/${happy}`, opened);
    assert.equal(await third.page.getByTestId("messages").count(), 0, "no messages for a third party");
    const answers = await third.page.evaluate(async (id) => {
      const read = await fetch(`/deal/${id}/messages`);
      const write = await fetch(`/deal/${id}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: "let me in" }),
      });
      return [read.status, write.status, await read.text()];
    }, happy);
    assert.deepEqual(answers.slice(0, 2), [403, 403]);
    assert.ok(!String(answers[2]).includes("Lisboa"));
    const anonymous = await fetch(`${stack.url}/deal/${happy}/messages`, { headers: proxyHeaders() });
    assert.equal(anonymous.status, 401);
    assert.equal((await stack.db.query("select count(*)::int as n from web.deal_messages")).rows[0].n, 2);
    await third.context.close();
  });

  test("the buyer confirms, both review once, and the seller's wallet gets exactly price − 2.5 % (nothing left to withdraw)", async () => {
    const { page } = buyer;
    const sellerUsdcBefore = await usdcOf(seller.wallet.account.address);
    await page
      .getByText("Confirming sends 10.00\u00a0USDC (minus the fee) straight to the seller's wallet", {
        exact: false,
      })
      .waitFor();
    await page.getByRole("button", { name: "I received it — pay the seller" }).click();
    await waitPhase(page);
    await page.getByTestId("deal-headline").getByText("Done. The seller has been paid.").waitFor();
    await page
      .getByTestId("timeline")
      .getByText("Delivery confirmed: the seller got 9.75\u00a0USDC (fee 0.25\u00a0USDC)")
      .waitFor();

    await page.getByLabel("Your review").fill("Exactly as described. Fast shipping.");
    await page.getByRole("radio", { name: "5" }).check();
    await page.getByRole("button", { name: "Post review" }).click();
    await waitPhase(page);
    await page.getByTestId("reviews").getByText("Exactly as described. Fast shipping.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Post review" }).count(), 0, "one review per party");

    await seller.page.reload();
    await seller.page.getByLabel("Your review").fill("Paid promptly, pleasant buyer.");
    await seller.page.getByRole("radio", { name: "4" }).check();
    await seller.page.getByRole("button", { name: "Post review" }).click();
    await waitPhase(seller.page);
    const reviews = seller.page.getByTestId("reviews");
    await reviews.getByText("Paid promptly, pleasant buyer.").waitFor();
    await reviews.getByText("Exactly as described. Fast shipping.").waitFor();
    assert.match((await reviews.textContent()) ?? "", /★★★★★.*Buyer about the seller/s);

    await screenshotBothWidths(seller.page, "deal");

    // A review note belongs to the deal's parties only.
    const outsider = await fetch(`${stack.url}/deal/${happy}/note`, {
      method: "POST",
      headers: { "content-type": "application/json", ...proxyHeaders() },
      body: JSON.stringify({ kind: "review", text: "spam" }),
    });
    assert.equal(outsider.status, 401);

    // Confirming paid the seller's wallet directly: nothing waits to be withdrawn, and the pages say so.
    assert.equal((await usdcOf(seller.wallet.account.address)) - sellerUsdcBefore, 9_750_000n);
    assert.equal(await withdrawableOf(seller.wallet.account.address), 0n);
    await seller.page
      .getByTestId("deal-headline")
      .getByText("Done. The payment went straight to your wallet.", { exact: false })
      .waitFor();
    await seller.page
      .getByRole("link", { name: /^Payments go straight to the wallets; anything USDC refused to deliver/ })
      .click();
    await seller.page.waitForURL(`${stack.url}/dashboard`);
    await seller.page.getByText("Nothing to withdraw.").waitFor();
    await seller.page
      .getByTestId("balances-help")
      .getByText("Confirmed deals and rulings pay straight to your wallet.", { exact: false })
      .waitFor();
    assert.equal(await seller.page.getByTestId("balance").count(), 0);
  });

  test("profiles: the seller's sale, review and first-sale badge; the leaderboard ranks them", async () => {
    const sellerAddress = seller.wallet.account.address.toLowerCase();
    // From the deal page, the seller's address opens their public profile.
    const { page } = buyer;
    await page.goto(`${stack.url}/deal/${happy}`);
    await page.locator(`a[href="/u/${sellerAddress}"]`).first().click();
    await page.waitForURL(`${stack.url}/u/${sellerAddress}`);
    await page.getByTestId("profile-address").getByText(sellerAddress).waitFor();
    // Three deals opened as seller (10 + 20 + 30 USDC), one completed, reviewed 5 stars.
    assert.equal(await page.getByTestId("figure-sales").textContent(), "3");
    assert.equal(await page.getByTestId("figure-purchases").textContent(), "0");
    assert.equal(await page.getByTestId("figure-volume").textContent(), "60.00\u00a0USDC");
    assert.equal(await page.getByTestId("figure-rating").textContent(), "★ 5.00");
    assert.equal(await page.getByTestId("figure-completed").textContent(), "1");
    assert.equal(await page.getByTestId("badge-firstSale").getAttribute("data-earned"), "true");
    assert.match(
      (await page.getByTestId("badge-firstSale").textContent()) ?? "",
      /First sale\s*Earned \w{3} \d+, \d{4}/,
    );
    assert.equal(await page.getByTestId("badge-firstPurchase").getAttribute("data-earned"), "false");
    await page.getByTestId("badge-tenDeals").getByText("Completed deals: 1 of 10").waitFor();
    const reviews = page.getByTestId("reviews");
    await reviews.getByText("Exactly as described. Fast shipping.").waitFor();
    assert.match((await reviews.textContent()) ?? "", /★★★★★\s*Buyer about the seller\s*you/, "by the buyer");
    await assertAccessible(page, "a seller's profile with badges and a review");
    const sale = page.getByTestId("sales").getByRole("link", { name: "Deal item 1" });
    assert.equal(await sale.getAttribute("href"), `/deal/${happy}`);
    await page.getByTestId("listings").getByRole("link", { name: "Deal item 3" }).waitFor();

    // The seller's own profile is in their navigation.
    await seller.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "My profile" })
      .click();
    await seller.page.waitForURL(`${stack.url}/u/${sellerAddress}`);
    await seller.page.getByText("this is you").waitFor();
    for (const [width, name] of [
      [1200, "profile"],
      [390, "profile-phone"],
    ] as const) {
      await seller.page.setViewportSize({ width, height: 900 });
      const overflow = await seller.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px too wide)`);
      await seller.page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
    }
    await seller.page.setViewportSize({ width: 1200, height: 800 });

    // The leaderboard, by volume then by rating (the buyer's 4-star review counts there too).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leaderboard" }).click();
    const rows = page.getByTestId("leaderboard-row");
    const cells = async () =>
      Promise.all(
        (await rows.all()).map(async (row) =>
          (await row.locator("td").allTextContents()).map((c) => c.trim()),
        ),
      );
    await rows.first().waitFor();
    assert.deepEqual(await cells(), [["1", short(sellerAddress), "3", "60.00\u00a0USDC", "★ 5.00 (1)"]]);
    await page.getByRole("link", { name: "Rating", exact: true }).click();
    await page.waitForURL(`${stack.url}/leaderboard?by=rating`);
    await page.locator('a[aria-current="page"]', { hasText: "Rating" }).waitFor();
    assert.deepEqual(await cells(), [
      ["1", short(sellerAddress), "3", "60.00\u00a0USDC", "★ 5.00 (1)"],
      ["2", "you", "0", "0.00\u00a0USDC", "★ 4.00 (1)"],
    ]);
    await page.setViewportSize({ width: 390, height: 900 });
    const clipped = await page
      .getByTestId("leaderboard")
      .evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
    assert.ok(clipped <= 0, `the ranked figure fits a phone (${clipped} px cut off)`);
    await page.screenshot({ path: `${screenshots}/leaderboard-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 800 });
    // A rank links to the profile.
    await rows.first().getByRole("link").click();
    await page.waitForURL(`${stack.url}/u/${sellerAddress}`);
  });

  test("a dispute opened by the buyer with a reason and a photo", async () => {
    await write(sellerClient, addr("EnglishAuctionHouse"), englishAuctionHouseAbi, "ship", [
      BigInt(disputed),
      keccak256(toBytes("RR1")),
    ]);
    await stack.indexerCaughtUp();
    const { page, wallet } = buyer;
    await page.goto(`${stack.url}/deal/${disputed}`);
    await page.getByText("Something wrong? Open a dispute").click();
    await page.getByRole("button", { name: "Open the dispute" }).click();
    await page.getByText("Say what went wrong.").waitFor();
    await page.getByLabel("What went wrong?").fill("The lens arrived cracked.");
    await page
      .getByLabel("Photos (optional)")
      .setInputFiles({ name: "crack.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Open the dispute" }).click();
    await waitPhase(page);
    await page.getByTestId("deal-status").getByText("In dispute").waitFor();
    const dispute = page.getByTestId("dispute");
    await dispute.getByText("The lens arrived cracked.").waitFor();
    await assertAccessible(page, "a deal page in dispute, with evidence");
    const photo = (await dispute.getByRole("img").getAttribute("src")) ?? "";
    assert.deepEqual(Buffer.from(await (await fetch(`${stack.url}${photo}`)).arrayBuffer()), png);
    // On chain: the evidence document's sha-256 and its URI.
    const data = lastTxData(wallet.requests);
    assert.equal(data.slice(0, 10), toFunctionSelector("openDispute(uint256,bytes32,string)"));
    const detail = (await (await fetch(`${stack.indexerUrl}/api/deals/${disputed}`)).json()) as {
      deal: { dispute: { evidenceHash: string; evidenceURI: string } };
    };
    const doc = Buffer.from(await (await fetch(detail.deal.dispute.evidenceURI)).arrayBuffer());
    const { createHash } = await import("node:crypto");
    assert.equal(`0x${createHash("sha256").update(doc).digest("hex")}`, detail.deal.dispute.evidenceHash);
    assert.match(doc.toString(), /The lens arrived cracked\./);
    // The seller may still concede.
    await seller.page.goto(`${stack.url}/deal/${disputed}`);
    await seller.page.getByText("Refund the buyer", { exact: true }).waitFor();
  });

  test("after a missed ship-by (chain time moved) the buyer reclaims the whole amount", async () => {
    const { page } = buyer;
    await page.goto(`${stack.url}/deal/${late}`);
    await page.getByTestId("deal-headline").getByText("You paid. Now the seller ships the item.").waitFor();
    assert.equal(
      await page.getByRole("button", { name: "Take my money back" }).count(),
      0,
      "not before ship-by",
    );
    // A party can ask support about the deal: the contact form opens with its number filled in.
    await page.getByRole("link", { name: "A problem with this deal? Ask support" }).click();
    await page.waitForURL(`**/support?deal=${late}`);
    assert.equal(await page.getByLabel("Deal number (optional)").inputValue(), String(late));
    await page.goto(`${stack.url}/deal/${late}`);
    await moveTime(HOUR + 5);
    await stack.indexerCaughtUp();
    await page.reload();
    await page
      .getByTestId("deal-headline")
      .getByText("The seller did not ship in time. You can take your money back.")
      .waitFor();
    await page.getByTestId("timeline").getByText("passed").waitFor();
    const usdcBefore = await usdcOf(buyer.wallet.account.address);
    const creditBefore = await withdrawableOf(buyer.wallet.account.address);
    await page.getByRole("button", { name: "Take my money back" }).click();
    await waitPhase(page);
    await page
      .getByTestId("timeline")
      .getByText("Not shipped in time: 20.00\u00a0USDC back to the buyer")
      .waitFor();
    await page.reload();
    await page.getByTestId("deal-status").getByText("Refunded to the buyer.").waitFor();
    await page
      .getByTestId("deal-headline")
      .getByText("Refunded: the money is back in your balance, ready to withdraw.")
      .waitFor();
    assert.equal(await page.getByRole("button", { name: "Take my money back" }).count(), 0);
    // On chain: the deal is Refunded (final) and the whole escrow is credited to the buyer.
    assert.equal((await dealOnChain(late)).status, DEAL_REFUNDED);
    assert.equal((await withdrawableOf(buyer.wallet.account.address)) - creditBefore, 20n * USDC);

    await page.goto(`${stack.url}/dashboard`);
    const balance = page.getByTestId("balance");
    await balance.getByText("20.00\u00a0USDC").waitFor();
    assert.match(
      (await page.getByTestId("deal-row").getByRole("link", { name: "Deal item 2" }).getAttribute("href")) ??
        "",
      new RegExp(`^/deal/${late}$`),
    );
    // The buyer's wallet gets back exactly what the bid escrowed.
    await balance.getByRole("button", { name: "Withdraw" }).click();
    await waitPhase(page);
    assert.equal((await usdcOf(buyer.wallet.account.address)) - usdcBefore, 20n * USDC);
    assert.equal(await withdrawableOf(buyer.wallet.account.address), 0n);
  });

  test("arbiter console: two of three Safe owners sign the ruling in their browsers, then it executes", async () => {
    // A 2-of-3 Safe gets ARBITER_ROLE from the local deployer (the admin).
    const ownerKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const owners = ownerKeys.map((key) => privateKeyToAccount(key).address);
    for (const owner of owners) await rpc(stack.rpcUrl, "hardhat_setBalance", [owner, "0x56BC75E2D63100000"]);
    const admin = walletFor(hardhatKeys[0]);
    const safe = await deploySafe(admin, reader as never, owners, 2);
    const arbiterRole = await reader.readContract({
      address: addr("GavelConfig"),
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    });
    await write(admin, addr("GavelConfig"), gavelConfigAbi as Abi, "grantRole", [arbiterRole, safe]);
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // the web's arbiter cache (5 s)

    // A signed-in non-owner sees nothing of the console, and its API refuses them.
    const outsider = await openSignedIn(browser, stack, hardhatKeys[3], "/", opened);
    await outsider.page.getByRole("link", { name: "Dashboard" }).waitFor();
    assert.equal(await outsider.page.getByRole("link", { name: "Arbiter", exact: true }).count(), 0);
    const refused = await outsider.page.goto(`${stack.url}/arbiter`);
    assert.equal(refused?.status(), 403);
    await outsider.page.getByText("This page is for the owners of the arbiter Safe.").waitFor();
    assert.equal(await outsider.page.getByText("Arbiter console").count(), 0);
    assert.equal(await outsider.page.getByTestId(`dispute-${disputed}`).count(), 0);
    const apiStatus = await outsider.page.evaluate(async (dealId) => {
      const r = await fetch("/arbiter/rulings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ dealId, buyerShareBps: 10_000 }),
      });
      return r.status;
    }, disputed);
    assert.equal(apiStatus, 403);
    await outsider.context.close();

    const [keyA = "0x", keyB = "0x"] = ownerKeys as Hex[];
    const a = await openSignedIn(browser, stack, keyA, "/", opened);
    // Signed in as an owner, the header links to the console.
    await a.page.getByRole("link", { name: "Arbiter", exact: true }).click();
    await a.page.getByRole("heading", { name: "Arbiter console" }).waitFor();
    const card = a.page.getByTestId(`dispute-${disputed}`);
    await card.getByText("The lens arrived cracked.").waitFor();
    await card.getByText("In escrow: 30.00\u00a0USDC").waitFor();
    await card.getByLabel("Buyer's share (%)").fill("70");
    await card.getByText("Buyer gets 21.00\u00a0USDC").waitFor();
    await card.getByRole("button", { name: "Propose this ruling" }).click();
    await card.getByRole("button", { name: "Sign the ruling" }).click();
    await card.getByTestId("progress").getByText("1 of 2 signatures").waitFor();
    assert.ok(a.wallet.requests.some((r) => r.method === "eth_signTypedData_v4"));
    assert.equal(await card.getByRole("button", { name: "Execute the ruling" }).isDisabled(), true);
    const download = a.page.waitForEvent("download");
    await card.getByRole("button", { name: "Download for Safe Transaction Builder" }).click();
    const file = JSON.parse(readFileSync((await (await download).path()) ?? "", "utf8")) as {
      chainId: string;
      meta: { createdFromSafeAddress: string };
      transactions: {
        to: string;
        contractMethod: { name: string };
        contractInputsValues: Record<string, string>;
      }[];
    };
    assert.equal(file.chainId, String(stack.chainId));
    assert.equal(file.meta.createdFromSafeAddress.toLowerCase(), safe.toLowerCase());
    assert.equal(file.transactions[0]?.contractMethod.name, "rule");
    assert.deepEqual(file.transactions[0]?.contractInputsValues, { dealId: disputed, buyerShareBps: "7000" });
    await a.page.screenshot({ path: `${screenshots}/arbiter-one-of-two.png`, fullPage: true });

    // The console in Russian (the language switch stores the cookie and reloads).
    await a.page.getByRole("link", { name: "Русский" }).click();
    await a.page.getByRole("heading", { name: "Консоль арбитра" }).waitFor();
    await a.page
      .getByTestId(`dispute-${disputed}`)
      .getByTestId("progress")
      .getByText("1 из 2 подписей")
      .waitFor();
    await a.page.getByRole("link", { name: "Арбитраж", exact: true }).waitFor();
    await assertNoEnglish(a.page);
    await a.page.screenshot({ path: `${screenshots}/arbiter-ru.png`, fullPage: true });
    await a.page.getByRole("link", { name: "English" }).click();
    await a.page.getByRole("heading", { name: "Arbiter console" }).waitFor();

    const b = await openSignedIn(browser, stack, keyB, "/", opened);
    await b.page.goto(`${stack.url}/arbiter`);
    const cardB = b.page.getByTestId(`dispute-${disputed}`);
    await cardB.getByTestId("progress").getByText("1 of 2 signatures").waitFor();
    await assertAccessible(b.page, "the arbiter console with a dispute to rule");
    await cardB.getByRole("button", { name: "Sign the ruling" }).click();
    await cardB.getByTestId("progress").getByText("2 of 2 signatures").waitFor();
    const buyerAddress = buyerClient.account.address;
    const sellerAddress = sellerClient.account.address;
    const dealBefore = await dealOnChain(disputed);
    const before = {
      buyer: await usdcOf(buyerAddress),
      seller: await usdcOf(sellerAddress),
      buyerCredit: await withdrawableOf(buyerAddress),
      sellerCredit: await withdrawableOf(sellerAddress),
      fees: await feesOf(dealBefore.treasury),
    };
    await cardB.getByRole("button", { name: "Execute the ruling" }).click();
    await b.page.getByTestId("executed").getByText(`Deal #${disputed} is ruled`).waitFor({ timeout: 45_000 });
    await b.page.getByTestId(`dispute-${disputed}`).waitFor({ state: "detached" });
    const sent = b.wallet.requests.filter((r) => r.method === "eth_sendTransaction").at(-1);
    assert.equal((sent?.params[0] as { to?: string } | undefined)?.to?.toLowerCase(), safe.toLowerCase());

    const detail = (await (await fetch(`${stack.indexerUrl}/api/deals/${disputed}`)).json()) as {
      deal: {
        status: string;
        dispute: { status: string; buyerShareBps: number; buyerAmount: { raw: string }; resolvedBy: string };
      };
    };
    assert.equal(detail.deal.status, "resolved");
    assert.equal(detail.deal.dispute.status, "resolved");
    assert.equal(detail.deal.dispute.buyerShareBps, 7000);
    assert.equal(BigInt(detail.deal.dispute.buyerAmount.raw), 21n * USDC);
    assert.equal(detail.deal.dispute.resolvedBy.toLowerCase(), safe.toLowerCase());
    const stored = await stack.db.query("select executed_tx from web.safe_rulings where deal_id = $1", [
      disputed,
    ]);
    assert.match(String(stored.rows[0]?.executed_tx), /^0x[0-9a-f]{64}$/);

    // On chain, to the last unit: 70 % of 30 USDC to the buyer; the seller's 9 USDC carry the
    // fee (2.5 %, rounded down: 0.225 USDC), so the seller gets 8.775 USDC — both straight into
    // their wallets, nothing credited for a withdrawal.
    const dealAfter = await dealOnChain(disputed);
    assert.equal(dealAfter.status, DEAL_RESOLVED, "the deal is final");
    assert.equal(dealAfter.amount, 30n * USDC);
    assert.equal(dealAfter.feeBps, 250);
    assert.equal((await usdcOf(buyerAddress)) - before.buyer, 21_000_000n);
    assert.equal((await usdcOf(sellerAddress)) - before.seller, 8_775_000n);
    assert.equal(await withdrawableOf(buyerAddress), before.buyerCredit);
    assert.equal(await withdrawableOf(sellerAddress), before.sellerCredit);
    assert.equal((await feesOf(dealAfter.treasury)) - before.fees, 225_000n);
    await b.page
      .getByTestId("executed")
      .getByText("the shares went to both wallets", { exact: false })
      .waitFor();
    // A ruled deal takes no second ruling: the Safe's buttons are gone for good.
    await b.page.reload();
    assert.equal(await b.page.getByTestId(`dispute-${disputed}`).count(), 0);

    // The deal page in Russian, as the buyer sees the outcome.
    await stack.indexerCaughtUp();
    await buyer.page.goto(`${stack.url}/deal/${disputed}`);
    await buyer.page.getByRole("link", { name: "Русский" }).click();
    await buyer.page.getByTestId("deal-status").getByText("Спор разрешён.").waitFor();
    await buyer.page
      .getByTestId("timeline")
      .getByText(/Спор решён: покупателю 21,00\s?USDC/)
      .waitFor();
    await assertNoEnglish(buyer.page);
    await screenshotBothWidths(buyer.page, "deal-ru");
    await buyer.page.getByRole("link", { name: "English" }).click();
    await buyer.page.getByTestId("deal-status").getByText("Dispute resolved.").waitFor();
  });
});

describe("the other formats on the auction page", () => {
  test("Dutch: the live price falls; buy with a permit and a max-price guard, at the exact chain price", async () => {
    const house = addr("DutchAuctionHouse");
    const now = await chainTime();
    await write(sellerClient, house, dutchAuctionHouseAbi, "createAuction", [
      listing("Falling-price lamp", 10n * USDC),
      { startTime: 0, endTime: now + 2 * HOUR, decayDuration: HOUR, startPrice: 50n * USDC },
    ]);
    const id = String(await lastAuctionId());
    await stack.indexerCaughtUp();
    const third = await openSignedIn(browser, stack, hardhatKeys[3], `/auction/${id}`, opened);
    const { page, wallet } = third;
    const price = page.getByTestId("price");
    const first = await price.textContent();
    await page.waitForTimeout(2_500);
    assert.notEqual(await price.textContent(), first, "the price falls while you watch");
    await assertAccessible(page, "a Dutch auction page, signed in");
    await page.getByTestId("buy").click();
    await waitPhase(page);
    const txs = wallet.requests.filter((r) => r.method === "eth_sendTransaction");
    const data = lastTxData(wallet.requests);
    assert.equal(
      data.slice(0, 10),
      toFunctionSelector("buyWithPermit(uint256,uint256,uint256,uint8,bytes32,bytes32)"),
    );
    assert.equal(txs.length, 1, "one transaction");
    // The guard (maxPrice, the second argument) is what the page said it would be at most.
    const maxPrice = BigInt(`0x${data.slice(10 + 64, 10 + 128)}`);
    const deal = (await (await fetch(`${stack.indexerUrl}/api/deals/${id}`)).json()) as {
      deal: { amount: { raw: string }; openedAt: number };
    };
    const expected = await reader.readContract({
      address: house,
      abi: dutchAuctionHouseAbi,
      functionName: "priceAt",
      args: [BigInt(id), BigInt(deal.deal.openedAt)],
    });
    assert.equal(deal.deal.amount.raw, String(expected));
    assert.ok(expected <= maxPrice && maxPrice - expected < 2n * USDC, `paid ${expected}, guard ${maxPrice}`);
    // Shown to the cent (halves up), the exact price on hover.
    const shown = `${(Number((expected + 5_000n) / 10_000n) / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}\u00a0USDC`;
    const exact = `${(Number(expected) / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 })}\u00a0USDC`;
    await page.getByTestId("price").getByText(shown).waitFor();
    assert.equal(await page.getByTestId("price").locator(".usdc").getAttribute("title"), exact);
    await page.getByRole("link", { name: "Open the deal" }).click();
    await page.getByTestId("deal-amount").getByText(shown).waitFor();
  });

  test("sealed bid: commit with a browser-made salt (kept and downloadable), reveal, settle, loser's collateral back", async () => {
    const house = addr("SealedBidAuctionHouse");
    const now = await chainTime();
    await write(sellerClient, house, sealedBidAuctionHouseAbi, "createAuction", [
      listing("Sealed-bid watch", 5n * USDC),
      { commitEnd: now + 600, revealEnd: now + 600 + HOUR, unrevealedPenaltyBps: 1000, pricing: 0 },
    ]);
    const id = await lastAuctionId();
    // A rival commits 12 from Node.
    const rivalSalt = keccak256(toBytes("rival"));
    const rival = thirdClient.account.address;
    const rivalCommitment = sealedCommitment({
      chainId: stack.chainId,
      house,
      auctionId: id,
      bidder: rival,
      amount: 12n * USDC,
      salt: rivalSalt,
    });
    await write(thirdClient, addr("TestUSDC"), testUSDCAbi, "approve", [house, 12n * USDC]);
    await write(thirdClient, house, sealedBidAuctionHouseAbi, "commit", [id, rivalCommitment, 12n * USDC]);
    await stack.indexerCaughtUp();

    const { page } = buyer;
    await page.goto(`${stack.url}/auction/${id}`);
    // The unrevealed penalty is the listing's, and it goes to the platform, not the seller.
    await page
      .getByText("Not revealing in time costs 10 % of the collateral, kept by the Gavel platform", {
        exact: false,
      })
      .waitFor();
    await assertAccessible(page, "a sealed-bid auction page in its commit phase");
    await page.getByLabel("Your bid (kept secret)").fill("15");
    await page.getByLabel("Collateral to lock (public)").fill("20");
    await page.getByRole("button", { name: "Place sealed bid" }).click();
    await waitPhase(page);
    await page
      .getByTestId("my-commitment")
      .getByText("Your sealed bid is in, with 20.00\u00a0USDC locked.")
      .waitFor();
    const stored = await page.evaluate(() =>
      Object.entries(localStorage).filter(([k]) => k.startsWith("gavel.sealed.")),
    );
    assert.equal(stored.length, 1);
    const secret = JSON.parse(stored[0]?.[1] ?? "{}") as { amount: string; salt: string };
    assert.equal(secret.amount, "15000000");
    assert.match(secret.salt, /^0x[0-9a-f]{64}$/);
    const download = page.getByTestId("secret-download");
    const href = decodeURIComponent(
      ((await download.getAttribute("href")) ?? "").split(",").slice(1).join(","),
    );
    assert.equal(JSON.parse(href).salt, secret.salt);
    // The commitment on chain binds chain, house, auction, bidder, amount and salt.
    const onChain = (await (await fetch(`${stack.indexerUrl}/api/auctions/${id}`)).json()) as {
      commitments: { bidder: string; commitment: string }[];
    };
    const mine = onChain.commitments.find((c) => c.bidder === buyer.wallet.account.address.toLowerCase());
    assert.equal(
      mine?.commitment,
      sealedCommitment({
        chainId: stack.chainId,
        house,
        auctionId: id,
        bidder: buyer.wallet.account.address,
        amount: 15n * USDC,
        salt: secret.salt as Hex,
      }),
    );

    await moveTime(601);
    await write(thirdClient, house, sealedBidAuctionHouseAbi, "reveal", [id, 12n * USDC, rivalSalt]);
    await stack.indexerCaughtUp();
    await page.reload();
    await page.getByRole("button", { name: "Reveal my bid of 15.00\u00a0USDC" }).click();
    await waitPhase(page);
    await page.getByTestId("my-commitment").getByText("You revealed 15.00\u00a0USDC.").waitFor();

    // Everyone revealed: anyone may settle before the reveal phase ends.
    const usdcBefore = await reader.readContract({
      address: addr("TestUSDC"),
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [buyer.wallet.account.address],
    });
    await page.reload();
    await page.getByRole("button", { name: "Settle auction" }).click();
    await waitPhase(page);
    await page.getByTestId("price").getByText("15.00\u00a0USDC").waitFor();
    const usdcAfter = await reader.readContract({
      address: addr("TestUSDC"),
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [buyer.wallet.account.address],
    });
    assert.equal(usdcAfter - usdcBefore, 5n * USDC, "collateral above the price comes back");

    const loser = await openSignedIn(browser, stack, hardhatKeys[3], `/auction/${id}`, opened);
    const rivalBefore = await reader.readContract({
      address: addr("TestUSDC"),
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [rival],
    });
    await loser.page.getByRole("button", { name: "Return my collateral" }).click();
    await loser.page.getByText("Done — it is on Gavel now.").waitFor({ timeout: 30_000 });
    const rivalAfter = await reader.readContract({
      address: addr("TestUSDC"),
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [rival],
    });
    assert.equal(rivalAfter - rivalBefore, 12n * USDC);
  });

  test("rolling: a wallet without typed-data signing bids with approve + bid; the countdown runs on chain time; settling opens the next round", async () => {
    const house = addr("RollingAuctionHouse");
    await write(sellerClient, house, rollingAuctionHouseAbi, "createAuction", [
      listing("Rolling coffee beans", 5n * USDC),
      {
        startPrice: 5n * USDC,
        minIncrementBps: 500,
        roundDuration: 600,
        extensionWindow: 0,
        maxExtensions: 0,
        units: 2,
      },
    ]);
    const id = String(await lastAuctionId());
    await stack.indexerCaughtUp();
    const bidder = await openSignedIn(browser, stack, hardhatKeys[3], `/auction/${id}`, opened);
    const { page, wallet } = bidder;
    await page.getByTestId("countdown").getByText("The clock starts at the first bid").waitFor();
    await page.getByText("Round 1", { exact: true }).waitFor();
    await page.getByText("2 of 2 units left").waitFor();
    await assertAccessible(page, "a rolling auction page before its first bid");

    // This wallet cannot sign typed data (EIP-1193 4200): no permit, so approve + bid.
    wallet.unsupported("eth_signTypedData_v4");
    const usdcBefore = await usdcOf(wallet.account.address);
    const from = wallet.requests.length;
    await page.getByLabel(/Your maximum bid/).fill("8");
    await page.getByRole("button", { name: "Place bid" }).click();
    await waitPhase(page);
    const made = wallet.requests.slice(from);
    assert.deepEqual(
      made.filter((r) => r.method === "eth_signTypedData_v4").map((r) => r.outcome),
      [{ error: 4200 }],
      "the permit was asked for and refused",
    );
    const txs = made.filter((r) => r.method === "eth_sendTransaction");
    assert.equal(txs.length, 2, "two transactions");
    const [approve, placed] = txs.map((t) => t.params[0] as { to: string; data: string });
    assert.equal(approve?.data.slice(0, 10), toFunctionSelector("approve(address,uint256)"));
    assert.equal(approve?.to.toLowerCase(), addr("TestUSDC").toLowerCase());
    assert.equal(placed?.data.slice(0, 10), toFunctionSelector("bid(uint256,uint256)"));
    assert.equal(placed?.to.toLowerCase(), house.toLowerCase());
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor();
    await page.getByTestId("price").getByText("5.00\u00a0USDC").waitFor();
    assert.equal(usdcBefore - (await usdcOf(wallet.account.address)), 8n * USDC, "the maximum is escrowed");

    // The round's clock started at the bid. The chain runs hours ahead of this browser's clock
    // (time was moved above): the countdown follows the chain, as the indexer reports its "now".
    const detail = (await (await fetch(`${stack.indexerUrl}/api/auctions/${id}`)).json()) as {
      auction: { endTime: number };
      now: number;
    };
    assert.ok(Math.abs(detail.now - (await chainTime())) <= 2, "the indexer's now is the chain's");
    await moveTime(300);
    await stack.indexerCaughtUp();
    await page.reload();
    assert.match((await page.getByTestId("countdown").textContent()) ?? "", /^\s*[45] min \d+ s\s*$/);
    await moveTime(301);
    await stack.indexerCaughtUp();
    await page.reload();
    const browserNow = await page.evaluate(() => Math.floor(Date.now() / 1000));
    assert.ok(browserNow < detail.auction.endTime, "by the browser's own clock the round is still running");
    await page.locator(".price-box").getByText("Ended", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Settle auction" }).click();
    await waitPhase(page);
    await page
      .getByTestId("deal")
      .getByText("Won by you for 5.00\u00a0USDC, now held in escrow.")
      .waitFor({ timeout: 15_000 });
    assert.equal(
      usdcBefore - (await usdcOf(wallet.account.address)),
      5n * USDC,
      "the unused 3 USDC came back",
    );

    // The listing goes on with round 2 (one unit left), under a new id.
    await page.getByRole("link", { name: "Go to the current round →" }).click();
    await page.getByText("Round 2", { exact: true }).waitFor();
    await page.getByText("1 of 2 units left").waitFor();
    assert.notEqual(new URL(page.url()).pathname, `/auction/${id}`);

    // The dashboard's bids come from one `bidder=` query of the indexer.
    const mine = (await (
      await fetch(`${stack.indexerUrl}/api/auctions?bidder=${wallet.account.address}&limit=100`)
    ).json()) as { items: { id: string }[] };
    assert.ok(mine.items.some((a) => a.id === id));
    assert.ok(mine.items.every((a) => a.id !== new URL(page.url()).pathname.split("/").at(-1)));
    const bad = await fetch(`${stack.indexerUrl}/api/auctions?bidder=0x1234`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { issues: { field: string }[] }).issues[0]?.field, "bidder");
    await page.goto(`${stack.url}/dashboard`);
    await page.getByTestId("bid-row").filter({ hasText: "Rolling coffee beans" }).getByText("Won").waitFor();
  });

  test("a late parcel (chain time moves 5 days, so it runs last): the buyer extends the time to confirm once (2 of 3 days); past every deadline only the buyer may still dispute", async () => {
    const [id = ""] = await openEnglishDeals([5n * USDC]);
    await write(sellerClient, addr("EnglishAuctionHouse"), englishAuctionHouseAbi, "ship", [
      BigInt(id),
      keccak256(toBytes("EXT1")),
    ]);
    await stack.indexerCaughtUp();
    const shippedAt = Number((await dealOnChain(id)).shippedAt);
    const original = shippedAt + 3 * DAY;
    const { page, wallet } = buyer;
    await page.goto(`${stack.url}/deal/${id}`);
    const timeline = page.getByTestId("timeline");
    await timeline
      .getByText("The seller can open a dispute until (the buyer can until the payment is released)")
      .waitFor();
    const confirmBy = timeline.locator('li[data-step="confirmBy"] time');
    assert.equal(await confirmBy.getAttribute("datetime"), new Date(original * 1000).toISOString());

    const extend = page.getByTestId("extend");
    await extend.getByText("Parcel not here yet? Extend the time to confirm").click();
    const days = page.getByLabel("Extend by (days)");
    assert.equal(await days.inputValue(), "3", "the full window by default");
    await extend.getByText("Once only, before", { exact: false }).waitFor();
    const sentBefore = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await days.fill("4");
    await page.getByRole("button", { name: "Extend", exact: true }).click();
    await page.getByText("Choose a whole number of days from 1 to 3.").waitFor();
    await days.fill("2");
    await page.getByTestId("extend-new").getByText("You would then have until", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Extend", exact: true }).click();
    await waitPhase(page);
    assert.equal(wallet.requests.filter((r) => r.method === "eth_sendTransaction").length, sentBefore + 1);
    const data = lastTxData(wallet.requests);
    assert.equal(data.slice(0, 10), toFunctionSelector("extendConfirmWindow(uint256,uint256)"));
    const onChain = await dealOnChain(id);
    assert.equal(Number(onChain.confirmExtension), 2 * DAY);
    assert.equal(Number(onChain.confirmDeadline), original + 2 * DAY);

    // The timeline shows the extension and the new deadline; the offer is gone (once only).
    await page.reload();
    await timeline.getByText(/^The buyer extended the time to confirm by 2 days \(it was to end /).waitFor();
    await timeline
      .getByText("The buyer confirms by (extended; after that anyone can release the payment)")
      .waitFor();
    assert.equal(
      await confirmBy.getAttribute("datetime"),
      new Date((original + 2 * DAY) * 1000).toISOString(),
    );
    assert.equal(await page.getByTestId("extend").count(), 0);
    await page.getByRole("link", { name: "Русский" }).click();
    await timeline.getByText(/^Покупатель продлил срок подтверждения на 2 дня/).waitFor();
    await assertNoEnglish(page);
    await page.getByRole("link", { name: "English" }).click();
    await page.getByTestId("deal-status").getByText("Shipped", { exact: false }).waitFor();

    // Past the extended deadline, unreleased: the buyer may still dispute, the seller no more.
    await moveTime(5 * DAY + 60);
    await stack.indexerCaughtUp();
    await page.reload();
    await page
      .getByTestId("deal-headline")
      .getByText("Your time to confirm is over: anyone can now release the payment to the seller.", {
        exact: false,
      })
      .waitFor();
    await page.getByText("Something wrong? Open a dispute").click();
    await page
      .getByText("You can open a dispute at any time until the payment is released", { exact: false })
      .waitFor();
    await seller.page.goto(`${stack.url}/deal/${id}`);
    await seller.page.getByRole("button", { name: "Release the payment" }).waitFor();
    assert.equal(await seller.page.getByText("Something wrong? Open a dispute").count(), 0);
    await page.getByLabel("What went wrong?").fill("Nothing has arrived after five days.");
    await page.getByRole("button", { name: "Open the dispute" }).click();
    await waitPhase(page);
    await page.getByTestId("deal-status").getByText("In dispute").waitFor();
  });
  test("no console errors in any page", () => {
    for (const one of opened) {
      assert.deepEqual(
        one.errors.filter((e) => !/status of 4\d\d/.test(e)),
        [],
      );
    }
  });
});
