/**
 * Transactions from the browser over @wagmi/core: bid (EIP-2612 permit in one transaction,
 * approve + bid as fallback), settle, withdraw and create a listing. Loaded on demand with the
 * rest of the wallet code. Every step reports a `TxPhase` that the page says in plain words.
 */
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  permitTypedData,
  readPermitDomain,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
import {
  connect,
  getBlock,
  getConnection,
  getConnectors,
  getPublicClient,
  readContract,
  reconnect,
  signTypedData,
  simulateContract,
  switchChain,
  waitForTransactionReceipt,
  writeContract,
} from "@wagmi/core";
import { type Abi, decodeEventLog, keccak256, parseSignature, toBytes, toHex } from "viem";
import type { ListingCall } from "#lib/sell.ts";
import { PUBLIC_WALLETCONNECT_PROJECT_ID } from "$app/env/public";
import { explainFailure } from "./errors.ts";
import { config, expectedChainId, isUserRejection } from "./wallet.svelte.ts";

type Hex = `0x${string}`;

export type TxPhase =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "checking" }
  | { kind: "wrongAccount"; expected: string; actual: string }
  /** The wallet is on another chain: nothing is sent; the status offers a switch. */
  | { kind: "wrongNetwork"; current: number }
  /** The wallet moved to another chain while a transaction was being prepared: stopped, nothing sent. */
  | { kind: "networkChanged"; current: number }
  | { kind: "insufficient"; balance: bigint; needed: bigint }
  | { kind: "signingPermit" }
  | { kind: "approving" }
  | { kind: "confirmInWallet" }
  | { kind: "pending"; hash: Hex }
  | { kind: "confirmed"; hash: Hex }
  | { kind: "indexed"; hash: Hex }
  | { kind: "rejected" }
  | { kind: "failed"; reason: string; params?: Record<string, string>; detail?: string };

export type OnPhase = (phase: TxPhase) => void;

/** The house ABI of each format (deal functions are the same in every house). */
export const houseAbis = {
  english: englishAuctionHouseAbi,
  dutch: dutchAuctionHouseAbi,
  sealed: sealedBidAuctionHouseAbi,
  rolling: rollingAuctionHouseAbi,
} as const;
export type Format = keyof typeof houseAbis;
type Request = Parameters<typeof simulateContract>[1];

/** Turns any error into the phase that says it: declined, a known revert, or a failure. */
export function phaseOf(error: unknown): TxPhase {
  if (isUserRejection(error)) return { kind: "rejected" };
  return explainFailure(error);
}

/** The connected account on the right chain, connecting (or reconnecting) first if needed. */
export async function ensureAccount(on: OnPhase, expected?: string | null): Promise<Hex> {
  let connection = getConnection(config);
  if (connection.status !== "connected") {
    on({ kind: "connecting" });
    await reconnect(config);
    connection = getConnection(config);
  }
  // A WalletConnect session survives a reload in WalletConnect's storage, but its connector is
  // only set up when chosen: set it up again (a dynamic import) to resume the session.
  if (
    connection.status !== "connected" &&
    PUBLIC_WALLETCONNECT_PROJECT_ID &&
    (await config.storage?.getItem("recentConnectorId")) === "walletConnect"
  ) {
    const { walletConnectConnector } = await import("./walletconnect.ts");
    await reconnect(config, {
      connectors: [walletConnectConnector(PUBLIC_WALLETCONNECT_PROJECT_ID, () => {})],
    });
    connection = getConnection(config);
  }
  if (connection.status !== "connected") {
    const connectors = getConnectors(config).filter((c) => c.type === "injected");
    const connector = connectors.find((c) => c.id !== "injected") ?? connectors[0];
    if (!connector) throw Object.assign(new Error("no wallet"), { noWallet: true });
    await connect(config, { connector });
    connection = getConnection(config);
  }
  if (connection.status !== "connected") throw new Error("the wallet did not connect");
  // Ask the wallet itself (not wagmi's last-known state): on another chain, say so and stop.
  const current = await connection.connector.getChainId();
  if (current !== expectedChainId) {
    on({ kind: "wrongNetwork", current });
    throw Object.assign(new Error("wrong network"), { handled: true });
  }
  const address = connection.address;
  if (expected && address.toLowerCase() !== expected.toLowerCase()) {
    on({ kind: "wrongAccount", expected, actual: address });
    throw Object.assign(new Error("wrong account"), { handled: true });
  }
  return address;
}

