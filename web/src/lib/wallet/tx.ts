/**
 * The plumbing under every transaction from the browser (over @wagmi/core): the `TxPhase` each
 * step reports (the page says it in plain words), connecting on the right chain and account,
 * simulate + send + receipt, one plain call on a house, and the chain's clock. Loaded on demand
 * with the rest of the wallet code.
 */
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
} from "@gavel/sdk";
import {
  connect,
  getBlock,
  getConnection,
  getConnectors,
  reconnect,
  simulateContract,
  switchChain,
  waitForTransactionReceipt,
  writeContract,
} from "@wagmi/core";
import { PUBLIC_WALLETCONNECT_PROJECT_ID } from "$app/env/public";
import { explainFailure } from "./errors.ts";
import { config, expectedChainId, isUserRejection } from "./wallet.svelte.ts";

export type Hex = `0x${string}`;

export type TxPhase =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "checking" }
  | { kind: "wrongAccount"; expected: string; actual: string }
  /** The wallet is on another chain: nothing is sent; the status offers a switch. */
  | { kind: "wrongNetwork"; current: number }
  /** The wallet moved to another chain while a transaction was being prepared: stopped, nothing sent. */
  | { kind: "networkChanged"; current: number }
  | { kind: "insufficient"; balance: bigint; needed: bigint }
  | { kind: "signingPermit" }
  /** Gasless: the wallet signs the bid itself (no transaction, no gas). */
  | { kind: "signingBid" }
  /** Gasless: the same for a Dutch buy. */
  | { kind: "signingBuy" }
  /** Gasless: the signed bid went to the relayer, which sends it and waits for it to be mined. */
  | { kind: "relaying" }
  | { kind: "approving" }
  | { kind: "confirmInWallet" }
  | { kind: "pending"; hash: Hex }
  | { kind: "confirmed"; hash: Hex }
  | { kind: "indexed"; hash: Hex }
  | { kind: "rejected" }
  | { kind: "failed"; reason: string; params?: Record<string, string>; detail?: string };

export type OnPhase = (phase: TxPhase) => void;

/** The house ABI of each format (deal functions are the same in every house). */
export const houseAbis = {
  english: englishAuctionHouseAbi,
  dutch: dutchAuctionHouseAbi,
  sealed: sealedBidAuctionHouseAbi,
  rolling: rollingAuctionHouseAbi,
} as const;
export type Format = keyof typeof houseAbis;
export type Request = Parameters<typeof simulateContract>[1];

/** Turns any error into the phase that says it: declined, a known revert, or a failure. */
export function phaseOf(error: unknown): TxPhase {
  if (isUserRejection(error)) return { kind: "rejected" };
  return explainFailure(error);
}

/** The connected account on the right chain, connecting (or reconnecting) first if needed. */
export async function ensureAccount(on: OnPhase, expected?: string | null): Promise<Hex> {
  let connection = getConnection(config);
  if (connection.status !== "connected") {
    on({ kind: "connecting" });
    await reconnect(config);
    connection = getConnection(config);
  }
  // A WalletConnect session survives a reload in WalletConnect's storage, but its connector is
  // only set up when chosen: set it up again (a dynamic import) to resume the session.
  if (
    connection.status !== "connected" &&
    PUBLIC_WALLETCONNECT_PROJECT_ID &&
    (await config.storage?.getItem("recentConnectorId")) === "walletConnect"
  ) {
    const { walletConnectConnector } = await import("./walletconnect.ts");
    await reconnect(config, {
      connectors: [walletConnectConnector(PUBLIC_WALLETCONNECT_PROJECT_ID, () => {})],
    });
    connection = getConnection(config);
  }
  if (connection.status !== "connected") {
    const connectors = getConnectors(config).filter((c) => c.type === "injected");
    const connector = connectors.find((c) => c.id !== "injected") ?? connectors[0];
    if (!connector) throw Object.assign(new Error("no wallet"), { noWallet: true });
    await connect(config, { connector });
    connection = getConnection(config);
  }
  if (connection.status !== "connected") throw new Error("the wallet did not connect");
  // Ask the wallet itself (not wagmi's last-known state): on another chain, say so and stop.
  const current = await connection.connector.getChainId();
  if (current !== expectedChainId) {
    on({ kind: "wrongNetwork", current });
    throw Object.assign(new Error("wrong network"), { handled: true });
  }
  const address = connection.address;
  if (expected && address.toLowerCase() !== expected.toLowerCase()) {
    on({ kind: "wrongAccount", expected, actual: address });
    throw Object.assign(new Error("wrong account"), { handled: true });
  }
  return address;
}

