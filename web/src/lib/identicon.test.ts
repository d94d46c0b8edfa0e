import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { IDENTICON_GRID, identicon } from "./identicon.ts";

const address = (i: number) => `0x${keccak256(toHex(`account ${i}`)).slice(26)}`;

describe("identicon", () => {
  it("draws the same picture for the same address, whatever its case", () => {
    const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(identicon(a)).toEqual(identicon(a.toLowerCase()));
    expect(identicon(a)).toEqual(identicon(a));
  });

  it("draws different pictures for different addresses (1,000 of them, and vanity look-alikes)", () => {
    const seen = new Set<string>();
    const addresses = [
      ...Array.from({ length: 1000 }, (_, i) => address(i)),
      "0x0000000000000000000000000000000000000001",
      "0x0000000000000000000000000000000000000002",
    ];
    for (const a of addresses) seen.add(JSON.stringify(identicon(a)));
    expect(seen.size).toBe(addresses.length);
  });

  it("is left-right symmetric and stays inside the grid", () => {
    for (let i = 0; i < 50; i++) {
      const { cells } = identicon(address(i));
      const key = new Set(cells.map(([x, y]) => `${x},${y}`));
      for (const [x, y] of cells) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(IDENTICON_GRID);
        expect(key.has(`${IDENTICON_GRID - 1 - x},${y}`)).toBe(true);
      }
    }
  });

  it("draws exactly its cells as one path of row runs, a few hundred bytes", () => {
    for (let i = 0; i < 200; i++) {
      const { cells, path } = identicon(address(i));
      // Read the path back: each "Mx yhNv1h-Nz" fills N cells of row y from column x.
      const filled = new Set<string>();
      for (const [, x, y, n, back] of path.matchAll(/M(\d) (\d)h(\d)v1h-(\d)z/g)) {
        expect(back).toBe(n);
        for (let k = 0; k < Number(n); k++) {
          const cell = `${Number(x) + k},${y}`;
          expect(filled.has(cell)).toBe(false);
          filled.add(cell);
        }
      }
      expect(path.replace(/M\d \dh\dv1h-\dz/g, "")).toBe("");
      expect([...filled].sort()).toEqual(cells.map(([x, y]) => `${x},${y}`).sort());
      expect(path.length).toBeLessThan(300);
    }
    expect(identicon(address(1)).path.length).toBeGreaterThan(0);
  });
});
