// An injected EIP-1193 wallet for browser tests. The page gets a provider that announces itself
// over EIP-6963 (name, icon, rdns) and forwards every request to Node through
// `page.exposeFunction`; in Node a viem local account signs, and transactions go to a real
// JSON-RPC node (Hardhat). Like a real wallet it exposes no account until `eth_requestAccounts`,
// and it can be told to refuse a request (EIP-1193 error 4001) or to sit on another chain.
import type { Page } from "playwright-core";
import { createWalletClient, type Hex, http, numberToHex } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";

/** Hardhat's well-known development keys (public; they hold only test ether on local chains). */
export const hardhatKeys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
] as const satisfies readonly Hex[];

export interface WalletOptions {
  privateKey: Hex;
  /** JSON-RPC URL that reads and transactions go to. */
  rpcUrl: string;
  /** The chain the wallet starts on. */
  chainId: number;
  /** Chains the wallet can switch to (others answer 4902, "unrecognised chain"). */
  knownChains?: number[];
  name?: string;
  rdns?: string;
}

export interface WalletRequest {
  method: string;
  params: unknown[];
  /** What the wallet answered: a result, or an EIP-1193 error code. */
  outcome: { result: unknown } | { error: number };
}

export interface InjectedWallet {
  account: PrivateKeyAccount;
  readonly chainId: number;
  readonly connected: boolean;
  /** Every request the page made, in order. */
  requests: WalletRequest[];
  /**
   * The next request with any of these methods is refused with 4001 (the user pressed
   * "Reject"). Several methods cover one prompt reached in different ways, e.g. the connection
   * prompt (`wallet_requestPermissions` or `eth_requestAccounts`).
   */
  rejectNext(...methods: string[]): void;
  /** Moves the wallet to another chain, telling the page (`chainChanged`) like a real wallet. */
  switchTo(chainId: number): Promise<void>;
  /**
   * The next request with `method` first moves the wallet to `chainId` (the user switched network
   * in the wallet while the page was preparing something), then is answered as usual.
   */
  switchOnNext(method: string, chainId: number): void;
  /**
   * These methods answer EIP-1193 4200 "unsupported method" from now on (a wallet without
   * typed-data signing, say); call with no methods to support everything again.
   */
  unsupported(...methods: string[]): void;
}

