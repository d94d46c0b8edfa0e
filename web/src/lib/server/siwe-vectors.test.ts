// The spruceid/siwe project's test vectors (copied in test/data/siwe-vectors.json, which names the
// source and commit) against our own sign-in check: every negative vector — malformed text,
// malformed fields, and well-formed messages that must not verify — is refused by `checkSignIn`,
// the function POST /auth/verify calls, and every positive parsing vector is read back field by
// field, so the parser is strict without refusing the real thing. Extra attacks of our own follow.

import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { describe, expect, test } from "vitest";
import { hardhatDevKey } from "../../../../scripts/lib/chain.ts";
import vectors from "../../../test/data/siwe-vectors.json" with { type: "json" };
import { checkSignIn, type Expected } from "./siwe.ts";
import { formatSiweMessage, parseSiweStrict, type SiweFields } from "./siwe-message.ts";

type VectorFields = Partial<Omit<SiweFields, "chainId">> & { chainId?: number | string };

/** Renders fields as EIP-4361 text without checking them (a missing field leaves its value empty). */
function render(fields: VectorFields): string {
  return formatSiweMessage({
    ...fields,
    domain: fields.domain ?? "",
    address: (fields.address ?? "") as `0x${string}`,
    uri: fields.uri ?? "",
    version: (fields.version ?? "") as "1",
    chainId: (fields.chainId ?? "") as number,
    nonce: fields.nonce ?? "",
    issuedAt: fields.issuedAt ?? "",
  });
}

const anySignature = `0x${"11".repeat(65)}` as const;
const refused = async (message: string, expected: Expected, signature: `0x${string}` = anySignature) => {
  let spent = 0;
  const result = await checkSignIn(message, signature, expected, async () => {
    spent += 1;
    return true;
  });
  return { result, spent };
};
const service: Expected = {
  domain: "service.org",
  origin: "https://service.org",
  chainId: 1,
  now: new Date("2022-03-17T12:46:00Z"),
};

describe("spruceid/siwe negative parsing vectors (text)", () => {
  const cases = Object.entries(vectors.parsingNegative);
  test("there are 29 of them", () => expect(cases.length).toBe(29));
  test.each(cases)("%s: 400 naming a field, nonce untouched", async (_name, message) => {
    const { result, spent } = await refused(message, service);
    expect(result).toMatchObject({ ok: false, status: 400, field: expect.stringMatching(/^message\./) });
    expect(spent).toBe(0);
  });
});

describe("spruceid/siwe negative parsing vectors (fields)", () => {
  const cases = Object.entries(vectors.parsingNegativeObjects as Record<string, VectorFields>);
  test("there are 18 of them", () => expect(cases.length).toBe(18));
  test.each(cases)("%s: refused, nonce untouched", async (_name, fields) => {
    const { result, spent } = await refused(render(fields), service);
    expect(result.ok).toBe(false);
    expect(spent).toBe(0);
  });
});

describe("spruceid/siwe negative verification vectors", () => {
  type Vector = VectorFields & {
    signature: `0x${string}`;
    domainBinding?: string;
    matchNonce?: string;
    time?: string;
  };
  const cases = Object.entries(vectors.verificationNegative as Record<string, Vector>);
  /** The field each refusal must name (several where more than one check is at fault). */
  const blame: Record<string, string[]> = {
    "expired message": ["message.expirationTime"],
    "domain binding": ["message.domain"],
    "custom time": ["message.issuedAt", "message.expirationTime"],
    "custom nonce": ["message.nonce"],
    "malformed signature": ["signature"],
    "wrong signature": ["signature"],
    "not yet valid": ["message.notBefore"],
    "invalid issuedAt": ["message.issuedAt"],
    "invalid notBefore": ["message.notBefore"],
    "invalid expirationTime": ["message.expirationTime"],
  };
  test("there are 10 of them, each with the field it must be refused on", () => {
    expect(cases.map(([name]) => name).sort()).toEqual(Object.keys(blame).sort());
  });
  test.each(cases)("%s: refused on the right field", async (name, vector) => {
    const { signature, domainBinding, matchNonce, time, ...fields } = vector;
    const message = render(fields);
    // "Now" is just after the message was issued unless the vector says otherwise, so each one is
    // refused for its own fault rather than for being old.
    const issued = Date.parse(fields.issuedAt ?? "");
    const now = time ? new Date(time) : new Date(Number.isFinite(issued) ? issued + 30_000 : Date.now());
    const expected: Expected = {
      domain: domainBinding ?? fields.domain ?? "",
      origin: new URL(fields.uri ?? "https://invalid.example").origin,
      chainId: Number(fields.chainId),
      now,
      // The vectors sign messages valid for decades; our 24 h cap would refuse them all first.
      maxLifetimeMs: Number.POSITIVE_INFINITY,
    };
    let spent = 0;
    const result = await checkSignIn(message, signature, expected, async (nonce) => {
      spent += 1;
      return matchNonce === undefined || nonce === matchNonce;
    });
    expect(result.ok).toBe(false);
    expect(blame[name]).toContain(result.ok ? "" : result.field);
    if (name !== "custom nonce") expect(spent).toBe(0);
  });
});

