// The Telegram link-token format (src/link-token.ts): made by the web app after Sign-In with
// Ethereum, verified by the bot. Both sides import this one implementation.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { LINK_TOKEN_LENGTH, makeLinkToken, verifyLinkToken } from "../src/link-token.ts";

const ALICE = "0xA11cE00000000000000000000000000000000a11";
const SECRET = "a-test-secret-of-32-characters!!";

describe("link tokens", () => {
  it("are 59 characters, so link_<token> fits Telegram's 64-character start parameter", () => {
    const t = makeLinkToken({ address: ALICE, secret: SECRET });
    assert.equal(t.length, LINK_TOKEN_LENGTH);
    assert.equal(`link_${t}`.length, 64);
    assert.match(t, /^[A-Za-z0-9_-]+$/);
  });

  it("verify to the lower-case address, expiry and nonce they were made with", () => {
    const nonce = randomBytes(8);
    const t = makeLinkToken({ address: ALICE, secret: SECRET, expiresAt: 2_000_000_000, nonce });
    assert.deepEqual(verifyLinkToken(t, SECRET, 1_999_999_999), {
      ok: true,
      address: ALICE.toLowerCase(),
      expiresAt: 2_000_000_000,
      nonce: nonce.toString("hex"),
    });
  });

  it("are refused when expired, made with another secret, altered or truncated", () => {
    const t = makeLinkToken({ address: ALICE, secret: SECRET, expiresAt: 1_000 });
    assert.deepEqual(verifyLinkToken(t, SECRET, 1_001), { ok: false, reason: "expired" });
    assert.equal(verifyLinkToken(t, SECRET, 1_000).ok, true, "valid up to and including its expiry second");
    const other = makeLinkToken({
      address: ALICE,
      secret: "another-secret-of-16+",
      expiresAt: 2_000_000_000,
    });
    assert.deepEqual(verifyLinkToken(other, SECRET, 0), { ok: false, reason: "forged" });
    // Claim another address under Alice's tag.
    const bytes = Buffer.from(makeLinkToken({ address: ALICE, secret: SECRET }), "base64url");
    bytes[0] = bytes[0]! ^ 0xff;
    assert.deepEqual(verifyLinkToken(bytes.toString("base64url"), SECRET), {
      ok: false,
      reason: "forged",
    });
    assert.deepEqual(verifyLinkToken(t.slice(0, 40), SECRET), { ok: false, reason: "malformed" });
    assert.throws(() => makeLinkToken({ address: ALICE, secret: "short" }), /at least 16/);
  });
});
