// Shared deploy fixtures and helpers for the contract integration tests.
// Every test file calls `network.create()` once and passes the connection to `gavelFixtures`,
// whose fixtures are then cached per connection by `loadFixture`.

import assert from "node:assert/strict";
import {
  sealedCommitment as commitmentFor,
  type PermitDomainCache,
  permitTypedData,
  readPermitDomain,
} from "@gavel/sdk";
import type { network } from "hardhat";
import {
  type Account,
  type Address,
  type Hex,
  keccak256,
  maxUint256,
  parseSignature,
  parseUnits,
  toHex,
} from "viem";

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

export interface DutchParams {
  startTime: number;
  endTime: number;
  decayDuration: number;
  startPrice: bigint;
}

/** Default Dutch parameters relative to `now`: 200 → floor (the reserve) over 1 day, open 2 days. */
export function dutchParams(now: bigint, overrides: Partial<DutchParams> = {}): DutchParams {
  return {
    startTime: Number(now + MINUTE),
    endTime: Number(now + MINUTE + 2n * DAY),
    decayDuration: Number(DAY),
    startPrice: usdc(200),
    ...overrides,
  };
}

export const Pricing = { FirstPrice: 0, SecondPrice: 1 } as const;
/** A returned commitment is deleted: it reads as None again (all fields zero). */
export const CommitmentStatus = { None: 0, Committed: 1, Revealed: 2 } as const;

export interface SealedParams {
  commitEnd: number;
  revealEnd: number;
  unrevealedPenaltyBps: number;
  pricing: number;
}

/** Default sealed parameters relative to `now`: commit 1 day, reveal 1 day, 10 % penalty, second price. */
export function sealedParams(now: bigint, overrides: Partial<SealedParams> = {}): SealedParams {
  return {
    commitEnd: Number(now + DAY),
    revealEnd: Number(now + 2n * DAY),
    unrevealedPenaltyBps: 1000,
    pricing: Pricing.SecondPrice,
    ...overrides,
  };
}

/** The sealed-bid commitment for `house` on Hardhat's chain (31337); see @gavel/sdk/sealed. */
export function sealedCommitment(
  house: Address,
  auctionId: bigint,
  bidder: Address,
  amount: bigint,
  salt: Hex,
): Hex {
  return commitmentFor({ chainId: 31337, house, auctionId, bidder, amount, salt });
}

export interface RollingParams {
  startPrice: bigint;
  minIncrementBps: number;
  roundDuration: number;
  extensionWindow: number;
  maxExtensions: number;
  units: number;
}

/** Default rolling parameters: 3 units, start 10, 5 % steps, 1-day rounds, 10-min anti-sniping, 3 extensions. */
export function rollingParams(overrides: Partial<RollingParams> = {}): RollingParams {
  return {
    startPrice: usdc(10),
    minIncrementBps: 500,
    roundDuration: Number(DAY),
    extensionWindow: Number(10n * MINUTE),
    maxExtensions: 3,
    units: 3,
    ...overrides,
  };
}

