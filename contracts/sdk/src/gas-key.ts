/**
 * The gas key of an operational process (keeper, relayer): a key that pays for transactions and
 * holds nothing else. `connectGasKey` builds its clients and refuses Hardhat's published development
 * keys ("test test … junk", accounts 0–19: anyone can spend from them) on any chain but the local
 * one. Kept out of the sdk's main entry point: only those processes need it.
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  nonceManager,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { toHex } from "viem/utils";
import { chainTransport } from "./transport.ts";

export { chainTransport } from "./transport.ts";

/** The only chain on which Hardhat's published development keys are acceptable. */
export const LOCAL_CHAIN_ID = 31337;

const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

let known: Set<string> | undefined;

/** Whether `privateKey` is one of Hardhat's 20 default accounts' keys (case-insensitive). */
export function isHardhatDevKey(privateKey: string): boolean {
  known ??= new Set(
    Array.from({ length: 20 }, (_, index) => {
      const key = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
      return key ? toHex(key).toLowerCase() : "";
    }),
  );
  return known.has(privateKey.toLowerCase());
}

/** A gas key refused on the chain it was given; the message names the variable. */
export class GasKeyRefusedError extends Error {
  override name = "GasKeyRefusedError";
}

export interface GasKeyOptions {
  /** One JSON-RPC URL, or several that fail over (chainTransport, ./transport.ts). */
  rpcUrl: string | readonly string[];
  privateKey: Hex;
  /** The environment variable the key came from, named in the refusal. */
  variable: string;
  /** The process, named in the refusal ("invalid <service> configuration"). */
  service: string;
  /** Hand out the key's nonces locally (several transactions in flight from one process). */
  localNonces?: boolean;
  pollingInterval?: number;
}

export interface GasKey {
  account: Account;
  chainId: number;
  chain: Chain;
  publicClient: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
}

/** The clients of a gas key on `rpcUrl`'s chain; throws GasKeyRefusedError for a development key off the local chain. */
export async function connectGasKey(o: GasKeyOptions): Promise<GasKey> {
  const account = privateKeyToAccount(o.privateKey, o.localNonces ? { nonceManager } : {});
  const urls = typeof o.rpcUrl === "string" ? [o.rpcUrl] : [...o.rpcUrl];
  const transport = chainTransport(urls);
  const publicClient = createPublicClient({ transport, pollingInterval: o.pollingInterval });
  const chainId = await publicClient.getChainId();
  if (chainId !== LOCAL_CHAIN_ID && isHardhatDevKey(o.privateKey)) {
    throw new GasKeyRefusedError(
      `invalid ${o.service} configuration:\n  ${o.variable}: is one of Hardhat's published development keys (account ${account.address}); refused on chain ${chainId}, only the local chain ${LOCAL_CHAIN_ID} may use it`,
    );
  }
  const chain: Chain = {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: urls } },
  };
  const wallet = createWalletClient({ account, chain, transport });
  return { account, chainId, chain, publicClient: publicClient as PublicClient, wallet };
}