describe("spruceid/siwe positive parsing vectors", () => {
  const cases = Object.entries(
    vectors.parsingPositive as unknown as Record<string, { message: string; fields: VectorFields }>,
  );
  test("there are 19 of them", () => expect(cases.length).toBe(19));
  test.each(cases)("%s: parsed field by field", (_name, { message, fields }) => {
    const parsed = parseSiweStrict(message);
    if (!parsed.ok) throw new Error(`${parsed.field}: ${parsed.detail}`);
    for (const [key, value] of Object.entries(fields)) {
      expect(parsed.fields[key as keyof SiweFields]).toEqual(
        key === "chainId" ? Number(value) : (value ?? undefined),
      );
    }
  });
});

describe("our own attacks on the parser", () => {
  const signer = privateKeyToAccount(hardhatDevKey(0));
  const now = new Date("2026-05-01T12:00:00Z");
  const expected: Expected = { domain: "gavel.test", origin: "https://gavel.test", chainId: 31337, now };
  const good = createSiweMessage({
    address: signer.address,
    domain: "gavel.test",
    uri: "https://gavel.test/",
    version: "1",
    chainId: 31337,
    nonce: "a1b2c3d4e5f60718",
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 10 * 60_000),
    statement: "Sign in to Gavel.",
  });
  const attacks: [string, string, string][] = [
    ["an extra line after the last field", `${good}\nEvil: yes`, "message.text"],
    ["a trailing line break", `${good}\n`, "message.text"],
    ["CRLF line breaks", good.replaceAll("\n", "\r\n"), "message.text"],
    [
      "a statement over two lines",
      good.replace("Sign in to Gavel.", "Sign in to Gavel.\nand transfer everything"),
      "message.statement",
    ],
    ["Nonce before Chain ID", good.replace(/(Chain ID: .*)\n(Nonce: .*)/, "$2\n$1"), "message.chainId"],
    ["a repeated URI line", good.replace(/(URI: .*)/, "$1\n$1"), "message.version"],
    [
      "an expiration time that is not a date",
      good.replace(/Expiration Time: .*/, "Expiration Time: never"),
      "message.expirationTime",
    ],
    [
      "the 31st of February",
      good.replace(/Expiration Time: \d{4}-\d\d-\d\d/, "Expiration Time: 2026-02-31"),
      "message.expirationTime",
    ],
    [
      "an issued-at of hour 24",
      good.replace(/Issued At: (\d{4}-\d\d-\d\d)T\d\d/, "Issued At: $1T24"),
      "message.issuedAt",
    ],
    ["a lowercase address", good.replace(signer.address, signer.address.toLowerCase()), "message.address"],
    ["a space before the domain", ` ${good}`, "message.domain"],
  ];
  test.each(attacks)("%s: 400 naming %s", async (_name, message, field) => {
    const { result, spent } = await refused(message, expected, await signer.signMessage({ message }));
    expect(result).toMatchObject({ ok: false, status: 400, field });
    expect(spent).toBe(0);
  });
  test("the untouched message still signs in (the attacks are refused for their change alone)", async () => {
    const { result, spent } = await refused(good, expected, await signer.signMessage({ message: good }));
    expect(result).toMatchObject({ ok: true });
    expect(spent).toBe(1);
  });
});
