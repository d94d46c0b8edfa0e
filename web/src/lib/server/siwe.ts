/**
 * The Sign-In-With-Ethereum checks (EIP-4361 via viem): domain, URI, chain id, issued-at,
 * expiration, not-before and signature, then the single-use nonce through `consumeNonce` (Postgres
 * in `auth.ts`). No database or environment here, so it is unit-tested on its own.
 */
import { getAddress, isAddressEqual, type PublicClient, recoverMessageAddress } from "viem";
import { verifySiweMessage } from "viem/siwe";
import { parseSiweStrict } from "./siwe-message.ts";

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
  /** The chain, for ERC-1271/6492 (smart-contract wallet) signatures; EOAs need none. */
  chain?: PublicClient | null | undefined;
  now?: Date;
  /** Longest issued-at to expiration-time accepted (default `MAX_MESSAGE_LIFETIME_MS`). */
  maxLifetimeMs?: number;
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
  // Strict EIP-4361: the text must be the canonical message of its fields (see siwe-message.ts).
  const parsedStrict = parseSiweStrict(message);
  if (!parsedStrict.ok) {
    return { ok: false, status: 400, field: parsedStrict.field, detail: parsedStrict.detail };
  }
  const { fields, issuedAt: issued, notBefore, expirationTime } = parsedStrict;
  const parsed = { address: fields.address, nonce: fields.nonce };
  if (
    fields.domain !== expected.domain ||
    (fields.scheme !== undefined && `${fields.scheme}:` !== new URL(expected.origin).protocol)
  )
    return { ok: false, status: 401, code: "domain_mismatch", field: "message.domain" };
  let uriOrigin: string | null = null;
  try {
    uriOrigin = new URL(fields.uri).origin;
  } catch {}
  if (uriOrigin !== expected.origin)
    return { ok: false, status: 401, code: "uri_mismatch", field: "message.uri" };
  if (fields.chainId !== expected.chainId)
    return { ok: false, status: 401, code: "chain_mismatch", field: "message.chainId" };

  const issuedAt = issued.getTime();
  if (issuedAt > now.getTime() + CLOCK_SKEW_MS || issuedAt < now.getTime() - NONCE_TTL_MS - CLOCK_SKEW_MS) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.issuedAt" };
  }
  if (notBefore && notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.notBefore" };
  }
  if (!expirationTime) {
    return { ok: false, status: 400, field: "message.expirationTime", detail: "required" };
  }
  const expiresAt = expirationTime.getTime();
  if (
    expiresAt <= now.getTime() ||
    expiresAt - issuedAt > (expected.maxLifetimeMs ?? MAX_MESSAGE_LIFETIME_MS)
  ) {
    return { ok: false, status: 401, code: "time_invalid", field: "message.expirationTime" };
  }

  // Plain accounts (EOAs) are checked by recovering the signer; smart-contract wallets
  // (ERC-1271/6492) need the chain, so they can sign in only when RPC_URL is set.
  let valid = false;
  try {
    valid = isAddressEqual(await recoverMessageAddress({ message, signature }), parsed.address);
  } catch {
    valid = false;
  }
  if (!valid && expected.chain) {
    valid = await verifySiweMessage(expected.chain, {
      message,
      signature,
      domain: expected.domain,
      nonce: fields.nonce,
      time: now,
    }).catch(() => false);
  }
  if (!valid) return { ok: false, status: 401, code: "signature_invalid", field: "signature" };

  if (!(await consumeNonce(parsed.nonce)))
    return { ok: false, status: 401, code: "nonce_invalid", field: "message.nonce" };
  return { ok: true, user: { address: getAddress(parsed.address), chainId: expected.chainId } };
}
