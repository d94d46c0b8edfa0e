// The demo seed against the real thing: a fresh Hardhat node with the local deployment, the real
// indexer (Ponder over the embedded Postgres) and the keeper racing it for every settle. What a
// newcomer would see is checked through the indexer's API only: every format live at its own
// stage, every deal state, reviews, and the exact amounts the contracts' rules give.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, startProcess } from "../../scripts/lib/processes.ts";
import {
  getJson,
  type Indexer,
  type Stack,
  startStack,
  waitCaughtUp,
  waitForHead,
} from "../../scripts/lib/stack.ts";
import { chainRoles, demoAccountLines, demoAccounts, type SeedResult, seedDemo } from "../../scripts/seed.ts";

interface Amount {
  raw: string;
  decimal: string;
}
interface Auction {
  id: string;
  format: string;
  status: string;
  seller: string;
  title: string;
  endTime: number | null;
  startPrice: Amount;
  currentPrice: Amount;
  leader: string | null;
  leaderMax: Amount | null;
  bidCount: number;
  params: Record<string, unknown>;
  winner: string | null;
  finalPrice: Amount | null;
}
interface Deal {
  id: string;
  status: string;
  buyer: string;
  seller: string;
  amount: Amount;
  trackingHash: string | null;
  refundedBySeller: boolean | null;
  confirmedByBuyer: boolean | null;
  sellerProceeds: Amount | null;
  buyerAmount: Amount | null;
  fee: Amount | null;
  dispute: { status: string; openedBy: string; buyerShareBps: number | null; evidenceURI: string } | null;
  reviews: { reviewer: string; rating: number; contentURI: string; contentHash: string }[];
}
interface Commitment {
  bidder: string;
  collateral: Amount;
  revealedAmount: Amount | null;
}

const address = (index: number) =>
  (demoAccounts().find((a) => a.index === index)?.address ?? "").toLowerCase();

