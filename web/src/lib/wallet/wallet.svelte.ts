/**
 * Wallet connection and Sign-In-With-Ethereum in the browser, over @wagmi/core. Loaded with a
 * dynamic import when someone opens the wallet picker, so pages never load wallet code upfront.
 *
 * The state is a single `phase` a component renders in words; this module has no text of its
 * own (the i18n layer does).
 */

import { chainTransport, splitRpcUrls } from "@gavel/sdk/transport";
import {
  type Config,
  type Connector,
  connect,
  createConfig,
  disconnect,
  getConnection,
  getConnectors,
  injected,
  signMessage,
  switchChain,
  watchConnection,
  watchConnectors,
} from "@wagmi/core";
import { defineChain } from "viem";
import { createSiweMessage } from "viem/siwe";
import { chainName, defaultRpcUrl } from "#lib/chains.ts";
import type { MessageKey } from "#lib/i18n/index.ts";
import { PUBLIC_CHAIN_ID, PUBLIC_RPC_URL, PUBLIC_WALLETCONNECT_PROJECT_ID } from "$app/env/public";

/** Why a sign-in did not go through, as a catalogue key (`reason.*`). */
export type FailureReason = Extract<MessageKey, `reason.${string}`>;

export type Phase =
  | { kind: "idle" }
  | { kind: "connecting"; wallet: string }
  /** WalletConnect: waiting for the pairing URI (null), then showing it until a wallet connects. */
  | { kind: "walletConnect"; uri: string | null; qr?: { path: string; side: number } }
  | { kind: "wrongNetwork"; current: number }
  | { kind: "switching" }
  | { kind: "signing"; wallet: string }
  | { kind: "verifying" }
  | { kind: "rejected" }
  | { kind: "failed"; reason: FailureReason; detail?: string }
  | { kind: "confirmed"; address: `0x${string}` };

export interface WalletOption {
  /** The wagmi connector's uid (stable for this page). */
  uid: string;
  name: string;
  /** A data: or https: URL from the wallet's EIP-6963 announcement, if it gave one. */
  icon: string | null;
}

export const expectedChainId = PUBLIC_CHAIN_ID;

/** The picker's WalletConnect entry (only when a project id is configured). */
export const WALLETCONNECT_UID = "walletconnect";
/** No pairing URI by then: WalletConnect's relay is out of reach. */
const WALLETCONNECT_RELAY_TIMEOUT_MS = 12_000;

