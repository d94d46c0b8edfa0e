// The one place the rest of Gavel gets ABIs and addresses from. The two modules it re-exports
// are written by scripts/generate.ts from the Hardhat build and Ignition deployments.
export * from "./abis.ts";
export * from "./deployments.ts";
