// Circle's real USDC for the contract tests (FiatTokenV2_2 behind FiatTokenProxy, initialised like
// mainnet's; deployed by scripts/lib/fiat-token.ts, which the gas snapshot shares). Plus Gavel on
// top of it, the sealed-bid commitment, payouts and the solvency check the Circle tests share.
import assert from "node:assert/strict";
import type { network } from "hardhat";
import { type Abi, type Account, type Address, getContract, type Hex } from "viem";
import { deployFiatTokenV2_2, fiatTokenAbi } from "../../scripts/lib/fiat-token.ts";
import { gavelFixtures, type PermitToken } from "./fixtures.ts";

type Connection = Awaited<ReturnType<typeof network.connect>>;

type Options = { account?: Account };

/** The parts of FiatTokenV2_2 the tests call (its ABI comes from JSON, so viem types it loosely). */
export interface FiatToken extends PermitToken {
  abi: Abi;
  read: PermitToken["read"] & {
    name: () => Promise<string>;
    version: () => Promise<string>;
    allowance: (args: readonly [Address, Address]) => Promise<bigint>;
    isBlacklisted: (args: readonly [Address]) => Promise<boolean>;
  };
  write: {
    approve: (args: readonly [Address, bigint], options?: Options) => Promise<Hex>;
    permit: (
      args: readonly [Address, Address, bigint, bigint, number, Hex, Hex],
      options?: Options,
    ) => Promise<Hex>;
    blacklist: (args: readonly [Address]) => Promise<Hex>;
    unBlacklist: (args: readonly [Address]) => Promise<Hex>;
    pause: () => Promise<Hex>;
    unpause: () => Promise<Hex>;
    mint: (args: readonly [Address, bigint]) => Promise<Hex>;
  };
}

export function circleFixtures(connection: Connection) {
  const { viem } = connection;
  const fixtures = gavelFixtures(connection);

  /**
   * Deploys Circle's USDC named `name` ("USD Coin" on Base, "USDC" on Base Sepolia). Account 14
   * holds every token role (owner, master minter, minter, pauser, blacklister); account 15 is
   * the proxy admin, which the proxy never lets through to the token.
   */
  async function deployCircleUsdc(name = "USD Coin"): Promise<FiatToken> {
    const wallets = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const proxy = await deployFiatTokenV2_2({
      publicClient,
      circle: wallets[14]!,
      proxyAdmin: wallets[15]!,
      lostAndFound: wallets[16]!.account.address,
      name,
    });
    return getContract({
      address: proxy,
      abi: fiatTokenAbi,
      client: { public: publicClient, wallet: wallets[14]! },
    }) as unknown as FiatToken;
  }

  /**
   * Gavel (GavelConfig + the four houses, as the other contract tests have it) on Circle's USDC;
   * every party but the treasury holds 1,000,000 USDC and has approved every house.
   */
  async function deployCircleGavel() {
    const usdc = await deployCircleUsdc();
    return { usdc, ...(await fixtures.fundParties(usdc, await fixtures.deployMarket(usdc.address))) };
  }

  return { ...fixtures, deployCircleUsdc, deployCircleGavel };
}

export type CircleGavel = Awaited<ReturnType<ReturnType<typeof circleFixtures>["deployCircleGavel"]>>;
/** What every house shares: the deal escrow and its payouts. */
export interface House {
  address: Address;
  read: {
    withdrawable: (args: readonly [Address]) => Promise<bigint>;
    unsweptFees: (args: readonly [Address]) => Promise<bigint>;
  };
  write: {
    withdraw: (options: { account: Account }) => Promise<Hex>;
    ship: (args: readonly [bigint, Hex], options: { account: Account }) => Promise<Hex>;
    confirm: (args: readonly [bigint], options: { account: Account }) => Promise<Hex>;
  };
}

// The sealed-bid commitment, as the house checks it (binds chain id and house).
export { sealedCommitment } from "@gavel/sdk";

/** The platform fee on `amount` (2.5 %, rounded down in the seller's favour). */
export const feeOn = (amount: bigint) => (amount * 250n) / 10_000n;

/**
 * Whatever `house` owes `who` reaches `who`'s wallet: a payout may already have been pushed
 * there, else it is credited and `who` withdraws it. Returns the amount withdrawn.
 */
export async function claim(house: House, who: { account: Account }): Promise<bigint> {
  const owed = await house.read.withdrawable([who.account.address]);
  if (owed > 0n) await house.write.withdraw({ account: who.account });
  return owed;
}

/**
 * Solvency of `house`: its token balance is exactly the escrowed bids plus the open deal escrow
 * (both from the test's own bookkeeping) plus every withdrawable balance plus the unswept fees.
 */
export async function assertSolvent(
  g: CircleGavel,
  house: House,
  books: { escrowedBids: bigint; openDeals: bigint },
  others: Address[] = [],
) {
  const accounts = [
    g.seller,
    g.alice,
    g.bob,
    g.carol,
    g.dave,
    g.stranger,
    g.seller2,
    g.treasury,
    g.deployer,
    g.arbiter,
  ].map((w) => w.account.address);
  let withdrawable = 0n;
  for (const a of [...accounts, ...others]) withdrawable += await house.read.withdrawable([a]);
  const fees = await house.read.unsweptFees([g.treasury.account.address]);
  assert.equal(
    await g.usdc.read.balanceOf([house.address]),
    books.escrowedBids + books.openDeals + withdrawable + fees,
    "house balance = escrowed bids + open deals + withdrawable + unswept fees",
  );
}
