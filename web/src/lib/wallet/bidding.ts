/**
 * Paying USDC into a house: a bid (English or a rolling round), a Dutch buy, a sealed commit —
 * the allowance already there, else an EIP-2612 permit in the same transaction, else approve +
 * call — and settling an auction.
 */
import {
  dutchAuctionHouseAbi,
  permitTypedData,
  readPermitDomain,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
import { getPublicClient, readContract, signTypedData } from "@wagmi/core";
import { parseSignature, toHex } from "viem";
import { bidGasless, type GaslessBid, type GaslessOutcome } from "./gasless.ts";
import {
  callHouse,
  ensureAccount,
  type Format,
  guarded,
  type Hex,
  houseAbis,
  type OnPhase,
  type Request,
  send,
} from "./tx.ts";
import { config, expectedChainId, isUserRejection } from "./wallet.svelte.ts";

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
  /** Set: try the relayer first (signed authorization, no gas); on its fallback, the wallet pays. */
  gasless?: (account: Hex) => Promise<GaslessOutcome>;
  /** Told why the relayer was not used after all (the page says it and the wallet pays). */
  onFallback?: (why: "budget" | "unavailable") => void;
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
    if (args.gasless) {
      const outcome = await args.gasless(owner);
      if ("hash" in outcome) return outcome.hash;
      if ("refused" in outcome) return null;
      args.onFallback?.(outcome.fallback);
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

/** The gasless path of a panel's choice: off, or the relayer with this signed bid first. */
interface GaslessChoice {
  /** Try the relayer first (the wallet signs, the relayer pays the gas). */
  gasless?: boolean;
  onFallback?: (why: "budget" | "unavailable") => void;
}

/** `payIntoHouse`'s `gasless` when the panel chose it: sign `bid(owner)` and have the relayer send it. */
function relayed(
  chosen: boolean | undefined,
  on: OnPhase,
  bid: (owner: Hex) => GaslessBid,
): PayArgs["gasless"] {
  return chosen ? (owner) => bidGasless(bid(owner), on) : undefined;
}

export interface BidArgs extends GaslessChoice {
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

/**
 * Bids gaslessly through the relayer when asked (and it has budget); else with a permit signature
 * in one transaction; falls back to approve + bid.
 */
export async function placeBid(args: BidArgs, on: OnPhase): Promise<Hex | null> {
  const abi = houseAbis[args.format ?? "english"];
  const needed = args.maxAmount - args.escrowed;
  return payIntoHouse(
    {
      ...args,
      needed,
      gasless: relayed(args.gasless, on, (owner) => ({
        kind: args.format ?? "english",
        house: args.house,
        usdc: args.usdc,
        id: args.auctionId,
        owner,
        maximum: args.maxAmount,
        value: needed,
      })),
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

/**
 * Buys a Dutch auction at the price now, never paying more than `maxPrice` (gaslessly, the
 * authorization is for `maxPrice` and the house sends back what the price is below it).
 */
export async function buyDutch(
  args: {
    house: Hex;
    usdc: Hex;
    auctionId: bigint;
    maxPrice: bigint;
    account: string | null;
    permit?: boolean;
  } & GaslessChoice,
  on: OnPhase,
): Promise<Hex | null> {
  const abi = dutchAuctionHouseAbi;
  return payIntoHouse(
    {
      ...args,
      needed: args.maxPrice,
      gasless: relayed(args.gasless, on, (owner) => ({
        kind: "dutch",
        house: args.house,
        usdc: args.usdc,
        id: args.auctionId,
        owner,
        price: args.maxPrice,
      })),
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
 * Commits a sealed bid. `keep` gets the salt before anything is signed or sent (the gasless
 * authorization included), so the secret is stored even if the page dies while it is in flight.
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
  } & GaslessChoice,
  on: OnPhase,
): Promise<Hex | null> {
  const abi = sealedBidAuctionHouseAbi;
  const salt = randomSalt();
  let commitment: Hex | null = null;
  /** The commitment of `account`'s hidden bid; the first time, the salt is kept before it is used. */
  const commitmentOf = (account: Hex): Hex => {
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
    return commitment;
  };
  return payIntoHouse(
    {
      ...args,
      needed: args.collateral,
      gasless: relayed(args.gasless, on, (owner) => ({
        kind: "sealed",
        house: args.house,
        usdc: args.usdc,
        id: args.auctionId,
        owner,
        commitment: commitmentOf(owner),
        value: args.collateral,
      })),
      call: (account, p) => {
        const commitment = commitmentOf(account);
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

/** Ends an auction (anyone, once it is over). */
export async function settleAuction(
  house: Hex,
  auctionId: bigint,
  on: OnPhase,
  format: Format = "english",
): Promise<Hex | null> {
  return callHouse({ house, format, functionName: "settle", args: [auctionId] }, on);
}
