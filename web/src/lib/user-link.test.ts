// The one rule for links that came from users or the chain: only https: (with a host) and ipfs:
// become an href, as written; every disguise of a script URL stays text; a raster data: image is
// a preview. The browser test (test/security.browser.test.ts) clicks the same list in chromium.
import { describe, expect, test } from "vitest";
import { hostileUris } from "../../test/data/hostile-uris.ts";
import { safeHref, userLink } from "./user-link.ts";

describe("safeHref", () => {
  test.each(hostileUris)("%s is not a link", (_name, uri) => {
    expect(safeHref(uri)).toBeNull();
    expect(userLink(uri).kind).toBe("text");
  });
  test.each([
    ["javascript: after a NUL", "\u0000javascript:alert(1)"],
    ["zero-width space in the scheme", "java\u200bscript:alert(1)"],
    ["https with no host", "https:/evil"],
    ["HTTPS in capitals", "HTTPS://example.com"],
    ["ipfs with nothing after it", "ipfs://"],
    ["a quote that would end the attribute", 'https://example.com/"onmouseover="alert(1)'],
    ["not a string", 42],
    ["empty", ""],
    ["too long", `https://example.com/${"a".repeat(3000)}`],
  ])("%s is not a link", (_name, uri) => {
    expect(safeHref(uri)).toBeNull();
  });
  test.each([
    "https://example.com/evidence?id=1#photo",
    "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/1.png",
  ])("%s is a link, exactly as written", (uri) => {
    expect(safeHref(uri)).toBe(uri);
    expect(userLink(uri)).toEqual({ kind: "link", href: uri, text: uri });
  });
  test("a raster data: image is a preview, never a link; an SVG or HTML data: URL is text", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    expect(userLink(png)).toEqual({ kind: "image", src: png, text: "data:image/png;base64,…" });
    expect(safeHref(png)).toBeNull();
    expect(userLink("data:image/svg+xml;base64,PHN2Zz4=").kind).toBe("text");
    expect(userLink("data:text/html;base64,PHNjcmlwdD4=").kind).toBe("text");
  });
  test("a data:text/plain note reads as its text (percent or base64 UTF-8); a broken one stays raw", () => {
    const text = "Crystal arrived cracked at 4 o'clock; стекло треснуло. <script>alert(1)</script>";
    expect(userLink(`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`)).toEqual({
      kind: "note",
      text,
    });
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    expect(userLink(`data:text/plain;base64,${base64}`)).toEqual({ kind: "note", text });
    expect(userLink("data:text/plain,%E0%A4%A")).toEqual({ kind: "text", text: "data:text/plain,%E0%A4%A" });
    expect(userLink("data:text/plain;base64,/w==").kind).toBe("text");
    expect(safeHref(`data:text/plain,${encodeURIComponent(text)}`)).toBeNull();
  });
});