/** PUBLIC_RPC_URL's URLs (comma-separated): reads fail over from a dead one to the next. */
const rpcUrls = splitRpcUrls(PUBLIC_RPC_URL ?? defaultRpcUrl(expectedChainId) ?? "http://127.0.0.1:8545");
const chain = defineChain({
  id: expectedChainId,
  name: chainName(expectedChainId) ?? `Chain ${expectedChainId}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: rpcUrls } },
});

/**
 * EIP-6963 discovery is on (every wallet that announces itself becomes a connector); the plain
 * `injected()` connector covers older wallets that only set `window.ethereum`.
 */
export const config: Config = createConfig({
  chains: [chain],
  connectors: [injected({ shimDisconnect: true })],
  transports: { [chain.id]: chainTransport(rpcUrls, { timeout: 5_000 }) },
  multiInjectedProviderDiscovery: true,
});

/** Whether a wallet declined (EIP-1193 4001), anywhere down the error's cause chain. */
export function isUserRejection(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    if (typeof e !== "object") break;
    const record = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (record.code === 4001 || record.name === "UserRejectedRequestError") return true;
    e = record.cause;
  }
  return false;
}

function shortMessage(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error && typeof error.shortMessage === "string")
    return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

const verifyErrors: Record<string, FailureReason> = {
  nonce_invalid: "reason.nonce",
  domain_mismatch: "reason.domain",
  uri_mismatch: "reason.domain",
  chain_mismatch: "reason.chain",
  time_invalid: "reason.time",
  signature_invalid: "reason.signature",
  rate_limited: "reason.rateLimited",
};

class FailedStep extends Error {
  readonly reason: FailureReason;
  readonly detail: string | undefined;
  constructor(reason: FailureReason, detail?: string) {
    super(reason);
    this.reason = reason;
    this.detail = detail;
  }
}

async function postJson(
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new FailedStep("reason.network");
  }
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body: parsed };
}

export class WalletSession {
  phase = $state<Phase>({ kind: "idle" });
  options = $state<WalletOption[]>([]);
  /** False until discovery had a moment to hear from wallets (no "no wallet" flash). */
  discovered = $state(false);

  #connector: Connector | null = null;
  #address: `0x${string}` | null = null;
  /** The last choice was WalletConnect (what "Try again" repeats). */
  #walletConnectChosen = false;
  /** Counts WalletConnect attempts, so a late answer of an abandoned one changes nothing. */
  #attempt = 0;
  #stop: Array<() => void> = [];

  readonly #statement: () => string;
  readonly #onSignedIn: (address: `0x${string}`) => Promise<void> | void;

  /**
   * @param statement the human-readable line of the sign-in message, in the page's language
   * @param onSignedIn called after the server accepted the signature and set the session cookie
   */
  constructor(statement: () => string, onSignedIn: (address: `0x${string}`) => Promise<void> | void) {
    this.#statement = statement;
    this.#onSignedIn = onSignedIn;
    this.#refreshOptions();
    this.#stop.push(watchConnectors(config, { onChange: () => this.#refreshOptions() }));
    // A user may switch network in the wallet itself instead of pressing our button.
    this.#stop.push(
      watchConnection(config, {
        onChange: (connection) => {
          if (this.phase.kind === "wrongNetwork" && connection.chainId === expectedChainId)
            void this.#signIn();
          else if (this.phase.kind === "wrongNetwork" && connection.chainId !== undefined)
            this.phase = { kind: "wrongNetwork", current: connection.chainId };
        },
      }),
    );
    setTimeout(() => {
      this.discovered = true;
    }, 150);
  }

  destroy(): void {
    for (const stop of this.#stop) stop();
    this.#stop = [];
  }

  #refreshOptions(): void {
    const connectors = getConnectors(config).filter((c) => c.type === "injected");
    const announced = connectors.filter((c) => c.id !== "injected");
    const legacy = connectors.find((c) => c.id === "injected");
    const hasLegacyProvider =
      typeof window !== "undefined" && Boolean((window as { ethereum?: unknown }).ethereum);
    const usable = announced.length > 0 ? announced : hasLegacyProvider && legacy ? [legacy] : [];
    this.options = usable.map((c) => ({
      uid: c.uid,
      name: c.id === "injected" ? "" : c.name,
      icon: c.icon && /^(data:image\/|https:)/.test(c.icon) ? c.icon : null,
    }));
    // WalletConnect's code is not loaded here: only when it is chosen.
    if (PUBLIC_WALLETCONNECT_PROJECT_ID)
      this.options.push({ uid: WALLETCONNECT_UID, name: "WalletConnect", icon: null });
    if (this.options.length > 0) this.discovered = true;
  }

  get walletName(): string {
    return this.#connector?.name ?? "";
  }

  /** Connect the chosen wallet, then sign in (or stop at "wrong network"). */
  async choose(uid: string): Promise<void> {
    this.#walletConnectChosen = uid === WALLETCONNECT_UID;
    if (uid === WALLETCONNECT_UID) return this.#chooseWalletConnect();
    const connector = getConnectors(config).find((c) => c.uid === uid);
    if (!connector) return;
    this.#connector = connector;
    this.phase = { kind: "connecting", wallet: connector.name };
    try {
      const current = getConnection(config);
      if (current.status === "connected" && current.connector.uid !== uid) await disconnect(config);
      const result =
        current.status === "connected" && current.connector.uid === uid
          ? { accounts: current.addresses, chainId: current.chainId }
          : await connect(config, { connector });
      this.#address = result.accounts[0] ?? null;
      if (result.chainId !== expectedChainId) {
        this.phase = { kind: "wrongNetwork", current: result.chainId };
        return;
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.#signIn();
  }

  /**
   * WalletConnect: loads the connector (a dynamic import), shows the pairing URI it makes, and
   * signs in once a wallet connects through it. Without a URI after a while (or on an error before
   * one) the relay is said to be out of reach.
   */
  async #chooseWalletConnect(): Promise<void> {
    const projectId = PUBLIC_WALLETCONNECT_PROJECT_ID;
    if (!projectId) return;
    const attempt = ++this.#attempt;
    const current = () => attempt === this.#attempt && this.phase.kind === "walletConnect";
    this.phase = { kind: "walletConnect", uri: null };
    const relayTimer = setTimeout(() => {
      if (current() && this.phase.kind === "walletConnect" && this.phase.uri === null)
        this.phase = { kind: "failed", reason: "reason.walletConnectRelay" };
    }, WALLETCONNECT_RELAY_TIMEOUT_MS);
    try {
      const { walletConnectConnector, pairingQr } = await import("./walletconnect.ts");
      if (getConnection(config).status === "connected") await disconnect(config);
      const result = await connect(config, {
        connector: walletConnectConnector(projectId, (uri) => {
          if (current()) this.phase = { kind: "walletConnect", uri, qr: pairingQr(uri) };
        }),
      });
      if (!current()) return;
      const connection = getConnection(config);
      this.#connector = connection.status === "connected" ? connection.connector : null;
      this.#address = result.accounts[0] ?? null;
      if (result.chainId !== expectedChainId) {
        this.phase = { kind: "wrongNetwork", current: result.chainId };
        return;
      }
    } catch (error) {
      if (!current()) return;
      if (this.phase.kind === "walletConnect" && this.phase.uri === null && !isUserRejection(error))
        this.phase = { kind: "failed", reason: "reason.walletConnectRelay", detail: shortMessage(error) };
      else this.#fail(error);
      return;
    } finally {
      clearTimeout(relayTimer);
    }
    await this.#signIn();
  }

  /** Ask the wallet to move to the configured chain (adding it when the wallet lacks it). */
  async switchNetwork(): Promise<void> {
    this.phase = { kind: "switching" };
    try {
      await switchChain(config, { chainId: expectedChainId });
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.#signIn();
  }

  /** Start again after a refusal or failure. */
  async retry(): Promise<void> {
    if (this.#walletConnectChosen) {
      await this.#chooseWalletConnect();
      return;
    }
    if (!this.#connector) {
      this.phase = { kind: "idle" };
      return;
    }
    await this.choose(this.#connector.uid);
  }

  async #signIn(): Promise<void> {
    const connector = this.#connector;
    const address = this.#address;
    if (!connector || !address) return;
    if (this.phase.kind === "signing" || this.phase.kind === "verifying") return;
    this.phase = { kind: "signing", wallet: connector.name };
    try {
      const nonce = await postJson("/auth/nonce", {});
      if (nonce.status !== 200 || typeof nonce.body.nonce !== "string") {
        throw new FailedStep(verifyErrors[String(nonce.body.error)] ?? "reason.server");
      }
      const issuedAt = new Date();
      const message = createSiweMessage({
        address,
        chainId: expectedChainId,
        domain: window.location.host,
        uri: window.location.origin,
        nonce: nonce.body.nonce,
        version: "1",
        statement: this.#statement(),
        issuedAt,
        expirationTime: new Date(issuedAt.getTime() + 10 * 60_000),
      });
      let signature: `0x${string}`;
      try {
        signature = await signMessage(config, { account: address, connector, message });
      } catch (error) {
        if (isUserRejection(error)) throw error;
        throw new FailedStep("reason.wallet", shortMessage(error));
      }
      this.phase = { kind: "verifying" };
      const verified = await postJson("/auth/verify", { message, signature });
      if (verified.status !== 200) {
        throw new FailedStep(verifyErrors[String(verified.body.error)] ?? "reason.server");
      }
      this.phase = { kind: "confirmed", address };
      await this.#onSignedIn(address);
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (isUserRejection(error)) this.phase = { kind: "rejected" };
    else if (error instanceof FailedStep)
      this.phase = { kind: "failed", reason: error.reason, detail: error.detail };
    else this.phase = { kind: "failed", reason: "reason.wallet", detail: shortMessage(error) };
  }
}

/** Disconnects the wallet from this site (best effort; used on sign-out). */
export async function disconnectWallet(): Promise<void> {
  try {
    await disconnect(config);
  } catch {
    // nothing connected
  }
}
