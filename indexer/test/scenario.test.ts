// Long on purpose: one scenario indexed once, then every route and stream item checked against it and the OpenAPI schema.
// End to end over every event: a real Hardhat node with the Gavel deployment, the embedded
// Postgres and `ponder start`. A scripted marketplace (English auctions with proxy bids, outbids
// and an extension; every deal path; disputes ruled by the arbiter and split by timeout; reviews;
// withdrawals; config changes) is played with viem while the indexer follows live, then every
// route's answer is checked field by field against the chain and the rules in API.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import {
  type Addresses,
  createScenario,
  DAY,
  HOUR,
  hash32,
  MIN_CONFIRM_WINDOW,
  type Scenario,
  usdc,
} from "@gavel/scripts/lib/scenario.ts";
import { type Indexer, type Stack, startStack, waitCaughtUp, waitForHead } from "@gavel/scripts/lib/stack.ts";
import { englishAuctionHouseAbi } from "@gavel/sdk";
import { parseEventLogs, zeroAddress } from "viem";
import { assertMatchesContract, assertStreamItem, getJson, unchecked } from "./api-contract.ts";

const WEB_ORIGIN = "http://web.example";
const A = (raw: bigint) => ({ raw: raw.toString(), decimal: formatUsdc(raw) });
function formatUsdc(raw: bigint): string {
  const whole = raw / 1_000_000n;
  const fraction = (raw % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

let stack: Stack | undefined;
let indexer: Indexer;
let s: Scenario;
/** Auction ids by scenario name. */
const ids: Record<string, bigint> = {};
let feesFromEvents = 0n;
/** Deal amounts of the Dutch, sealed and rolling sales (from their DealOpened), by scenario name. */
const sold: Record<string, bigint> = {};
let firstBidCursor = "";
/** The scenario's pauses, from their Unpaused events. */
const pauses: { pausedAt: number; pausedFor: number }[] = [];
/**
 * A time the API serves, as the house's views give it now: they read every stored time on today's
 * clock offset, so a time that had passed when a pause began shows later there by that pause.
 */
const chainView = (apiTime: number) =>
  apiTime + pauses.reduce((sum, p) => sum + (apiTime <= p.pausedAt ? p.pausedFor : 0), 0);

type Json = Record<string, unknown>;
interface AuctionJson extends Json {
  id: string;
  format: string;
  startPrice: { raw: string; decimal: string };
  status: string;
  bidCount: number;
  currentPrice: { raw: string; decimal: string };
  endTime: number | null;
  createdAt: number;
  title: string;
  seller: string;
}

before(async () => {
  const t0 = Date.now();
  const mark = (what: string) => console.log(`# ${what} at ${Date.now() - t0} ms`);
  stack = await startStack("scenario");
  mark("stack up");
  indexer = await stack.startIndexer("scenario", { WEB_ORIGIN });
  // The same chain indexed with no cache at all: after every transaction of the scenario, each
  // auction's detail must read the same from both (the cached one keeps an auction's bids, deal
  // and commitments per revision, which every house event about the auction must move).
  const uncached = await stack.startIndexer("scenario_uncached", { RESPONSE_CACHE_BYTES: "0" });
  await Promise.all([waitCaughtUp(indexer), waitCaughtUp(uncached)]);
  mark("indexers caught up");
  s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses, {
    afterEach: () => sameDetails(stack as Stack, indexer, uncached),
  });
  await play(s);
  mark("scenario played");
  await waitForHead(stack, indexer);
  mark("indexer at the head");
});

after(async () => {
  await stack?.stop();
});

let detailComparisons = 0;
/** Every auction's GET /api/auctions/:id reads the same from `cached` and `uncached` (see `before`). */
async function sameDetails(stack: Stack, cached: Indexer, uncached: Indexer): Promise<void> {
  await Promise.all([waitForHead(stack, cached), waitForHead(stack, uncached)]);
  const list = await getJson<{ items: { id: string }[] }>(uncached, "/api/auctions?limit=100&sort=newest");
  for (const { id } of list.body.items) {
    // Both judge status by their own "now" (the wall clock's second): a boundary may fall between.
    for (let attempt = 1; ; attempt++) {
      const [a, b] = await Promise.all([
        getJson<Json>(cached, `/api/auctions/${id}`),
        getJson<Json>(uncached, `/api/auctions/${id}`),
      ]);
      if (a.body.now === b.body.now || attempt === 3) {
        assert.deepEqual(a.body, b.body, `auction ${id}, cached and not`);
        break;
      }
    }
    detailComparisons++;
  }
}

/** Collects the fees of DealCompleted / DisputeResolved in a receipt (what the treasury accrues). */
function collectFees(receipt: Awaited<ReturnType<Scenario["confirm"]>>) {
  for (const log of parseEventLogs({ abi: englishAuctionHouseAbi, logs: receipt.logs })) {
    if (log.eventName === "DealCompleted" || log.eventName === "DisputeResolved")
      feesFromEvents += log.args.fee;
  }
}

/**
 * The marketplace. Accounts: 0 deployer (admin, arbiter, pauser), 1 and 2 sellers, 3–6 bidders,
 * 7 a keeper, 8 a withdrawal recipient, 9 the treasury.
 */
/** The amount of the DealOpened in a receipt (every house emits the same event). */
function dealOpenedAmount(receipt: Awaited<ReturnType<Scenario["buy"]>>): bigint {
  const [opened] = parseEventLogs({
    abi: englishAuctionHouseAbi,
    eventName: "DealOpened",
    logs: receipt.logs,
  });
  if (!opened) throw new Error("no DealOpened in the receipt");
  return opened.args.amount;
}

async function play(s: Scenario) {
  await s.approveAll([3, 4, 5, 6, 7]);
  // Ends soon and is never settled: "ended".
  ids.lamp = (await s.createEnglish(1, { title: "Short-lived lamp", durationSeconds: 300 })).id;

  // The other formats, all sold by account 8.
  ids.sealed = (
    await s.createSealed(8, {
      title: "Sealed painting",
      reservePrice: usdc("10"),
      commitSeconds: 600,
      revealSeconds: HOUR,
      secondPrice: true,
      penaltyBps: 1000,
    })
  ).id;
  await s.commit(7, ids.sealed, usdc("30"), "seven", usdc("40")); // over-collateralised
  await s.commit(6, ids.sealed, usdc("22"), "six", usdc("22"));
  await s.commit(6, ids.sealed, usdc("25"), "six-again", usdc("3")); // replaces, adds 3
  await s.commit(5, ids.sealed, usdc("20"), "five", usdc("20")); // never revealed
  ids.dutchSold = (
    await s.createDutch(8, {
      title: "Dutch tulips",
      startPrice: usdc("100"),
      floorPrice: usdc("40"),
      decaySeconds: 1000,
      durationSeconds: 2000,
    })
  ).id;
  ids.dutchUnsold = (
    await s.createDutch(8, {
      title: "Dutch clogs",
      startPrice: usdc("50"),
      floorPrice: usdc("10"),
      decaySeconds: 300,
      durationSeconds: 600,
    })
  ).id;
  await s.travel(100);
  sold.dutchSold = dealOpenedAmount(await s.buy(6, ids.dutchSold, usdc("100")));
  ids.rolling = (
    await s.createRolling(8, { title: "Espresso cups", startPrice: usdc("5"), units: 3, roundSeconds: 600 })
  ).id;
  ids.rollingStopped = (
    await s.createRolling(8, {
      title: "Unwanted rolling",
      startPrice: usdc("5"),
      units: 2,
      roundSeconds: 600,
    })
  ).id;
  await s.rollingStop(8, ids.rollingStopped); // no bid yet: ends at once
  await s.rollingBid(6, ids.rolling, usdc("6"));
  await s.rollingBid(7, ids.rolling, usdc("9")); // new leader at 6 + 5 % = 6.3

  // A1: proxy bidding, a losing bid, a raise, an outbid inside the extension window.
  ids.leica = (
    await s.createEnglish(1, {
      title: "Leica M6 camera",
      startPrice: usdc("10"),
      reservePrice: usdc("20"),
      durationSeconds: 600,
      minIncrementBps: 500,
      extensionWindow: 120,
      maxExtensions: 3,
    })
  ).id;
  const bidReceipt = await s.bid(3, ids.leica, usdc("15")); // first bid, below the reserve: price 10
  const [firstBidLog] = bidReceipt.logs;
  firstBidCursor = [
    bidReceipt.blockNumber.toString().padStart(12, "0"),
    String(bidReceipt.transactionIndex).padStart(6, "0"),
    String(firstBidLog?.logIndex ?? 0).padStart(6, "0"),
  ].join("-");
  await s.bid(4, ids.leica, usdc("30")); // new leader; reserve reached: price 20; #3 outbid
  await s.bid(3, ids.leica, usdc("25")); // loses to 30: price min(30, 25 + 5 %) = 26.25
  await s.bid(4, ids.leica, usdc("40")); // the leader raises their maximum: price unchanged
  // Simple deals, each from its own auction.
  ids.books = (await s.createEnglish(2, { title: "Box of books", startPrice: usdc("5") })).id;
  ids.bike = (await s.createEnglish(1, { title: "Road bike", startPrice: usdc("8") })).id;
  ids.chair = (await s.createEnglish(2, { title: "Eames chair", startPrice: usdc("12") })).id;
  ids.guitar = (await s.createEnglish(1, { title: "Guitar 100% original", startPrice: usdc("100") })).id;
  ids.piano = (await s.createEnglish(2, { title: "Digital piano", startPrice: usdc("33.333333") })).id;
  ids.vase = (await s.createEnglish(1, { title: "Ming_vase replica", startPrice: usdc("7") })).id;
  ids.sofa = (
    await s.createEnglish(2, { title: "Leather sofa", startPrice: usdc("20"), shipWindow: 10 * DAY })
  ).id;
  ids.poster = (await s.createEnglish(2, { title: "Cancelled poster" })).id;
  ids.coin = (
    await s.createEnglish(1, { title: "Gold coin", startPrice: usdc("10"), reservePrice: usdc("50") })
  ).id;
  await s.bid(3, ids.books, usdc("6"));
  await s.bid(4, ids.bike, usdc("8"));
  await s.bid(5, ids.chair, usdc("12"));
  await s.bid(3, ids.guitar, usdc("100"));
  await s.bid(4, ids.piano, usdc("33.333333"));
  await s.bid(5, ids.vase, usdc("7"));
  await s.bid(6, ids.sofa, usdc("20"));
  await s.bid(3, ids.coin, usdc("20")); // never reaches the reserve
  await s.cancel(2, ids.poster);

  // Snipe inside the last 120 s of the Leica: the end moves to now + 120.
  const leica = await s.getAuction(ids.leica);
  await s.travel(Number(leica.endTime) - (await s.now()) - 60);
  await s.bid(5, ids.leica, usdc("50")); // new leader at 40 + 5 % = 42; #4 outbid; extended
  await s.travel(15 * 60);
  for (const name of ["leica", "books", "bike", "chair", "guitar", "piano", "vase", "sofa", "coin"]) {
    await s.settle(7, ids[name] as bigint);
  }
  await s.dutchSettle(7, ids.dutchUnsold as bigint); // ended unsold
  const round1 = await s.rollingSettle(7, ids.rolling as bigint);
  sold.rolling = dealOpenedAmount(round1.receipt);
  ids.round2 = round1.nextRoundId;
  await s.rollingBid(6, ids.round2, usdc("5"));
  await s.rollingStop(8, ids.rolling as bigint); // after this round
  await s.reveal(7, ids.sealed as bigint, usdc("30"), "seven");
  await s.reveal(6, ids.sealed as bigint, usdc("25"), "six-again");

  // Deals.
  await s.ship(1, ids.leica, "TRACK-LEICA");
  collectFees(await s.confirm(5, ids.leica)); // ship → confirm
  await s.review(5, ids.leica, 5, "great camera");
  await s.review(1, ids.leica, 4, "paid fast");
  await s.ship(2, ids.books, "TRACK-BOOKS");
  await s.refund(2, ids.chair); // seller refund from Paid
  await s.ship(1, ids.guitar, "TRACK-GUITAR");
  await s.openDispute(3, ids.guitar, "scratched");
  collectFees(await s.rule(0, ids.guitar, 7000)); // the arbiter: 70 % to the buyer
  await s.review(3, ids.guitar, 2, "not as described");
  await s.ship(2, ids.piano, "TRACK-PIANO");
  await s.openDispute(2, ids.piano, "buyer-lies"); // the seller disputes
  await s.ship(1, ids.vase, "TRACK-VASE");
  await s.openDispute(5, ids.vase, "broken");
  await s.refund(1, ids.vase); // the seller concedes
  await s.travel(MIN_CONFIRM_WINDOW + HOUR); // past every ship-by, confirm window and the arbiter's time
  await s.reclaim(4, ids.bike); // never shipped: the buyer takes the money back
  collectFees(await s.release(7, ids.books)); // confirm window over: anyone releases
  collectFees(await s.resolveAfterTimeout(7, ids.piano)); // the arbiter stayed silent: 50/50
  sold.sealed = dealOpenedAmount(await s.sealedSettle(0, ids.sealed as bigint)); // second price
  await s.returnCollateral(0, ids.sealed as bigint, s.addr(6));
  await s.returnCollateral(0, ids.sealed as bigint, s.addr(5)); // minus the 10 % penalty
  const round2 = await s.rollingSettle(7, ids.round2 as bigint);
  sold.round2 = dealOpenedAmount(round2.receipt);
  if (round2.nextRoundId !== 0n) throw new Error("the rolling listing should end after round 2");
  await s.ship(2, ids.sofa, "TRACK-SOFA");
  await s.openDispute(6, ids.sofa, "wrong-colour"); // left open

  // Config changes and a listing that snapshots the new fee; still running at the end.
  await s.config(0, "setFeeBps", [300]);
  await s.pause(0);
  const unpaused = await s.unpause(0);
  pauses.push({ pausedAt: Number(unpaused.pausedAt), pausedFor: Number(unpaused.pausedFor) });
  ids.watch = (
    await s.createEnglish(2, {
      title: "Vintage Omega watch",
      startPrice: usdc("250"),
      durationSeconds: 20 * DAY,
    })
  ).id;
  await s.bid(6, ids.watch, usdc("300"));
  ids.dutchLive = (
    await s.createDutch(8, {
      title: "Dutch windmill",
      startPrice: usdc("200"),
      floorPrice: usdc("50"),
      decaySeconds: 10 * DAY,
      durationSeconds: 20 * DAY,
    })
  ).id;

  // Withdrawals and the fee sweep.
  await s.withdraw(5); // the chair and vase refunds (proceeds and rulings were paid to wallets)
  await s.withdrawTo(4, s.addr(8));
  await s.sweepFees(7, s.addr(9));
}

async function auctionList(query: string) {
  const { status, body } = await getJson<{ items: AuctionJson[]; nextCursor: string | null }>(
    indexer,
    `/api/auctions?${query}`,
  );
  assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
  return body;
}

const idsOf = (items: { id: string }[]) => items.map((item) => item.id);
const want = (...names: string[]) => names.map((name) => String(ids[name]));

test("every English auction matches the chain, field by field", async () => {
  const { items } = await auctionList("format=english&limit=100");
  assert.equal(items.length, 12);
  for (const item of items) {
    const id = BigInt(item.id);
    const [onChain, deal] = [await s.getAuction(id), item.dealId === null ? null : await s.getDeal(id)];
    assert.equal(item.house, s.house.toLowerCase());
    assert.equal(item.format, "english");
    assert.equal(chainView(item.startTime as number), Number(onChain.startTime), item.title);
    assert.equal(chainView(item.endTime as number), Number(onChain.endTime), item.title);
    assert.equal(item.extensions, onChain.extensions, item.title);
    assert.equal(
      item.leader,
      onChain.leader === zeroAddress ? null : onChain.leader.toLowerCase(),
      item.title,
    );
    if (onChain.leader !== zeroAddress && item.status !== "no_sale")
      assert.deepEqual(item.leaderMax, A(onChain.leaderMax), item.title);
    if (item.status !== "settled") assert.deepEqual(item.currentPrice, A(onChain.price), item.title);
    if (deal) {
      assert.equal(item.dealId, item.id, "a deal's id is its auction's id");
      assert.deepEqual(item.finalPrice, A(deal.amount));
      assert.equal(item.winner, deal.buyer.toLowerCase());
    }
    assert.deepEqual(item.params, {
      minIncrementBps: onChain.minIncrementBps,
      extensionWindow: onChain.extensionWindow,
      maxExtensions: onChain.maxExtensions,
    });
  }
});

test("every auction's detail read the same, cached and not, after every transaction of the scenario", () => {
  // sameDetails ran after each of the scenario's transactions (its assertions would have failed `before`).
  assert.ok(detailComparisons >= 500, `${detailComparisons} comparisons`);
});

test("GET /api/auctions/:id: the Leica with its proxy bids, extension and completed deal", async () => {
  const { status, body } = await getJson<{ auction: Json; bids: Json[]; deal: Json; now: number }>(
    indexer,
    `/api/auctions/${ids.leica}`,
  );
  assert.equal(status, 200);
  // The "now" the status was judged by: the later of the wall clock and the indexed head's time.
  const head = Number((await s.publicClient.getBlock()).timestamp);
  const expected = Math.max(head, Math.floor(Date.now() / 1000));
  assert.ok(Math.abs(body.now - expected) <= 2, `now ${body.now}, head ${head}`);
  // The list answers the same clock, so browse cards count down as the auction page does.
  const list = await getJson<{ now: number }>(indexer, "/api/auctions?limit=1");
  assert.ok(Math.abs(list.body.now - expected) <= 2, `list now ${list.body.now}, head ${head}`);
  const { auction, bids, deal } = body;
  const onChain = await s.getAuction(ids.leica as bigint);
  assert.deepEqual(
    {
      id: auction.id,
      seller: auction.seller,
      title: auction.title,
      metadataURI: auction.metadataURI,
      metadataHash: auction.metadataHash,
      status: auction.status,
      reservePrice: auction.reservePrice,
      startPrice: auction.startPrice,
      currentPrice: auction.currentPrice,
      finalPrice: auction.finalPrice,
      leader: auction.leader,
      leaderMax: auction.leaderMax,
      winner: auction.winner,
      bidCount: auction.bidCount,
      extensions: auction.extensions,
      feeBps: auction.feeBps,
      treasury: auction.treasury,
      shipWindow: auction.shipWindow,
      confirmWindow: auction.confirmWindow,
      disputeWindow: auction.disputeWindow,
      dealId: auction.dealId,
    },
    {
      id: String(ids.leica),
      seller: s.addr(1),
      title: "Leica M6 camera",
      metadataURI: "ipfs://meta/Leica%20M6%20camera",
      metadataHash: hash32("Leica M6 camera"),
      status: "settled",
      reservePrice: { raw: "20000000", decimal: "20" },
      startPrice: { raw: "10000000", decimal: "10" },
      currentPrice: { raw: "42000000", decimal: "42" },
      finalPrice: { raw: "42000000", decimal: "42" },
      leader: s.addr(5),
      leaderMax: { raw: "50000000", decimal: "50" },
      winner: s.addr(5),
      bidCount: 5,
      extensions: 1,
      feeBps: 250,
      treasury: s.addr(9),
      shipWindow: 2 * HOUR,
      confirmWindow: MIN_CONFIRM_WINDOW,
      disputeWindow: 2 * HOUR,
      dealId: String(ids.leica),
    },
  );
  assert.equal(chainView(auction.endTime as number), Number(onChain.endTime));
  // Newest first: the snipe, the raise, the losing bid, the outbid, the first bid.
  assert.deepEqual(
    bids.map((b) => [
      b.bidder,
      (b.maxAmount as { decimal: string }).decimal,
      (b.price as { decimal: string }).decimal,
      b.leader,
      b.extended,
      b.answeredByProxy,
    ]),
    [
      [s.addr(5), "50", "42", s.addr(5), true, false],
      [s.addr(4), "40", "26.25", s.addr(4), false, false],
      // #3's 25 lost at once to #4's proxy maximum: the price is #4's automatic bid.
      [s.addr(3), "25", "26.25", s.addr(4), false, true],
      [s.addr(4), "30", "20", s.addr(4), false, false],
      [s.addr(3), "15", "10", s.addr(3), false, false],
    ],
  );
  assert.equal(chainView(bids[0]?.endTime as number), Number(onChain.endTime));
  const chainDeal = await s.getDeal(ids.leica as bigint);
  const { dispute, ...dealFields } = deal;
  assert.equal(dispute, null);
  assert.deepEqual(dealFields, {
    id: String(ids.leica),
    house: s.house.toLowerCase(),
    auctionId: String(ids.leica),
    title: "Leica M6 camera",
    buyer: s.addr(5),
    seller: s.addr(1),
    amount: A(usdc("42")),
    status: "completed",
    feeBps: 250,
    treasury: s.addr(9),
    openedAt: Number(chainDeal.openedAt),
    shipBy: Number(chainDeal.shipBy),
    shippedAt: Number(chainDeal.shippedAt),
    trackingHash: hash32("TRACK-LEICA"),
    confirmDeadline: Number(chainDeal.confirmDeadline),
    confirmExtension: 0,
    disputeDeadline: Number(chainDeal.disputeDeadline),
    arbiterDeadline: null,
    closedAt: deal.closedAt,
    confirmedByBuyer: true,
    refundedBySeller: null,
    sellerProceeds: A(usdc("40.95")), // 42 − 2.5 %
    sellerPaidDirectly: true, // the confirm paid the seller's wallet
    buyerAmount: null,
    fee: A(usdc("1.05")),
    buyerReviewed: true,
    sellerReviewed: true,
  });
  assert.equal(typeof deal.closedAt, "number");
});

test("Dutch, sealed-bid and rolling auctions as the API serves them", async () => {
  type Detail = { auction: AuctionJson; bids: Json[]; commitments: Json[]; deal: Json | null };
  const detail = async (name: string) => {
    const { status, body } = await getJson<Detail>(indexer, `/api/auctions/${ids[name]}`);
    assert.equal(status, 200, name);
    return body;
  };
  // Dutch: sold at the falling price; the live one's price is the house's priceAt(chain time).
  const tulips = await detail("dutchSold");
  const tulipsPrice = sold.dutchSold as bigint;
  assert.deepEqual(
    [
      tulips.auction.format,
      tulips.auction.status,
      tulips.auction.winner,
      tulips.auction.finalPrice,
      tulips.deal?.status,
    ],
    ["dutch", "settled", s.addr(6), A(tulipsPrice), "paid"],
  );
  assert.ok(tulipsPrice < usdc("100") && tulipsPrice > usdc("40"));
  assert.deepEqual(tulips.auction.params, {
    floorPrice: A(usdc("40")),
    floorTime: (tulips.auction.startTime as number) + 1000,
  });
  assert.equal((await detail("dutchUnsold")).auction.status, "no_sale");
  const head = await s.publicClient.getBlock();
  const windmill = await detail("dutchLive");
  assert.equal(windmill.auction.status, "active");
  assert.deepEqual(
    windmill.auction.currentPrice,
    A(await s.dutchPriceAt(ids.dutchLive as bigint, head.timestamp)),
  );
  assert.ok(BigInt(windmill.auction.currentPrice.raw) < usdc("200"), "the price has started to fall");

  // Sealed, second price: the winner revealed 30 and pays the runner-up's 25.
  const painting = await detail("sealed");
  assert.deepEqual(
    [
      painting.auction.status,
      painting.auction.winner,
      painting.auction.finalPrice,
      painting.auction.bidCount,
    ],
    ["settled", s.addr(7), A(usdc("25")), 3],
  );
  const paintingParams = painting.auction.params as Json;
  assert.deepEqual(paintingParams, {
    commitEnd: paintingParams.commitEnd,
    revealEnd: painting.auction.endTime,
    pricing: "second",
    unrevealedPenaltyBps: 1000,
    reveals: 2,
  });
  assert.equal((paintingParams.revealEnd as number) - (paintingParams.commitEnd as number), HOUR);
  assert.deepEqual(
    painting.commitments.map((c) => [c.bidder, c.collateral, c.revealedAmount, c.penalty]),
    [
      [s.addr(7), A(usdc("40")), A(usdc("30")), null],
      [s.addr(6), A(usdc("25")), A(usdc("25")), null],
      [s.addr(5), A(usdc("20")), null, A(usdc("2"))],
    ],
  );
  assert.deepEqual(painting.bids, []);

  // Rolling: round 1 sold at 6.3, round 2 (its own id and deal) at 5, then the seller's stop.
  const cups = await detail("rolling");
  assert.deepEqual(
    [cups.auction.status, cups.auction.finalPrice, cups.auction.dealId, cups.bids.length],
    ["settled", A(usdc("6.3")), String(ids.rolling), 2],
  );
  const round2 = await detail("round2");
  assert.deepEqual(
    [
      round2.auction.format,
      round2.auction.title,
      round2.auction.status,
      round2.auction.finalPrice,
      round2.deal?.id,
    ],
    ["rolling", "Espresso cups", "settled", A(usdc("5")), String(ids.round2)],
  );
  const round2Params = round2.auction.params as Json;
  assert.deepEqual(
    [
      round2Params.listingId,
      round2Params.round,
      round2Params.unitsSold,
      round2Params.unitsUnsold,
      round2Params.stopRequested,
    ],
    [String(ids.rolling), 2, 2, 1, "true"],
  );
  const unwanted = await detail("rollingStopped");
  assert.deepEqual([unwanted.auction.status, unwanted.auction.endTime], ["no_sale", null]);
});

test("GET /api/deals/:id: every deal path", async () => {
  const get = async (name: string) => {
    const { status, body } = await getJson<{ deal: Json & { dispute: Json | null; reviews: Json[] } }>(
      indexer,
      `/api/deals/${ids[name]}`,
    );
    assert.equal(status, 200, name);
    const chain = await s.getDeal(ids[name] as bigint);
    const statuses = ["none", "paid", "shipped", "completed", "refunded", "disputed", "resolved"];
    assert.equal(body.deal.status, statuses[chain.status], `${name}: status as on chain`);
    assert.equal(
      body.deal.arbiterDeadline,
      chain.arbiterDeadline === 0n ? null : Number(chain.arbiterDeadline),
    );
    return body.deal;
  };
  const leica = await get("leica");
  assert.deepEqual(
    leica.reviews.map((r) => [r.reviewer, r.subject, r.role, r.rating, r.contentURI, r.contentHash]),
    [
      [s.addr(5), s.addr(1), "buyer", 5, "ipfs://review/great camera", hash32("great camera")],
      [s.addr(1), s.addr(5), "seller", 4, "ipfs://review/paid fast", hash32("paid fast")],
    ],
  );
  const books = await get("books"); // released after the confirm window
  assert.equal(books.confirmedByBuyer, false);
  assert.deepEqual(books.sellerProceeds, A(usdc("4.875")));
  assert.deepEqual(books.fee, A(usdc("0.125")));
  const bike = await get("bike"); // reclaimed
  assert.deepEqual([bike.refundedBySeller, bike.buyerAmount, bike.shippedAt], [false, A(usdc("8")), null]);
  const chair = await get("chair"); // seller refund
  assert.deepEqual([chair.refundedBySeller, chair.buyerAmount], [true, A(usdc("12"))]);
  const guitar = await get("guitar"); // ruled 70 % to the buyer
  assert.deepEqual(
    [guitar.buyerAmount, guitar.sellerProceeds, guitar.fee],
    [A(usdc("70")), A(usdc("29.25")), A(usdc("0.75"))],
  );
  assert.deepEqual(
    { ...guitar.dispute, openedAt: 0, resolvedAt: 0, arbiterDeadline: 0 },
    {
      dealId: String(ids.guitar),
      house: s.house.toLowerCase(),
      auctionId: String(ids.guitar),
      title: "Guitar 100% original",
      buyer: s.addr(3),
      seller: s.addr(1),
      amount: A(usdc("100")),
      status: "resolved",
      openedBy: s.addr(3),
      openedAt: 0,
      evidenceHash: hash32("scratched"),
      evidenceURI: "ipfs://evidence/scratched",
      arbiterDeadline: 0,
      resolvedBy: s.addr(0),
      resolvedAt: 0,
      byTimeout: false,
      buyerShareBps: 7000,
      buyerAmount: A(usdc("70")),
      sellerProceeds: A(usdc("29.25")),
      fee: A(usdc("0.75")),
    },
  );
  assert.equal(guitar.dispute?.arbiterDeadline, guitar.arbiterDeadline);
  const piano = await get("piano"); // seller disputed, split after the timeout; odd unit to the seller
  assert.deepEqual(
    [
      piano.dispute?.openedBy,
      piano.dispute?.byTimeout,
      piano.dispute?.buyerShareBps,
      piano.dispute?.resolvedBy,
    ],
    [s.addr(2), true, 5000, s.addr(7)],
  );
  const pianoBuyer = usdc("33.333333") / 2n;
  assert.deepEqual(piano.buyerAmount, A(pianoBuyer));
  const pianoFee = ((usdc("33.333333") - pianoBuyer) * 250n) / 10_000n;
  assert.deepEqual(piano.fee, A(pianoFee));
  assert.deepEqual(piano.sellerProceeds, A(usdc("33.333333") - pianoBuyer - pianoFee));
  const vase = await get("vase"); // disputed, then the seller refunded
  assert.equal(vase.status, "refunded");
  assert.equal(vase.dispute?.status, "conceded");
  const sofa = await get("sofa");
  assert.equal(sofa.dispute?.status, "open");
});

test("GET /api/auctions: filters, search, sorts and cursor pagination", async () => {
  assert.deepEqual(idsOf((await auctionList("status=active")).items), want("dutchLive", "watch"));
  assert.deepEqual(idsOf((await auctionList("status=ended")).items), want("lamp"));
  assert.deepEqual(idsOf((await auctionList("status=cancelled")).items), want("poster"));
  assert.deepEqual(
    new Set(idsOf((await auctionList("status=no_sale")).items)),
    new Set(want("coin", "dutchUnsold", "rollingStopped")),
  );
  const settled = (await auctionList("status=settled&limit=100")).items;
  assert.equal(settled.length, 12);
  assert.ok(settled.every((a) => a.dealId === a.id));
  assert.deepEqual(idsOf((await auctionList("q=LEICA")).items), want("leica"));
  assert.deepEqual(idsOf((await auctionList("q=100%25")).items), want("guitar"), "% matches itself");
  assert.deepEqual(idsOf((await auctionList("q=min_")).items), [], "_ matches itself");
  assert.deepEqual(idsOf((await auctionList("q=ming_v")).items), want("vase"));
  assert.deepEqual(
    new Set(idsOf((await auctionList("format=dutch")).items)),
    new Set(want("dutchSold", "dutchUnsold", "dutchLive")),
  );
  assert.deepEqual(idsOf((await auctionList("format=sealed")).items), want("sealed"));
  // #6 bid (English, both rolling rounds), committed (sealed) and bought (Dutch).
  assert.deepEqual(
    new Set(idsOf((await auctionList(`bidder=${s.addr(6)}&limit=100`)).items)),
    new Set(want("sealed", "dutchSold", "rolling", "round2", "sofa", "watch")),
  );
  assert.deepEqual(
    new Set(idsOf((await auctionList("format=rolling")).items)),
    new Set(want("rolling", "round2", "rollingStopped")),
  );
  assert.equal((await auctionList("format=english&limit=100")).items.length, 12);
  const bySeller2 = (await auctionList(`seller=${s.addr(2).toUpperCase().replace("0X", "0x")}&limit=100`))
    .items;
  assert.deepEqual(
    new Set(idsOf(bySeller2)),
    new Set(want("books", "chair", "piano", "sofa", "poster", "watch")),
  );
  // Prices: settled auctions at their final price; the watch at 250; the lamp at its start 10.
  assert.deepEqual(
    new Set(idsOf((await auctionList("format=english&minPrice=40&maxPrice=100")).items)),
    new Set(want("leica", "guitar")),
  );
  assert.deepEqual(idsOf((await auctionList("minPrice=250.000001")).items), []);
  assert.deepEqual(idsOf((await auctionList("minPrice=250")).items), want("watch"));
  const lamp = (await auctionList("status=ended")).items[0] as AuctionJson;
  assert.deepEqual(
    idsOf((await auctionList(`endingBefore=${(lamp.endTime as number) + 1}&sort=ending&limit=100`)).items)[0],
    String(ids.lamp),
  );

  const all = (await auctionList("limit=100")).items;
  assert.equal(all.length, 19);
  // A rolling round without a bid has no end yet (null): it sorts last. A live Dutch auction is
  // filtered and sorted by its start price (its served price falls with time).
  const end = (a: AuctionJson) => (a.endTime === null ? Number.MAX_SAFE_INTEGER : a.endTime);
  const storedPrice = (a: AuctionJson) =>
    BigInt(a.format === "dutch" && a.status === "active" ? a.startPrice.raw : a.currentPrice.raw);
  const sorted = {
    newest: [...all].sort((a, b) => b.createdAt - a.createdAt || Number(BigInt(b.id) - BigInt(a.id))),
    ending: [...all].sort((a, b) => end(a) - end(b) || Number(BigInt(a.id) - BigInt(b.id))),
    price: [...all].sort(
      (a, b) => Number(storedPrice(a) - storedPrice(b)) || Number(BigInt(a.id) - BigInt(b.id)),
    ),
    bids: [...all].sort((a, b) => b.bidCount - a.bidCount || Number(BigInt(b.id) - BigInt(a.id))),
  };
  for (const [sort, expected] of Object.entries(sorted)) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await auctionList(`sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...idsOf(page.items));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, idsOf(expected), `sort=${sort}, pages of 5`);
    assert.equal(pages, 4);
  }
  const reversed = (await auctionList("sort=price&order=desc&limit=100")).items;
  assert.deepEqual(idsOf(reversed), idsOf(sorted.price).reverse());
  assert.equal(
    (await auctionList("limit=100")).items[0]?.id,
    String(ids.dutchLive),
    "newest first by default",
  );
});

test("GET /api/accounts/:address: reputation, balances, reviews and history", async () => {
  const get = async (i: number) => {
    const { status, body } = await getJson<
      Json & { reputation: Json; balances: Json[]; reviews: Json[]; history: Record<string, Json[]> }
    >(indexer, `/api/accounts/${s.addr(i)}`);
    assert.equal(status, 200);
    return body;
  };
  const seller1 = await get(1);
  // Its first sale is the Leica (settled first); the deal's openedAt on chain.
  const leicaOpened = Number((await s.getDeal(ids.leica as bigint)).openedAt);
  assert.deepEqual(seller1.reputation, {
    sales: 4, // leica, bike, guitar, vase
    purchases: 0,
    soldVolume: A(usdc("157")), // 42 + 8 + 100 + 7
    boughtVolume: A(0n),
    volume: A(usdc("157")),
    ratingCount: 2,
    averageRating: "3.50", // 5 and 2
    weightedRating: "2.89", // 5 on the 42 USDC Leica, 2 on the 100 USDC guitar: 410 / 142
    disputesWon: 0,
    disputesLost: 2, // ruled 70 % to the buyer; conceded
    completedDeals: 1, // leica (bike reclaimed, guitar resolved, vase refunded)
    disputedDeals: 2, // guitar, vase
    firstSaleAt: leicaOpened,
    firstPurchaseAt: null,
  });
  assert.deepEqual(
    seller1.reviews.map((r) => [r.rating, r.dealAmount]),
    [
      [2, A(usdc("100"))],
      [5, A(usdc("42"))],
    ],
    "newest first, each with the amount of its deal",
  );
  // The cards' batch: the same facts as the profile; an unseen address is a new account.
  const unseen = "0x000000000000000000000000000000000000dead";
  const batch = await getJson<{ items: Json[] }>(
    indexer,
    `/api/reputations?addresses=${s.addr(1).toUpperCase().replace("0X", "0x")},${unseen},${s.addr(5)},${s.addr(1)}`,
  );
  assert.equal(batch.status, 200);
  assert.deepEqual(batch.body.items, [
    {
      address: s.addr(1),
      ratingCount: 2,
      averageRating: "3.50",
      weightedRating: "2.89",
      sales: 4,
      completedDeals: 1,
      disputesLost: 2,
      memberSince: seller1.firstSeen,
    },
    {
      address: unseen,
      ratingCount: 0,
      averageRating: null,
      weightedRating: null,
      sales: 0,
      completedDeals: 0,
      disputesLost: 0,
      memberSince: null,
    },
    {
      address: s.addr(5),
      ratingCount: 1,
      averageRating: "4.00",
      weightedRating: "4.00",
      sales: 0,
      completedDeals: 1,
      disputesLost: 0,
      memberSince: (await get(5)).firstSeen,
    },
  ]);
  assert.equal(seller1.history.auctions?.length, 6);
  assert.equal(seller1.history.deals?.length, 4);
  const buyer5 = await get(5);
  assert.deepEqual(
    [
      buyer5.reputation.purchases,
      buyer5.reputation.boughtVolume,
      buyer5.reputation.averageRating,
      buyer5.reputation.disputesWon,
      buyer5.reputation.completedDeals, // leica (chair refunded, vase conceded)
      buyer5.reputation.disputedDeals, // vase
      buyer5.reputation.firstPurchaseAt,
      buyer5.reputation.firstSaleAt,
    ],
    [3, A(usdc("61")), "4.00", 1, 1, 1, leicaOpened, null],
  );
  const buyer3 = await get(3);
  assert.deepEqual([buyer3.reputation.purchases, buyer3.reputation.disputesWon], [2, 1]);
  assert.deepEqual(
    buyer3.history.bids?.map((b) => (b.maxAmount as { decimal: string }).decimal),
    ["20", "100", "6", "25", "15"],
  );
  assert.equal(typeof buyer3.firstSeen, "number");
  assert.ok((buyer3.lastSeen as number) >= (buyer3.firstSeen as number));
  // Withdrawable balances: exactly what the house says, for every account.
  const houses = [
    stack?.addresses.EnglishAuctionHouse,
    stack?.addresses.DutchAuctionHouse,
    stack?.addresses.SealedBidAuctionHouse,
    stack?.addresses.RollingAuctionHouse,
  ].map((address) => (address as string).toLowerCase() as `0x${string}`);
  for (let i = 0; i < 10; i++) {
    const expected = [];
    for (const house of [...houses].sort()) {
      const onChain = await s.withdrawableIn(house, s.addr(i));
      if (onChain !== 0n) expected.push({ house, withdrawable: A(onChain) });
    }
    assert.deepEqual((await get(i)).balances, expected, `account ${i}`);
  }
  const seller8 = await get(8);
  assert.deepEqual([seller8.reputation.sales, seller8.reputation.soldVolume], [4, A(soldBy8())]);
});

/** Account 8's sales: the Dutch tulips, the sealed painting and both rolling rounds. */
const soldBy8 = () =>
  (sold.dutchSold as bigint) + (sold.sealed as bigint) + (sold.rolling as bigint) + (sold.round2 as bigint);

test("GET /api/disputes, /api/leaderboard and /api/stats", async () => {
  const open = await getJson<{ items: Json[]; nextCursor: string | null }>(indexer, "/api/disputes");
  assert.deepEqual(
    open.body.items.map((d) => [d.dealId, d.status, d.openedBy, d.title]),
    [[String(ids.sofa), "open", s.addr(6), "Leather sofa"]],
  );
  const all = await getJson<{ items: Json[]; nextCursor: string | null }>(
    indexer,
    "/api/disputes?status=all&limit=2",
  );
  assert.deepEqual(
    all.body.items.map((d) => d.dealId),
    want("guitar", "piano"),
  );
  const rest = await getJson<{ items: Json[]; nextCursor: string | null }>(
    indexer,
    `/api/disputes?status=all&limit=2&cursor=${all.body.nextCursor}`,
  );
  assert.deepEqual(
    rest.body.items.map((d) => d.dealId),
    want("vase", "sofa"),
  );
  assert.equal(rest.body.nextCursor, null);
  const conceded = await getJson<{ items: Json[] }>(indexer, "/api/disputes?status=conceded");
  assert.deepEqual(
    conceded.body.items.map((d) => d.dealId),
    want("vase"),
  );

  const volume = await getJson<{ by: string; items: Json[] }>(indexer, "/api/leaderboard");
  assert.deepEqual(volume.body, {
    by: "volume",
    items: [
      {
        rank: 1,
        address: s.addr(1),
        sales: 4,
        soldVolume: A(usdc("157")),
        ratingCount: 2,
        averageRating: "3.50",
      },
      // Dutch tulips (under 100) + sealed 25 + rolling 6.3 + 5
      {
        rank: 2,
        address: s.addr(8),
        sales: 4,
        soldVolume: A(soldBy8()),
        ratingCount: 0,
        averageRating: null,
      },
      // books 5 + chair 12 + piano 33.333333 + sofa 20
      {
        rank: 3,
        address: s.addr(2),
        sales: 4,
        soldVolume: A(usdc("70.333333")),
        ratingCount: 0,
        averageRating: null,
      },
    ],
  });
  const rating = await getJson<{ items: Json[] }>(indexer, "/api/leaderboard?by=rating");
  assert.deepEqual(
    rating.body.items.map((r) => [r.address, r.averageRating]),
    [
      [s.addr(5), "4.00"],
      [s.addr(1), "3.50"],
    ],
  );
  const strict = await getJson<{ items: Json[] }>(indexer, "/api/leaderboard?by=rating&minReviews=2");
  assert.deepEqual(
    strict.body.items.map((r) => r.address),
    [s.addr(1)],
  );

  const stats = await getJson<{ totals: Json; daily: Json[] }>(indexer, "/api/stats");
  assert.deepEqual(stats.body.totals, {
    auctions: 19, // 12 English, 3 Dutch, 1 sealed, 2 rolling listings + 1 later round
    activeAuctions: 2,
    bids: 20, // 14 English, 3 rolling, 3 sealed commitments
    deals: 12,
    volume: A(usdc("227.333333") + soldBy8()), // 157 + 70.333333 + account 8's
    fees: A(feesFromEvents),
    disputes: 4,
    openDisputes: 1,
    accounts: stats.body.totals.accounts,
  });
  const daily = stats.body.daily;
  const total = (key: string) => daily.reduce((n, d) => n + (d[key] as number), 0);
  assert.deepEqual(
    [
      total("newListings"),
      total("bids"),
      total("dealsOpened"),
      total("dealsCompleted"),
      total("disputesOpened"),
    ],
    [18, 20, 12, 2, 4],
  );
  assert.ok(daily.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day as string)));
});

test("the activity feed carries every event, in chain order, with Solidity argument names", async () => {
  const items: { cursor: string; contract: string; event: string; data: Record<string, string> }[] = [];
  let after = "";
  for (;;) {
    const { body } = await getJson<{ items: typeof items; nextCursor: string; hasMore: boolean }>(
      indexer,
      `/api/activity?limit=200${after ? `&after=${after}` : ""}`,
    );
    items.push(...body.items);
    after = body.nextCursor;
    if (!body.hasMore) break;
  }
  const cursors = items.map((item) => item.cursor);
  assert.deepEqual(cursors, [...cursors].sort());
  const names = new Set(items.map((item) => `${item.contract}:${item.event}`));
  for (const event of [
    "ListingCreated",
    "EnglishAuctionCreated",
    "BidPlaced",
    "Outbid",
    "AuctionCancelled",
    "AuctionSettled",
    "EscrowReturned",
    "DealOpened",
    "DealShipped",
    "DealCompleted",
    "DealRefunded",
    "DisputeOpened",
    "DisputeResolved",
    "ReviewSubmitted",
    "BalanceCredited",
    "Withdrawn",
    "FeesSwept",
  ]) {
    assert.ok(names.has(`EnglishAuctionHouse:${event}`), event);
  }
  for (const event of [
    "FeeUpdated",
    "TreasuryUpdated",
    "DisputeTimeoutUpdated",
    "Paused",
    "Unpaused",
    "RoleGranted",
  ]) {
    assert.ok(names.has(`GavelConfig:${event}`), event);
  }
  for (const name of [
    "DutchAuctionHouse:DutchAuctionCreated",
    "DutchAuctionHouse:DealOpened",
    "DutchAuctionHouse:AuctionSettled",
    "SealedBidAuctionHouse:SealedAuctionCreated",
    "SealedBidAuctionHouse:SealedBidCommitted",
    "SealedBidAuctionHouse:SealedBidRevealed",
    "SealedBidAuctionHouse:SealedBidPenalized",
    "SealedBidAuctionHouse:EscrowReturned",
    "RollingAuctionHouse:RollingAuctionCreated",
    "RollingAuctionHouse:RollingRoundStarted",
    "RollingAuctionHouse:RollingStopRequested",
    "RollingAuctionHouse:RollingListingEnded",
    "RollingAuctionHouse:BidPlaced",
    "RollingAuctionHouse:Outbid",
    "RollingAuctionHouse:DealOpened",
  ]) {
    assert.ok(names.has(name), name);
  }
  // The penalty accrues to the treasury: nobody, the seller least of all, is credited in the sealed house.
  assert.ok(!names.has("SealedBidAuctionHouse:BalanceCredited"));
  const penalized = items.find((item) => item.event === "SealedBidPenalized");
  assert.deepEqual(
    [penalized?.data.bidder, penalized?.data.treasury, penalized?.data.penalty],
    [s.addr(5), s.addr(9), usdc("2").toString()],
  );
  const firstBid = items.find((item) => item.cursor === firstBidCursor);
  assert.deepEqual(firstBid?.data, {
    auctionId: String(ids.leica),
    bidder: s.addr(3),
    leader: s.addr(3),
    maxAmount: "15000000",
    price: "10000000",
    endTime: firstBid?.data.endTime,
    extended: "false",
  });
  const snipe = items.find((item) => item.event === "BidPlaced" && item.data.extended === "true");
  assert.equal(snipe?.data.bidder, s.addr(5));
  const outbids = items
    .filter((item) => item.contract === "EnglishAuctionHouse" && item.event === "Outbid")
    .map((item) => [item.data.bidder, item.data.refund]);
  assert.deepEqual(outbids, [
    [s.addr(3), "15000000"],
    [s.addr(4), "40000000"],
  ]);
});

test("every USDC transfer into or out of a house names the listing of its transaction's house event", async () => {
  type Item = {
    cursor: string;
    contract: string;
    event: string;
    transactionHash: string;
    data: Record<string, string>;
  };
  const items: Item[] = [];
  let after = "";
  for (;;) {
    const { body } = await getJson<{ items: Item[]; nextCursor: string; hasMore: boolean }>(
      indexer,
      `/api/activity?limit=200${after ? `&after=${after}` : ""}`,
    );
    items.push(...body.items);
    after = body.nextCursor;
    if (!body.hasMore) break;
  }
  const addresses = stack!.addresses;
  const houses = new Map(
    (
      ["EnglishAuctionHouse", "DutchAuctionHouse", "SealedBidAuctionHouse", "RollingAuctionHouse"] as const
    ).map((name) => [addresses[name]!.toLowerCase(), name]),
  );
  const listingOf = (d: Record<string, string>) => d.auctionId ?? d.roundId ?? d.listingId ?? d.dealId;
  let linked = 0;
  for (const transfer of items.filter((item) => item.event === "Transfer")) {
    const house = houses.get(transfer.data.from!) ?? houses.get(transfer.data.to!);
    const siblings = items.filter(
      (item) =>
        item.transactionHash === transfer.transactionHash &&
        item.contract !== "TestUSDC" &&
        listingOf(item.data) !== undefined,
    );
    if (!house || siblings.length === 0) {
      // A mint, a plain payment, or a withdrawal of a credited balance: no listing to name.
      assert.equal(transfer.data.auctionId, undefined, `${transfer.cursor} names no listing`);
      continue;
    }
    // The latest listing event before the transfer in its transaction, else the first after it.
    const owner = siblings.filter((item) => item.cursor < transfer.cursor).at(-1) ?? siblings[0]!;
    assert.equal(
      transfer.data.auctionId,
      listingOf(owner.data),
      `${transfer.cursor}: ${owner.event}'s listing`,
    );
    assert.equal(transfer.data.house, addresses[owner.contract as "EnglishAuctionHouse"]!.toLowerCase());
    linked++;
  }
  assert.ok(linked >= 10, `bids, refunds and payouts are linked (${linked})`);
  // The Leica's first bid: its escrow went into the English house, linked to the Leica.
  const firstBid = items.find((item) => item.cursor === firstBidCursor)!;
  const escrow = items.find(
    (item) => item.event === "Transfer" && item.transactionHash === firstBid.transactionHash,
  );
  assert.deepEqual(
    [escrow?.data.auctionId, escrow?.data.house, escrow?.data.from],
    [String(ids.leica), addresses.EnglishAuctionHouse!.toLowerCase(), s.addr(3)],
  );
});

