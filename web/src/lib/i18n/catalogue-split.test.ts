// The catalogue's two parts (see index.ts): the browse page loads only `core` in the browser, so
// every key its code can show — the layout, the page, the error page and what they import, the
// wallet sign-in they open with a dynamic import included — must be in the core part, and both
// languages must split the same keys the same way.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test, vi } from "vitest";
import enCore from "./en.core.json" with { type: "json" };
import enPages from "./en.pages.json" with { type: "json" };
import ruCore from "./ru.core.json" with { type: "json" };
import ruPages from "./ru.pages.json" with { type: "json" };

const src = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const browseRoots = [
  "routes/+layout.svelte",
  "routes/+layout.ts",
  "routes/+page.svelte",
  "routes/+error.svelte",
];
const allKeys = [...Object.keys(enCore), ...Object.keys(enPages)];

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("#lib/")
    ? `${src}/lib/${specifier.slice(5)}`
    : specifier.startsWith(".")
      ? resolve(dirname(from), specifier)
      : null;
  if (!base || base.endsWith(".json")) return null;
  return [base, `${base}.ts`].find((path) => existsSync(path)) ?? null;
}

/** The source files the browse page's browser code is built from (static and dynamic imports). */
function browseModules(): string[] {
  const seen = new Set<string>();
  const queue = browseRoots.map((root) => `${src}/${root}`);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(
      /(?:^import\s+(type\s+)?[^"';]*?from\s+|import\s*\(\s*|^import\s+)["']([^"']+)["']/gm,
    )) {
      if (match[1]) continue; // types only: no code, no text
      const next = resolveImport(file, match[2] as string);
      if (next) queue.push(next);
    }
  }
  return [...seen];
}

/** Keys a file can show: quoted keys, and every key under a `prefix.${…}` template. */
function keysIn(text: string): Set<string> {
  const used = new Set<string>();
  for (const [, word] of text.matchAll(/["'`]([a-zA-Z][\w.]*)["'`]/g))
    if (word && allKeys.includes(word)) used.add(word);
  for (const [, prefix] of text.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g))
    for (const key of allKeys) if (prefix && key.startsWith(prefix)) used.add(key);
  return used;
}

describe("the catalogue's parts", () => {
  test("every key the browse page's code can show is in the core part", () => {
    const modules = browseModules();
    // The walk found the page, its cards and the wallet sign-in it opens lazily.
    for (const name of [
      "routes/+page.svelte",
      "lib/components/AuctionCard.svelte",
      "lib/wallet/WalletDialog.svelte",
    ])
      expect(modules).toContain(`${src}/${name}`);
    const outside = modules.flatMap((file) =>
      [...keysIn(readFileSync(file, "utf8"))]
        .filter((key) => !(key in enCore))
        .map((key) => `${key} (${file.slice(src.length + 1)}): move it to en.core.json and ru.core.json`),
    );
    expect(outside).toEqual([]);
  });

  test("a key is in one part only, and Russian splits exactly the keys English does", () => {
    expect(Object.keys(enCore).filter((key) => key in enPages)).toEqual([]);
    expect(Object.keys(ruCore).sort()).toEqual(Object.keys(enCore).sort());
    expect(Object.keys(ruPages).sort()).toEqual(Object.keys(enPages).sort());
  });

  test("the core part is small next to the rest (what a first visit downloads)", () => {
    const size = (catalogue: object) => JSON.stringify(catalogue).length;
    expect(size(enCore)).toBeLessThan(size(enPages) / 4);
  });

  test("a page loads the parts it needs: core first, the pages part once, Russian on demand", async () => {
    vi.resetModules(); // a fresh i18n module, as a browser starts one (the setup loaded everything)
    const i18n = await import("./index.ts");
    expect(i18n.translate("en", "nav.browse")).toBe(enCore["nav.browse"]);
    // Not loaded yet: the key itself, never a crash.
    expect(i18n.translate("en", "sell.title")).toBe("sell.title");
    expect(() => i18n.translate("ru", "nav.browse")).toThrow(/ru catalogue is not loaded/);
    await i18n.loadCatalogue("ru", ["core"]);
    expect(i18n.translate("ru", "nav.browse")).toBe(ruCore["nav.browse"]);
    await Promise.all([i18n.loadCatalogue("en"), i18n.loadCatalogue("en"), i18n.loadCatalogue("ru")]);
    expect(i18n.translate("en", "sell.title")).toBe(enPages["sell.title"]);
    expect(i18n.translate("ru", "sell.title")).toBe(ruPages["sell.title"]);
  });
});
