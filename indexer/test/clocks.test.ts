// The second version of the contracts as the API serves it: a pause moves every auction time that
// had not come (an English end, a Dutch decay, a sealed commit end) by exactly the pause, while
// deal deadlines stay; a buyer extends a confirm window; a confirm pays the seller's wallet; an
// unrevealed sealed bid's penalty goes to the treasury, not the seller. Real chain, Postgres and
// `ponder start`, driven through scripts/lib/scenario.ts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  type Addresses,
  createScenario,
  DAY,
  HOUR,
  MIN_CONFIRM_WINDOW,
  type Scenario,
  usdc,
} from "@gavel/scripts/lib/scenario.ts";
import {
  getJson,
  type Indexer,
  type Stack,
  startStack,
  waitCaughtUp,
  waitForHead,
} from "@gavel/scripts/lib/stack.ts";

type Json = Record<string, unknown>;
interface AuctionJson extends Json {
  status: string;
  startTime: number;
  endTime: number | null;
  params: Json;
  currentPrice: { raw: string };
  treasury: string;
}
interface DealJson extends Json {
  confirmDeadline: number | null;
  confirmExtension: number;
  disputeDeadline: number | null;
  shipBy: number;
  sellerPaidDirectly: boolean | null;
}

let stack: Stack | undefined;
let indexer: Indexer;
let s: Scenario;
const ids: Record<string, bigint> = {};
/** API answers just before the pause, by scenario name. */
const beforePause: Record<string, AuctionJson> = {};
let dealBeforePause: DealJson;
let pause: { pausedAt: number; pausedFor: number; unpausedAt: number };
let detailWhilePaused: { pausedAt?: number | null } | undefined;

const auctionOf = async (id: bigint) => {
  const { status, body } = await getJson<{
    auction: AuctionJson;
    deal: DealJson | null;
    commitments: Json[];
    pausedAt: number | null;
  }>(indexer, `/api/auctions/${id}`);
  assert.equal(status, 200);
  return body;
};
const dealOf = async (id: bigint) => {
  const { status, body } = await getJson<{ deal: DealJson }>(indexer, `/api/deals/${id}`);
  assert.equal(status, 200);
  return body.deal;
};

before(async () => {
  stack = await startStack("clocks");
  indexer = await stack.startIndexer("clocks");
  await waitCaughtUp(indexer);
  s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses);
  await s.approveAll([3, 4, 5]);

  // A shipped deal whose buyer extends the confirm window, and one the buyer confirms.
  ids.lens = (
    await s.createEnglish(1, { title: "Zoom lens", startPrice: usdc("40"), durationSeconds: 300 })
  ).id;
  ids.radio = (
    await s.createEnglish(1, { title: "Valve radio", startPrice: usdc("20"), durationSeconds: 300 })
  ).id;
  await s.bid(3, ids.lens, usdc("40"));
  await s.bid(4, ids.radio, usdc("20"));
  // A sealed auction whose only other committer never reveals.
  ids.vault = (
    await s.createSealed(2, {
      title: "Sealed vault",
      reservePrice: usdc("5"),
      commitSeconds: 300,
      revealSeconds: HOUR,
      secondPrice: false,
      penaltyBps: 2500,
    })
  ).id;
  await s.commit(3, ids.vault, usdc("12"), "three", usdc("12"));
  await s.commit(5, ids.vault, usdc("8"), "five", usdc("8")); // never revealed: 2 USDC penalty
  await s.travel(320);
  await s.settle(0, ids.lens);
  await s.settle(0, ids.radio);
  await s.ship(1, ids.lens, "TRACK-LENS");
  await s.ship(1, ids.radio, "TRACK-RADIO");
  await s.extendConfirmWindow(3, ids.lens, 2 * DAY);
  await s.confirm(4, ids.radio);
  await s.reveal(3, ids.vault, usdc("12"), "three");

  // Auctions a pause will cross: an English end, a Dutch decay, a sealed commit end.
  ids.english = (await s.createEnglish(2, { title: "Paused gramophone", durationSeconds: 300 })).id;
  ids.dutch = (
    await s.createDutch(2, {
      title: "Paused rug",
      startPrice: usdc("100"),
      floorPrice: usdc("20"),
      decaySeconds: 400,
      durationSeconds: 800,
    })
  ).id;
  ids.sealed = (
    await s.createSealed(2, {
      title: "Paused sealed clock",
      reservePrice: usdc("5"),
      commitSeconds: 300,
      revealSeconds: HOUR,
      secondPrice: true,
      penaltyBps: 1000,
    })
  ).id;
  await s.travel(100); // the Dutch price is falling
  await waitForHead(stack, indexer);
  for (const name of ["english", "dutch", "sealed"])
    beforePause[name] = (await auctionOf(ids[name] as bigint)).auction;
  dealBeforePause = await dealOf(ids.lens);

  await s.pause(0);
  await waitForHead(stack, indexer);
  // While paused every auction's answer names when the pause began (pages stop their clocks there).
  detailWhilePaused = await auctionOf(ids.english as bigint);
  await s.travel(1000); // past every end above, had the clocks run
  const unpaused = await s.unpause(0);
  pause = {
    pausedAt: Number(unpaused.pausedAt),
    pausedFor: Number(unpaused.pausedFor),
    unpausedAt: Number(
      (await s.publicClient.getBlock({ blockNumber: unpaused.receipt.blockNumber })).timestamp,
    ),
  };
  await waitForHead(stack, indexer);
});

after(async () => {
  await stack?.stop();
});

