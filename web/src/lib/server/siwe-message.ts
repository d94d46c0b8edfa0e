/**
 * A strict EIP-4361 (Sign-In With Ethereum) parser: the message must follow the ABNF line by line
 * — every field in its place, a one-line statement, RFC 3339 dates that name a real day, an EIP-55
 * address, RFC 3986 URIs — and the text must equal the canonical message rebuilt from the parsed
 * fields (`formatSiweMessage`). Anything else is refused with the field at fault, so no signer can
 * be shown one thing while the server reads another.
 */
import { getAddress } from "viem";

export interface SiweFields {
  scheme?: string | undefined;
  domain: string;
  address: `0x${string}`;
  statement?: string | undefined;
  uri: string;
  version: "1";
  chainId: number;
  nonce: string;
  /** Dates as written (RFC 3339). */
  issuedAt: string;
  expirationTime?: string | undefined;
  notBefore?: string | undefined;
  requestId?: string | undefined;
  resources?: string[] | undefined;
}

export type SiweParse =
  | { ok: true; fields: SiweFields; issuedAt: Date; expirationTime: Date | null; notBefore: Date | null }
  | { ok: false; field: string; detail: string };

const PREAMBLE = " wants you to sign in with your Ethereum account:";

/** The canonical EIP-4361 text of `fields`. */
export function formatSiweMessage(fields: SiweFields): string {
  const lines = [
    `${fields.scheme ? `${fields.scheme}://` : ""}${fields.domain}${PREAMBLE}`,
    fields.address,
    "",
  ];
  if (fields.statement !== undefined) lines.push(fields.statement, "");
  else lines.push("");
  lines.push(
    `URI: ${fields.uri}`,
    `Version: ${fields.version}`,
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt}`,
  );
  if (fields.expirationTime !== undefined) lines.push(`Expiration Time: ${fields.expirationTime}`);
  if (fields.notBefore !== undefined) lines.push(`Not Before: ${fields.notBefore}`);
  if (fields.requestId !== undefined) lines.push(`Request ID: ${fields.requestId}`);
  if (fields.resources !== undefined) {
    lines.push("Resources:", ...fields.resources.map((resource) => `- ${resource}`));
  }
  return lines.join("\n");
}

// RFC 3986 pieces.
const unreserved = "A-Za-z0-9\\-._~";
const subDelims = "!$&'()*+,;=";
const pct = "%[0-9A-Fa-f]{2}";
const regName = `(?:[${unreserved}${subDelims}]|${pct})*`;
const ipv4 = "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipLiteral = "\\[[0-9A-Fa-f:.]+\\]";
const userinfo = `(?:(?:[${unreserved}${subDelims}:]|${pct})*@)?`;
const authority = new RegExp(`^${userinfo}(?:${ipLiteral}|${ipv4}|${regName})(?::\\d*)?$`);
const schemeRe = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const uriRe = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:(?:[${unreserved}${subDelims}:@/?#\\[\\]]|${pct})*$`);
const nonceRe = /^[A-Za-z0-9]{8,}$/;
const requestIdRe = new RegExp(`^(?:[${unreserved}${subDelims}:@]|${pct})*$`);
const dateRe = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function isUri(value: string): boolean {
  if (!uriRe.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** An RFC 3339 date-time that names a real moment ("2022-02-31" does not), or null. */
export function parseRfc3339(value: string): Date | null {
  const m = dateRe.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[8] && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const time = Date.parse(value.toUpperCase());
  return Number.isFinite(time) ? new Date(time) : null;
}

const fail = (field: string, detail: string): SiweParse => ({ ok: false, field: `message.${field}`, detail });

/** Parses `message` strictly (see the module comment). */
export function parseSiweStrict(message: string): SiweParse {
  if (message.includes("\r")) return fail("text", "line breaks must be LF only");
  const lines = message.split("\n");
  let at = 0;
  const next = () => lines[at++];

  const head = next() ?? "";
  if (!head.endsWith(PREAMBLE))
    return fail(
      "domain",
      "the first line must be '<domain> wants you to sign in with your Ethereum account:'",
    );
  let origin = head.slice(0, -PREAMBLE.length);
  let scheme: string | undefined;
  const schemeEnd = origin.indexOf("://");
  if (schemeEnd >= 0) {
    scheme = origin.slice(0, schemeEnd);
    origin = origin.slice(schemeEnd + 3);
    if (!schemeRe.test(scheme)) return fail("scheme", "not an RFC 3986 scheme");
  }
  if (!origin || !authority.test(origin)) return fail("domain", "not an RFC 3986 authority");

  const address = next() ?? "";
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return fail("address", "must be a 0x address");
  if (getAddress(address) !== address) return fail("address", "must be written with its EIP-55 checksum");
  if (next() !== "") return fail("statement", "a blank line must follow the address");
  let statement: string | undefined;
  const afterAddress = next();
  if (afterAddress === undefined) return fail("uri", "missing");
  if (afterAddress !== "") {
    statement = afterAddress;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(statement))
      return fail("statement", "must be one line of printable text");
    if (next() !== "") return fail("statement", "must be one line, followed by a blank line");
  }

  const field = (
    label: string,
    name: string,
  ): { ok: true; value: string } | { ok: false; error: SiweParse } => {
    const line = next();
    if (line === undefined || !line.startsWith(`${label}: `)) {
      return { ok: false, error: fail(name, `expected '${label}: …' here (fields are in a fixed order)`) };
    }
    return { ok: true, value: line.slice(label.length + 2) };
  };
  const uri = field("URI", "uri");
  if (!uri.ok) return uri.error;
  if (!isUri(uri.value)) return fail("uri", "not an RFC 3986 URI");
  const version = field("Version", "version");
  if (!version.ok) return version.error;
  if (version.value !== "1") return fail("version", "must be 1");
  const chain = field("Chain ID", "chainId");
  if (!chain.ok) return chain.error;
  if (!/^[1-9]\d{0,15}$/.test(chain.value) || !Number.isSafeInteger(Number(chain.value))) {
    return fail("chainId", "must be a positive integer");
  }
  const nonce = field("Nonce", "nonce");
  if (!nonce.ok) return nonce.error;
  if (!nonceRe.test(nonce.value)) return fail("nonce", "must be at least 8 letters or digits");
  const issued = field("Issued At", "issuedAt");
  if (!issued.ok) return issued.error;
  const issuedAt = parseRfc3339(issued.value);
  if (!issuedAt) return fail("issuedAt", "not an RFC 3339 date-time");

  const optional = (label: string) => {
    if (lines[at]?.startsWith(`${label}: `)) return (next() as string).slice(label.length + 2);
    return undefined;
  };
  const expirationRaw = optional("Expiration Time");
  const expirationTime = expirationRaw === undefined ? null : parseRfc3339(expirationRaw);
  if (expirationRaw !== undefined && !expirationTime)
    return fail("expirationTime", "not an RFC 3339 date-time");
  const notBeforeRaw = optional("Not Before");
  const notBefore = notBeforeRaw === undefined ? null : parseRfc3339(notBeforeRaw);
  if (notBeforeRaw !== undefined && !notBefore) return fail("notBefore", "not an RFC 3339 date-time");
  const requestId = optional("Request ID");
  if (requestId !== undefined && !requestIdRe.test(requestId))
    return fail("requestId", "not allowed characters");
  let resources: string[] | undefined;
  if (lines[at] === "Resources:") {
    at += 1;
    resources = [];
    while (at < lines.length) {
      const line = lines[at] as string;
      if (!line.startsWith("- ")) break;
      const resource = line.slice(2);
      if (!isUri(resource)) return fail(`resources.${resources.length}`, "not an RFC 3986 URI");
      resources.push(resource);
      at += 1;
    }
  }
  if (at < lines.length) {
    return fail("text", `unexpected line ${at + 1}: fields out of order, repeated or unknown`);
  }

  const fields: SiweFields = {
    scheme,
    domain: origin,
    address: address as `0x${string}`,
    statement,
    uri: uri.value,
    version: "1",
    chainId: Number(chain.value),
    nonce: nonce.value,
    issuedAt: issued.value,
    expirationTime: expirationRaw,
    notBefore: notBeforeRaw,
    requestId,
    resources,
  };
  if (formatSiweMessage(fields) !== message)
    return fail("text", "not the canonical EIP-4361 text of its fields");
  return { ok: true, fields, issuedAt, expirationTime, notBefore };
}
