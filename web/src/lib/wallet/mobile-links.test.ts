import { describe, expect, test } from "vitest";
import { mobileWalletLinks } from "./mobile-links.ts";

const topic = "7f6e5d4c3b2a19087f6e5d4c3b2a19087f6e5d4c3b2a19087f6e5d4c3b2a1908";
const uri = `wc:${topic}@2?relay-protocol=irn&symKey=${"ab".repeat(32)}&expiryTimestamp=1760000300`;

describe("WalletConnect deep links for phone wallets", () => {
  test("each wallet app's scheme carries the pairing URI, encoded, and the bare wc: link comes last", () => {
    const links = mobileWalletLinks(uri);
    expect(links.map((l) => l.name)).toEqual(["MetaMask", "Trust Wallet", "Rainbow", null]);
    expect(links[0]?.href).toBe(`metamask://wc?uri=${encodeURIComponent(uri)}`);
    expect(links[1]?.href).toBe(`trust://wc?uri=${encodeURIComponent(uri)}`);
    expect(links[2]?.href).toBe(`rainbow://wc?uri=${encodeURIComponent(uri)}`);
    expect(links[3]?.href).toBe(uri);
    for (const link of links.slice(0, 3)) {
      expect(new URL(link.href).searchParams.get("uri")).toBe(uri);
    }
  });

  test("anything but a v2 pairing URI is refused rather than linked", () => {
    for (const bad of ["javascript:alert(1)", `wc:${topic}@1?bridge=x`, "https://example.com", ""]) {
      expect(() => mobileWalletLinks(bad)).toThrow(/pairing URI/);
    }
  });
});
