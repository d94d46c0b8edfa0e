import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Local chain: a TestUSDC (6 decimals, permit, blacklist) owned by the deployer, with
 * 1,000,000 USDC minted to each of Hardhat's first ten well-known accounts for the demo.
 */
export default buildModule("GavelLocal", (m) => {
  const deployer = m.getAccount(0);
  const usdc = m.contract("TestUSDC", [deployer]);
  for (let i = 0; i < 10; i++) {
    m.call(usdc, "mint", [m.getAccount(i), 1_000_000n * 10n ** 6n], { id: `mint_${i}` });
  }
  return { usdc };
});
