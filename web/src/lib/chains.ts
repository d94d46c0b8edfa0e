/**
 * Names and default RPCs of the chains Gavel runs on, without pulling viem into first-load
 * JavaScript (the wallet code, which needs viem, loads on demand).
 */
const known: Record<number, { name: string; rpcUrl: string }> = {
  31337: { name: "Hardhat (local)", rpcUrl: "http://127.0.0.1:8545" },
  8453: { name: "Base", rpcUrl: "https://mainnet.base.org" },
  84532: { name: "Base Sepolia", rpcUrl: "https://sepolia.base.org" },
  1: { name: "Ethereum", rpcUrl: "https://eth.merkle.io" },
  11155111: { name: "Sepolia", rpcUrl: "https://sepolia.drpc.org" },
};

/** Block explorers of the public chains (a transaction's page is `<explorer>/tx/<hash>`). */
const explorers: Record<number, string> = {
  8453: "https://basescan.org",
  84532: "https://sepolia.basescan.org",
  1: "https://etherscan.io",
  11155111: "https://sepolia.etherscan.io",
};

/** A transaction's page on the chain's block explorer, or null (a local chain has none). */
export function explorerTxUrl(chainId: number, hash: string): string | null {
  const explorer = explorers[chainId];
  return explorer && /^0x[0-9a-fA-F]{64}$/.test(hash) ? `${explorer}/tx/${hash}` : null;
}

/** A chain's display name, or null for chains we do not know. */
export function chainName(chainId: number): string | null {
  return known[chainId]?.name ?? null;
}

export function defaultRpcUrl(chainId: number): string | null {
  return known[chainId]?.rpcUrl ?? null;
}

/** A chain's name for people: its display name, else the catalogue's "unknown network" line. */
export function networkName(
  chainId: number,
  t: (key: "wallet.unknownNetwork", params: { chainId: number }) => string,
): string {
  return chainName(chainId) ?? t("wallet.unknownNetwork", { chainId });
}