/** A small square icon as a data: URL, as EIP-6963 wants. */
const icon = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#f59e0b"/><path d="M9 17l5 5 9-12" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
).toString("base64")}`;

class ProviderError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** Installs the wallet into `page`; call before the first navigation. */
export async function installWallet(page: Page, options: WalletOptions): Promise<InjectedWallet> {
  const account = privateKeyToAccount(options.privateKey);
  const client = createWalletClient({ account, transport: http(options.rpcUrl) });
  const known = new Set([options.chainId, ...(options.knownChains ?? [1, 31337])]);
  const rejections: Array<Set<string>> = [];
  const switches: Array<{ method: string; chainId: number }> = [];
  let unsupported = new Set<string>();
  const requests: WalletRequest[] = [];
  let chainId = options.chainId;
  let connected = false;

  const emit = (event: string, payload: unknown) =>
    page
      .evaluate(
        ([e, p]) =>
          (window as unknown as { __gavelWalletEmit(e: string, p: unknown): void }).__gavelWalletEmit(e, p),
        [event, payload] as const,
      )
      .catch(() => {});

  const forward = async (method: string, params: unknown[]) => {
    const response = await fetch(options.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
    if (body.error) throw new ProviderError(body.error.code, body.error.message);
    return body.result;
  };

  const requireConnected = () => {
    if (!connected)
      throw new ProviderError(4100, "The requested account has not been authorized by the user.");
  };

  async function handle(method: string, params: unknown[]): Promise<unknown> {
    const rejection = rejections.findIndex((methods) => methods.has(method));
    if (rejection >= 0) {
      rejections.splice(rejection, 1);
      throw new ProviderError(4001, "User rejected the request.");
    }
    if (unsupported.has(method)) throw new ProviderError(4200, `The wallet does not support ${method}.`);
    const switching = switches.findIndex((one) => one.method === method);
    if (switching >= 0) {
      const target = switches.splice(switching, 1)[0]?.chainId ?? chainId;
      chainId = target;
      await emit("chainChanged", numberToHex(target));
    }
    switch (method) {
      case "eth_chainId":
        return numberToHex(chainId);
      case "net_version":
        return String(chainId);
      case "eth_accounts":
        return connected ? [account.address] : [];
      case "eth_requestAccounts":
        connected = true;
        return [account.address];
      case "wallet_requestPermissions":
        connected = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_getPermissions":
        return connected ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        connected = false;
        void emit("accountsChanged", []);
        return null;
      case "wallet_switchEthereumChain": {
        const target = Number((params[0] as { chainId: string }).chainId);
        if (!known.has(target)) throw new ProviderError(4902, `Unrecognized chain ID ${target}.`);
        chainId = target;
        void emit("chainChanged", numberToHex(target));
        return null;
      }
      case "wallet_addEthereumChain": {
        known.add(Number((params[0] as { chainId: string }).chainId));
        return null;
      }
      case "personal_sign": {
        requireConnected();
        return account.signMessage({ message: { raw: params[0] as Hex } });
      }
      case "eth_signTypedData_v4": {
        requireConnected();
        const typed = JSON.parse(params[1] as string);
        const { EIP712Domain: _domain, ...types } = typed.types;
        return account.signTypedData({
          domain: typed.domain,
          types,
          primaryType: typed.primaryType,
          message: typed.message,
        });
      }
      case "eth_sendTransaction": {
        requireConnected();
        const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        return client.sendTransaction({
          chain: null,
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      default:
        if (method.startsWith("eth_")) return forward(method, params);
        throw new ProviderError(4200, `The wallet does not support ${method}.`);
    }
  }

  await page.exposeFunction("__gavelWallet", async (json: string) => {
    const { method, params } = JSON.parse(json) as { method: string; params: unknown[] };
    try {
      const result = await handle(method, params);
      requests.push({ method, params, outcome: { result } });
      return JSON.stringify({ result: result ?? null });
    } catch (error) {
      const code = error instanceof ProviderError ? error.code : -32603;
      requests.push({ method, params, outcome: { error: code } });
      return JSON.stringify({
        error: { code, message: error instanceof Error ? error.message : String(error) },
      });
    }
  });

  await page.addInitScript(
    (info) => {
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      const bridge = (window as unknown as { __gavelWallet(json: string): Promise<string> }).__gavelWallet;
      const provider = {
        async request({ method, params }: { method: string; params?: unknown[] }) {
          const reply = JSON.parse(await bridge(JSON.stringify({ method, params: params ?? [] })));
          if (reply.error) {
            throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
          }
          return reply.result;
        },
        on(event: string, listener: (payload: unknown) => void) {
          let set = listeners.get(event);
          if (!set) {
            set = new Set();
            listeners.set(event, set);
          }
          set.add(listener);
          return provider;
        },
        removeListener(event: string, listener: (payload: unknown) => void) {
          listeners.get(event)?.delete(listener);
          return provider;
        },
      };
      Object.assign(window, {
        __gavelWalletEmit(event: string, payload: unknown) {
          for (const listener of listeners.get(event) ?? []) listener(payload);
        },
      });
      const detail = Object.freeze({ info: Object.freeze(info), provider });
      const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
      window.addEventListener("eip6963:requestProvider", announce);
      announce();
    },
    {
      uuid: "7f1c1a52-5d0a-4f55-9a57-3f3b7c0e9b11",
      name: options.name ?? "Gavel Test Wallet",
      icon,
      rdns: options.rdns ?? "dev.gavel.testwallet",
    },
  );

  return {
    account,
    get chainId() {
      return chainId;
    },
    get connected() {
      return connected;
    },
    requests,
    rejectNext(...methods) {
      rejections.push(new Set(methods));
    },
    async switchTo(target) {
      chainId = target;
      await emit("chainChanged", numberToHex(target));
    },
    switchOnNext(method, target) {
      switches.push({ method, chainId: target });
    },
    unsupported(...methods) {
      unsupported = new Set(methods);
    },
  };
}
