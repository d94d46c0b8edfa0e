// Volume-weighted reputation, end to end (real Hardhat node, Postgres and `ponder start`): a
// seller buys its own 1 USDC listing through a second wallet and leaves itself 5★; a real buyer
// pays 500 USDC and leaves 3★. The plain average says 4.00; the weighted rating — what cards
// show — says 3.00, because the self-deal weighs 1/501 of the whole.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Addresses, createScenario, type Scenario, usdc } from "@gavel/scripts/lib/scenario.ts";
import {
  getJson,
  type Indexer,
  type Stack,
  startStack,
  waitCaughtUp,
  waitForHead,
} from "@gavel/scripts/lib/stack.ts";

const SELLER = 1;
const SOCK_PUPPET = 2; // the seller's own second wallet
const BUYER = 3;

let stack: Stack | undefined;
let indexer: Indexer;
let s: Scenario;
const ids: Record<string, bigint> = {};

/** Lists, sells to `buyer` at `price`, ships, confirms and reviews: one completed, reviewed deal. */
async function completedSale(name: string, buyer: number, price: string, rating: number, text: string) {
  const { id } = await s.createEnglish(SELLER, { title: name, startPrice: usdc(price) });
  await s.bid(buyer, id, usdc(price));
  await s.travel(Number((await s.getAuction(id)).endTime) - (await s.now()) + 1);
  await s.settle(buyer, id);
  await s.ship(SELLER, id, `TRACK-${name}`);
  await s.confirm(buyer, id);
  await s.review(buyer, id, rating, text);
  return id;
}

before(async () => {
  stack = await startStack("reputation");
  indexer = await stack.startIndexer("reputation");
  await waitCaughtUp(indexer);
  s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses);
  await s.approveAll([SOCK_PUPPET, BUYER]);
  ids.trinket = await completedSale("Trinket", SOCK_PUPPET, "1", 5, "best seller ever");
  ids.camera = await completedSale("Camera", BUYER, "500", 3, "fine, slow to ship");
  await waitForHead(stack, indexer);
});

after(async () => {
  await stack?.stop();
});

type Json = Record<string, unknown>;

test("a cheap self-dealt 5★ counts for almost nothing next to an expensive 3★", async () => {
  const { status, body } = await getJson<{ firstSeen: number; reputation: Json; reviews: Json[] }>(
    indexer,
    `/api/accounts/${s.addr(SELLER)}`,
  );
  assert.equal(status, 200);
  assert.equal(body.reputation.averageRating, "4.00", "the plain average is fooled");
  assert.equal(body.reputation.weightedRating, "3.00", "(5 × 1 + 3 × 500) / 501 = 3.004");
  assert.equal(body.reputation.completedDeals, 2);
  assert.deepEqual(
    body.reviews.map((r) => [r.dealId, r.rating, r.dealAmount]),
    [
      [String(ids.camera), 3, { raw: "500000000", decimal: "500" }],
      [String(ids.trinket), 5, { raw: "1000000", decimal: "1" }],
    ],
    "each review carries the amount of the deal it came from",
  );
});

test("GET /api/reputations answers a page of sellers in one call, in the order asked", async () => {
  const stranger = "0x00000000000000000000000000000000000000aa";
  const { status, body } = await getJson<{ items: Json[] }>(
    indexer,
    `/api/reputations?addresses=${stranger},${s.addr(SELLER).toUpperCase().replace("0X", "0x")},${stranger}`,
  );
  assert.equal(status, 200);
  const profile = await getJson<{ firstSeen: number }>(indexer, `/api/accounts/${s.addr(SELLER)}`);
  assert.deepEqual(body.items, [
    {
      address: stranger,
      ratingCount: 0,
      averageRating: null,
      weightedRating: null,
      sales: 0,
      completedDeals: 0,
      disputesLost: 0,
      memberSince: null,
    },
    {
      address: s.addr(SELLER),
      ratingCount: 2,
      averageRating: "4.00",
      weightedRating: "3.00",
      sales: 2,
      completedDeals: 2,
      disputesLost: 0,
      memberSince: profile.body.firstSeen,
    },
  ]);
  const tooMany = Array.from({ length: 101 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
  for (const query of ["", "?addresses=", `?addresses=${s.addr(SELLER)},0xabc`, `?addresses=${tooMany}`]) {
    const refused = await getJson<{ error: string; issues: { field: string; message: string }[] }>(
      indexer,
      `/api/reputations${query}`,
    );
    assert.equal(refused.status, 400, query);
    assert.deepEqual(
      refused.body.issues.map((issue) => issue.field),
      ["addresses"],
    );
  }
  const hundred = await getJson<{ items: Json[] }>(
    indexer,
    `/api/reputations?addresses=${tooMany.slice(0, 100)}`,
  );
  assert.equal(hundred.status, 200);
  assert.equal(hundred.body.items.length, 100);
});
