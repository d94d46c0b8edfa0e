// The WalletConnect pairing link's QR code (uqr, level M), checked by a real decoder: each code is
// drawn to an image and read back with zbarimg (Debian's zbar-tools). Lengths cover small
// symbols, several error-correction blocks and the version-information area (version ≥ 7).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { qrMatrix } from "../src/lib/wallet/qr.ts";

const dir = mkdtempSync(join(tmpdir(), "gavel-qr-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const hasZbar = spawnSync("zbarimg", ["--version"]).status === 0;

/** The matrix as a binary PGM image: 4 pixels a module, a quiet zone of 4 modules. */
function toPgm(matrix: boolean[][], scale = 4, margin = 4): Buffer {
  const side = (matrix.length + 2 * margin) * scale;
  const pixels = Buffer.alloc(side * side, 255);
  matrix.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++)
          pixels[((y + margin) * scale + dy) * side + (x + margin) * scale + dx] = 0;
    });
  });
  return Buffer.concat([Buffer.from(`P5\n${side} ${side}\n255\n`), pixels]);
}

function decode(matrix: boolean[][], name: string): string {
  const file = join(dir, `${name}.pgm`);
  writeFileSync(file, toPgm(matrix));
  const run = spawnSync("zbarimg", ["--quiet", "--raw", "-Sbinary", file], { encoding: "utf8" });
  assert.equal(run.status, 0, `zbarimg could not read ${name}: ${run.stderr}`);
  return run.stdout.replace(/\n$/, "");
}

const pairing =
  "wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303&expiryTimestamp=1764000300";

test("QR codes read back exactly, from one character to a long pairing link", {
  skip: !hasZbar && "zbarimg is not installed (apt-get install zbar-tools)",
}, () => {
  const texts = [
    "a",
    "Gavel",
    "https://gavel.example/auction/42",
    pairing,
    `${pairing}&methods=wc_sessionAuthenticate`,
    "Ünïcödé — Аукцион ✓".repeat(3),
    "x".repeat(400),
    "0123456789".repeat(120),
  ];
  for (const [i, text] of texts.entries()) {
    const matrix = qrMatrix(text);
    assert.equal(matrix.length % 4, 1, "a QR symbol is 4·version + 17 modules wide");
    assert.equal(decode(matrix, `code-${i}`), text);
  }
});

test("the symbol grows with the text, and text beyond version 40 is refused", () => {
  assert.equal(qrMatrix("a").length, 21, "version 1");
  assert.ok(qrMatrix(pairing).length > 21);
  assert.throws(() => qrMatrix("x".repeat(3000)), /too long/);
});
