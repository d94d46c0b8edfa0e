import { describe, expect, test } from "vitest";
import { signInitData, testKeys } from "../../../test/telegram/init-data.ts";
import {
  checkInitData,
  ed25519PublicKey,
  TELEGRAM_PRODUCTION_PUBLIC_KEY,
  TELEGRAM_TEST_PUBLIC_KEY,
} from "./telegram-init-data.ts";

const BOT_ID = 7_000_000_001;
const NOW = 1_760_000_000;
const keys = testKeys();
const options = {
  botId: BOT_ID,
  publicKey: ed25519PublicKey(keys.publicKeyHex),
  maxAgeSeconds: 86_400,
  now: NOW,
};
const user = { id: 424242, first_name: "Alice", username: "alice", language_code: "ru" };
const fields = { query_id: "AAH1", user, auth_date: NOW - 60, chat_type: "sender", chat_instance: "-1" };
const signed = () => signInitData(fields, BOT_ID, keys.privateKey);

describe("Telegram initData, third-party Ed25519 validation", () => {
  test("init data signed for this bot with the configured key is accepted, with its user", () => {
    const result = checkInitData(signed(), options);
    expect(result).toEqual({
      ok: true,
      user: { id: 424242, firstName: "Alice", username: "alice", languageCode: "ru" },
      authDate: NOW - 60,
      chatType: "sender",
      startParam: null,
    });
  });

  test("changing any signed field (the user id) is refused as a bad signature", () => {
    const tampered = new URLSearchParams(signed());
    tampered.set("user", JSON.stringify({ ...user, id: 1 }));
    expect(checkInitData(tampered.toString(), options)).toEqual({ ok: false, reason: "bad_signature" });
  });

  test("adding a field after signing is refused", () => {
    expect(checkInitData(`${signed()}&start_param=evil`, options)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  test("a signature by another key is refused (Telegram's real keys do not verify test data)", () => {
    const other = testKeys();
    const forged = signInitData(fields, BOT_ID, other.privateKey);
    expect(checkInitData(forged, options)).toEqual({ ok: false, reason: "bad_signature" });
    for (const hex of [TELEGRAM_PRODUCTION_PUBLIC_KEY, TELEGRAM_TEST_PUBLIC_KEY]) {
      expect(checkInitData(signed(), { ...options, publicKey: ed25519PublicKey(hex) })).toEqual({
        ok: false,
        reason: "bad_signature",
      });
    }
  });

  test("init data signed for another bot is refused", () => {
    expect(checkInitData(signed(), { ...options, botId: BOT_ID + 1 })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  test("init data older than the configured age is refused as expired, and the limit is inclusive", () => {
    const old = signInitData({ ...fields, auth_date: NOW - 86_401 }, BOT_ID, keys.privateKey);
    expect(checkInitData(old, options)).toEqual({ ok: false, reason: "expired" });
    const edge = signInitData({ ...fields, auth_date: NOW - 86_400 }, BOT_ID, keys.privateKey);
    expect(checkInitData(edge, options).ok).toBe(true);
    expect(checkInitData(signed(), { ...options, maxAgeSeconds: 30 })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  test("an auth_date in the future beyond clock skew is refused", () => {
    const future = signInitData({ ...fields, auth_date: NOW + 3_600 }, BOT_ID, keys.privateKey);
    expect(checkInitData(future, options)).toEqual({ ok: false, reason: "not_yet_valid" });
  });

  test("init data without a signature (only the bot-token hash) is refused as such", () => {
    const unsigned = new URLSearchParams(signed());
    unsigned.delete("signature");
    expect(checkInitData(unsigned.toString(), options)).toEqual({ ok: false, reason: "missing_signature" });
    expect(checkInitData("", options)).toEqual({ ok: false, reason: "malformed" });
    expect(checkInitData("x".repeat(9_000), options)).toEqual({ ok: false, reason: "malformed" });
  });

  test("a garbled signature is refused without throwing", () => {
    const garbled = new URLSearchParams(signed());
    garbled.set("signature", "not-base64!");
    expect(checkInitData(garbled.toString(), options)).toEqual({ ok: false, reason: "bad_signature" });
  });

  test("signed data without a user or with an unreadable one is malformed", () => {
    const noUser = signInitData({ ...fields, user: undefined }, BOT_ID, keys.privateKey);
    expect(checkInitData(noUser, options)).toEqual({ ok: false, reason: "malformed" });
    const badUser = signInitData({ ...fields, user: "{" as never }, BOT_ID, keys.privateKey);
    expect(checkInitData(badUser, options)).toEqual({ ok: false, reason: "malformed" });
  });

  test("a public key that is not 64 hex digits is refused when configured", () => {
    expect(() => ed25519PublicKey("abc")).toThrow(/64 hex digits/);
  });
});
