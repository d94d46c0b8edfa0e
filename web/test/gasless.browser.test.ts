// The gasless bid in Debian chromium against the real stack and the real relayer (scripts/relayer):
// a wallet that holds USDC and not one wei of ETH signs in, is offered the gasless bid, places an
// English bid with one signature (eth_signTypedData_v4, no transaction from the wallet), and the
// status line goes the usual way — signed, sent, confirmed, shown on Gavel — while the relayer pays
// the gas. With the relayer out of budget the page says so and falls back to the wallet-paid bid.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi } from "@gavel/sdk";
import type { Browser } from "playwright-core";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";
import { type Addresses, createScenario, type Scenario, usdc } from "../../scripts/lib/scenario.ts";
import { launchChromium, type PageWithErrors } from "./browser/chromium.ts";
import { openSignedIn, waitPhase } from "./browser/session.ts";
import { startWebStack, type WebStack } from "./browser/stack.ts";

let stack: WebStack;
let browser: Browser;
let relayer: Child;
let s: Scenario;
let relayerUrl = "";
const relayerLog: string[] = [];
const opened: PageWithErrors[] = [];

before(async () => {
  const relayerPort = await freePort();
  relayerUrl = `http://127.0.0.1:${relayerPort}`;
  stack = await startWebStack({ env: { PUBLIC_RELAYER_URL: relayerUrl } });
  try {
    relayer = startProcess("relayer", process.execPath, ["scripts/relayer/src/main.ts"], {
      cwd: repoRoot,
      env: {
        RPC_URL: stack.rpcUrl,
        DATABASE_URL: stack.databaseUrl,
        GAVEL_ADDRESSES: JSON.stringify(stack.addresses),
        RELAYER_PRIVATE_KEY: hardhatDevKey(18),
        RELAYER_PORT: String(relayerPort),
        RELAYER_ALLOWED_ORIGINS: stack.url,
      },
      onLine: (line) => relayerLog.push(line),
    });
    await waitFor("the relayer's /health", async () => (await fetch(`${relayerUrl}/health`)).ok, {
      timeoutMs: 30_000,
    });
    browser = await launchChromium();
  } catch (error) {
    await relayer?.stop();
    await stack.stop();
    throw error;
  }
  s = createScenario(stack.rpcUrl, stack.addresses as unknown as Addresses);
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await relayer?.stop();
  await stack?.stop();
});

/** An English auction by account 1, once the indexer has it. */
async function listed(title: string): Promise<bigint> {
  const { id } = await s.createEnglish(1, { title, durationSeconds: 3600 });
  await waitFor("the indexer to show the auction", async () => {
    const response = await fetch(`${stack.indexerUrl}/api/auctions/${id}`);
    return response.ok;
  });
  return id;
}

describe("a gasless English bid", () => {
  test("a wallet with USDC and no ETH bids with one signature; the relayer pays the gas and the page shows the bid", async () => {
    const { key, account: bidder } = await s.gaslessWallet(usdc("500"));
    const id = await listed("Gasless lamp");

    const { page, wallet } = await openSignedIn(browser, stack, key, `/auction/${id}`, opened);
    const offer = page.getByTestId("gasless");
    await offer.waitFor({ timeout: 20_000 });
    assert.match((await offer.textContent()) ?? "", /too little ETH/);
    await offer.getByRole("button", { name: "Pay gas from my wallet instead" }).waitFor();

    await page.getByLabel("Your maximum bid").fill("25");
    await page.getByRole("button", { name: "Place bid" }).click();
    await waitPhase(page, "indexed");
    await page.getByTestId("standing").getByText("You are the highest bidder").waitFor();

    const methods = wallet.requests.map((r) => r.method);
    assert.ok(methods.includes("eth_signTypedData_v4"), "the wallet signed the bid");
    assert.ok(!methods.includes("eth_sendTransaction"), "the wallet sent no transaction");
    assert.equal(await s.publicClient.getBalance({ address: bidder.address }), 0n, "no ETH spent");
    const auction = await s.publicClient.readContract({
      address: stack.addresses.EnglishAuctionHouse as `0x${string}`,
      abi: englishAuctionHouseAbi,
      functionName: "getAuction",
      args: [id],
    });
    assert.equal(auction.leader, bidder.address);
    assert.equal(auction.leaderMax, usdc("25"));
    assert.equal(await s.tokenBalance(bidder.address), usdc("475"), "the maximum is in escrow");
  });

  test("the relayer gone between offer and bid: the page says so and the wallet is asked to pay the gas", async () => {
    const { key, account: bidder } = await s.gaslessWallet(usdc("500"));
    const id = await listed("Gasless fallback");
    const { page, wallet } = await openSignedIn(browser, stack, key, `/auction/${id}`, opened);
    await page.getByTestId("gasless").waitFor({ timeout: 20_000 });
    await relayer.stop();

    await page.getByLabel("Your maximum bid").fill("25");
    await page.getByRole("button", { name: "Place bid" }).click();
    await page.getByTestId("gasless-fallback").getByText("could not be reached").waitFor({ timeout: 20_000 });
    // The wallet-paid path: a permit signature, then the wallet's own transaction (which a wallet
    // without ETH cannot pay for, so the status line reports the wallet's error).
    await waitFor("the wallet to be asked for a transaction", async () =>
      wallet.requests.some((r) => r.method === "eth_sendTransaction"),
    );
    await waitPhase(page, "failed");
    assert.equal(await s.tokenBalance(bidder.address), usdc("500"), "nothing moved");
  });
});