describe("demo seed", () => {
  let stack: Stack;
  let indexer: Indexer;
  let keeper: Child | undefined;
  const keeperLog: string[] = [];
  let seed: SeedResult;
  let chainNow: number;

  before(async () => {
    stack = await startStack("seed");
    indexer = await stack.startIndexer("seed_test");
    await waitCaughtUp(indexer);
    // The keeper settles whatever has ended as soon as the indexer shows it: the seed must not mind.
    const keeperPort = await freePort();
    keeper = startProcess("keeper", "node", ["scripts/keeper/src/main.ts"], {
      cwd: repoRoot,
      env: {
        RPC_URL: stack.chain.url,
        INDEXER_URL: indexer.url,
        KEEPER_PRIVATE_KEY: demoAccounts().find((a) => a.index === 19)?.privateKey,
        KEEPER_PORT: String(keeperPort),
        KEEPER_INTERVAL_MS: "100",
      },
      onLine: (line) => keeperLog.push(line),
    });
    await waitFor("the keeper", async () => (await fetch(`http://127.0.0.1:${keeperPort}/health`)).ok);
    seed = await seedDemo({ rpcUrl: stack.chain.url, addresses: stack.addresses, log: () => {} });
    await waitForHead(stack, indexer);
    const block = (
      (await await fetch(stack.chain.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_getBlockByNumber",
          params: ["latest", false],
        }),
      }).then((r) => r.json())) as { result: { timestamp: string } }
    ).result;
    chainNow = Number.parseInt(block.timestamp, 16);
  });
  after(async () => {
    await keeper?.stop();
    await stack?.stop();
  });

  const auction = async (id: string) => {
    const { status, body } = await getJson<{ auction: Auction; bids: unknown[]; commitments: Commitment[] }>(
      indexer,
      `/api/auctions/${id}`,
    );
    assert.equal(status, 200, `auction ${id}${indexer.tail()}`);
    return body;
  };
  const deal = async (id: string) => {
    const { status, body } = await getJson<{ deal: Deal }>(indexer, `/api/deals/${id}`);
    assert.equal(status, 200, `deal ${id}`);
    return body.deal;
  };

  test("is fast and leaves chain time close to the wall clock", () => {
    assert.ok(seed.seconds < 20, `took ${seed.seconds} s`);
    assert.equal(seed.media, "none", "no web app given: no uploads");
    assert.ok(
      seed.clockAheadSeconds < 15 * 60,
      `chain is ${seed.clockAheadSeconds} s ahead of the wall clock`,
    );
  });

  test("every format is listed and live", async () => {
    const { body } = await getJson<{ items: Auction[] }>(indexer, "/api/auctions?status=active&limit=100");
    const formats = new Set(body.items.map((a) => a.format));
    assert.deepEqual([...formats].sort(), ["dutch", "english", "rolling", "sealed"]);
    const sellers = new Set(body.items.map((a) => a.seller));
    assert.deepEqual([...sellers].sort(), [1, 2, 3, 4].map(address).sort(), "four sellers");
    assert.ok(body.items.every((a) => a.title.length > 10));
  });

  test("English: proxy bids priced by the rules, one about to end, one without bids", async () => {
    const live = await auction(seed.auctions.englishLive);
    assert.equal(live.auction.status, "active");
    assert.equal(live.auction.bidCount, 4);
    // 900 start, 1200 reserve, 5 %: 1000 → 1150 (1050) → 1400 (1207.5) → a losing 1300 lifts it to 1365.
    assert.equal(live.auction.currentPrice.decimal, "1365");
    assert.equal(live.auction.leader, address(7));
    assert.equal(live.auction.leaderMax?.decimal, "1400");
    assert.ok((live.auction.endTime ?? 0) - chainNow > 2 * 86_400, "ends in days");

    const ending = await auction(seed.auctions.englishEndingSoon);
    assert.equal(ending.auction.status, "active");
    assert.equal(ending.auction.currentPrice.decimal, "682.5");
    assert.equal(ending.auction.leader, address(6));
    const left = (ending.auction.endTime ?? 0) - chainNow;
    assert.ok(left > 10 * 60 && left <= 20 * 60 + 5, `ends in ${left} s`);
    assert.equal(ending.auction.params.extensionWindow, 300);

    const fresh = await auction(seed.auctions.englishFresh);
    assert.equal(fresh.auction.bidCount, 0);
    assert.equal(fresh.auction.currentPrice.decimal, "180");
    const bike = await auction(seed.auctions.englishBike);
    assert.equal(
      bike.auction.currentPrice.decimal,
      "700",
      "first bid below the 850 reserve: the start price",
    );
  });

  test("Dutch: prices falling towards the floor", async () => {
    const chair = (await auction(seed.auctions.dutchChair)).auction;
    assert.equal(chair.format, "dutch");
    assert.equal(chair.status, "active");
    assert.equal(chair.startPrice.decimal, "900");
    assert.equal((chair.params.floorPrice as Amount).decimal, "450");
    const price = Number(chair.currentPrice.decimal);
    assert.ok(price < 900 && price > 850, `falling: ${price}`);
    const lamp = (await auction(seed.auctions.dutchLamp)).auction;
    assert.equal((lamp.params.floorPrice as Amount).decimal, "190");
    assert.ok(Number(lamp.currentPrice.decimal) < 320);
  });

  test("sealed: one in its commit phase, one in its reveal phase", async () => {
    const commit = await auction(seed.auctions.sealedCommit);
    assert.equal(commit.auction.status, "active");
    assert.ok(Number(commit.auction.params.commitEnd) > chainNow, "commit phase");
    assert.equal(commit.auction.params.pricing, "second");
    assert.deepEqual(
      commit.commitments.map((c) => [c.bidder, c.collateral.decimal, c.revealedAmount]),
      [
        [address(5), "5000", null],
        [address(7), "4800", null],
      ],
    );

    const reveal = await auction(seed.auctions.sealedReveal);
    assert.equal(reveal.auction.status, "active");
    assert.ok(Number(reveal.auction.params.commitEnd) <= chainNow, "commit phase over");
    assert.ok(
      Number(reveal.auction.params.revealEnd) > chainNow + 86_400,
      "reveal phase runs for a day more",
    );
    assert.equal(reveal.auction.params.reveals, 2);
    assert.equal(reveal.auction.leader, address(6));
    assert.equal(reveal.auction.currentPrice.decimal, "3100");
    assert.deepEqual(
      reveal.commitments.map((c) => [c.bidder, c.revealedAmount?.decimal ?? null]),
      [
        [address(6), "3100"],
        [address(8), "2900"],
        [address(3), null],
      ],
    );
  });

  test("rolling: round 1 sold, round 2 running", async () => {
    const first = (await auction(seed.auctions.rollingListing)).auction;
    assert.equal(first.format, "rolling");
    assert.equal(first.status, "settled");
    assert.equal(first.winner, address(7));
    assert.equal(first.finalPrice?.decimal, "35.7", "38 beats 34 by one increment: 34 × 1.05");
    assert.equal(first.params.units, 12);
    const round = (await auction(seed.auctions.rollingRound)).auction;
    assert.equal(round.status, "active");
    assert.equal(round.params.round, 2);
    assert.equal(round.params.listingId, seed.auctions.rollingListing);
    assert.equal(round.leader, address(6));
    assert.equal(round.currentPrice.decimal, "33.6");
    assert.ok(round.endTime !== null && round.endTime > chainNow, "the round's clock is running");
  });

  test("deals in every state, with exact amounts", async () => {
    const paid = await deal(seed.deals.paid);
    assert.deepEqual([paid.status, paid.buyer, paid.amount.decimal], ["paid", address(6), "168"]);

    const shipped = await deal(seed.deals.shipped);
    assert.deepEqual([shipped.status, shipped.buyer, shipped.amount.decimal], ["shipped", address(5), "147"]);
    assert.match(shipped.trackingHash ?? "", /^0x[0-9a-f]{64}$/);

    const completed = await deal(seed.deals.completed);
    assert.deepEqual(
      [completed.status, completed.buyer, completed.amount.decimal, completed.confirmedByBuyer],
      ["completed", address(3), "1500", true],
    );
    assert.equal(completed.fee?.decimal, "37.5", "2.5 %");
    assert.equal(completed.sellerProceeds?.decimal, "1462.5");
    assert.deepEqual(completed.reviews.map((r) => r.rating).sort(), [5, 5]);

    const dutch = await deal(seed.deals.completedDutch);
    assert.deepEqual([dutch.status, dutch.buyer, dutch.amount.decimal], ["completed", address(8), "180"]);
    assert.equal(dutch.sellerProceeds?.decimal, "175.5");
    assert.equal(dutch.reviews.length, 1);

    const coffee = await deal(seed.deals.completedRolling);
    assert.deepEqual(
      [coffee.status, coffee.amount.decimal, coffee.fee?.decimal],
      ["completed", "35.7", "0.8925"],
    );

    const refunded = await deal(seed.deals.refunded);
    assert.deepEqual(
      [refunded.status, refunded.buyerAmount?.decimal, refunded.refundedBySeller],
      ["refunded", "450", true],
    );

    const disputed = await deal(seed.deals.disputed);
    assert.equal(disputed.status, "disputed");
    assert.equal(disputed.amount.decimal, "650", "second price: the runner-up's 650, not the winner's 720");
    assert.equal(disputed.buyer, address(5));
    assert.equal(disputed.dispute?.status, "open");
    assert.equal(disputed.dispute?.openedBy, address(5));
    assert.match(disputed.dispute?.evidenceURI ?? "", /^data:text\/plain;charset=utf-8,Crystal/);

    const resolved = await deal(seed.deals.resolved);
    assert.equal(resolved.status, "resolved");
    assert.equal(resolved.amount.decimal, "220.5");
    assert.equal(resolved.dispute?.buyerShareBps, 3000);
    // 30 % of 220.5 to the buyer; the fee (2.5 %) comes out of the seller's 154.35.
    assert.equal(resolved.buyerAmount?.decimal, "66.15");
    assert.equal(resolved.fee?.decimal, "3.85875");
    assert.equal(resolved.sellerProceeds?.decimal, "150.49125");
    assert.equal(resolved.reviews.length, 2);

    const states = new Set(
      await Promise.all(Object.values(seed.deals).map(async (id) => (await deal(id)).status)),
    );
    assert.deepEqual([...states].sort(), [
      "completed",
      "disputed",
      "paid",
      "refunded",
      "resolved",
      "shipped",
    ]);
  });

  test("the dispute queue, reputations and reviews show it", async () => {
    const { body: open } = await getJson<{ items: { dealId: string }[] }>(
      indexer,
      "/api/disputes?status=open",
    );
    assert.deepEqual(
      open.items.map((d) => d.dealId),
      [seed.deals.disputed],
    );
    const { body: ada } = await getJson<{
      reputation: { sales: number; ratingCount: number; averageRating: string | null };
      reviews: { contentURI: string; contentHash: string }[];
    }>(indexer, `/api/accounts/${address(1)}`);
    assert.equal(ada.reputation.sales, 2, "the Canon and the Hasselblad");
    assert.equal(ada.reputation.averageRating, "5.00");
    const text = decodeURIComponent(ada.reviews[0]?.contentURI.split(",").slice(1).join(",") ?? "");
    assert.match(text, /Exactly as described/);
    const { body: stats } = await getJson<{
      totals: { auctions: number; deals: number; openDisputes: number };
    }>(indexer, "/api/stats");
    assert.equal(stats.totals.deals, 8);
    assert.equal(stats.totals.openDisputes, 1);
  });

  test("arbiters are a real 2-of-3 Safe of demo accounts: one dispute ruled through it, one waiting", async () => {
    const { createPublicClient, http } = await import("viem");
    const { gavelConfigAbi, safeAbi } = await import("@gavel/sdk");
    const client = createPublicClient({ transport: http(stack.chain.url) });
    const config = { address: stack.addresses.GavelConfig as `0x${string}`, abi: gavelConfigAbi } as const;
    const role = await client.readContract({ ...config, functionName: "ARBITER_ROLE" });
    assert.equal(
      await client.readContract({ ...config, functionName: "hasRole", args: [role, seed.arbiterSafe] }),
      true,
    );
    assert.equal(
      await client.readContract({
        ...config,
        functionName: "hasRole",
        args: [role, address(0) as `0x${string}`],
      }),
      false,
      "the deployer gave up ARBITER_ROLE",
    );
    const owners = await client.readContract({
      address: seed.arbiterSafe,
      abi: safeAbi,
      functionName: "getOwners",
    });
    assert.deepEqual(owners.map((o) => o.toLowerCase()).sort(), [10, 11, 12].map(address).sort());
    assert.equal(
      await client.readContract({ address: seed.arbiterSafe, abi: safeAbi, functionName: "getThreshold" }),
      2n,
    );
    assert.equal(
      await client.readContract({ address: seed.arbiterSafe, abi: safeAbi, functionName: "nonce" }),
      1n,
      "one ruling executed",
    );
    const resolved = await deal(seed.deals.resolved);
    assert.equal(resolved.dispute?.status, "resolved");
    assert.equal(resolved.dispute?.buyerShareBps, 3000);
    assert.equal((await deal(seed.deals.disputed)).dispute?.status, "open");

    const lines = demoAccountLines(await chainRoles(stack.chain.url, stack.addresses, seed.arbiterSafe));
    const line = (index: number) => lines.find((l) => l.toLowerCase().includes(address(index))) ?? "";
    assert.match(line(0), /admin, pauser/);
    assert.doesNotMatch(line(0), /arbiter/);
    for (const [n, index] of [10, 11, 12].entries())
      assert.match(
        line(index),
        new RegExp(`owner ${n + 1} of the 2-of-3 arbiters' Safe ${seed.arbiterSafe}`),
      );
    assert.match(line(9), /treasury/);
    assert.match(line(1), /seller: Ada/);
  });

  test("prints the demo accounts as public test keys", () => {
    const lines = demoAccountLines().join("\n");
    assert.match(lines, /PUBLIC TEST KEYS/);
    // Hardhat's well-known account #1.
    assert.match(
      lines,
      /0x70997970C51812dc3A010C7d01b50e0d17dc79C8\s+0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d/,
    );
    assert.ok(!/error|failed/i.test(keeperLog.join("\n")), `keeper log:\n${keeperLog.slice(-10).join("\n")}`);
  });
});
