// Shared deploy fixtures and helpers for the contract integration tests.
// Every test file calls `network.connect()` once and passes the connection to `gavelFixtures`,
// whose fixtures are then cached per connection by `loadFixture`.
import assert from "node:assert/strict";
import type { network } from "hardhat";
import { type Address, keccak256, maxUint256, parseUnits, toHex } from "viem";

type Connection = Awaited<ReturnType<typeof network.connect>>;

/** USDC amount (6 decimals) from a decimal string or number, e.g. usdc("12.5"). */
export const usdc = (amount: string | number): bigint => parseUnits(String(amount), 6);

export const MINUTE = 60n;
export const HOUR = 3600n;
export const DAY = 86_400n;

export const FEE_BPS = 250;
export const DISPUTE_TIMEOUT = 7n * DAY;
export const STARTING_BALANCE = usdc(1_000_000);

export const DealStatus = {
  None: 0,
  Paid: 1,
  Shipped: 2,
  Completed: 3,
  Refunded: 4,
  Disputed: 5,
  Resolved: 6,
} as const;
export const ListingStatus = { None: 0, Active: 1, Cancelled: 2, Settled: 3 } as const;

/** Default listing parameters: reserve 100 USDC, ship 3 days, confirm 7 days, dispute 5 days. */
export function listingParams(overrides: Partial<ListingParams> = {}): ListingParams {
  return {
    title: "Leica M6, 1986",
    metadataURI: "ipfs://bafy-listing-metadata",
    metadataHash: keccak256(toHex("listing metadata")),
    reservePrice: usdc(100),
    shipWindow: Number(3n * DAY),
    confirmWindow: Number(7n * DAY),
    disputeWindow: Number(5n * DAY),
    ...overrides,
  };
}

export interface ListingParams {
  title: string;
  metadataURI: string;
  metadataHash: `0x${string}`;
  reservePrice: bigint;
  shipWindow: number;
  confirmWindow: number;
  disputeWindow: number;
}

export interface EnglishParams {
  startTime: number;
  endTime: number;
  startPrice: bigint;
  minIncrementBps: number;
  extensionWindow: number;
  maxExtensions: number;
}

/** Default English parameters relative to `now`: 1-day auction from 10 USDC, 5 % steps, 10-min anti-sniping, 3 extensions. */
export function englishParams(now: bigint, overrides: Partial<EnglishParams> = {}): EnglishParams {
  return {
    startTime: 0,
    endTime: Number(now + DAY),
    startPrice: usdc(10),
    minIncrementBps: 500,
    extensionWindow: Number(10n * MINUTE),
    maxExtensions: 3,
    ...overrides,
  };
}

export function gavelFixtures(connection: Connection) {
  const { viem, networkHelpers } = connection;

  /** TestUSDC + GavelConfig (fee 2.5 %, dispute timeout 7 days) + EnglishAuctionHouse; bidders funded and approved. */
  async function deployGavel() {
    const [deployer, arbiter, seller, alice, bob, carol, dave, treasury, stranger, seller2] =
      await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const usdcToken = await viem.deployContract("TestUSDC", [deployer!.account.address]);
    const config = await viem.deployContract("GavelConfig", [
      deployer!.account.address,
      arbiter!.account.address,
      deployer!.account.address,
      treasury!.account.address,
      FEE_BPS,
      Number(DISPUTE_TIMEOUT),
    ]);
    const house = await viem.deployContract("EnglishAuctionHouse", [usdcToken.address, config.address]);
    await config.write.grantRole([await config.read.HOUSE_ROLE(), house.address]);
    for (const wallet of [alice, bob, carol, dave, seller, stranger, seller2]) {
      await usdcToken.write.mint([wallet!.account.address, STARTING_BALANCE]);
      await usdcToken.write.approve([house.address, maxUint256], { account: wallet!.account });
    }
    return {
      usdc: usdcToken,
      config,
      house,
      publicClient,
      deployer: deployer!,
      arbiter: arbiter!,
      seller: seller!,
      alice: alice!,
      bob: bob!,
      carol: carol!,
      dave: dave!,
      treasury: treasury!,
      stranger: stranger!,
      seller2: seller2!,
    };
  }

  type Gavel = Awaited<ReturnType<typeof deployGavel>>;

  /** Creates an English auction as `seller` and returns its id. */
  async function createAuction(
    g: Gavel,
    listing: Partial<ListingParams> = {},
    english: Partial<EnglishParams> = {},
    seller = g.seller,
  ): Promise<bigint> {
    const now = BigInt(await networkHelpers.time.latest());
    const id = await g.config.read.nextAuctionId();
    await g.house.write.createAuction([listingParams(listing), englishParams(now, english)], {
      account: seller.account,
    });
    return id;
  }

  /** An auction with a single bid of `max` by alice, ended and settled into a deal at `price`. Returns ids. */
  async function openDeal(g: Gavel, max = usdc(150), listing: Partial<ListingParams> = {}) {
    const auctionId = await createAuction(
      g,
      { reservePrice: usdc(100), ...listing },
      { startPrice: usdc(100) },
    );
    await g.house.write.bid([auctionId, max], { account: g.alice.account });
    await networkHelpers.time.increase(DAY);
    await g.house.write.settle([auctionId]);
    return { auctionId, dealId: auctionId };
  }

  /** Asserts that the English house holds no deal `id` (a deal's id is its auction's id). */
  async function assertNoDeal(g: Gavel, id: bigint) {
    await viem.assertions.revertWithCustomErrorWithArgs(g.house.read.getDeal([id]), g.house, "DealNotFound", [
      id,
    ]);
  }

  /** Token balances of `who` right now. */
  async function tokenBalances(g: Gavel, who: Address[]): Promise<bigint[]> {
    return Promise.all(who.map((a) => g.usdc.read.balanceOf([a])));
  }

  /**
   * Runs `action` and asserts that token balances and withdrawable balances moved by exactly
   * the given deltas (missing entries must not move at all).
   */
  async function expectMoves(
    g: Gavel,
    action: () => Promise<unknown>,
    moves: { who: Address; token?: bigint; credit?: bigint }[],
  ) {
    const who = moves.map((m) => m.who);
    const beforeToken = await tokenBalances(g, who);
    const beforeCredit = await Promise.all(who.map((a) => g.house.read.withdrawable([a])));
    await action();
    const afterToken = await tokenBalances(g, who);
    const afterCredit = await Promise.all(who.map((a) => g.house.read.withdrawable([a])));
    moves.forEach((m, i) => {
      assert.equal(afterToken[i]! - beforeToken[i]!, m.token ?? 0n, `token balance change of ${m.who}`);
      assert.equal(afterCredit[i]! - beforeCredit[i]!, m.credit ?? 0n, `withdrawable change of ${m.who}`);
    });
  }

  return { deployGavel, createAuction, openDeal, assertNoDeal, tokenBalances, expectMoves };
}

export type Fixtures = ReturnType<typeof gavelFixtures>;
export type Gavel = Awaited<ReturnType<Fixtures["deployGavel"]>>;
