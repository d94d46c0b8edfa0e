// The keeper as an operator runs it: a separate process with its own key (gas only), against
// the real chain and indexer. It settles ended auctions, releases deals past their confirm
// window (the buyer's extension included) and splits disputes the arbiter let time out — each
// exactly once, even with two keepers running — leaves alone an auction whose end a pause moved,
// and never touches anyone's funds.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Job, orderFor } from "../../scripts/keeper/src/keeper.ts";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { freePort, waitFor } from "../../scripts/lib/ports.ts";
import { type Child, run, startProcess } from "../../scripts/lib/processes.ts";
import {
  type Addresses,
  createScenario,
  DAY,
  HOUR,
  MIN_CONFIRM_WINDOW,
  usdc,
} from "../../scripts/lib/scenario.ts";
import { getJson, type Indexer, type Stack, startStack, waitCaughtUp } from "../../scripts/lib/stack.ts";

// Hardhat's well-known development accounts #17 and #18: test ETH only, no USDC.
const KEEPER_INDEXES = [17, 18] as const;
const KEEPER_KEYS = KEEPER_INDEXES.map((i) => hardhatDevKey(i));

const keeperAddress = (index: number) => privateKeyToAccount(hardhatDevKey(index)).address;

interface Keeper {
  child: Child;
  port: number;
  log: string[];
}

async function startKeeper(
  stack: Stack,
  indexer: Indexer,
  key: string,
  rpcUrl = stack.chain.url,
): Promise<Keeper> {
  const port = await freePort();
  const log: string[] = [];
  const child = startProcess("keeper", "node", ["scripts/keeper/src/main.ts"], {
    cwd: repoRoot,
    env: {
      RPC_URL: rpcUrl,
      INDEXER_URL: indexer.url,
      KEEPER_PRIVATE_KEY: key,
      KEEPER_PORT: String(port),
      KEEPER_INTERVAL_MS: "200",
    },
    onLine: (line) => log.push(line),
  });
  await waitFor("the keeper's /health", async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
    timeoutMs: 30_000,
  });
  return { child, port, log };
}

