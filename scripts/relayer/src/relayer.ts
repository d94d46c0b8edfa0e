// The relayer: POST /bids takes a bid signed as an EIP-3009 authorization (the bidder's wallet
// needs USDC, not ETH), simulates the house call, submits it from the relayer's own gas key and
// answers once the transaction is mined. It holds no user funds (the house is the authorization's
// only payee), refuses in words what would revert, rate-limits per wallet and per client address
// and keeps to a daily gas budget — both in Postgres, so copies share them and the process itself
// keeps no state. Two copies given the same bid are safe: the token's nonce lets only one
// transaction through, and the other copy answers with that transaction.
//
// The process itself is src/main.ts; see ../README.md.

import { contractAddress, englishAuctionHouseAbi } from "@gavel/sdk";
import { connectGasKey, GasKeyRefusedError } from "@gavel/sdk/gas-key";
import { createAdaptorServer } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import pino from "pino";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { type Address, type Hash, type Hex, parseAbiItem } from "viem";
import { type Bid, BidSchema, HOUSE_CONTRACTS, type HouseCall, houseCall, KINDS, type Kind } from "./bids.ts";
import { RelayerConfigError, type RelayerEnv } from "./config.ts";
import { type Refusal, refusalOf } from "./reasons.ts";
import { openStore } from "./store.ts";

/** Gas a relayed bid may take at most (the heaviest house call, with margin): what /status budgets. */
export const BID_GAS_CEILING = 250_000n;

const authorizationUsed = parseAbiItem(
  "event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)",
);

type Outcome =
  | { status: 200; body: { hash: Hash | null; blockNumber?: string; alreadySubmitted: boolean } }
  | { status: 422; body: Refusal };

