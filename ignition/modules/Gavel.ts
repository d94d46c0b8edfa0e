import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { keccak256, toHex } from "viem";

type Arg = ArgumentType;

/** `GavelConfig.HOUSE_ROLE`: a house holding it may draw global auction ids. */
export const HOUSE_ROLE = keccak256(toHex("HOUSE_ROLE"));
/** OpenZeppelin's `DEFAULT_ADMIN_ROLE`. */
export const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as const;

/** What the core contracts need; each value is a literal, a module parameter or a future. */
export interface GavelCoreArgs {
  token: Arg; // the ERC-20 (USDC) every amount is in
  admin: Arg; // DEFAULT_ADMIN_ROLE: a Safe or timelock in production
  arbiter: Arg; // ARBITER_ROLE: the arbiters' Safe
  pauser: Arg; // PAUSER_ROLE
  treasury: Arg; // fee recipient
  feeBps: Arg; // platform fee, ≤ 1000
  disputeTimeout: Arg; // seconds an arbiter has to rule, 1..90 days
  /**
   * True when `admin` is not the deploying account (public chains): the deployer is then the
   * config's admin only for the length of the deployment — it registers the houses
   * (HOUSE_ROLE), grants DEFAULT_ADMIN_ROLE to `admin` and renounces its own.
   */
  handOverAdmin: boolean;
}

/**
 * The contracts every Gavel deployment has: GavelConfig and one house per auction format, each
 * registered with the config (HOUSE_ROLE) so it can draw auction ids from the shared counter.
 * Shared by the public-chain module below and the local module, so both deploy the very same
 * futures (`GavelConfig`, `EnglishAuctionHouse`, `DutchAuctionHouse`, `SealedBidAuctionHouse`,
 * `RollingAuctionHouse`).
 */
export function buildGavelCore(m: IgnitionModuleBuilder, args: GavelCoreArgs) {
  const deployer = m.getAccount(0);
  const config = m.contract("GavelConfig", [
    args.handOverAdmin ? deployer : args.admin,
    args.arbiter,
    args.pauser,
    args.treasury,
    args.feeBps,
    args.disputeTimeout,
  ]);
  const houses = {
    englishAuctionHouse: m.contract("EnglishAuctionHouse", [args.token, config]),
    dutchAuctionHouse: m.contract("DutchAuctionHouse", [args.token, config]),
    sealedBidAuctionHouse: m.contract("SealedBidAuctionHouse", [args.token, config]),
    rollingAuctionHouse: m.contract("RollingAuctionHouse", [args.token, config]),
  };
  const registrations = Object.entries(houses).map(([name, house]) =>
    m.call(config, "grantRole", [HOUSE_ROLE, house], { id: `register_${name}` }),
  );
  if (args.handOverAdmin) {
    const granted = m.call(config, "grantRole", [DEFAULT_ADMIN_ROLE, args.admin], {
      id: "grant_admin",
      after: registrations,
    });
    m.call(config, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
      id: "renounce_deployer_admin",
      after: [granted],
    });
  }
  return { config, ...houses };
}

/**
 * Public chains (Base, Base Sepolia): real USDC, roles held by Safes. Parameters (e.g.
 * `ignition/parameters/base-sepolia.json`):
 *
 *   { "Gavel": { "usdc": "0x…", "admin": "0x…", "arbiter": "0x…", "pauser": "0x…",
 *                "treasury": "0x…", "feeBps": 250, "disputeTimeout": 604800 } }
 *
 * The deployer ends with no role: arbiter and pauser are granted in the constructor; the deployer
 * holds DEFAULT_ADMIN_ROLE only until it has registered the houses and handed the role to `admin`.
 */
export default buildModule("Gavel", (m) => {
  const core = buildGavelCore(m, {
    token: m.getParameter<string>("usdc"),
    admin: m.getParameter<string>("admin"),
    arbiter: m.getParameter<string>("arbiter"),
    pauser: m.getParameter<string>("pauser"),
    treasury: m.getParameter<string>("treasury"),
    feeBps: m.getParameter<number>("feeBps", 250),
    disputeTimeout: m.getParameter<number>("disputeTimeout", 7 * 24 * 60 * 60),
    handOverAdmin: true,
  });
  return core;
});
