import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { buildGavelCore } from "./Gavel.ts";

/**
 * Local chain: a TestUSDC (6 decimals, permit, blacklist) owned by the deployer, with
 * 1,000,000 USDC minted to each of Hardhat's first ten well-known accounts for the demo, and
 * the same core contracts as on a public chain (see Gavel.ts), every house registered with the
 * config. The deployer (account 0) is admin, arbiter and pauser; fees (2.5 %) go to account 9; arbiters get the shortest allowed
 * timeout (1 day) so the demo can show the 50/50 split after a short time travel.
 */
export default buildModule("GavelLocal", (m) => {
  const deployer = m.getAccount(0);
  const usdc = m.contract("TestUSDC", [deployer]);
  for (let i = 0; i < 10; i++) {
    m.call(usdc, "mint", [m.getAccount(i), 1_000_000n * 10n ** 6n], { id: `mint_${i}` });
  }
  const core = buildGavelCore(m, {
    token: usdc,
    admin: deployer,
    arbiter: deployer,
    pauser: deployer,
    treasury: m.getAccount(9),
    feeBps: 250,
    disputeTimeout: 24 * 60 * 60,
    handOverAdmin: false,
  });
  return { usdc, ...core };
});
