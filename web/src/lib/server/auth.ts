import { createHash, randomBytes } from "node:crypto";
import { getAddress } from "viem";
import { pool } from "./db.ts";
import { checkSignIn, type Expected, NONCE_TTL_MS, type SessionUser } from "./siwe.ts";

export type { Expected, SessionUser, SignInRefusal, SignInResult } from "./siwe.ts";
export { CLOCK_SKEW_MS, MAX_MESSAGE_LIFETIME_MS, NONCE_TTL_MS } from "./siwe.ts";

export const SESSION_COOKIE = "gavel_session";

/** Issues a fresh single-use nonce (128 random bits, hex: alphanumeric as EIP-4361 wants). */
export async function issueNonce(now = new Date()): Promise<{ nonce: string; expiresAt: Date }> {
  const nonce = randomBytes(16).toString("hex");
  const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
  await pool.query("insert into web.siwe_nonces (nonce, expires_at) values ($1, $2)", [nonce, expiresAt]);
  if (Math.random() < 0.02) {
    void pool
      .query("delete from web.siwe_nonces where expires_at < now() - interval '1 day'")
      .catch(() => {});
  }
  return { nonce, expiresAt };
}

/** Marks the nonce used; true only for the first use of an issued, unexpired nonce. */
async function consumeNonce(nonce: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    "update web.siwe_nonces set used_at = now() where nonce = $1 and used_at is null and expires_at > now()",
    [nonce],
  );
  return rowCount === 1;
}

/**
 * Checks an EIP-4361 message and its signature (see `checkSignIn`), then spends the nonce in
 * Postgres.
 */
export const verifySignIn = (message: string, signature: `0x${string}`, expected: Expected) =>
  checkSignIn(message, signature, expected, consumeNonce);

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

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