async function send(
  on: OnPhase,
  request: Parameters<typeof simulateContract>[1],
): Promise<{ hash: Hex; logs: { address: Hex; data: Hex; topics: Hex[] }[] }> {
  // Simulate first: a revert is reported by name before the wallet asks anything.
  const { request: prepared } = await simulateContract(config, request);
  // The wallet may have changed network since `ensureAccount` (while a permit was signed, or
  // between approve and the call): a transaction now would go to another chain. Stop instead.
  const connection = getConnection(config);
  const current = connection.status === "connected" ? await connection.connector.getChainId() : null;
  if (current !== null && current !== expectedChainId) {
    on({ kind: "networkChanged", current });
    throw Object.assign(new Error("network changed"), { handled: true });
  }
  on({ kind: "confirmInWallet" });
  const hash = await writeContract(config, prepared as Parameters<typeof writeContract>[1]);
  on({ kind: "pending", hash });
  const receipt = await waitForTransactionReceipt(config, { hash });
  if (receipt.status !== "success")
    throw Object.assign(new Error("reverted"), { shortMessage: "the transaction reverted" });
  on({ kind: "confirmed", hash });
  return { hash, logs: receipt.logs as never };
}

/** Runs `body`, turning every error into a phase. Returns the body's value or null. */
async function guarded<T>(on: OnPhase, body: () => Promise<T>): Promise<T | null> {
  try {
    return await body();
  } catch (error) {
    if ((error as { handled?: boolean }).handled) return null;
    if ((error as { noWallet?: boolean }).noWallet) on({ kind: "failed", reason: "tx.error.noWallet" });
    else on(phaseOf(error));
    return null;
  }
}

