// The relayer as an operator runs it: separate processes with their own gas keys, against the real
// chain and Postgres. A wallet holding USDC and not one wei of ETH bids in every format through it;
// what would revert is refused in words (422), a bad field is named (400), a tampered or replayed
// bid moves nothing, two copies given the same bid relay it once and both answer with the mined
// transaction, an exhausted gas budget answers 503, the limits 429 with Retry-After, and a bad
// configuration stops start-up naming the variable.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
} from "@gavel/sdk";
import type { Address } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { startProcess } from "../../scripts/lib/processes.ts";
import { type RelayerProcess, startRelayerProcess } from "../../scripts/lib/relayer.ts";
import { type Addresses, createScenario, hash32, type Scenario, usdc } from "../../scripts/lib/scenario.ts";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { openStore } from "../../scripts/relayer/src/store.ts";

type Relayer = RelayerProcess;

describe("relayer", () => {
  let stack: Stack;
  let s: Scenario;
  let addresses: Addresses;
  const relayers: Relayer[] = [];
  let a: Relayer;
  let b: Relayer;
  const seller = 1;

  async function startRelayer(index: number, env: Record<string, string> = {}): Promise<Relayer> {
    const relayer = await startRelayerProcess({
      rpcUrl: stack.chain.url,
      databaseUrl: stack.databaseUrl,
      addresses: stack.addresses,
      gasKey: index,
      env: { RELAYER_RATE_PER_WALLET: "1000", RELAYER_RATE_PER_IP: "1000", ...env },
    });
    relayers.push(relayer);
    return relayer;
  }

  const gaslessWallet = async (funds?: bigint) => (await s.gaslessWallet(funds)).account;
  const signBid = (...args: Parameters<Scenario["signedBid"]>) => s.signedBid(...args);

  async function post(relayer: Relayer, body: unknown) {
    const response = await fetch(`${relayer.url}/bids`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  const balance = (who: Address) => s.tokenBalance(who);
  const englishLeader = async (id: bigint) =>
    (
      await s.publicClient.readContract({
        address: addresses.EnglishAuctionHouse,
        abi: englishAuctionHouseAbi,
        functionName: "getAuction",
        args: [id],
      })
    ).leader;

  async function metric(relayer: Relayer, name: string, labels: string): Promise<number> {
    const text = await (await fetch(`${relayer.url}/metrics`)).text();
    const escaped = labels.replace(/[{}]/g, "\\$&");
    const match = new RegExp(`^${name}${escaped} ([0-9.e+]+)`, "m").exec(text);
    return match ? Number(match[1]) : 0;
  }

  before(async () => {
    stack = await startStack("relayer");
    addresses = stack.addresses as unknown as Addresses;
    s = createScenario(stack.chain.url, addresses);
    // The second copy's first RPC URL refuses connections: every bid it relays has failed over.
    const deadRpc = `http://127.0.0.1:${await freePort()}`;
    [a, b] = await Promise.all([
      startRelayer(15),
      startRelayer(16, { RPC_URL: `${deadRpc},${stack.chain.url}` }),
    ]);
  });
  after(async () => {
    await Promise.all(relayers.map((r) => r.child.stop()));
    await stack?.stop();
  });

  test("a wallet with USDC and no ETH bids in every format; the relayer pays the gas", async () => {
    const wallet = await gaslessWallet();
    const english = await s.createEnglish(seller, { title: "Relayed: English", durationSeconds: 3600 });
    const rolling = await s.createRolling(seller, {
      title: "Relayed: rolling",
      startPrice: usdc("20"),
      units: 2,
      roundSeconds: 3600,
    });
    const dutch = await s.createDutch(seller, {
      title: "Relayed: Dutch",
      startPrice: usdc("300"),
      floorPrice: usdc("100"),
      decaySeconds: 3600,
      durationSeconds: 7200,
    });
    const sealed = await s.createSealed(seller, {
      title: "Relayed: sealed",
      reservePrice: usdc("50"),
      commitSeconds: 3600,
      revealSeconds: 3600,
      secondPrice: false,
      penaltyBps: 1000,
    });
    const start = await balance(wallet.address);

    const e = await post(a, await signBid(wallet, "english", english.id, usdc("40"), usdc("40")));
    assert.equal(e.status, 200, JSON.stringify(e.body));
    assert.match(String(e.body.hash), /^0x[0-9a-f]{64}$/);
    assert.equal(e.body.alreadySubmitted, false);
    assert.equal((await englishLeader(english.id)).toLowerCase(), wallet.address.toLowerCase());

    const r = await post(b, await signBid(wallet, "rolling", rolling.id, usdc("25"), usdc("25")));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const round = await s.publicClient.readContract({
      address: addresses.RollingAuctionHouse,
      abi: rollingAuctionHouseAbi,
      functionName: "getRound",
      args: [rolling.id],
    });
    assert.equal(round.leader.toLowerCase(), wallet.address.toLowerCase());

    const d = await post(a, await signBid(wallet, "dutch", dutch.id, usdc("300"), usdc("300")));
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const deal = await s.publicClient.readContract({
      address: addresses.DutchAuctionHouse,
      abi: dutchAuctionHouseAbi,
      functionName: "getDeal",
      args: [dutch.id],
    });
    assert.equal(deal.buyer.toLowerCase(), wallet.address.toLowerCase());

    const commitment = sealedCommitment({
      chainId: 31337,
      house: addresses.SealedBidAuctionHouse,
      auctionId: sealed.id,
      bidder: wallet.address,
      amount: usdc("60"),
      salt: hash32("relayed sealed bid"),
    });
    const c = await post(a, await signBid(wallet, "sealed", sealed.id, commitment, usdc("80")));
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const committed = await s.publicClient.readContract({
      address: addresses.SealedBidAuctionHouse,
      abi: sealedBidAuctionHouseAbi,
      functionName: "getCommitment",
      args: [sealed.id, wallet.address],
    });
    assert.equal(committed.commitment, commitment);

    assert.equal(
      await balance(wallet.address),
      start - usdc("40") - usdc("25") - deal.amount - usdc("80"),
      "exactly the signed amounts (the Dutch price paid) left the wallet",
    );
    assert.equal(await s.publicClient.getBalance({ address: wallet.address }), 0n, "the bidder spent no ETH");
    const status = (await (await fetch(`${a.url}/status`)).json()) as Record<string, string | boolean>;
    assert.equal(status.available, true);
    assert.ok(BigInt(status.leftWei as string) < BigInt(status.budgetWei as string), "gas spent is counted");
  });

  test("what would revert is refused in words, and nothing moves", async () => {
    const wallet = await gaslessWallet(usdc("100"));
    const { id } = await s.createEnglish(seller, {
      title: "Relayed: refusals",
      startPrice: usdc("30"),
      durationSeconds: 3600,
    });
    const refused = async (body: Record<string, string>, reason: string, words: RegExp) => {
      const response = await post(a, body);
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.equal(response.body.reason, reason);
      assert.match(String(response.body.message), words);
    };
    await refused(
      await signBid(wallet, "english", id, usdc("20"), usdc("20")),
      "too_low",
      /too low.*30 USDC/,
    );
    await refused(
      await signBid(wallet, "english", id, usdc("500"), usdc("500")),
      "funds",
      /not hold enough USDC/,
    );
    const now = BigInt(await s.now());
    await refused(
      await signBid(wallet, "english", id, usdc("40"), usdc("40"), now - 1n),
      "expired",
      /expired/,
    );
    const sellerBid = await signBid(
      privateKeyToAccount(hardhatDevKey(seller)),
      "english",
      id,
      usdc("40"),
      usdc("40"),
    );
    await refused(sellerBid, "seller", /seller cannot bid/);
    const ended = await s.createEnglish(seller, { title: "Relayed: ended", durationSeconds: 600 });
    const late = await signBid(wallet, "english", ended.id, usdc("40"), usdc("40"), now + 100_000n);
    await s.travel(700);
    await refused(late, "ended", /ended/);
    assert.equal(await balance(wallet.address), usdc("100"));
    assert.ok((await metric(a, "gavel_relayer_refusals_total", '{reason="too_low"}')) >= 1);
  });

  test("a tampered field is refused as a signature that does not match; the untouched bid still works", async () => {
    const wallet = await gaslessWallet();
    const { id } = await s.createEnglish(seller, { title: "Relayed: tampered", durationSeconds: 3600 });
    const other = await s.createEnglish(seller, { title: "Relayed: other", durationSeconds: 3600 });
    const signed = await signBid(wallet, "english", id, usdc("50"), usdc("50"));
    for (const tampered of [
      { maximum: usdc("51").toString() },
      { value: usdc("60").toString(), maximum: usdc("60").toString() },
      { id: other.id.toString() },
      { validBefore: (BigInt(signed.validBefore as string) + 1n).toString() },
      { bidder: privateKeyToAccount(hardhatDevKey(2)).address },
    ]) {
      const response = await post(a, { ...signed, ...tampered });
      assert.equal(response.status, 422, `${JSON.stringify(tampered)}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.reason, "signature", JSON.stringify(tampered));
      assert.match(String(response.body.message), /signature does not match/);
    }
    assert.equal(await balance(wallet.address), usdc("1000"));
    assert.equal((await post(a, signed)).status, 200);
  });

  test("bad input is answered 400 naming the field", async () => {
    const wallet = await gaslessWallet();
    const { id } = await s.createEnglish(seller, { title: "Relayed: bad input", durationSeconds: 3600 });
    const good = await signBid(wallet, "english", id, usdc("50"), usdc("50"));
    const cases: [Record<string, unknown> | string, string, RegExp][] = [
      ["{not json", "body", /JSON/],
      [{ ...good, kind: "japanese" }, "kind", /english, rolling, dutch, sealed/],
      [{ ...good, maximum: "fifty" }, "maximum", /whole number/],
      [{ ...good, maximum: undefined }, "maximum", /./],
      [{ ...good, bidder: "0x1234" }, "bidder", /address/],
      [{ ...good, signature: "0xdead" }, "signature", /65-byte/],
      [{ ...good, house: addresses.DutchAuctionHouse }, "house", /not Gavel's english auction house/],
      [{ ...good, house: privateKeyToAccount(hardhatDevKey(3)).address }, "house", /not Gavel's/],
    ];
    for (const [body, field, words] of cases) {
      const response = await post(a, body);
      assert.equal(response.status, 400, `${field}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.field, field);
      assert.match(String(response.body.error), words);
    }
    assert.equal(await balance(wallet.address), usdc("1000"));
  });

  test("a replayed bid moves nothing: it answers with the transaction that already used it", async () => {
    const wallet = await gaslessWallet();
    const { id } = await s.createEnglish(seller, { title: "Relayed: replay", durationSeconds: 3600 });
    const signed = await signBid(wallet, "english", id, usdc("50"), usdc("50"));
    const first = await post(a, signed);
    assert.equal(first.status, 200);
    const again = await post(b, signed);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body, { hash: first.body.hash, alreadySubmitted: true });
    assert.equal(await balance(wallet.address), usdc("950"), "charged once");
  });

  test("two copies racing the same bid: one transaction, both answer 200 with its hash", async () => {
    const wallet = await gaslessWallet();
    const { id } = await s.createEnglish(seller, { title: "Relayed: race", durationSeconds: 3600 });
    const signed = await signBid(wallet, "english", id, usdc("70"), usdc("70"));
    const alreadyBefore =
      (await metric(a, "gavel_relayer_bids_total", '{kind="english",outcome="already_submitted"}')) +
      (await metric(b, "gavel_relayer_bids_total", '{kind="english",outcome="already_submitted"}'));
    const answers = await Promise.all([post(a, signed), post(b, signed), post(a, signed), post(b, signed)]);
    for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const hashes = new Set(answers.map((x) => x.body.hash));
    assert.equal(hashes.size, 1, `one transaction: ${[...hashes].join(", ")}`);
    assert.equal(answers.filter((x) => x.body.alreadySubmitted === false).length, 1);
    assert.equal(await balance(wallet.address), usdc("930"), "charged once");
    const alreadyAfter =
      (await metric(a, "gavel_relayer_bids_total", '{kind="english",outcome="already_submitted"}')) +
      (await metric(b, "gavel_relayer_bids_total", '{kind="english",outcome="already_submitted"}'));
    assert.equal(alreadyAfter - alreadyBefore, 3);
  });

  test("out of gas budget: /status says so and bids are answered 503 { reason: budget }", async () => {
    const poor = await startRelayer(14, {
      RELAYER_DAILY_GAS_BUDGET_WEI: "1",
      RELAYER_DATABASE_SCHEMA: "relayer_poor",
    });
    const status = (await (await fetch(`${poor.url}/status`)).json()) as Record<string, unknown>;
    assert.equal(status.available, false);
    assert.equal(status.leftWei, "1");
    // The alert's series is there before the first refusal (Prometheus's increase() needs a 0).
    assert.match(
      await (await fetch(`${poor.url}/metrics`)).text(),
      /^gavel_relayer_refusals_total\{reason="budget"\} 0$/m,
    );
    const wallet = await gaslessWallet();
    const { id } = await s.createEnglish(seller, { title: "Relayed: budget", durationSeconds: 3600 });
    const response = await post(poor, await signBid(wallet, "english", id, usdc("50"), usdc("50")));
    assert.equal(response.status, 503);
    assert.equal(response.body.reason, "budget");
    assert.equal(await balance(wallet.address), usdc("1000"));
    assert.equal(await metric(poor, "gavel_relayer_refusals_total", '{reason="budget"}'), 1);
  });

  test("copies starting at once on a fresh database all open their store (the set-up is locked)", async () => {
    const errors: Error[] = [];
    const stores = await Promise.all(
      Array.from({ length: 16 }, () => openStore(stack.databaseUrl, "relayer_fresh", (e) => errors.push(e))),
    );
    await Promise.all(stores.map((store) => store.close()));
    assert.deepEqual(errors, []);
  });

  test("limits per wallet and per client address answer 429 with Retry-After, shared through Postgres", async () => {
    const env = {
      RELAYER_RATE_PER_WALLET: "2",
      RELAYER_RATE_PER_IP: "4",
      RELAYER_DATABASE_SCHEMA: "relayer_rate",
    };
    const [c, d] = await Promise.all([startRelayer(13, env), startRelayer(12, env)]);
    const { id } = await s.createEnglish(seller, { title: "Relayed: limits", durationSeconds: 3600 });
    const bidBy = async (wallet: PrivateKeyAccount) => signBid(wallet, "english", id, usdc("5"), usdc("5"));
    const w1 = await gaslessWallet();
    const w2 = await gaslessWallet();
    const w3 = await gaslessWallet();
    // Too low, so refused (422) — but counted: the limits come before the chain.
    assert.equal((await post(c, await bidBy(w1))).status, 422);
    assert.equal((await post(d, await bidBy(w1))).status, 422, "the other copy counts the same wallet");
    const wallet = await post(c, await bidBy(w1));
    assert.equal(wallet.status, 429);
    assert.match(String(wallet.body.message), /this wallet/);
    assert.ok(Number(wallet.headers.get("retry-after")) >= 1);
    assert.equal((await post(d, await bidBy(w2))).status, 422);
    const ip = await post(c, await bidBy(w3));
    assert.equal(ip.status, 429);
    assert.match(String(ip.body.message), /this address/);
    assert.ok(Number(ip.headers.get("retry-after")) >= 1);
  });

  test("/metrics counts bids relayed, refusals by reason and the gas spent", async () => {
    assert.ok((await metric(a, "gavel_relayer_bids_total", '{kind="english",outcome="relayed"}')) >= 2);
    assert.ok((await metric(a, "gavel_relayer_bids_total", '{kind="dutch",outcome="relayed"}')) >= 1);
    assert.ok((await metric(a, "gavel_relayer_refusals_total", '{reason="signature"}')) >= 5);
    assert.ok((await metric(a, "gavel_relayer_refusals_total", '{reason="invalid"}')) >= 8);
    assert.ok((await metric(a, "gavel_relayer_gas_spent_wei_total", "")) > 0);
  });
});

describe("relayer configuration", () => {
  /** Starts the relayer with `env`; resolves with its exit code and output. */
  async function startUp(env: Record<string, string>) {
    const output: string[] = [];
    const child = startProcess("relayer (bad config)", process.execPath, ["scripts/relayer/src/main.ts"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", ...env },
      onLine: (line) => output.push(line),
    });
    const code = await child.exited;
    return { code, output: output.join("\n") };
  }
  const good = {
    RPC_URL: "http://127.0.0.1:9",
    DATABASE_URL: "postgres://127.0.0.1:9/none",
    RELAYER_PRIVATE_KEY: generatePrivateKey(),
  };
  for (const [variable, value] of [
    ["RELAYER_PRIVATE_KEY", "0x1234"],
    ["RPC_URL", "ws://127.0.0.1:9"],
    ["RPC_URL", "http://127.0.0.1:9,ws://127.0.0.1:9"],
    ["DATABASE_URL", "mysql://127.0.0.1/none"],
    ["RELAYER_DAILY_GAS_BUDGET_WEI", "lots"],
    ["RELAYER_RATE_PER_WALLET", "0"],
  ] as const) {
    test(`a bad ${variable} (${value}) stops start-up naming it`, async () => {
      const { code, output } = await startUp({ ...good, [variable]: value });
      assert.equal(code, 1);
      assert.match(output, new RegExp(`invalid relayer configuration:[\\s\\S]*${variable}`));
    });
  }
  test("a missing RELAYER_PRIVATE_KEY stops start-up naming it", async () => {
    const { code, output } = await startUp({ RPC_URL: good.RPC_URL, DATABASE_URL: good.DATABASE_URL });
    assert.equal(code, 1);
    assert.match(output, /RELAYER_PRIVATE_KEY/);
  });
});