async function metric(keeper: Keeper, kind: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${keeper.port}/metrics`)).text();
  const match = new RegExp(
    `^gavel_keeper_jobs_total\\{kind="${kind}",outcome="${outcome}"\\} (\\d+)`,
    "m",
  ).exec(text);
  return match ? Number(match[1]) : 0;
}

test("two keepers work the same due jobs in different orders, every kind mixed in", () => {
  const house = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
  const jobs: Job[] = [
    ...Array.from({ length: 8 }, (_, i) => ({ kind: "settle" as const, house, id: BigInt(i + 1) })),
    ...Array.from({ length: 8 }, (_, i) => ({ kind: "release" as const, house, id: BigInt(i + 1) })),
    ...Array.from({ length: 8 }, (_, i) => ({
      kind: "resolveAfterTimeout" as const,
      house,
      id: BigInt(i + 1),
    })),
  ];
  const [one, two] = [17, 18].map((i) => privateKeyToAccount(hardhatDevKey(i)).address);
  const a = orderFor(one as Address, jobs);
  const b = orderFor(two as Address, jobs);
  const key = (j: Job) => `${j.kind}:${j.id}`;
  assert.deepEqual(new Set(a.map(key)), new Set(jobs.map(key)), "every job once");
  assert.equal(a.length, jobs.length);
  assert.deepEqual(
    orderFor(one as Address, [...jobs].reverse()).map(key),
    a.map(key),
    "the same order each round",
  );
  assert.notDeepEqual(a.slice(0, 4).map(key), b.slice(0, 4).map(key), "the copies start apart");
  // A backlog of settlements does not hold the disputes back: some are in the first third.
  assert.ok(a.slice(0, 8).some((j) => j.kind === "resolveAfterTimeout"));
  assert.ok(b.slice(0, 8).some((j) => j.kind === "resolveAfterTimeout"));
});

describe("keeper", () => {
  let stack: Stack;
  let indexer: Indexer;
  const keepers: Keeper[] = [];

  before(async () => {
    stack = await startStack("keeper");
    indexer = await stack.startIndexer("keeper_test");
    await waitCaughtUp(indexer);
    for (const key of KEEPER_KEYS) keepers.push(await startKeeper(stack, indexer, key));
  });
  after(async () => {
    await Promise.all(keepers.map((k) => k.child.stop()));
    await stack?.stop();
  });

  test("settles, releases and splits on time, once each, with two keepers running", async () => {
    const s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses);
    const [seller, alice, bob] = [1, 2, 3];
    await s.approveAll([alice, bob]);
    const keeperBalancesBefore = await Promise.all(
      KEEPER_INDEXES.map((i) => s.publicClient.getBalance({ address: keeperAddress(i) })),
    );

    // Auction 1: sold, shipped, nobody confirms → the keeper releases after the window.
    const first = await s.createEnglish(seller, { title: "Keeper: released", durationSeconds: 600 });
    await s.bid(alice, first.id, usdc("25"));
    // Auction 2: sold, shipped, disputed, the arbiter stays silent → the keeper splits 50/50.
    const second = await s.createEnglish(seller, { title: "Keeper: disputed", durationSeconds: 600 });
    await s.bid(bob, second.id, usdc("40"));
    // Auction 3: nobody bids → the keeper ends it without a sale.
    const third = await s.createEnglish(seller, { title: "Keeper: no sale", durationSeconds: 600 });
    // Auction 4: a pause crosses its end → the keeper waits for the moved end.
    const fourth = await s.createEnglish(seller, { title: "Keeper: paused", durationSeconds: 1200 });
    await s.bid(alice, fourth.id, usdc("15"));
    const balanceOf = (who: number) => s.tokenBalance(s.addr(who));
    const sellerBefore = await balanceOf(seller);

    await s.travel(601 + 5);
    await waitFor(
      "the keeper to settle all three auctions",
      async () => {
        const states = await Promise.all(
          [first.id, second.id, third.id].map(
            async (id) =>
              (await getJson<{ auction: { status: string } }>(indexer, `/api/auctions/${id}`)).body.auction
                .status,
          ),
        );
        return states.join() === "settled,settled,no_sale";
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const deal1 = await s.getDeal(first.id);
    assert.equal(deal1.buyer.toLowerCase(), s.addr(alice));
    assert.equal(deal1.amount, usdc("10"), "a lone bidder pays the start price");

    // A pause across auction 4's end: its clock stood still, so it is not over when the pause ends.
    const endBefore = (await getJson<{ auction: { endTime: number } }>(indexer, `/api/auctions/${fourth.id}`))
      .body.auction.endTime;
    await s.pause(0);
    await s.travel(1200);
    const { pausedFor } = await s.unpause(0);
    await waitFor(
      "the indexer to move auction 4's end",
      async () =>
        (await getJson<{ auction: { endTime: number } }>(indexer, `/api/auctions/${fourth.id}`)).body.auction
          .endTime ===
        endBefore + Number(pausedFor),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(
      (await getJson<{ auction: { status: string } }>(indexer, `/api/auctions/${fourth.id}`)).body.auction
        .status,
      "active",
      "settled although its end moved",
    );
    await s.travel(Number(pausedFor));
    await waitFor(
      "the keeper to settle auction 4 after its moved end",
      async () =>
        (await getJson<{ auction: { status: string } }>(indexer, `/api/auctions/${fourth.id}`)).body.auction
          .status === "settled",
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    await s.ship(seller, first.id, "TRACK-1");
    await s.ship(seller, second.id, "TRACK-2");
    await s.openDispute(bob, second.id, "ipfs://evidence/never-arrived");
    await s.extendConfirmWindow(alice, first.id, DAY); // the parcel is late

    // Not due yet: the keeper must leave both deals alone.
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal((await s.getDeal(first.id)).status, 2, "still Shipped before the confirm window ends");

    // Past the confirm window but not its extension, and past the one-day dispute timeout of the
    // local deployment: the keeper splits deal 2 and must leave deal 1 alone.
    await s.travel(MIN_CONFIRM_WINDOW + HOUR);
    await waitFor(
      "the keeper to split deal 2",
      async () => (await s.getDeal(second.id)).status === 6, // Resolved
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal((await s.getDeal(first.id)).status, 2, "released inside the buyer's extension");
    await s.travel(DAY);
    await waitFor(
      "the keeper to release deal 1",
      async () => (await s.getDeal(first.id)).status === 3, // Completed
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    // Money: the seller's proceeds and the buyer's half went straight to their wallets, to the unit.
    const deal2 = await s.getDeal(second.id);
    const deal4 = await s.getDeal(fourth.id);
    const fee1 = (usdc("10") * 250n) / 10_000n;
    const half = deal2.amount / 2n;
    const fee2 = ((deal2.amount - half) * 250n) / 10_000n;
    assert.equal(await balanceOf(seller), sellerBefore + usdc("10") - fee1 + (deal2.amount - half) - fee2);
    assert.equal(deal4.status, 1, "auction 4's deal waits for shipping");
    assert.equal(await s.withdrawable(s.addr(seller)), 0n);
    assert.equal(await s.withdrawable(s.addr(bob)), 0n);

    // Each job was done exactly once across both keepers; nothing failed.
    const total = async (kind: string, outcome: string) =>
      (await Promise.all(keepers.map((k) => metric(k, kind, outcome)))).reduce((a, b) => a + b, 0);
    assert.equal(await total("settle", "done"), 4);
    assert.equal(await total("release", "done"), 1);
    assert.equal(await total("resolveAfterTimeout", "done"), 1);
    assert.equal(await total("settle", "failed"), 0);
    assert.equal(await total("release", "failed"), 0);

    // The keepers hold no funds: no token balance, no withdrawable credit; they only spent gas.
    for (const [n, i] of KEEPER_INDEXES.entries()) {
      assert.equal(await s.withdrawable(keeperAddress(i)), 0n);
      const after = await s.publicClient.getBalance({ address: keeperAddress(i) });
      assert.ok(after <= (keeperBalancesBefore[n] as bigint), "a keeper's ETH only goes down (gas)");
    }
  });

  test("a bad configuration stops the keeper naming the variable", async () => {
    await assert.rejects(
      run("node", ["scripts/keeper/src/main.ts"], {
        cwd: repoRoot,
        env: { RPC_URL: "not a url", INDEXER_URL: "http://127.0.0.1:1", KEEPER_PRIVATE_KEY: "0x1234" },
      }),
      (error: Error) => /RPC_URL/.test(error.message) && /KEEPER_PRIVATE_KEY/.test(error.message),
    );
  });

  test("with a dead node first in RPC_URL, the keeper fails over to the next and settles", async () => {
    // The other keepers stand down: whatever is settled now, this one did.
    await Promise.all(keepers.map((k) => k.child.stop()));
    const dead = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const keeper = await startKeeper(stack, indexer, hardhatDevKey(16), `${dead},${stack.chain.url}`);
    keepers.push(keeper);
    const s = createScenario(stack.chain.url, stack.addresses as unknown as Addresses);
    const { id } = await s.createEnglish(3, { title: "Fail-over lot", durationSeconds: 400 });
    await s.approveAll([4]);
    await s.bid(4, id, usdc("12"));
    await s.travel(600);
    await waitFor(
      "the fail-over keeper to settle the auction",
      async () =>
        (await getJson<{ auction: { status: string } }>(indexer, `/api/auctions/${id}`)).body.auction
          .status === "settled",
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    assert.equal(await metric(keeper, "settle", "done"), 1, "settled through the second URL");
    assert.equal(await metric(keeper, "settle", "failed"), 0);
    // The dead URL is not hidden by the fail-over: /metrics says which position is down.
    const text = await (await fetch(`http://127.0.0.1:${keeper.port}/metrics`)).text();
    assert.match(text, /^gavel_keeper_rpc_url_up\{position="0"\} 0$/m);
    assert.match(text, /^gavel_keeper_rpc_url_up\{position="1"\} 1$/m);
  });
});