interface Permit {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/** An EIP-2612 permit of `value` to `spender`; null when the wallet cannot sign typed data. */
async function signPermit(
  usdc: Hex,
  owner: Hex,
  spender: Hex,
  value: bigint,
  on: OnPhase,
): Promise<Permit | null> {
  const nonce = await readContract(config, {
    address: usdc,
    abi: testUSDCAbi,
    functionName: "nonces",
    args: [owner],
  });
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600 * 24);
  // The token's own EIP-712 domain (its name differs between Base and Base Sepolia). Unreadable:
  // approve + call instead.
  const client = getPublicClient(config, { chainId: expectedChainId });
  const domain = client ? await readPermitDomain(client, expectedChainId, usdc).catch(() => null) : null;
  if (!domain) return null;
  on({ kind: "signingPermit" });
  try {
    const signature = await signTypedData(config, {
      account: owner,
      ...permitTypedData({ domain, owner, spender, value, nonce, deadline }),
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
  } catch (error) {
    if (isUserRejection(error)) throw error;
    return null; // the wallet cannot sign typed data: approve + call instead
  }
}

export interface PayArgs {
  house: Hex;
  usdc: Hex;
  /** USDC the call pulls from the wallet, in token units. */
  needed: bigint;
  /** The signed-in address; another connected account is refused in words. */
  account: string | null;
  /** False: approve + call (for wallets without typed-data signing). */
  permit?: boolean;
  /** The call itself: the plain variant (`permit` null) or its `…WithPermit` variant. */
  call: (account: Hex, permit: Permit | null) => Request;
}

/**
 * Every call that pays USDC into a house (bid, buy, commit): checks the balance, then uses the
 * allowance already there, else an EIP-2612 permit in the same transaction, else approve + call.
 */
export async function payIntoHouse(args: PayArgs, on: OnPhase): Promise<Hex | null> {
  return guarded(on, async () => {
    const owner = await ensureAccount(on, args.account);
    on({ kind: "checking" });
    const balance = await readContract(config, {
      address: args.usdc,
      abi: testUSDCAbi,
      functionName: "balanceOf",
      args: [owner],
    });
    if (balance < args.needed) {
      on({ kind: "insufficient", balance, needed: args.needed });
      return null;
    }
    const allowance =
      args.needed === 0n
        ? 0n
        : await readContract(config, {
            address: args.usdc,
            abi: testUSDCAbi,
            functionName: "allowance",
            args: [owner, args.house],
          });
    if (args.needed === 0n || allowance >= args.needed) {
      return (await send(on, args.call(owner, null))).hash;
    }
    if (args.permit !== false) {
      const permit = await signPermit(args.usdc, owner, args.house, args.needed, on);
      if (permit) return (await send(on, args.call(owner, permit))).hash;
    }
    on({ kind: "approving" });
    await send(on, {
      address: args.usdc,
      abi: testUSDCAbi,
      functionName: "approve",
      args: [args.house, args.needed],
      account: owner,
    });
    return (await send(on, args.call(owner, null))).hash;
  });
}

export interface BidArgs {
  house: Hex;
  usdc: Hex;
  /** English, or a rolling round (the id is the round's). */
  format?: "english" | "rolling";
  auctionId: bigint;
  /** The proxy maximum, in token units. */
  maxAmount: bigint;
  /** What this bidder already has escrowed as leader (only the difference is pulled). */
  escrowed: bigint;
  account: string | null;
  permit?: boolean;
}

/** Bids with a permit signature in one transaction; falls back to approve + bid. */
export async function placeBid(args: BidArgs, on: OnPhase): Promise<Hex | null> {
  const abi = houseAbis[args.format ?? "english"];
  return payIntoHouse(
    {
      ...args,
      needed: args.maxAmount - args.escrowed,
      call: (account, p) =>
        (p
          ? {
              address: args.house,
              abi,
              functionName: "bidWithPermit",
              args: [args.auctionId, args.maxAmount, p.deadline, p.v, p.r, p.s],
              account,
            }
          : {
              address: args.house,
              abi,
              functionName: "bid",
              args: [args.auctionId, args.maxAmount],
              account,
            }) as Request,
    },
    on,
  );
}

/** Buys a Dutch auction at the price now, never paying more than `maxPrice`. */
export async function buyDutch(
  args: {
    house: Hex;
    usdc: Hex;
    auctionId: bigint;
    maxPrice: bigint;
    account: string | null;
    permit?: boolean;
  },
  on: OnPhase,
): Promise<Hex | null> {
  const abi = dutchAuctionHouseAbi;
  return payIntoHouse(
    {
      ...args,
      needed: args.maxPrice,
      call: (account, p) =>
        (p
          ? {
              address: args.house,
              abi,
              functionName: "buyWithPermit",
              args: [args.auctionId, args.maxPrice, p.deadline, p.v, p.r, p.s],
              account,
            }
          : {
              address: args.house,
              abi,
              functionName: "buy",
              args: [args.auctionId, args.maxPrice],
              account,
            }) as Request,
    },
    on,
  );
}

/** 32 random bytes from the browser's CSPRNG. */
export function randomSalt(): Hex {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Commits a sealed bid. `keep` gets the salt before anything is sent, so the secret is stored
 * even if the page dies while the transaction is in flight.
 */
export async function commitSealed(
  args: {
    house: Hex;
    usdc: Hex;
    auctionId: bigint;
    amount: bigint;
    /** Collateral to add now. */
    collateral: bigint;
    account: string | null;
    keep: (secret: { amount: bigint; salt: Hex; bidder: Hex }) => void;
    permit?: boolean;
  },
  on: OnPhase,
): Promise<Hex | null> {
  const abi = sealedBidAuctionHouseAbi;
  const salt = randomSalt();
  let commitment: Hex | null = null;
  return payIntoHouse(
    {
      ...args,
      needed: args.collateral,
      call: (account, p) => {
        if (!commitment) {
          commitment = sealedCommitment({
            chainId: expectedChainId,
            house: args.house,
            auctionId: args.auctionId,
            bidder: account,
            amount: args.amount,
            salt,
          });
          args.keep({ amount: args.amount, salt, bidder: account });
        }
        return (
          p
            ? {
                address: args.house,
                abi,
                functionName: "commitWithPermit",
                args: [args.auctionId, commitment, args.collateral, p.deadline, p.v, p.r, p.s],
                account,
              }
            : {
                address: args.house,
                abi,
                functionName: "commit",
                args: [args.auctionId, commitment, args.collateral],
                account,
              }
        ) as Request;
      },
    },
    on,
  );
}

/** keccak256 of a tracking number (trimmed); only this goes on chain. */
export function trackingHash(trackingNumber: string): Hex {
  return keccak256(toBytes(trackingNumber.trim()));
}

/**
 * One call on a house by the connected account (deal actions, reveal, settle, returnCollateral,
 * withdraw): simulate, send, wait for the receipt.
 */
export async function callHouse(
  args: {
    house: Hex;
    format?: Format;
    functionName: string;
    args: readonly unknown[];
    account?: string | null;
  },
  on: OnPhase,
): Promise<Hex | null> {
  return guarded(on, async () => {
    const account = await ensureAccount(on, args.account);
    const { hash } = await send(on, {
      address: args.house,
      abi: houseAbis[args.format ?? "english"],
      functionName: args.functionName,
      args: args.args,
      account,
    } as Request);
    return hash;
  });
}

/** Ends an auction (anyone, once it is over). */
export async function settleAuction(
  house: Hex,
  auctionId: bigint,
  on: OnPhase,
  format: Format = "english",
): Promise<Hex | null> {
  return callHouse({ house, format, functionName: "settle", args: [auctionId] }, on);
}

/** Pulls the account's withdrawable balance from one house. */
export async function withdrawFrom(house: Hex, expected: string | null, on: OnPhase): Promise<Hex | null> {
  return callHouse({ house, functionName: "withdraw", args: [], account: expected }, on);
}

/** Asks the wallet to move to Gavel's chain (the status line's "Switch to …" button). */
export async function switchToExpectedChain(): Promise<void> {
  await switchChain(config, { chainId: expectedChainId });
}

/**
 * The chain's clock: `now` is the time the next block would have (the pending block's), else the
 * latest block's, never before the wall clock — a local chain may run ahead of the wall clock, and
 * an idle one's latest block can be minutes older than its next; `latest` is the latest block's.
 */
export async function chainClock(): Promise<{ now: number; latest: number }> {
  const [latest, pending] = await Promise.all([
    getBlock(config),
    getBlock(config, { blockTag: "pending" }).catch(() => null),
  ]);
  const latestSeconds = Number(latest.timestamp);
  return {
    now: Math.max(latestSeconds, Number(pending?.timestamp ?? 0n), Math.floor(Date.now() / 1000)),
    latest: latestSeconds,
  };
}

export interface CreateArgs {
  /** The house of the listing's format. */
  house: Hex;
  account: string | null;
  /** The `createAuction` call, with its times counted from the chain's clock. */
  build: (clock: { now: number; latest: number }) => ListingCall;
}

/**
 * Creates a listing in the house of its format (one `createAuction` transaction); returns the new
 * auction's id from the ListingCreated event (the same event in every house).
 */
export async function createListing(
  args: CreateArgs,
  on: OnPhase,
): Promise<{ hash: Hex; auctionId: bigint } | null> {
  return guarded(on, async () => {
    const account = await ensureAccount(on, args.account);
    on({ kind: "checking" });
    const { format, listing, params } = args.build(await chainClock());
    const { hash, logs } = await send(on, {
      address: args.house,
      abi: houseAbis[format],
      functionName: "createAuction",
      args: [listing, params],
      account,
    } as Request);
    for (const log of logs) {
      if (log.address.toLowerCase() !== args.house.toLowerCase()) continue;
      try {
        const event = decodeEventLog({
          abi: houseAbis[format] as Abi,
          data: log.data,
          topics: log.topics as [Hex, ...Hex[]],
        });
        if (event.eventName === "ListingCreated") {
          return { hash, auctionId: (event.args as unknown as { auctionId: bigint }).auctionId };
        }
      } catch {
        // another event
      }
    }
    throw new Error("the transaction has no ListingCreated event");
  });
}

/**
 * An arbiter Safe owner's EIP-712 signature of a ruling (eth_signTypedData_v4 in the wallet).
 * Returns the signature, or null with the phase saying why.
 */
export async function signSafeTransaction(
  safe: Hex,
  tx: import("@gavel/sdk/safe").SafeTx,
  expected: string | null,
  on: OnPhase,
): Promise<Hex | null> {
  const { safeTxTypedData } = await import("@gavel/sdk/safe");
  return guarded(on, async () => {
    const account = await ensureAccount(on, expected);
    on({ kind: "confirmInWallet" });
    return signTypedData(config, { account, ...safeTxTypedData(expectedChainId, safe, tx) });
  });
}

/** Executes a Safe transaction with enough owners' signatures (anyone may send it). */
export async function execSafeTransaction(
  safe: Hex,
  tx: import("@gavel/sdk/safe").SafeTx,
  signatures: Hex,
  expected: string | null,
  on: OnPhase,
): Promise<Hex | null> {
  const { execTransactionArgs, safeAbi } = await import("@gavel/sdk/safe");
  return guarded(on, async () => {
    const account = await ensureAccount(on, expected);
    const { hash } = await send(on, {
      address: safe,
      abi: safeAbi,
      functionName: "execTransaction",
      args: execTransactionArgs(tx, signatures),
      account,
    } as Request);
    return hash;
  });
}