test("a pause moves an English end, a Dutch schedule and a sealed commit end by exactly the pause", async () => {
  assert.ok(pause.pausedFor >= 1000, `paused ${pause.pausedFor} s`);
  assert.equal(pause.unpausedAt, pause.pausedAt + pause.pausedFor);
  assert.equal(detailWhilePaused?.pausedAt, pause.pausedAt, "the detail named the pause while it lasted");
  assert.equal((await auctionOf(ids.english as bigint)).pausedAt, null, "and names none after it");

  const english = (await auctionOf(ids.english as bigint)).auction;
  const was = beforePause.english as AuctionJson;
  assert.equal(english.status, "active", "the pause did not end it");
  assert.equal(english.endTime, (was.endTime as number) + pause.pausedFor);
  assert.equal(english.startTime, was.startTime, "its start had passed: it stays");
  const chainEnglish = await s.getAuction(ids.english as bigint);
  assert.equal(english.endTime, Number(chainEnglish.endTime), "the house agrees");

  const dutch = (await auctionOf(ids.dutch as bigint)).auction;
  const dutchWas = beforePause.dutch as AuctionJson;
  assert.equal(dutch.status, "active");
  assert.deepEqual(
    [dutch.startTime, dutch.params.floorTime, dutch.endTime],
    [
      dutchWas.startTime + pause.pausedFor,
      (dutchWas.params.floorTime as number) + pause.pausedFor,
      (dutchWas.endTime as number) + pause.pausedFor,
    ],
  );
  const head = await s.publicClient.getBlock();
  assert.equal(BigInt(dutch.currentPrice.raw), await s.dutchPriceAt(ids.dutch as bigint, head.timestamp));
  assert.ok(BigInt(dutch.currentPrice.raw) > usdc("20"), "still falling, not at the floor");

  const sealed = (await auctionOf(ids.sealed as bigint)).auction;
  const sealedWas = beforePause.sealed as AuctionJson;
  assert.equal(sealed.params.commitEnd, (sealedWas.params.commitEnd as number) + pause.pausedFor);
  assert.equal(sealed.params.revealEnd, (sealedWas.params.revealEnd as number) + pause.pausedFor);
  assert.equal(sealed.endTime, sealed.params.revealEnd);
  // Commitments are still accepted: the commit phase had not ended for the house either.
  await s.commit(4, ids.sealed as bigint, usdc("9"), "four", usdc("9"));
});

test("deal deadlines do not move with a pause", async () => {
  const lens = await dealOf(ids.lens as bigint);
  assert.deepEqual(
    [lens.shipBy, lens.confirmDeadline, lens.disputeDeadline],
    [dealBeforePause.shipBy, dealBeforePause.confirmDeadline, dealBeforePause.disputeDeadline],
  );
  const chain = await s.getDeal(ids.lens as bigint);
  assert.equal(lens.confirmDeadline, Number(chain.confirmDeadline));
});

test("the pause is in the feed with its length and the auctions it moved", async () => {
  const { body } = await getJson<{ items: { event: string; data: Record<string, string> }[] }>(
    indexer,
    "/api/activity?limit=200",
  );
  const unpaused = body.items.find((item) => item.event === "Unpaused");
  assert.deepEqual(
    [unpaused?.data.pausedAt, unpaused?.data.pausedFor, unpaused?.data.auctionsShifted],
    // The three above and the vault, whose reveal phase the pause also crossed.
    [String(pause.pausedAt), String(pause.pausedFor), "4"],
  );
});

test("a buyer's confirm-window extension moves the confirm deadline, not the seller's dispute deadline", async () => {
  const lens = await dealOf(ids.lens as bigint);
  const chain = await s.getDeal(ids.lens as bigint);
  assert.equal(lens.confirmExtension, 2 * DAY);
  assert.equal(Number(chain.confirmExtension), 2 * DAY);
  assert.equal(lens.confirmDeadline, Number(chain.confirmDeadline));
  assert.equal(lens.confirmDeadline, (lens.shippedAt as number) + MIN_CONFIRM_WINDOW + 2 * DAY);
  assert.equal(lens.disputeDeadline, Number(chain.disputeDeadline));
  const radio = await dealOf(ids.radio as bigint);
  assert.equal(radio.confirmExtension, 0);
});

test("a confirmed deal paid the seller's wallet directly", async () => {
  const radio = await dealOf(ids.radio as bigint);
  assert.deepEqual([radio.status, radio.sellerPaidDirectly], ["completed", true]);
  assert.equal((await dealOf(ids.lens as bigint)).sellerPaidDirectly, null, "not completed yet");
  // Nothing waits to be withdrawn: the proceeds are in the wallet.
  const { body } = await getJson<{ balances: Json[] }>(indexer, `/api/accounts/${s.addr(1)}`);
  assert.deepEqual(body.balances, []);
});

test("an unrevealed bid's penalty goes to the treasury; the seller gains nothing from it", async () => {
  await s.travel(HOUR);
  await s.sealedSettle(0, ids.vault as bigint);
  await s.returnCollateral(0, ids.vault as bigint, s.addr(5));
  await waitForHead(stack as Stack, indexer);
  const vault = await auctionOf(ids.vault as bigint);
  const five = vault.commitments.find((c) => c.bidder === s.addr(5));
  assert.deepEqual(
    [five?.penalty, five?.penaltyTreasury],
    [{ raw: "2000000", decimal: "2" }, vault.auction.treasury],
  );
  assert.notEqual(vault.auction.treasury, s.addr(2));
  const seller = await getJson<{ balances: Json[]; reputation: Json }>(indexer, `/api/accounts/${s.addr(2)}`);
  assert.deepEqual(seller.body.balances, [], "no penalty credited to the seller");
  assert.deepEqual(
    [seller.body.reputation.sales, (seller.body.reputation.soldVolume as { raw: string }).raw],
    [1, "12000000"],
    "the vault's sale only",
  );
});
