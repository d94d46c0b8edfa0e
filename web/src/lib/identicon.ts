/**
 * A face for an address that has none: a 7×7 mirrored pattern (28 free cells) in one of 360 hues
 * and 4 shades, from a hash of the whole lowercase address — so vanity addresses with the same
 * leading zeros still differ, and the same address always looks the same on every page. Drawn as
 * one inline SVG path by Identicon.svelte (no data: URL, the CSP stays strict): a rectangle per
 * run of filled cells in a row, about 200 bytes a face where a <rect> per cell took 2 KB, which a
 * bid history repeats on every line (120 bids made a 415 KB page, 82 % of it faces). The hash is a
 * small mixing function of our own, not keccak: a picture needs spread, not security, and the
 * browse page's first visit should not carry a crypto library for it.
 */
export interface IdenticonPicture {
  /** Filled cells as [column, row], each 0–6. */
  cells: [number, number][];
  /** The filled cells as an SVG path in grid units: one closed rectangle per run of cells in a row. */
  path: string;
  color: string;
  background: string;
}

export const IDENTICON_GRID = 7;

/** 16 well-mixed bytes of `text`: four seeded FNV-1a passes, each through murmur3's finaliser. */
export function pictureHash(text: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let round = 0; round < 4; round++) {
    let h = (0x811c9dc5 ^ Math.imul(round + 1, 0x9e3779b9)) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    for (let k = 0; k < 4; k++) out[round * 4 + k] = (h >>> (8 * k)) & 255;
  }
  return out;
}

export function identicon(address: string): IdenticonPicture {
  const bytes = pictureHash(address.toLowerCase());
  const bit = (n: number) => ((bytes[n >> 3] ?? 0) >> (n & 7)) & 1;
  const half = Math.ceil(IDENTICON_GRID / 2); // columns 0–3; 4–6 mirror 2–0
  const cells: [number, number][] = [];
  for (let row = 0; row < IDENTICON_GRID; row++) {
    for (let column = 0; column < half; column++) {
      if (!bit(row * half + column)) continue;
      cells.push([column, row]);
      const mirror = IDENTICON_GRID - 1 - column;
      if (mirror !== column) cells.push([mirror, row]);
    }
  }
  const hue = (((bytes[4] ?? 0) << 8) | (bytes[5] ?? 0)) % 360;
  const shade = (bytes[6] ?? 0) % 4;
  cells.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return {
    cells,
    path: runsPath(cells),
    color: `hsl(${hue} ${55 + shade * 10}% ${38 + shade * 4}%)`,
    background: `hsl(${hue} 40% 94%)`,
  };
}

/** Cells sorted by row then column, as rectangles of each row's runs: "M2 0h3v1h-3z…". */
function runsPath(cells: [number, number][]): string {
  let path = "";
  for (let i = 0; i < cells.length; ) {
    const [x, y] = cells[i] as [number, number];
    let length = 1;
    while (cells[i + length]?.[1] === y && cells[i + length]?.[0] === x + length) length++;
    path += `M${x} ${y}h${length}v1h-${length}z`;
    i += length;
  }
  return path;
}