export async function send(
  on: OnPhase,
  request: Parameters<typeof simulateContract>[1],
): Promise<{ hash: Hex; logs: { address: Hex; data: Hex; topics: Hex[] }[] }> {
  // Simulate first: a revert is reported by name before the wallet asks anything.
  const { request: prepared } = await simulateContract(config, request);
  // The wallet may have changed network since `ensureAccount` (while a permit was signed, or
  // between approve and the call): a transaction now would go to another chain. Stop instead.
  const connection = getConnection(config);
  const current = connection.status === "connected" ? await connection.connector.getChainId() : null;
  if (current !== null && current !== expectedChainId) {
    on({ kind: "networkChanged", current });
    throw Object.assign(new Error("network changed"), { handled: true });
  }
  on({ kind: "confirmInWallet" });
  const hash = await writeContract(config, prepared as Parameters<typeof writeContract>[1]);
  on({ kind: "pending", hash });
  const receipt = await waitForTransactionReceipt(config, { hash });
  if (receipt.status !== "success")
    throw Object.assign(new Error("reverted"), { shortMessage: "the transaction reverted" });
  on({ kind: "confirmed", hash });
  return { hash, logs: receipt.logs as never };
}

export async function guarded<T>(on: OnPhase, body: () => Promise<T>): Promise<T | null> {
  try {
    return await body();
  } catch (error) {
    if ((error as { handled?: boolean }).handled) return null;
    if ((error as { noWallet?: boolean }).noWallet) on({ kind: "failed", reason: "tx.error.noWallet" });
    else on(phaseOf(error));
    return null;
  }
}

/**
 * One call on a house by the connected account (deal actions, reveal, settle, returnCollateral,
 * withdraw): simulate, send, wait for the receipt.
 */
export async function callHouse(
  args: {
    house: Hex;
    format?: Format;
    functionName: string;
    args: readonly unknown[];
    account?: string | null;
  },
  on: OnPhase,
): Promise<Hex | null> {
  return guarded(on, async () => {
    const account = await ensureAccount(on, args.account);
    const { hash } = await send(on, {
      address: args.house,
      abi: houseAbis[args.format ?? "english"],
      functionName: args.functionName,
      args: args.args,
      account,
    } as Request);
    return hash;
  });
}

/** Asks the wallet to move to Gavel's chain (the status line's "Switch to …" button). */
export async function switchToExpectedChain(): Promise<void> {
  await switchChain(config, { chainId: expectedChainId });
}

/**
 * The chain's clock: `now` is the time the next block would have (the pending block's), else the
 * latest block's, never before the wall clock — a local chain may run ahead of the wall clock, and
 * an idle one's latest block can be minutes older than its next; `latest` is the latest block's.
 */
export async function chainClock(): Promise<{ now: number; latest: number }> {
  const [latest, pending] = await Promise.all([
    getBlock(config),
    getBlock(config, { blockTag: "pending" }).catch(() => null),
  ]);
  const latestSeconds = Number(latest.timestamp);
  return {
    now: Math.max(latestSeconds, Number(pending?.timestamp ?? 0n), Math.floor(Date.now() / 1000)),
    latest: latestSeconds,
  };
}
