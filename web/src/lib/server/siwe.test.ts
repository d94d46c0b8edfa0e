// The Sign-In-With-Ethereum checks with real EIP-4361 messages signed by a real key (Hardhat's
// development account 0, through a viem local account): each refusal names the part at fault and
// leaves the nonce unspent; the accepted message spends it once.

import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { beforeEach, describe, expect, test } from "vitest";
import { hardhatDevKey } from "../../../../scripts/lib/chain.ts";
import { CLOCK_SKEW_MS, checkSignIn, type Expected, MAX_MESSAGE_LIFETIME_MS, NONCE_TTL_MS } from "./siwe.ts";

const signer = privateKeyToAccount(hardhatDevKey(0));
const stranger = privateKeyToAccount(hardhatDevKey(1));
const now = new Date("2026-05-01T12:00:00Z");
const expected: Expected = {
  domain: "gavel.test:5173",
  origin: "http://gavel.test:5173",
  chainId: 31337,
  now,
};
const NONCE = "a1b2c3d4e5f60718";

/** The server's nonce table: issued nonces, each usable once. */
let issued: Set<string>;
const consume = async (nonce: string) => issued.delete(nonce);
beforeEach(() => {
  issued = new Set([NONCE]);
});

type Fields = Partial<Parameters<typeof createSiweMessage>[0]>;
function message(fields: Fields = {}): string {
  return createSiweMessage({
    address: signer.address,
    domain: expected.domain,
    uri: `${expected.origin}/`,
    version: "1",
    chainId: expected.chainId,
    nonce: NONCE,
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 10 * 60_000),
    statement: "Sign in to Gavel.",
    ...fields,
  });
}

async function signIn(fields: Fields = {}, by = signer) {
  const text = message(fields);
  return checkSignIn(text, await by.signMessage({ message: text }), expected, consume);
}

const at = (ms: number) => new Date(now.getTime() + ms);

describe("checkSignIn", () => {
  test("accepts the expected message signed by its address, and spends the nonce exactly once", async () => {
    const result = await signIn();
    expect(result).toEqual({ ok: true, user: { address: signer.address, chainId: 31337 } });
    expect(issued.has(NONCE)).toBe(false);
    expect(await signIn()).toMatchObject({
      ok: false,
      status: 401,
      code: "nonce_invalid",
      field: "message.nonce",
    });
  });

  test("refuses a nonce the server never issued (or already spent)", async () => {
    expect(await signIn({ nonce: "zzzzzzzz9999" })).toMatchObject({
      ok: false,
      status: 401,
      code: "nonce_invalid",
      field: "message.nonce",
    });
  });

  const refusals: [string, Fields, { code: string; field: string }][] = [
    ["another site's domain", { domain: "evil.test" }, { code: "domain_mismatch", field: "message.domain" }],
    [
      "the right host on another port",
      { domain: "gavel.test:5174" },
      { code: "domain_mismatch", field: "message.domain" },
    ],
    [
      "a URI on another origin",
      { uri: "https://gavel.test:5173/" },
      { code: "uri_mismatch", field: "message.uri" },
    ],
    ["another chain", { chainId: 1 }, { code: "chain_mismatch", field: "message.chainId" }],
    [
      "issued further in the future than the clock skew",
      { issuedAt: at(CLOCK_SKEW_MS + 1000) },
      { code: "time_invalid", field: "message.issuedAt" },
    ],
    [
      "issued before any nonce could still be valid",
      { issuedAt: at(-NONCE_TTL_MS - CLOCK_SKEW_MS - 1000), expirationTime: at(60_000) },
      { code: "time_invalid", field: "message.issuedAt" },
    ],
    [
      "already expired",
      { issuedAt: at(-60_000), expirationTime: now },
      { code: "time_invalid", field: "message.expirationTime" },
    ],
    [
      "valid for longer than a day",
      { expirationTime: at(MAX_MESSAGE_LIFETIME_MS + 1000) },
      { code: "time_invalid", field: "message.expirationTime" },
    ],
    [
      "not valid before a time still to come",
      { notBefore: at(CLOCK_SKEW_MS + 1000) },
      { code: "time_invalid", field: "message.notBefore" },
    ],
  ];
  for (const [name, fields, refusal] of refusals) {
    test(`refuses ${name} (${refusal.field}) and leaves the nonce unspent`, async () => {
      expect(await signIn(fields)).toEqual({ ok: false, status: 401, ...refusal });
      expect(issued.has(NONCE)).toBe(true);
    });
  }

  test("accepts the edges: issued exactly at the clock-skew limit, valid exactly one day", async () => {
    expect(
      (
        await signIn({
          issuedAt: at(CLOCK_SKEW_MS),
          expirationTime: at(CLOCK_SKEW_MS + MAX_MESSAGE_LIFETIME_MS),
        })
      ).ok,
    ).toBe(true);
  });

  test("refuses a signature by another key, without spending the nonce", async () => {
    expect(await signIn({}, stranger)).toEqual({
      ok: false,
      status: 401,
      code: "signature_invalid",
      field: "signature",
    });
    expect(issued.has(NONCE)).toBe(true);
  });

  test("refuses a message without an expiration time as a bad request", async () => {
    expect(await signIn({ expirationTime: undefined })).toMatchObject({
      ok: false,
      status: 400,
      field: "message.expirationTime",
    });
  });

  test("refuses text that is not a sign-in message", async () => {
    const text = "Please sign this to win a prize";
    const result = await checkSignIn(text, await signer.signMessage({ message: text }), expected, consume);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(issued.has(NONCE)).toBe(true);
  });
});
