import { createHash, randomBytes } from "node:crypto";
import { getAddress } from "viem";
import { pool } from "./db.ts";
import { checkSignIn, type Expected, NONCE_TTL_MS, type SessionUser } from "./siwe.ts";

export type { Expected, SessionUser, SignInRefusal, SignInResult } from "./siwe.ts";
export { CLOCK_SKEW_MS, MAX_MESSAGE_LIFETIME_MS, NONCE_TTL_MS } from "./siwe.ts";

export const SESSION_COOKIE = "gavel_session";
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The cookie that binds a sign-in nonce to the browser it was issued to. */
export const NONCE_COOKIE = "gavel_siwe";

/**
 * Issues a fresh single-use nonce (128 random bits, hex: alphanumeric as EIP-4361 wants) and the
 * token for the cookie that binds it (only the token's sha-256 is stored).
 */
export async function issueNonce(
  now = new Date(),
): Promise<{ nonce: string; expiresAt: Date; binding: string }> {
  const nonce = randomBytes(16).toString("hex");
  const binding = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
  await pool.query("insert into web.siwe_nonces (nonce, expires_at, binding) values ($1, $2, $3)", [
    nonce,
    expiresAt,
    hashToken(binding),
  ]);
  if (Math.random() < 0.02) {
    void pool
      .query("delete from web.siwe_nonces where expires_at < now() - interval '1 day'")
      .catch(() => {});
  }
  return { nonce, expiresAt, binding };
}

/**
 * Marks the nonce used; true only for the first use of an issued, unexpired nonce, presented by
 * the browser it was issued to (`binding`, the cookie's token).
 */
async function consumeNonce(nonce: string, binding: string | undefined): Promise<boolean> {
  if (!binding) return false;
  const { rowCount } = await pool.query(
    "update web.siwe_nonces set used_at = now() where nonce = $1 and binding = $2 and used_at is null and expires_at > now()",
    [nonce, hashToken(binding)],
  );
  return rowCount === 1;
}

/**
 * Checks an EIP-4361 message and its signature (see `checkSignIn`), then spends the nonce in
 * Postgres if `binding` (the nonce cookie) is the one it was issued with.
 */
export const verifySignIn = (
  message: string,
  signature: `0x${string}`,
  expected: Expected,
  binding: string | undefined,
) => checkSignIn(message, signature, expected, (nonce) => consumeNonce(nonce, binding));

/** Creates a session row and returns the cookie value (a random token; only its hash is stored). */
export async function createSession(
  user: SessionUser,
  days: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await pool.query(
    "insert into web.sessions (token_hash, address, chain_id, expires_at) values ($1, $2, $3, $4)",
    [hashToken(token), user.address, user.chainId, expiresAt],
  );
  return { token, expiresAt };
}

export async function findSession(token: string): Promise<SessionUser | null> {
  if (!/^[\w-]{43}$/.test(token)) return null;
  const { rows } = await pool.query<{ address: string; chain_id: number }>(
    "select address, chain_id from web.sessions where token_hash = $1 and expires_at > now()",
    [hashToken(token)],
  );
  const row = rows[0];
  return row ? { address: getAddress(row.address), chainId: row.chain_id } : null;
}

export async function deleteSession(token: string): Promise<void> {
  await pool.query("delete from web.sessions where token_hash = $1", [hashToken(token)]);
}