export async function startRelayer(env: RelayerEnv) {
  const log = pino({ level: env.LOG_LEVEL, base: { service: "relayer" } });
  const { account, chainId, chain, publicClient, wallet } = await connectGasKey({
    rpcUrl: env.RPC_URL,
    privateKey: env.RELAYER_PRIVATE_KEY as Hex,
    variable: "RELAYER_PRIVATE_KEY",
    service: "relayer",
    localNonces: true,
    pollingInterval: 250,
  }).catch((error) => {
    throw error instanceof GasKeyRefusedError ? new RelayerConfigError(error.message) : error;
  });
  const addressEnv = { GAVEL_ADDRESSES: env.GAVEL_ADDRESSES };
  const houses = {} as Record<Kind, Address>;
  for (const kind of KINDS) {
    try {
      houses[kind] = contractAddress(chainId, HOUSE_CONTRACTS[kind], addressEnv).toLowerCase() as Address;
    } catch (error) {
      throw new RelayerConfigError(
        `invalid relayer configuration:\n  GAVEL_ADDRESSES: ${(error as Error).message} (no ${HOUSE_CONTRACTS[kind]} for chain ${chainId})`,
      );
    }
  }
  const token = await publicClient.readContract({
    address: houses.english,
    abi: englishAuctionHouseAbi,
    functionName: "token",
  });
  const store = await openStore(env.DATABASE_URL, env.RELAYER_DATABASE_SCHEMA, (err) =>
    log.warn({ err }, "database connection lost"),
  );

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gavel_relayer_" });
  const relayed = new Counter({
    name: "gavel_relayer_bids_total",
    help: "Bids answered 200, by kind and outcome (relayed: this copy's transaction; already_submitted: the authorization was used already)",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "gavel_relayer_refusals_total",
    help: "Bids refused, by reason (invalid, rate_wallet, rate_ip, budget, unavailable, and the on-chain reasons: too_low, ended, expired, used, signature, funds…)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  // Series the alerts read exist from the start, at 0: Prometheus's increase() cannot count the
  // first sample of a series that appears with it.
  for (const reason of ["budget", "unavailable"]) refusals.inc({ reason }, 0);
  const gasSpent = new Counter({
    name: "gavel_relayer_gas_spent_wei_total",
    help: "Wei this copy paid for gas (mined transactions, reverted ones included)",
    registers: [registry],
  });
  const latency = new Histogram({
    name: "gavel_relayer_bid_seconds",
    help: "POST /bids from request to answer (simulation, submission and inclusion)",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });

  /** The transaction that used `call`'s authorization, if it was mined in the last blocks. */
  async function usedBy(bid: Bid, call: HouseCall): Promise<Hash | null> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const lookback = BigInt(env.RELAYER_LOOKBACK_BLOCKS);
    const logs = await publicClient.getLogs({
      address: token,
      event: authorizationUsed,
      args: { authorizer: bid.bidder, nonce: call.authorizationNonce },
      fromBlock: head > lookback ? head - lookback : 0n,
      toBlock: "latest",
    });
    return logs[0]?.transactionHash ?? null;
  }

  // One submission at a time (the waits for inclusion overlap): the key's nonces reach the node in
  // order, which a node that does not queue out-of-order nonces (Hardhat's automine) requires.
  let sending: Promise<unknown> = Promise.resolve();
  function sendInOrder<T>(send: () => Promise<T>): Promise<T> {
    const result = sending.then(send, send);
    sending = result.catch(() => {});
    return result;
  }

  /** Why `call` would revert now, or undefined if it would not. Other errors (RPC) are thrown. */
  async function simulate(call: HouseCall): Promise<Refusal | undefined> {
    try {
      await publicClient.simulateContract({ account, ...call.contract });
      return undefined;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refusal;
      throw error;
    }
  }

  /** A refusal, unless it is "already used": then another copy (or a retry) submitted it. */
  async function settleRefusal(bid: Bid, call: HouseCall, refusal: Refusal): Promise<Outcome> {
    if (refusal.reason === "used") {
      const hash = await usedBy(bid, call);
      if (hash) {
        relayed.inc({ kind: bid.kind, outcome: "already_submitted" });
        log.info({ kind: bid.kind, bidder: bid.bidder, tx: hash }, "bid already submitted");
        return { status: 200, body: { hash, alreadySubmitted: true } };
      }
      // Used, but not by a transaction we can find: a replay of an old bid (or a cancellation).
    }
    refusals.inc({ reason: refusal.reason });
    log.info({ kind: bid.kind, bidder: bid.bidder, reason: refusal.reason }, "bid refused");
    return { status: 422, body: refusal };
  }

  async function relay(bid: Bid): Promise<Outcome> {
    const call = houseCall(bid);
    const before = await simulate(call);
    if (before) return settleRefusal(bid, call, before);
    let hash: Hash;
    try {
      hash = await sendInOrder(() => wallet.writeContract({ ...call.contract, chain, account }));
    } catch (error) {
      // Gas estimation met the same race (another copy's transaction landed in between).
      const after = refusalOf(error) ?? (await simulate(call));
      if (after) return settleRefusal(bid, call, after);
      throw error;
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const cost = receipt.gasUsed * receipt.effectiveGasPrice;
    gasSpent.inc(Number(cost));
    await store.addSpent(cost);
    if (receipt.status === "success") {
      relayed.inc({ kind: bid.kind, outcome: "relayed" });
      log.info(
        {
          kind: bid.kind,
          bidder: bid.bidder,
          id: bid.id.toString(),
          tx: hash,
          gasUsed: receipt.gasUsed.toString(),
        },
        "bid relayed",
      );
      return {
        status: 200,
        body: { hash, blockNumber: receipt.blockNumber.toString(), alreadySubmitted: false },
      };
    }
    // Reverted on-chain after a clean simulation: another copy's transaction got in first, or the
    // auction moved on in between.
    const after = (await simulate(call)) ?? {
      reason: "reverted",
      message: "The bid failed on-chain; the auction changed while it was being sent. Try again.",
    };
    return settleRefusal(bid, call, after);
  }

  const clientAddress = (c: Context) => {
    if (env.RELAYER_TRUST_PROXY) {
      const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return getConnInfo(c).remote.address ?? "unknown";
  };

  /** The budget left today (all copies) and whether it covers one more bid at today's gas price. */
  async function budget(): Promise<{ left: bigint; available: boolean }> {
    const [spent, gasPrice] = await Promise.all([store.spentToday(), publicClient.getGasPrice()]);
    const left = spent >= env.RELAYER_DAILY_GAS_BUDGET_WEI ? 0n : env.RELAYER_DAILY_GAS_BUDGET_WEI - spent;
    return { left, available: left >= BID_GAS_CEILING * gasPrice };
  }

  const app = new Hono();
  const origins = env.RELAYER_ALLOWED_ORIGINS.split(",").map((o) => o.trim());
  app.use("*", cors({ origin: origins.includes("*") ? "*" : origins, allowMethods: ["GET", "POST"] }));
  app.onError((error, c) => {
    log.error({ err: error.message }, "request failed");
    refusals.inc({ reason: "unavailable" });
    return c.json(
      { reason: "unavailable", message: "The relayer cannot reach the chain or its database right now." },
      503,
    );
  });

  app.get("/health", async (c) => {
    try {
      await Promise.all([store.ping(), publicClient.getBlockNumber()]);
      return c.json({ ok: true, relayer: account.address, chainId });
    } catch (error) {
      return c.json({ ok: false, relayer: account.address, chainId, error: (error as Error).message }, 503);
    }
  });

  app.get("/metrics", async (c) =>
    c.body(await registry.metrics(), 200, { "content-type": registry.contentType }),
  );

  app.get("/status", async (c) => {
    const { left, available } = await budget();
    return c.json({
      relayer: account.address,
      chainId,
      houses,
      budgetWei: env.RELAYER_DAILY_GAS_BUDGET_WEI.toString(),
      leftWei: left.toString(),
      available,
    });
  });

  app.post("/bids", async (c) => {
    const stop = latency.startTimer();
    try {
      const ip = await store.hit(`ip:${clientAddress(c)}`, env.RELAYER_RATE_PER_IP);
      if (!ip.allowed) {
        refusals.inc({ reason: "rate_ip" });
        c.header("Retry-After", String(ip.retryAfterSeconds));
        return c.json(
          { reason: "rate_limited", message: "Too many bids from this address; wait a minute." },
          429,
        );
      }
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        refusals.inc({ reason: "invalid" });
        return c.json({ error: "the body must be a JSON object", field: "body" }, 400);
      }
      const parsed = BidSchema.safeParse(raw);
      if (!parsed.success) {
        refusals.inc({ reason: "invalid" });
        const issue = parsed.error.issues[0];
        const field = issue?.path.join(".") || "body";
        return c.json({ error: `${field}: ${issue?.message ?? "invalid"}`, field }, 400);
      }
      const bid = parsed.data;
      const invalid = (field: string, message: string) => {
        refusals.inc({ reason: "invalid" });
        return c.json({ error: `${field}: ${message}`, field }, 400);
      };
      if (bid.house !== houses[bid.kind]) return invalid("house", `is not Gavel's ${bid.kind} auction house`);
      if (bid.kind === "dutch" && bid.value !== undefined && bid.value !== bid.price)
        return invalid("value", "must equal price for a Dutch buy (the signed value is the price guard)");
      const wallet = await store.hit(`wallet:${bid.bidder}`, env.RELAYER_RATE_PER_WALLET);
      if (!wallet.allowed) {
        refusals.inc({ reason: "rate_wallet" });
        c.header("Retry-After", String(wallet.retryAfterSeconds));
        return c.json(
          { reason: "rate_limited", message: "Too many bids from this wallet; wait a minute." },
          429,
        );
      }
      if (!(await budget()).available) {
        refusals.inc({ reason: "budget" });
        return c.json(
          {
            reason: "budget",
            message: "The relayer's gas budget for today is spent; pay the gas from your wallet.",
          },
          503,
        );
      }
      const outcome = await relay(bid);
      return c.json(outcome.body, outcome.status);
    } finally {
      stop();
    }
  });

  app.notFound((c) => c.json({ error: "not found" }, 404));

  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(env.RELAYER_PORT, env.RELAYER_HOST, () => resolve()));
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : env.RELAYER_PORT;
  log.info({ relayer: account.address, chainId, port, houses }, "relayer started");

  return {
    port,
    address: account.address,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      log.info("relayer stopped");
    },
  };
}
