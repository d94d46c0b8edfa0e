/**
 * Telegram Mini App `initData`, checked by a third party (docs/PROTOCOL.md, Mini App sign-in).
 *
 * Telegram signs the launch data of a Mini App twice: `hash` (HMAC with the bot token, for the
 * bot's own server) and `signature` (Ed25519 with Telegram's published key, for anyone who knows
 * the bot's id). The web server is such a third party: it never holds the bot token, so the web
 * and the bot still share nothing but the indexer API and LINK_TOKEN_SECRET.
 *
 *   data-check string = "<bot_id>:WebAppData\n" + the other fields, `key=value`, sorted, "\n"-joined
 *                       (every field but `hash` and `signature`, values URL-decoded)
 *   signature         = base64url Ed25519 signature of that string
 *
 * `@tma.js/init-data-node`'s `validate3rd` does the same but hard-codes Telegram's two keys
 * (production and test environment); the key is configuration here
 * (TELEGRAM_INIT_DATA_PUBLIC_KEY), so tests sign with their own key pair. The package's `parse`
 * reads the fields once the signature holds.
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { parse } from "@tma.js/init-data-node";

export { TELEGRAM_PRODUCTION_PUBLIC_KEY, TELEGRAM_TEST_PUBLIC_KEY } from "#lib/telegram/keys.ts";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** An Ed25519 public key from its 64 hex digits (as Telegram publishes it). */
export function ed25519PublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new TypeError("an Ed25519 public key is 64 hex digits");
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]),
    format: "der",
    type: "spki",
  });
}

export interface InitDataOptions {
  /** The bot's numeric id (the digits before ":" in its token; BotFather shows it too). */
  botId: number;
  /** Telegram's Ed25519 public key. */
  publicKey: KeyObject;
  /** Oldest `auth_date` accepted, in seconds before now. */
  maxAgeSeconds: number;
  /** Unix seconds (default: the clock). */
  now?: number;
}

export interface TelegramUser {
  id: number;
  firstName: string;
  username: string | null;
  languageCode: string | null;
}

export type InitDataRefusal =
  /** Not a query string, or a field (`user`, `auth_date`) missing or unreadable. */
  | "malformed"
  /** No `signature` field: not launched by Telegram, or an old client that only sends `hash`. */
  | "missing_signature"
  /** The signature does not hold for these fields, this bot and this key. */
  | "bad_signature"
  /** `auth_date` is older than the accepted age. */
  | "expired"
  /** `auth_date` is in the future beyond clock skew. */
  | "not_yet_valid";

export type InitDataCheck =
  | { ok: true; user: TelegramUser; authDate: number; chatType: string | null; startParam: string | null }
  | { ok: false; reason: InitDataRefusal };

/** Seconds an `auth_date` may lie in the future (clock skew between Telegram and us). */
const MAX_SKEW_SECONDS = 60;
/** Longest init data accepted (Telegram's are well under 2 KiB). */
export const MAX_INIT_DATA_LENGTH = 8_192;

/** The string Telegram signs for third parties (exported for tests and tools that sign). */
export function dataCheckString(params: URLSearchParams, botId: number): string {
  const lines: string[] = [];
  for (const [key, value] of params) {
    if (key === "hash" || key === "signature") continue;
    lines.push(`${key}=${value}`);
  }
  return `${botId}:WebAppData\n${lines.sort().join("\n")}`;
}

/**
 * Checks `raw` (the `tgWebAppData` launch parameter, a query string): signature first (so a
 * forged one says "bad_signature" whatever its dates), then the age, then the fields.
 */
export function checkInitData(raw: string, options: InitDataOptions): InitDataCheck {
  if (raw.length === 0 || raw.length > MAX_INIT_DATA_LENGTH) return { ok: false, reason: "malformed" };
  const params = new URLSearchParams(raw);
  const signature = params.get("signature");
  if (!signature) return { ok: false, reason: "missing_signature" };
  if (!/^[A-Za-z0-9_-]{86}(==)?$/.test(signature.replace(/\+/g, "-").replace(/\//g, "_"))) {
    return { ok: false, reason: "bad_signature" };
  }
  const signed = verify(
    null,
    Buffer.from(dataCheckString(params, options.botId)),
    options.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return { ok: false, reason: "bad_signature" };

  const authDate = Number(params.get("auth_date"));
  if (!Number.isSafeInteger(authDate) || authDate <= 0) return { ok: false, reason: "malformed" };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (authDate > now + MAX_SKEW_SECONDS) return { ok: false, reason: "not_yet_valid" };
  if (now - authDate > options.maxAgeSeconds) return { ok: false, reason: "expired" };

  let fields: ReturnType<typeof parse>;
  try {
    fields = parse(params);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!fields.user) return { ok: false, reason: "malformed" };
  return {
    ok: true,
    user: {
      id: fields.user.id,
      firstName: fields.user.first_name,
      username: fields.user.username ?? null,
      languageCode: fields.user.language_code ?? null,
    },
    authDate,
    chatType: fields.chat_type ?? null,
    startParam: fields.start_param ?? null,
  };
}
