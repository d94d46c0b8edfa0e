// Stats, admin and support in Debian chromium against the real local stack. The on-chain
// activity (listings, bids, deals, a completed deal with its fee, a dispute) is made from Node
// with viem and Hardhat's keys; what a visitor, a user, an arbiter, an admin and a stranger do is
// done in the browser with an injected wallet signing with real keys.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { dutchAuctionHouseAbi, englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/sdk";
import type { Browser, Page } from "playwright-core";
import { type Abi, type Hex, keccak256, toBytes, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { rpc } from "../../scripts/lib/chain.ts";
import { chainClients } from "./browser/chain.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { type Opened, openSignedIn } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack, webDir } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const screenshots = `${webDir}/test-results/screenshots`;
const USDC = 1_000_000n;
const HOUR = 3600;

let stack: WebStack;
let browser: Browser;
const opened: PageWithErrors[] = [];

let clients: ReturnType<typeof chainClients>;
const addr = (name: string) => stack.addresses[name] as Hex;

/** Both screenshots of a page, desktop and phone width; the phone one must not scroll sideways. */
async function screenshotBoth(page: Page, name: string) {
  for (const [width, suffix] of [
    [1200, ""],
    [390, "-phone"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 390, `${name} is ${overflow}px wide at phone width`);
    }
    await page.screenshot({ path: `${screenshots}/${name}${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

const admin = hardhatKeys[0]; // the local deployment's admin (and arbiter, and pauser)
const seller = hardhatKeys[1];
const buyer = hardhatKeys[2];
const arbiterKey = generatePrivateKey(); // a plain account given ARBITER_ROLE below
const strangerKey = generatePrivateKey();

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startWebStack();
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  clients = chainClients(stack);
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

let ticketId = "";
let user: Opened;

describe("stats, support and admin", () => {
  test("after some trading, /stats shows the totals and the daily charts without a wallet", async () => {
    const house = addr("EnglishAuctionHouse");
    const { reader, write } = clients;
    const role = await reader.readContract({
      address: addr("GavelConfig"),
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    });
    await write(admin, addr("GavelConfig"), gavelConfigAbi as Abi, "grantRole", [
      role,
      privateKeyToAccount(arbiterKey).address,
    ]);
    const now = Number((await reader.getBlock()).timestamp);
    const prices = [10n * USDC, 20n * USDC, 5n * USDC];
    for (const [i, price] of prices.entries()) {
      await write(seller, house, englishAuctionHouseAbi as Abi, "createAuction", [
        {
          title: `Stats item ${i + 1}`,
          metadataURI: "",
          metadataHash: zeroHash,
          reservePrice: price,
          shipWindow: HOUR,
          confirmWindow: 72 * HOUR, // the contracts' shortest (3 days)
          disputeWindow: 24 * HOUR,
        },
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
    const [first, second] = [next - 3, next - 2];
    await write(buyer, addr("TestUSDC"), testUSDCAbi as Abi, "approve", [house, 100n * USDC]);
    await write(buyer, house, englishAuctionHouseAbi as Abi, "bid", [BigInt(first), prices[0]]);
    await write(buyer, house, englishAuctionHouseAbi as Abi, "bid", [BigInt(second), prices[1]]);
    await rpc(stack.rpcUrl, "evm_increaseTime", [601]);
    await rpc(stack.rpcUrl, "evm_mine", []);
    for (const id of [first, second])
      await write(seller, house, englishAuctionHouseAbi as Abi, "settle", [BigInt(id)]);
    // Deal ids are the auction ids. One completes (fee 2.5 % of 10 USDC), one goes to dispute.
    await write(seller, house, englishAuctionHouseAbi as Abi, "ship", [
      BigInt(first),
      keccak256(toBytes("A1")),
    ]);
    await write(seller, house, englishAuctionHouseAbi as Abi, "ship", [
      BigInt(second),
      keccak256(toBytes("A2")),
    ]);
    await write(buyer, house, englishAuctionHouseAbi as Abi, "confirm", [BigInt(first)]);
    await write(buyer, house, englishAuctionHouseAbi as Abi, "openDispute", [
      BigInt(second),
      keccak256(toBytes("evidence")),
      "ipfs://evidence",
    ]);
    await stack.indexerCaughtUp();

    const visitor = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale: "en-US" });
    opened.push(visitor);
    const { page } = visitor;
    await page.goto(stack.url);
    await nav(page).getByRole("link", { name: "Stats" }).click();
    await page.getByRole("heading", { name: "Gavel in numbers" }).waitFor();
    assert.equal(
      await nav(page).getByRole("link", { name: "Support" }).count(),
      0,
      "Support needs a sign-in",
    );
    assert.equal(await nav(page).getByRole("link", { name: "Admin" }).count(), 0);
    assert.equal(await page.getByTestId("total-volume").textContent(), "30.00\u00a0USDC");
    assert.equal(await page.getByTestId("total-fees").textContent(), "0.25\u00a0USDC");
    assert.equal(await page.getByTestId("total-auctions").textContent(), "3");
    assert.equal(await page.getByTestId("total-active").textContent(), "0", "all three have ended");
    assert.equal(await page.getByTestId("total-deals").textContent(), "2");
    assert.match((await page.getByTestId("total-disputes").textContent()) ?? "", /1\s*1 open/);

    // 30 days by default; the week view has 7 bars per chart, today's carrying the numbers.
    await page.getByRole("link", { name: "7 days" }).click();
    await page.waitForURL(/\/stats\?days=7$/);
    const charts = page.getByTestId("chart");
    assert.equal(await charts.count(), 5);
    const volume = page.getByRole("img", { name: /Daily volume/ });
    assert.equal(await volume.locator("rect").count(), 7);
    assert.match(
      (await volume.locator("desc").textContent()) ?? "",
      /Total 30.00\u00a0USDC over 7 days; the busiest day was .+ with 30.00\u00a0USDC\./,
    );
    const tallest = await volume
      .locator("rect")
      .last()
      .evaluate((rect) => rect.getBoundingClientRect().height);
    assert.ok(tallest > 50, `today's bar is drawn (${tallest}px)`);
    assert.match(
      (await volume.locator("rect").last().locator("title").textContent()) ?? "",
      /: 30.00\u00a0USDC$/,
    );
    const listings = charts.filter({ hasText: "New listings per day" });
    await listings.getByText("Show the numbers").click();
    assert.equal(await listings.getByRole("row").last().getByRole("cell").textContent(), "3");
    assert.deepEqual(visitor.errors, []);
    await screenshotBoth(page, "stats");

    // In Russian, numbers the Russian way.
    await page.getByRole("link", { name: "Русский" }).click();
    await page.getByRole("heading", { name: "Gavel в цифрах" }).waitFor();
    assert.equal(await page.getByTestId("total-volume").textContent(), "30,00\u00a0USDC");
    assert.equal(await page.getByTestId("total-fees").textContent(), "0,25\u00a0USDC");
    await page.getByRole("img", { name: /Оборот за день/ }).waitFor();
    await page.screenshot({ path: `${screenshots}/stats-ru.png`, fullPage: true });
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Gavel in numbers" }).waitFor();

    // A bad range is named and dropped.
    await page.goto(`${stack.url}/stats?days=12`);
    await page.getByText("Some parameters were not understood and were left out: days").waitFor();
    assert.equal(
      await page
        .getByRole("img", { name: /Daily fees/ })
        .locator("rect")
        .count(),
      30,
    );
  });

  test("a signed-in user files a ticket (checked in the browser first) and sees it open", async () => {
    user = await openSignedIn(browser, stack, buyer, "/", opened);
    const { page } = user;
    await nav(page).getByRole("link", { name: "Support" }).click();
    await page.getByRole("heading", { name: "New ticket" }).waitFor();
    await page.getByLabel("What happened?").fill("too short");
    await page.getByRole("button", { name: "Send to support" }).click();
    await page.getByText("Write a subject of 3 to 120 characters.").waitFor();
    await page.getByText("Describe the problem in 10 to 4,000 characters.").waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "ticket-subject",
      "focus on the first error",
    );
    assert.equal((await stack.db.query("select count(*)::int as n from web.support_tickets")).rows[0].n, 0);

    await page.getByLabel("Subject").fill("Seller stopped answering");
    await page
      .getByLabel("What happened?")
      .fill("I opened a dispute on my deal; how long does a ruling take?");
    await page.getByLabel("Deal number (optional)").fill("x1");
    await page.getByRole("button", { name: "Send to support" }).click();
    await page.getByText("A deal number is digits only (or leave it empty).").waitFor();
    const deal = (await stack.db.query("select max(id)::text as id from web.support_tickets")).rows[0].id;
    assert.equal(deal, null, "nothing stored");
    await page.getByLabel("Deal number (optional)").fill("2");
    await page.getByRole("button", { name: "Send to support" }).click();
    await page.waitForURL(/\/support\/\d+$/);
    ticketId = page.url().split("/").pop() ?? "";
    await page.getByRole("heading", { name: `#${ticketId} · Seller stopped answering` }).waitFor();
    assert.equal(await page.getByTestId("ticket-status").textContent(), "Open");
    await page.getByRole("link", { name: "deal #2" }).waitFor();
    await page.getByRole("link", { name: "← All tickets" }).click();
    const mine = page.getByTestId("tickets");
    await mine.getByText(`#${ticketId} · Seller stopped answering`).waitFor();
    assert.equal(await mine.getByTestId("ticket-status").textContent(), "Open");
    await screenshotBoth(page, "support");
    assert.deepEqual(user.errors, []);
  });

  test("the admin sees the ticket, the dispute ageing and the pause state on /admin, and answers", async () => {
    const adminPage = await openSignedIn(browser, stack, admin, "/", opened);
    const { page } = adminPage;
    await nav(page).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Admin", exact: true }).waitFor();
    const pause = page.getByTestId("pause-state");
    await pause.getByText("Running: the contracts are not paused.").waitFor();
    const ageing = page.getByTestId("dispute-ageing");
    assert.match(
      (await ageing.textContent()) ?? "",
      /Under 1 day\s*1\s*1–3 days\s*0\s*3–7 days\s*0\s*Over 7 days\s*0/,
    );
    await ageing.getByText(/The oldest has been open for \d+ min \d+ s\./).waitFor();
    await page.getByTestId("open-disputes").getByRole("link", { name: "#2 · Stats item 2" }).waitFor();
    assert.equal(await page.getByTestId("total-volume").textContent(), "30.00\u00a0USDC", "the same stats");

    // Pausing on chain shows on the page.
    const { write, reader } = clients;
    // A falling Dutch price, to watch stand still while paused.
    const start = Number((await reader.getBlock()).timestamp);
    await write(seller, addr("DutchAuctionHouse"), dutchAuctionHouseAbi as Abi, "createAuction", [
      {
        title: "Paused lamp",
        metadataURI: "",
        metadataHash: zeroHash,
        reservePrice: 10n * USDC,
        shipWindow: HOUR,
        confirmWindow: 72 * HOUR,
        disputeWindow: 24 * HOUR,
      },
      { startTime: 0, endTime: start + 3 * HOUR, decayDuration: 2 * HOUR, startPrice: 50n * USDC },
    ]);
    const dutchId =
      Number(
        await reader.readContract({
          address: addr("GavelConfig"),
          abi: gavelConfigAbi,
          functionName: "nextAuctionId",
        }),
      ) - 1;
    await write(admin, addr("GavelConfig"), gavelConfigAbi as Abi, "pause");
    await stack.indexerCaughtUp();
    await page.reload();
    await pause.getByText("Paused: new listings and new bids are stopped.").waitFor();
    await screenshotBoth(page, "admin");
    // While paused the auction page counts nothing down and names no falling price, in both languages.
    await page.goto(`${stack.url}/auction/${dutchId}`);
    const pausedText = "Paused — the clock resumes when the platform does";
    await page.getByTestId("countdown").getByText(pausedText).waitFor();
    await page.getByTestId("price").getByText(pausedText).waitFor();
    assert.equal(await page.getByTestId("buy").count(), 0, "no buy button while paused");
    await page.getByRole("link", { name: "Русский" }).click();
    await page
      .getByTestId("countdown")
      .getByText("Пауза — отсчёт продолжится, когда платформа возобновит работу")
      .waitFor();
    await page.getByRole("link", { name: "English" }).click();
    await page.getByTestId("countdown").getByText(pausedText).waitFor();
    await page.goto(`${stack.url}/admin`);
    await write(admin, addr("GavelConfig"), gavelConfigAbi as Abi, "unpause");
    // Two days later (chain time) the dispute has moved to the next bucket.
    await rpc(stack.rpcUrl, "evm_increaseTime", [2 * 86_400]);
    await rpc(stack.rpcUrl, "evm_mine", []);
    await page.reload();
    await pause.getByText("Running: the contracts are not paused.").waitFor();
    assert.match(
      (await ageing.textContent()) ?? "",
      /Under 1 day\s*0\s*1–3 days\s*1\s*3–7 days\s*0\s*Over 7 days\s*0/,
    );
    await ageing.getByText("The oldest has been open for 2 d 0 h.").waitFor();

    const tickets = page.getByTestId("admin-tickets");
    await tickets.getByRole("link", { name: new RegExp(`#${ticketId} · Seller stopped answering`) }).click();
    await page.getByRole("heading", { name: `#${ticketId} · Seller stopped answering` }).waitFor();
    await page
      .getByLabel("Your answer")
      .fill("The arbiters rule within a day; if they do not, the escrow splits 50/50.");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("Saved.").waitFor();
    await page.getByTestId("ticket-status").getByText("Answered").waitFor();
    assert.deepEqual(adminPage.errors, []);
  });

  test("the user sees the answer; a plain arbiter closes the ticket", async () => {
    const { page } = user;
    await page.goto(`${stack.url}/support/${ticketId}`);
    assert.equal(await page.getByTestId("ticket-status").textContent(), "Answered");
    const replies = page.getByTestId("replies");
    await replies
      .getByText("The arbiters rule within a day; if they do not, the escrow splits 50/50.")
      .waitFor();
    assert.match((await replies.textContent()) ?? "", /Support \(0xf39f…2266\)/i);
    // The author cannot set the status.
    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/support/tickets/${id}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: "closed" }),
      });
      return [response.status, (await response.json()).field];
    }, ticketId);
    assert.deepEqual(refused, [403, "status"]);
    await screenshotBoth(page, "support-ticket");

    const arbiter = await openSignedIn(browser, stack, arbiterKey, `/support`, opened);
    assert.equal(
      await nav(arbiter.page).getByRole("link", { name: "Admin" }).count(),
      0,
      "an arbiter is not an admin",
    );
    await arbiter.page.getByRole("heading", { name: "All tickets" }).waitFor();
    await arbiter.page.getByRole("link", { name: new RegExp(`#${ticketId} ·`) }).click();
    // The list's "Filter by status" also matches a loose "Status" until the ticket page is shown.
    await arbiter.page.waitForURL(`**/support/${ticketId}`);
    await arbiter.page.getByLabel("Status", { exact: true }).selectOption("closed");
    await arbiter.page.getByRole("button", { name: "Send", exact: true }).click();
    await arbiter.page.getByTestId("ticket-status").getByText("Closed").waitFor();
    const row = await stack.db.query("select status from web.support_tickets where id = $1", [ticketId]);
    assert.equal(row.rows[0].status, "closed");
    await page.reload();
    assert.equal(await page.getByTestId("ticket-status").textContent(), "Closed");
    assert.deepEqual(arbiter.errors, []);
  });

  test("a stranger has no Admin link, gets the 403 page on /admin, and 403 on the ticket", async () => {
    const stranger = await openSignedIn(browser, stack, strangerKey, "/", opened);
    const { page } = stranger;
    assert.equal(await nav(page).getByRole("link", { name: "Admin" }).count(), 0);
    await nav(page).getByRole("link", { name: "Support" }).waitFor();
    const response = await page.goto(`${stack.url}/admin`);
    assert.equal(response?.status(), 403);
    await page.getByText("This page is for holders of the admin role.").waitFor();
    const ticket = await page.goto(`${stack.url}/support/${ticketId}`);
    assert.equal(ticket?.status(), 403);
    assert.doesNotMatch(await page.content(), /Seller stopped answering|how long does a ruling take/);
    const api = await page.evaluate(async (id) => (await fetch(`/support/tickets/${id}`)).status, ticketId);
    assert.equal(api, 403);
    await page.goto(`${stack.url}/support`);
    await page.getByRole("heading", { name: "Your tickets" }).waitFor();
    await page.getByText("No tickets yet.").waitFor();
  });
});
