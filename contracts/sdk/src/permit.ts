/**
 * EIP-2612 permit typed data for USDC: what the wallet signs so that a house may pull `value`
 * from `owner` in the same transaction as the bid (`bidWithPermit`, `buyWithPermit`,
 * `commitWithPermit`). No Node imports: the browser wallet code, the contract tests, the gas
 * snapshot and the scripts sign the same definition.
 *
 * The EIP-712 domain is read from the token, never written down: Circle's USDC is named
 * "USD Coin" on Base and "USDC" on Base Sepolia, and a permit signed under the wrong name is
 * refused by the token.
 */
import { type Abi, hexToNumber } from "viem";

type Hex = `0x${string}`;

/** The EIP-712 domain a token checks its permits against (the fields it declares, no others). */
export interface PermitDomain {
  name?: string;
  version?: string;
  chainId?: number;
  verifyingContract?: Hex;
  salt?: Hex;
}

/** The read calls `readPermitDomain` needs: a viem public client has them. */
export interface TokenReader {
  readContract(args: { address: Hex; abi: Abi; functionName: string }): Promise<unknown>;
}

const domainAbi = [
  {
    type: "function",
    name: "eip712Domain",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "fields", type: "bytes1" },
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
      { name: "salt", type: "bytes32" },
      { name: "extensions", type: "uint256[]" },
    ],
  },
  { type: "function", name: "name", stateMutability: "view", inputs: [], outputs: [{ type: "string" }] },
  { type: "function", name: "version", stateMutability: "view", inputs: [], outputs: [{ type: "string" }] },
] as const satisfies Abi;

type Eip5267 = readonly [Hex, string, string, bigint, Hex, Hex, readonly bigint[]];

/**
 * The domain from EIP-5267 `eip712Domain()`: only the fields its bitmap declares (bit 0 name,
 * 1 version, 2 chainId, 3 verifyingContract, 4 salt). Null when the domain cannot be used for a
 * permit on `chainId` at `token` (another chain or contract, or extensions this code does not know).
 */
function fromEip5267(result: Eip5267, chainId: number, token: Hex): PermitDomain | null {
  const [fieldsByte, name, version, domainChainId, verifyingContract, salt, extensions] = result;
  const fields = hexToNumber(fieldsByte);
  if (extensions.length > 0) return null;
  const domain: PermitDomain = {};
  if (fields & 1) domain.name = name;
  if (fields & 2) domain.version = version;
  if (fields & 4) {
    if (domainChainId !== BigInt(chainId)) return null;
    domain.chainId = chainId;
  }
  if (fields & 8) {
    if (verifyingContract.toLowerCase() !== token.toLowerCase()) return null;
    domain.verifyingContract = token;
  }
  if (fields & 16) domain.salt = salt;
  return domain;
}

async function readDomain(client: TokenReader, chainId: number, token: Hex): Promise<PermitDomain> {
  try {
    const declared = fromEip5267(
      (await client.readContract({
        address: token,
        abi: domainAbi,
        functionName: "eip712Domain",
      })) as Eip5267,
      chainId,
      token,
    );
    if (declared) return declared;
  } catch {
    // No EIP-5267 (Circle's FiatToken has none): name() and version() below.
  }
  const [name, version] = await Promise.all([
    client.readContract({ address: token, abi: domainAbi, functionName: "name" }),
    client.readContract({ address: token, abi: domainAbi, functionName: "version" }),
  ]);
  if (typeof name !== "string" || typeof version !== "string")
    throw new Error(`the token ${token} does not report its permit domain`);
  return { name, version, chainId, verifyingContract: token };
}

/** A cache of read domains, one entry per (chain, token). */
export type PermitDomainCache = Map<string, Promise<PermitDomain>>;

const sharedCache: PermitDomainCache = new Map();

/**
 * The EIP-712 domain `token` on `chainId` checks permits against: EIP-5267 `eip712Domain()`
 * where the token has it, else `name()` and `version()`. Read once per (chain, token) and kept
 * in `cache`; a failed read is not kept, so the next call asks again.
 */
export function readPermitDomain(
  client: TokenReader,
  chainId: number,
  token: Hex,
  cache: PermitDomainCache = sharedCache,
): Promise<PermitDomain> {
  const key = `${chainId}:${token.toLowerCase()}`;
  let domain = cache.get(key);
  if (!domain) {
    domain = readDomain(client, chainId, token);
    cache.set(key, domain);
    domain.catch(() => {
      if (cache.get(key) === domain) cache.delete(key);
    });
  }
  return domain;
}

export interface PermitRequest {
  /** The token's domain, from `readPermitDomain`. */
  domain: PermitDomain;
  owner: Hex;
  spender: Hex;
  value: bigint;
  /** The owner's current `nonces(owner)` on the token. */
  nonce: bigint;
  /** Unix seconds after which the permit is void. */
  deadline: bigint;
}

export function permitTypedData(p: PermitRequest) {
  return {
    domain: p.domain,
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: p.owner, spender: p.spender, value: p.value, nonce: p.nonce, deadline: p.deadline },
  } as const;
}
