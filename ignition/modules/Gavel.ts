import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

type Arg = ArgumentType;

/** What the core contracts need; each value is a literal, a module parameter or a future. */
export interface GavelCoreArgs {
  token: Arg; // the ERC-20 (USDC) every amount is in
  admin: Arg; // DEFAULT_ADMIN_ROLE: a Safe or timelock in production
  arbiter: Arg; // ARBITER_ROLE: the arbiters' Safe
  pauser: Arg; // PAUSER_ROLE
  treasury: Arg; // fee recipient
  feeBps: Arg; // platform fee, ≤ 1000
  disputeTimeout: Arg; // seconds an arbiter has to rule, 1..90 days
}

/**
 * The contracts every Gavel deployment has: GavelConfig and one house per auction format.
 * Shared by the public-chain module below and the local module, so both deploy the very same
 * futures (`GavelConfig`, `EnglishAuctionHouse`).
 */
export function buildGavelCore(m: IgnitionModuleBuilder, args: GavelCoreArgs) {
  const config = m.contract("GavelConfig", [
    args.admin,
    args.arbiter,
    args.pauser,
    args.treasury,
    args.feeBps,
    args.disputeTimeout,
  ]);
  const englishAuctionHouse = m.contract("EnglishAuctionHouse", [args.token, config]);
  return { config, englishAuctionHouse };
}

/**
 * Public chains (Base, Base Sepolia): real USDC, roles held by Safes. Parameters (e.g.
 * `ignition/parameters/base-sepolia.json`):
 *
 *   { "Gavel": { "usdc": "0x…", "admin": "0x…", "arbiter": "0x…", "pauser": "0x…",
 *                "treasury": "0x…", "feeBps": 250, "disputeTimeout": 604800 } }
 *
 * The deployer gets no role: admin, arbiter and pauser are granted in the constructor.
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
  });
  return core;
});
