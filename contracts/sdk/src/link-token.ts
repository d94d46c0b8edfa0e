// Link tokens: how the dApp proves to the bot that a Telegram user controls a wallet.
//
// After Sign-In with Ethereum the dApp makes a token for the signed-in address and opens
// `https://t.me/<bot>?start=link_<token>`; the bot verifies it and links the chat to the wallet.
//
//   token = base64url(address(20) ‖ expiry(uint32 seconds, big-endian) ‖ nonce(8) ‖ tag(12))
//   tag   = HMAC-SHA256(secret, first 32 bytes)[0..12)
//
// 44 bytes are 59 base64url characters, so `link_<token>` fits Telegram's 64-character start
// parameter. The web app (which makes tokens) and the bot (which verifies them) both import this
// file as `@gavel/sdk/link-token`: one implementation for both sides. It depends on node:crypto
// only, so it is not part of the browser-safe `@gavel/sdk` entry point.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const ADDRESS_BYTES = 20;
const EXPIRY_BYTES = 4;
const NONCE_BYTES = 8;
const TAG_BYTES = 12;
const SIGNED_BYTES = ADDRESS_BYTES + EXPIRY_BYTES + NONCE_BYTES; // 32
const TOKEN_BYTES = SIGNED_BYTES + TAG_BYTES; // 44
/** Characters of a token: ceil(44 × 4 / 3), unpadded base64url. */
export const LINK_TOKEN_LENGTH = 59;
/** Shortest secret accepted (both sides refuse weaker ones). */
export const MIN_SECRET_LENGTH = 16;

export interface MakeLinkTokenOptions {
  /** The signed-in wallet, `0x` and 40 hex digits (any case). */
  address: string;
  /** The secret shared by web and bot (`LINK_TOKEN_SECRET`), at least 16 characters. */
  secret: string;
  /** Seconds the token stays valid (default 600). Ignored when `expiresAt` is given. */
  ttlSeconds?: number;
  /** Unix seconds after which the token is refused. */
  expiresAt?: number;
  /** 8 random bytes by default; tests may fix it. */
  nonce?: Uint8Array;
  /** Unix seconds now (default: the clock). */
  now?: number;
}

export type LinkTokenCheck =
  | {
      ok: true;
      /** Lower-case `0x…` address. */
      address: string;
      /** Unix seconds. */
      expiresAt: number;
      /** 16 hex digits: the token's identity for "accept each token once". */
      nonce: string;
    }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

function checkSecret(secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the link token secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return Buffer.from(secret, "utf8");
}

function tagOf(secret: Buffer, signed: Uint8Array): Buffer {
  return createHmac("sha256", secret).update(signed).digest().subarray(0, TAG_BYTES);
}

/** Makes a token for `address`, valid until `expiresAt` (or now + ttlSeconds). */
export function makeLinkToken(options: MakeLinkTokenOptions): string {
  const key = checkSecret(options.secret);
  if (!/^0x[0-9a-fA-F]{40}$/.test(options.address)) {
    throw new TypeError(`not an address: ${options.address}`);
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const expiresAt = options.expiresAt ?? now + (options.ttlSeconds ?? 600);
  if (!Number.isInteger(expiresAt) || expiresAt < 0 || expiresAt > 0xffff_ffff) {
    throw new RangeError(`expiry ${expiresAt} does not fit 32 bits of seconds`);
  }
  const nonce = options.nonce ?? randomBytes(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`the nonce must be ${NONCE_BYTES} bytes`);

  const token = Buffer.alloc(TOKEN_BYTES);
  Buffer.from(options.address.slice(2), "hex").copy(token, 0);
  token.writeUInt32BE(expiresAt, ADDRESS_BYTES);
  Buffer.from(nonce).copy(token, ADDRESS_BYTES + EXPIRY_BYTES);
  tagOf(key, token.subarray(0, SIGNED_BYTES)).copy(token, SIGNED_BYTES);
  return token.toString("base64url");
}

/**
 * Checks a token's form, tag (constant-time) and expiry, in that order: a forged token is
 * "forged" even when its claimed expiry has passed. Whether it was used before is the caller's
 * business (the nonce identifies it).
 */
export function verifyLinkToken(
  token: string,
  secret: string,
  now = Math.floor(Date.now() / 1000),
): LinkTokenCheck {
  const key = checkSecret(secret);
  if (token.length !== LINK_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, reason: "malformed" };
  }
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== TOKEN_BYTES) return { ok: false, reason: "malformed" };
  const signed = bytes.subarray(0, SIGNED_BYTES);
  if (!timingSafeEqual(tagOf(key, signed), bytes.subarray(SIGNED_BYTES)))
    return { ok: false, reason: "forged" };
  const expiresAt = bytes.readUInt32BE(ADDRESS_BYTES);
  if (now > expiresAt) return { ok: false, reason: "expired" };
  return {
    ok: true,
    address: `0x${bytes.subarray(0, ADDRESS_BYTES).toString("hex")}`,
    expiresAt,
    nonce: bytes.subarray(ADDRESS_BYTES + EXPIRY_BYTES, SIGNED_BYTES).toString("hex"),
  };
}
