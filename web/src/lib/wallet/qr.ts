/**
 * The QR code of a WalletConnect pairing link, drawn as one SVG path. The encoding (ISO/IEC 18004)
 * is `uqr`'s: error correction level M (about 15 % of the symbol can be lost), the smallest version
 * the text fits, and the mask with the lowest penalty. Loaded only with WalletConnect.
 */
import { encode } from "uqr";

/**
 * The QR code of `text` (UTF-8) as rows of modules, `true` = dark, without the quiet zone (leave
 * four light modules around it). Throws if the text is longer than version 40-M holds.
 */
export function qrMatrix(text: string): boolean[][] {
  try {
    return encode(text, { ecc: "M", boostEcc: false, border: 0 }).data;
  } catch (error) {
    if (error instanceof RangeError) throw new Error("too long for a QR code", { cause: error });
    throw error;
  }
}

/** An SVG path (`d`) drawing the dark modules, offset by a quiet zone of `margin` modules. */
export function qrPath(matrix: boolean[][], margin = 4): string {
  let d = "";
  matrix.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x + margin} ${y + margin}h1v1h-1z`;
    });
  });
  return d;
}
