// Safe multisig helpers over viem for the local chain and the tests, using Safe's own contracts
// from the npm artifacts of @safe-global/safe-smart-account 1.5.0: deploy a Safe (singleton +
// proxy factory), then build, sign as owners (EIP-712) and execute a Safe transaction with the
// sdk's one definition of it (`@gavel/sdk` safe.ts), which the arbiters of a real deployment sign too.
import { createRequire } from "node:module";
import {
  execTransactionArgs,
  joinSignatures,
  plainSafeTx,
  type SafeTx,
  safeAbi,
  safeTxTypedData,
} from "@gavel/sdk";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";

const require = createRequire(import.meta.url);
const ARTIFACTS = "@safe-global/safe-smart-account/build/artifacts/contracts";
export const safeArtifact = require(`${ARTIFACTS}/Safe.sol/Safe.json`) as { abi: Abi; bytecode: Hex };
export const safeProxyFactoryArtifact = require(
  `${ARTIFACTS}/proxies/SafeProxyFactory.sol/SafeProxyFactory.json`,
) as {
  abi: Abi;
  bytecode: Hex;
};

type Wallet = WalletClient<Transport, Chain | undefined, Account>;

async function deployBytecode(wallet: Wallet, client: PublicClient, artifact: { abi: Abi; bytecode: Hex }) {
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: [],
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("Safe contract deployment produced no address");
  return receipt.contractAddress;
}

/** Deploys Safe's singleton and proxy factory, then a Safe with `owners` and `threshold`. */
export async function deploySafe(
  wallet: Wallet,
  client: PublicClient,
  owners: Address[],
  threshold: number,
): Promise<Address> {
  const singleton = await deployBytecode(wallet, client, safeArtifact);
  const factory = await deployBytecode(wallet, client, safeProxyFactoryArtifact);
  const initializer = encodeFunctionData({
    abi: safeArtifact.abi,
    functionName: "setup",
    args: [owners, BigInt(threshold), zeroAddress, "0x", zeroAddress, zeroAddress, 0n, zeroAddress],
  });
  const hash = await wallet.writeContract({
    address: factory,
    abi: safeProxyFactoryArtifact.abi,
    functionName: "createProxyWithNonce",
    args: [singleton, initializer, 0n],
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({
    abi: safeProxyFactoryArtifact.abi,
    logs: receipt.logs,
    eventName: "ProxyCreation",
  });
  const proxy = (created?.args as { proxy?: Address } | undefined)?.proxy;
  if (!proxy) throw new Error("no ProxyCreation event: the Safe was not created");
  return proxy;
}

/** A plain call from the Safe to `to` with the Safe's current nonce. */
export async function buildSafeTx(
  client: PublicClient,
  safe: Address,
  to: Address,
  data: Hex,
): Promise<SafeTx> {
  const nonce = await client.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
  return plainSafeTx(to, data, nonce);
}

/** Owners' EIP-712 signatures, sorted by owner address as the Safe requires, concatenated. */
export async function signSafeTx(
  chainId: number,
  safe: Address,
  tx: SafeTx,
  signers: Wallet[],
): Promise<Hex> {
  const signatures = await Promise.all(
    signers.map(async (owner) => ({
      owner: owner.account.address,
      signature: await owner.signTypedData({ account: owner.account, ...safeTxTypedData(chainId, safe, tx) }),
    })),
  );
  return joinSignatures(signatures);
}

/** Sends `execTransaction` for a signed Safe transaction and returns its hash; anyone may send it
 * once the signatures reach the threshold. */
export function sendSafeTx(wallet: Wallet, safe: Address, tx: SafeTx, signatures: Hex): Promise<Hex> {
  return wallet.writeContract({
    address: safe,
    abi: safeAbi,
    functionName: "execTransaction",
    args: execTransactionArgs(tx, signatures),
    chain: wallet.chain,
  });
}

/** Executes a signed Safe transaction and waits for its receipt. */
export async function execSafeTx(
  wallet: Wallet,
  client: PublicClient,
  safe: Address,
  tx: SafeTx,
  signatures: Hex,
) {
  return client.waitForTransactionReceipt({ hash: await sendSafeTx(wallet, safe, tx, signatures) });
}
