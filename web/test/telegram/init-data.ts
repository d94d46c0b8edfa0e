// Signs Mini App init data as Telegram does for third parties (Ed25519 over
// "<bot_id>:WebAppData\n" + sorted key=value lines), with a key pair the test makes: the web is
// configured with its public half (TELEGRAM_INIT_DATA_PUBLIC_KEY) instead of Telegram's.
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

export interface TestKeys {
  privateKey: KeyObject;
  /** 64 hex digits, as TELEGRAM_INIT_DATA_PUBLIC_KEY wants it. */
  publicKeyHex: string;
}

export function testKeys(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ format: "der", type: "spki" });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString("hex") };
}

export interface InitDataFields {
  user?: { id: number; first_name: string; username?: string; language_code?: string };
  auth_date?: number;
  query_id?: string;
  chat_type?: string;
  chat_instance?: string;
  start_param?: string;
  [key: string]: unknown;
}

/** A query string like Telegram's `tgWebAppData`, with `signature` (and a placeholder `hash`). */
export function signInitData(fields: InitDataFields, botId: number, privateKey: KeyObject): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    params.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  const lines = [...params].map(([key, value]) => `${key}=${value}`).sort();
  const signature = sign(null, Buffer.from(`${botId}:WebAppData\n${lines.join("\n")}`), privateKey);
  params.set("signature", signature.toString("base64url"));
  // The bot-token HMAC: present in real init data, meaningless to a third party.
  params.set("hash", "0".repeat(64));
  return params.toString();
}
