// Trust where buyers decide, in Debian chromium against the real local stack (Hardhat, the real
// indexer, Postgres, the built web server). From Node: a seller completes a 10 USDC deal reviewed
// 5★ with a matching text and a 250 USDC deal reviewed 3★ whose text does not match its on-chain
// hash, then lists a lamp. In the browser: the card and the auction page show the seller's
// volume-weighted rating, deals, disputes lost and member-since (en and ru), the reviews show their
// text, the mismatch and the deal amount; the seller sets a display name and an avatar and sees
// them on its card and profile; another wallet cannot take that name, nor an address look-alike.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { englishAuctionHouseAbi, gavelConfigAbi, testUSDCAbi } from "@gavel/sdk";
import type { Browser, Page } from "playwright-core";
import { type Abi, type Hex, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { rpc } from "../../scripts/lib/chain.ts";
import { assertAccessible } from "./browser/a11y.ts";
import { chainClients } from "./browser/chain.ts";
import { launchChromium, newPage, type PageWithErrors } from "./browser/chromium.ts";
import { openSignedIn } from "./browser/session.ts";
import { proxyHeaders, startWebStack, type WebStack } from "./browser/stack.ts";
import { hardhatKeys } from "./browser/wallet.ts";

const USDC = 1_000_000n;
const DAY = 86_400;
const SELLER = hardhatKeys[1];
const BUYER = hardhatKeys[2];
const OTHER = hardhatKeys[3];
const sellerAddress = privateKeyToAccount(SELLER).address.toLowerCase();
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAPHgEDn8GcWQAAAABJRU5ErkJggg==",
  "base64",
);
const sha256 = (text: string): Hex => `0x${createHash("sha256").update(text).digest("hex")}`;
const textUri = (text: string) => `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;

let stack: WebStack;
let browser: Browser;
let clients: ReturnType<typeof chainClients>;
const opened: PageWithErrors[] = [];
let lampId = "";

const addr = (name: string) => stack.addresses[name] as Hex;
const house = () => addr("EnglishAuctionHouse");
const call = (key: Hex, functionName: string, args: unknown[]) =>
  clients.write(key, house(), englishAuctionHouseAbi as Abi, functionName, args);

async function chainNow() {
  return Number((await clients.reader.getBlock()).timestamp);
}

async function nextId() {
  const next = await clients.reader.readContract({
    address: addr("GavelConfig"),
    abi: gavelConfigAbi,
    functionName: "nextAuctionId",
  });
  return next;
}

async function list(title: string, price: bigint, seconds: number) {
  const id = await nextId();
  await call(SELLER, "createAuction", [
    {
      title,
      metadataURI: "",
      metadataHash: zeroHash,
      reservePrice: price,
      shipWindow: 3600,
      confirmWindow: 3 * DAY,
      disputeWindow: DAY,
    },
    {
      startTime: 0,
      endTime: (await chainNow()) + seconds,
      startPrice: price,
      minIncrementBps: 100,
      extensionWindow: 0,
      maxExtensions: 0,
    },
  ]);
  return id;
}

/** A completed deal at `price`, reviewed by the buyer with `text` under `signedHash`. */
async function reviewedDeal(title: string, price: bigint, rating: number, text: string, signedHash: Hex) {
  const id = await list(title, price, 600);
  await call(BUYER, "bid", [id, price]);
  await rpc(stack.rpcUrl, "evm_increaseTime", [601]);
  await rpc(stack.rpcUrl, "evm_mine", []);
  await call(SELLER, "settle", [id]);
  await call(SELLER, "ship", [id, keccak256(toHex(`TRACK-${title}`))]);
  await call(BUYER, "confirm", [id]);
  await call(BUYER, "review", [id, rating, signedHash, textUri(text)]);
}

before(async () => {
  stack = await startWebStack();
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  clients = chainClients(stack);
  await clients.write(BUYER, addr("TestUSDC"), testUSDCAbi as Abi, "approve", [house(), 10_000n * USDC]);
  await reviewedDeal(
    "Cheap strap",
    10n * USDC,
    5,
    "Lovely strap, as described.",
    sha256("Lovely strap, as described."),
  );
  // Signed on chain as one text, served as another.
  await reviewedDeal(
    "Film camera",
    250n * USDC,
    3,
    "Perfect, five stars!",
    sha256("Arrived late, lens scratched."),
  );
  lampId = String(await list("Brass desk lamp", 40n * USDC, 10 * DAY));
  await stack.indexerCaughtUp();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
});

async function visitor(locale: "en-US" | "ru-RU"): Promise<Page> {
  const one = await newPage(browser, { extraHTTPHeaders: proxyHeaders(), locale, timezoneId: "UTC" });
  opened.push(one);
  return one.page;
}

const squash = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

describe("trust where buyers decide", () => {
  test("the card and the auction page show the seller's weighted rating, deals, disputes lost and member since", async () => {
    // (5 × 10 + 3 × 250) / 260 = 3.08: the 250 USDC deal counts 25 times the 10 USDC one.
    const page = await visitor("en-US");
    await page.goto(`${stack.url}/?seller=${sellerAddress}`);
    const card = page.locator("article.card").filter({ hasText: "Brass desk lamp" });
    assert.match(
      squash(await card.getByTestId("seller-facts").textContent()),
      /^★ 3\.08 · 2 deals · 0 disputes lost · since [A-Z][a-z]{2} \d{4}$/,
    );
    assert.equal(await card.getByTestId("identicon").count(), 1, "a face for an address without an avatar");
    assert.equal(
      await card.getByRole("link", { name: /0x7099/ }).getAttribute("title"),
      sellerAddress,
      "the full address one hover away",
    );

    await page.goto(`${stack.url}/auction/${lampId}`);
    assert.match(
      squash(await page.locator("p.seller").getByTestId("seller-facts").textContent()),
      /^★ 3\.08 · 2 deals · 0 disputes lost · since [A-Z][a-z]{2} \d{4}$/,
    );
    const reviews = page.getByTestId("seller-reviews");
    const good = reviews.locator("li").filter({ hasText: "Lovely strap" });
    assert.equal(squash(await good.getByTestId("review-text").textContent()), "Lovely strap, as described.");
    assert.equal(squash(await good.getByTestId("review-amount").textContent()), "for a 10.00 USDC deal");
    const bad = reviews.locator("li").filter({ hasText: "Perfect, five stars!" });
    assert.equal(
      squash(await bad.getByTestId("review-mismatch").textContent()),
      "⚠ Text does not match what was signed on chain",
    );
    assert.equal(squash(await bad.getByTestId("review-amount").textContent()), "for a 250.00 USDC deal");
    await assertAccessible(page, "an auction page with the seller's badge and reviews");
  });

  test("in Russian", async () => {
    const page = await visitor("ru-RU");
    await page.goto(`${stack.url}/?seller=${sellerAddress}`);
    const card = page.locator("article.card").filter({ hasText: "Brass desk lamp" });
    assert.match(
      squash(await card.getByTestId("seller-facts").textContent()),
      /^★ 3,08 · 2 сделки · 0 проигранных споров · с \S+ \d{4} г\.$/,
    );
    await page.goto(`${stack.url}/auction/${lampId}`);
    const bad = page.getByTestId("seller-reviews").locator("li").filter({ hasText: "Perfect, five stars!" });
    assert.equal(
      squash(await bad.getByTestId("review-mismatch").textContent()),
      "⚠ Текст не совпадает с подписанным в блокчейне",
    );
    assert.match(
      squash(
        await page
          .getByTestId("seller-reviews")
          .locator("li")
          .first()
          .getByTestId("review-amount")
          .textContent(),
      ),
      /^по сделке на \d+,00 USDC$/,
    );
  });

  test("the seller sets a display name and an avatar and sees them on its card and profile", async () => {
    const seller = await openSignedIn(browser, stack, SELLER, "/settings", opened);
    const { page } = seller;
    await page.getByLabel("Display name").fill("  Ada's   Cameras ");
    await page.getByLabel("Avatar").setInputFiles({ name: "ada.png", mimeType: "image/png", buffer: png });
    await page.getByTestId("avatar-preview").waitFor();
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();

    await page.goto(`${stack.url}/?seller=${sellerAddress}`);
    const card = page.locator("article.card").filter({ hasText: "Brass desk lamp" });
    assert.equal(await card.getByTestId("display-name").textContent(), "Ada's Cameras");
    const avatar = card.getByTestId("avatar");
    assert.match((await avatar.getAttribute("src")) ?? "", /^\/media\/[0-9a-f]{64}$/);
    assert.equal(await avatar.evaluate((img: HTMLImageElement) => img.naturalWidth), 2, "the picture loads");

    await card.getByRole("link", { name: "Ada's Cameras" }).click();
    await page.waitForURL(`${stack.url}/u/${sellerAddress}`);
    assert.equal(await page.getByTestId("profile-name").textContent(), "Ada's Cameras");
    assert.equal(await page.getByTestId("profile-address").textContent(), sellerAddress);
    assert.equal(await page.locator("header.head").getByTestId("avatar").count(), 1);
    assert.deepEqual(seller.errors, []);

    // Nobody else takes the name in another case or width, nor poses as an address.
    const other = await openSignedIn(browser, stack, OTHER, "/settings", opened);
    for (const [name, message] of [
      ["ＡＤＡ'S cameras", "Someone else already uses this name."],
      ["0xAbCd…79C8", "The name must not look like an address (0x and hex digits)."],
    ] as const) {
      await other.page.getByLabel("Display name").fill(name);
      await other.page.getByRole("button", { name: "Save profile" }).click();
      await other.page.getByTestId("profile-error").getByText(message, { exact: true }).waitFor();
    }
    const { rows } = await stack.db.query("select display_name from web.profiles order by display_name");
    assert.deepEqual(
      rows.map((r) => r.display_name),
      ["Ada's Cameras"],
    );
  });
});
