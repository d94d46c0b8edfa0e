/**
 * The Sign-In-With-Ethereum checks (EIP-4361 via viem): domain, URI, chain id, issued-at,
 * expiration, not-before and signature, then the single-use nonce through `consumeNonce` (Postgres
 * in `auth.ts`). No database or environment here, so it is unit-tested on its own.
 */
import { createPublicClient, getAddress, http, isAddressEqual, recoverMessageAddress } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";

/** How long an issued nonce may be used. */
export const NONCE_TTL_MS = 10 * 60_000;
/** Clock difference tolerated between the signer's clock and ours. */
export const CLOCK_SKEW_MS = 60_000;
/** The longest sign-in message validity we accept (issued-at to expiration-time). */
export const MAX_MESSAGE_LIFETIME_MS = 24 * 60 * 60_000;
export interface SessionUser {
  address: `0x${string}`;
  chainId: number;
}

/** Why a sign-in was refused; `field` names the part of the message at fault. */
export type SignInRefusal =
  | { code: "nonce_invalid"; field: "message.nonce" }
  | { code: "domain_mismatch"; field: "message.domain" }
  | { code: "uri_mismatch"; field: "message.uri" }
  | { code: "chain_mismatch"; field: "message.chainId" }
  | { code: "time_invalid"; field: "message.issuedAt" | "message.expirationTime" | "message.notBefore" }
  | { code: "signature_invalid"; field: "signature" };

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; status: 400; field: string; detail: string }
  | ({ ok: false; status: 401 } & SignInRefusal);

export interface Expected {
  /** `host[:port]` the site is served from, compared with the message's domain. */
  domain: string;
  /** Origin of the site; the message's URI must be on it. */
  origin: string;
  chainId: number;
  /** RPC for ERC-1271/6492 (smart-contract wallet) signatures; EOAs need none. */
  rpcUrl?: string | undefined;
  now?: Date;
}

/**
 * Checks an EIP-4361 message and its signature against what this server expects, then consumes
 * the nonce. Every check runs before the nonce is spent except the signature's, so a message
 * for the wrong site cannot burn someone else's nonce.
 */
export async function checkSignIn(
  message: string,
  signature: `0x${string}`,
  expected: Expected,
  consumeNonce: (nonce: string) => Promise<boolean>,
): Promise<SignInResult> {
  const now = expected.now ?? new Date();
  let parsed: ReturnType<typeof parseSiweMessage>;
  try {
    parsed = parseSiweMessage(message);
  } catch {
    return { ok: false, status: 400, field: "message", detail: "not a Sign-In-With-Ethereum message" };
  }
  const missing = (["address", "domain", "uri", "version", "chainId", "nonce", "issuedAt"] as const).find(
    (key) => parsed[key] === undefined,
  );
  if (missing) return { ok: false, status: 400, field: `message.${missing}`, detail: "missing or malformed" };
  if (parsed.version !== "1")
    return { ok: false, status: 400, field: "message.version", detail: "must be 1" };
  if (!parsed.expirationTime) {
    return { ok: false, status: 400, field: "message.expirationTime", detail: "required" };
  }
  if (parsed.domain !== expected.domain)
    return { ok: false, status: 401, code: "domain_mismatch", field: "message.domain" };
  let uriOrigin: string | null = null;
  try {
    uriOrigin = new URL(parsed.uri ?? "").origin;
  } catch {}
  if (uriOrigin !== expected.origin)
    return { ok: false, status: 401, code: "uri_mismatch", field: "message.uri" };
  if (parsed.chainId !== expected.chainId)
    return { ok: false, status: 401, code: "chain_mismatch", field: "message.chainId" };

  const issuedAt = parsed.issuedAt!.getTime();
  if (issuedAt > now.getTime() + CLOCK_SKEW_MS || issuedAt < now.getTime() - NONCE_TTL_MS - CLOCK_SKEW_MS) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.issuedAt" };
  }
  const expiresAt = parsed.expirationTime.getTime();
  if (expiresAt <= now.getTime() || expiresAt - issuedAt > MAX_MESSAGE_LIFETIME_MS) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.expirationTime" };
  }
  if (parsed.notBefore && parsed.notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.notBefore" };
  }

  // Plain accounts (EOAs) are checked by recovering the signer; smart-contract wallets
  // (ERC-1271/6492) need the chain, so they can sign in only when RPC_URL is set.
  let valid = false;
  try {
    valid = isAddressEqual(await recoverMessageAddress({ message, signature }), parsed.address!);
  } catch {
    valid = false;
  }
  if (!valid && expected.rpcUrl) {
    const client = createPublicClient({
      transport: http(expected.rpcUrl, { retryCount: 0, timeout: 5_000 }),
    });
    valid = await verifySiweMessage(client, {
      message,
      signature,
      domain: expected.domain,
      nonce: parsed.nonce,
      time: now,
    }).catch(() => false);
  }
  if (!valid) return { ok: false, status: 401, code: "signature_invalid", field: "signature" };

  if (!(await consumeNonce(parsed.nonce!)))
    return { ok: false, status: 401, code: "nonce_invalid", field: "message.nonce" };
  return { ok: true, user: { address: getAddress(parsed.address!), chainId: expected.chainId } };
}