export function gavelFixtures(connection: Connection) {
  const { viem, networkHelpers } = connection;
  // Each connection is its own chain, where another token may sit at an address used before.
  const permitDomains: PermitDomainCache = new Map();

  /**
   * GavelConfig (admin and pauser: account 0, arbiter: 1, treasury: 7, fee 2.5 %, dispute timeout
   * 7 days) and the four houses on `token`, registered.
   */
  async function deployMarket(token: Address) {
    const [deployer, arbiter, , , , , , treasury] = await viem.getWalletClients();
    const config = await viem.deployContract("GavelConfig", [
      deployer!.account.address,
      arbiter!.account.address,
      deployer!.account.address,
      treasury!.account.address,
      FEE_BPS,
      Number(DISPUTE_TIMEOUT),
    ]);
    const house = await viem.deployContract("EnglishAuctionHouse", [token, config.address]);
    const dutch = await viem.deployContract("DutchAuctionHouse", [token, config.address]);
    const sealed = await viem.deployContract("SealedBidAuctionHouse", [token, config.address]);
    const rolling = await viem.deployContract("RollingAuctionHouse", [token, config.address]);
    const houseRole = await config.read.HOUSE_ROLE();
    for (const h of [house, dutch, sealed, rolling]) await config.write.grantRole([houseRole, h.address]);
    return { config, house, dutch, sealed, rolling };
  }

  /**
   * The test parties by role, each holding `STARTING_BALANCE` of `token` (all but the deployer,
   * arbiter and treasury) and having approved every house of `market` without limit.
   */
  async function fundParties(
    token: { write: { mint: MintWrite; approve: ApproveWrite } },
    market: Awaited<ReturnType<typeof deployMarket>>,
  ) {
    const [deployer, arbiter, seller, alice, bob, carol, dave, treasury, stranger, seller2] =
      await viem.getWalletClients();
    const houses = [market.house, market.dutch, market.sealed, market.rolling];
    for (const wallet of [alice, bob, carol, dave, seller, stranger, seller2]) {
      await token.write.mint([wallet!.account.address, STARTING_BALANCE]);
      for (const h of houses)
        await token.write.approve([h.address, maxUint256], { account: wallet!.account });
    }
    return {
      ...market,
      houses,
      publicClient: await viem.getPublicClient(),
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

  /** TestUSDC + GavelConfig (fee 2.5 %, dispute timeout 7 days) + the four houses, registered; bidders funded and approved to every house. */
  async function deployGavel() {
    const [deployer] = await viem.getWalletClients();
    const usdcToken = await viem.deployContract("TestUSDC", [deployer!.account.address]);
    const parties = await fundParties(usdcToken, await deployMarket(usdcToken.address));
    return { usdc: usdcToken, ...parties };
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

  /** An EIP-2612 permit signature by `owner` for `spender`, ready for a `…WithPermit` call. */
  async function signPermit(
    g: { usdc: PermitToken; publicClient: Gavel["publicClient"] },
    owner: Gavel["alice"],
    spender: Address,
    value: bigint,
    deadline: bigint,
  ) {
    const nonce = await g.usdc.read.nonces([owner.account.address]);
    const chainId = await g.publicClient.getChainId();
    const signature = await owner.signTypedData({
      account: owner.account,
      ...permitTypedData({
        domain: await readPermitDomain(g.publicClient, chainId, g.usdc.address, permitDomains),
        owner: owner.account.address,
        spender,
        value,
        nonce,
        deadline,
      }),
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { r, s, v: Number(v ?? BigInt(yParity + 27)) };
  }

  /** Token balances of `who` right now. */
  async function tokenBalances(g: { usdc: PermitToken }, who: Address[]): Promise<bigint[]> {
    return Promise.all(who.map((a) => g.usdc.read.balanceOf([a])));
  }

  /**
   * Runs `action` and asserts that token balances and withdrawable balances (in `house`, the
   * English house unless given) moved by exactly the given deltas (missing entries must not move).
   */
  async function expectMoves(
    g: Gavel,
    action: () => Promise<unknown>,
    moves: { who: Address; token?: bigint; credit?: bigint }[],
    house: WithdrawableReader = g.house,
  ) {
    const who = moves.map((m) => m.who);
    const beforeToken = await tokenBalances(g, who);
    const beforeCredit = await Promise.all(who.map((a) => house.read.withdrawable([a])));
    await action();
    const afterToken = await tokenBalances(g, who);
    const afterCredit = await Promise.all(who.map((a) => house.read.withdrawable([a])));
    moves.forEach((m, i) => {
      assert.equal(afterToken[i]! - beforeToken[i]!, m.token ?? 0n, `token balance change of ${m.who}`);
      assert.equal(afterCredit[i]! - beforeCredit[i]!, m.credit ?? 0n, `withdrawable change of ${m.who}`);
    });
  }

  return {
    deployMarket,
    fundParties,
    deployGavel,
    createAuction,
    openDeal,
    assertNoDeal,
    signPermit,
    tokenBalances,
    expectMoves,
  };
}

// The two token writes `fundParties` needs, shaped as both TestUSDC's and FiatToken's clients accept them.
type MintWrite = (args: readonly [Address, bigint]) => Promise<Hex>;
type ApproveWrite = (args: readonly [Address, bigint], options: { account: Account }) => Promise<Hex>;

/** What the helpers read of a token (TestUSDC or Circle's FiatToken). */
export interface PermitToken {
  address: Address;
  read: {
    balanceOf: (args: readonly [Address]) => Promise<bigint>;
    nonces: (args: readonly [Address]) => Promise<bigint>;
  };
}

/** Any house: they all expose `withdrawable`. */
export interface WithdrawableReader {
  read: { withdrawable: (args: readonly [Address]) => Promise<bigint> };
}

export type Fixtures = ReturnType<typeof gavelFixtures>;
export type Gavel = Awaited<ReturnType<Fixtures["deployGavel"]>>;