/** Reads server-sent events from `path` until `count` messages arrived (or `timeoutMs`). */
async function readEvents(
  path: string,
  count: number,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: { id?: string; event?: string; data?: string }[] = [];
  try {
    const response = await fetch(`${indexer.url}${path}`, { headers, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: { id?: string; event?: string; data?: string } = {};
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          const value = rest.join(":").replace(/^ /, "");
          if (field === "id" || field === "event" || field === "data") message[field] = value;
        }
        if (message.data !== undefined) {
          if (message.event === undefined) assertStreamItem(message.data);
          events.push(message);
        }
        end = buffer.indexOf("\n\n");
      }
      if (events.length >= count) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events.slice(0, count);
}

test("GET /api/activity/stream replays after Last-Event-ID, then streams new events live", async () => {
  const { body } = await getJson<{ items: { cursor: string }[] }>(
    indexer,
    `/api/activity?after=${firstBidCursor}&limit=5`,
  );
  const replay = await readEvents("/api/activity/stream", 5, { "Last-Event-ID": firstBidCursor });
  assert.deepEqual(
    replay.map((e) => e.id),
    body.items.map((item) => item.cursor),
  );
  assert.deepEqual(
    replay.map((e) => (JSON.parse(e.data as string) as { cursor: string }).cursor),
    body.items.map((item) => item.cursor),
  );
  // `after` works the same for clients that cannot set headers.
  const viaQuery = await readEvents(`/api/activity/stream?after=${firstBidCursor}`, 1);
  assert.equal(viaQuery[0]?.id, body.items[0]?.cursor);

  // Live: a stream opened at the end gets the next event as soon as it is indexed.
  const live = readEvents("/api/activity/stream", 1, {}, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const receipt = await s.bid(5, ids.watch as bigint, usdc("400"));
  const [event] = await live;
  const item = JSON.parse(event?.data as string) as { event: string; transactionHash: string };
  assert.equal(item.event, "BidPlaced");
  assert.equal(item.transactionHash, receipt.transactionHash);
});

test("every route rejects bad input with a 400 naming the field, and unknown ids with a 404", async () => {
  const cases: [string, string][] = [
    ["/api/auctions?status=open", "status"],
    ["/api/auctions?format=japanese", "format"],
    ["/api/auctions?seller=0x1234", "seller"],
    ["/api/auctions?bidder=0x1234", "bidder"],
    ["/api/auctions?minPrice=-1", "minPrice"],
    ["/api/auctions?minPrice=1.1234567", "minPrice"],
    ["/api/auctions?maxPrice=ten", "maxPrice"],
    ["/api/auctions?minPrice=5&maxPrice=4", "maxPrice"],
    ["/api/auctions?endingBefore=soon", "endingBefore"],
    ["/api/auctions?q=", "q"],
    [`/api/auctions?q=${"x".repeat(65)}`, "q"],
    ["/api/auctions?sort=cheapest", "sort"],
    ["/api/auctions?order=up", "order"],
    ["/api/auctions?limit=0", "limit"],
    ["/api/auctions?limit=101", "limit"],
    ["/api/auctions?cursor=garbage", "cursor"],
    ["/api/auctions/abc", "id"],
    ["/api/auctions/-1", "id"],
    ["/api/auctions/1.5", "id"],
    ["/api/deals/0x1", "id"],
    ["/api/accounts/not-an-address", "address"],
    ["/api/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C", "address"],
    ["/api/disputes?status=closed", "status"],
    ["/api/disputes?limit=500", "limit"],
    ["/api/disputes?cursor=42", "cursor"],
    ["/api/reputations", "addresses"],
    ["/api/reputations?addresses=", "addresses"],
    ["/api/reputations?addresses=0x70997970C51812dc3A010C7d01b50e0d17dc79C8,nope", "addresses"],
    [
      `/api/reputations?addresses=${Array.from({ length: 101 }, (_, i) => `0x${i.toString(16).padStart(40, "0")}`).join(",")}`,
      "addresses",
    ],
    ["/api/leaderboard?by=fame", "by"],
    ["/api/leaderboard?minReviews=0", "minReviews"],
    ["/api/leaderboard?limit=x", "limit"],
    ["/api/stats?days=0", "days"],
    ["/api/stats?days=367", "days"],
    ["/api/activity?limit=201", "limit"],
    ["/api/activity?after=42", "after"],
    ["/api/activity/stream?after=nope", "after"],
  ];
  for (const [path, field] of cases) {
    const { status, body } = await getJson<{ error: string; issues: { field: string }[] }>(indexer, path);
    assert.equal(status, 400, `${path}: ${JSON.stringify(body)}`);
    assert.deepEqual(
      body.issues.map((issue) => issue.field),
      [field],
      path,
    );
    assert.match(body.error, new RegExp(field));
  }
  // A cursor made for another sort is refused too.
  const page = await auctionList("sort=price&limit=1");
  const mismatch = await getJson<{ issues: { field: string }[] }>(
    indexer,
    `/api/auctions?sort=bids&cursor=${page.nextCursor}`,
  );
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.issues[0]?.field, "cursor");
  const header = await getJson<{ issues: { field: string }[] }>(indexer, "/api/activity/stream", {
    headers: { "Last-Event-ID": "not-a-cursor" },
  });
  assert.equal(header.status, 400);
  assert.equal(header.body.issues[0]?.field, "Last-Event-ID");

  for (const [path, error] of [
    ["/api/auctions/999999", "auction 999999 not found"],
    ["/api/deals/999999", "deal 999999 not found"],
    [`/api/deals/${ids.lamp}`, `deal ${ids.lamp} not found`],
    [
      "/api/accounts/0x000000000000000000000000000000000000dEaD",
      "account 0x000000000000000000000000000000000000dead not found",
    ],
  ] as const) {
    const { status, body } = await getJson<{ error: string }>(indexer, path);
    assert.equal(status, 404, path);
    assert.deepEqual(body, { error });
  }
});

test("CORS allows WEB_ORIGIN only; readiness and metrics", async () => {
  const allowed = await fetch(`${indexer.url}/api/stats`, { headers: { origin: WEB_ORIGIN } });
  assert.equal(allowed.headers.get("access-control-allow-origin"), WEB_ORIGIN);
  const other = await fetch(`${indexer.url}/api/stats`, { headers: { origin: "http://evil.example" } });
  assert.equal(other.headers.get("access-control-allow-origin"), null);

  const ready = await getJson<{
    ready: boolean;
    indexedBlock: number;
    headBlock: number;
    indexedTimestamp: number;
    headTimestamp: number;
  }>(indexer, "/api/ready");
  assert.equal(ready.status, 200);
  assert.equal(ready.body.ready, true);
  assert.ok(ready.body.indexedBlock >= ready.body.headBlock);
  // The head as the node has it (number and timestamp), and the indexed block's timestamp.
  const latest = await s.publicClient.getBlock({ blockTag: "latest" });
  assert.equal(ready.body.headBlock, Number(latest.number));
  assert.equal(ready.body.headTimestamp, Number(latest.timestamp));
  assert.equal(ready.body.indexedTimestamp, Number(latest.timestamp));
  const status = await getJson<Record<string, { block: { number: number } }>>(indexer, "/status");
  assert.equal(Object.values(status.body)[0]?.block.number, ready.body.indexedBlock);
  assert.equal((await fetch(`${indexer.url}/health`)).status, 200);
  const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
  assert.match(metrics, /ponder_http_server_request_duration_ms_count\{[^}]*path="\/api\/auctions"/);
});

test("/openapi.json is the committed document, and every answer above matched its route's schema", async () => {
  const served = await fetch(`${indexer.url}/openapi.json`);
  assert.equal(served.status, 200);
  const committed = JSON.parse(readFileSync(new URL("../client/openapi.json", import.meta.url), "utf8"));
  assert.deepEqual(await served.json(), committed);
  // Every route and every status it declares was seen (a caught-up indexer never answers 503).
  assert.deepEqual(
    unchecked().filter((entry) => entry !== "/api/ready 503"),
    [],
  );
  assertMatchesContract("/api/ready", 503, {
    ready: false,
    indexedBlock: null,
    headBlock: 3,
    indexedTimestamp: null,
    headTimestamp: 1,
  });
});
