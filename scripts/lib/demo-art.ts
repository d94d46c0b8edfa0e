// Long on purpose: the demo listings' generated pictures (one small drawing per item), data more than logic.
// Small product pictures for the demo seed, drawn in code and encoded as PNG (no downloaded
// assets). Each picture is a soft studio background with a flat, anti-aliased illustration of
// the item built from signed-distance shapes. Deterministic: the same kind and palette always
// give the same bytes, so the content-addressed media store keeps one copy.
import { crc32, deflateSync } from "node:zlib";

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];
/** Signed distance from a pixel centre to a shape's edge: negative inside. */
type Sdf = (x: number, y: number) => number;

export const ART_KINDS = [
  "camera",
  "watch",
  "guitar",
  "turntable",
  "cassette",
  "keyboard",
  "chair",
  "print",
  "coffee",
  "ceramics",
  "bicycle",
  "lamp",
] as const;
export type ArtKind = (typeof ART_KINDS)[number];

export interface Palette {
  /** Background top and bottom. */
  sky: Rgb;
  floor: Rgb;
  /** Main body, secondary parts, details. */
  main: Rgb;
  second: Rgb;
  accent: Rgb;
}

export const hex = (value: string): Rgb => {
  const n = Number.parseInt(value.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

class Canvas {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float32Array;
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.pixels = new Float32Array(width * height * 3);
  }

  background(top: Rgb, bottom: Rgb) {
    for (let y = 0; y < this.height; y++) {
      const t = y / (this.height - 1);
      for (let x = 0; x < this.width; x++) {
        // A faint vignette keeps the middle bright.
        const dx = x / this.width - 0.5;
        const shade = 1 - 0.18 * dx * dx;
        const i = (y * this.width + x) * 3;
        for (let c = 0; c < 3; c++) {
          this.pixels[i + c] = ((top[c] ?? 0) * (1 - t) + (bottom[c] ?? 0) * t) * shade;
        }
      }
    }
  }

  /** Blends `colour` wherever `sdf` is inside, with a one-pixel anti-aliased edge. */
  fill(sdf: Sdf, colour: Rgb, box: [number, number, number, number], opacity = 1, softness = 1) {
    const [x0, y0, x1, y1] = box;
    for (
      let y = Math.max(0, Math.floor(y0 - softness - 1));
      y < Math.min(this.height, y1 + softness + 1);
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(x0 - softness - 1));
        x < Math.min(this.width, x1 + softness + 1);
        x++
      ) {
        const d = sdf(x + 0.5, y + 0.5);
        const coverage = Math.min(1, Math.max(0, 0.5 - d / softness)) * opacity;
        if (coverage <= 0) continue;
        const i = (y * this.width + x) * 3;
        for (let c = 0; c < 3; c++) {
          const current = this.pixels[i + c] ?? 0;
          this.pixels[i + c] = current + ((colour[c] ?? 0) - current) * coverage;
        }
      }
    }
  }

  circle(cx: number, cy: number, r: number, colour: Rgb, opacity = 1) {
    this.fill((x, y) => Math.hypot(x - cx, y - cy) - r, colour, [cx - r, cy - r, cx + r, cy + r], opacity);
  }

  ring(cx: number, cy: number, r: number, width: number, colour: Rgb) {
    const o = r + width;
    this.fill((x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2, colour, [
      cx - o,
      cy - o,
      cx + o,
      cy + o,
    ]);
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, colour: Rgb, opacity = 1, softness = 1) {
    // Not an exact distance, but close enough for soft shadows and plates.
    const k = Math.min(rx, ry);
    this.fill(
      (x, y) => (Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * k,
      colour,
      [cx - rx, cy - ry, cx + rx, cy + ry],
      opacity,
      softness,
    );
  }

  rect(x: number, y: number, w: number, h: number, colour: Rgb, radius = 0) {
    const cx = x + w / 2;
    const cy = y + h / 2;
    const hx = w / 2 - radius;
    const hy = h / 2 - radius;
    this.fill(
      (px, py) => {
        const qx = Math.abs(px - cx) - hx;
        const qy = Math.abs(py - cy) - hy;
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
      },
      colour,
      [x, y, x + w, y + h],
    );
  }

  /** A thick line with round caps. */
  line(a: Point, b: Point, width: number, colour: Rgb) {
    const [ax, ay] = a;
    const [bx, by] = b;
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy || 1;
    this.fill(
      (x, y) => {
        const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / length2));
        return Math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2;
      },
      colour,
      [
        Math.min(ax, bx) - width,
        Math.min(ay, by) - width,
        Math.max(ax, bx) + width,
        Math.max(ay, by) + width,
      ],
    );
  }

  polygon(points: Point[], colour: Rgb) {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.fill(
      (x, y) => {
        let d = Number.POSITIVE_INFINITY;
        let inside = false;
        for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
          const [xi, yi] = points[i] as Point;
          const [xj, yj] = points[j] as Point;
          const ex = xj - xi;
          const ey = yj - yi;
          const t = Math.min(1, Math.max(0, ((x - xi) * ex + (y - yi) * ey) / (ex * ex + ey * ey || 1)));
          d = Math.min(d, Math.hypot(x - xi - t * ex, y - yi - t * ey));
          if (yi > y !== yj > y && x < (ex * (y - yi)) / (ey || 1e-9) + xi) inside = !inside;
        }
        return inside ? -d : d;
      },
      colour,
      [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    );
  }

  /** A soft contact shadow on the "table". */
  shadow(cx: number, cy: number, rx: number, ry: number) {
    this.ellipse(cx, cy, rx, ry, [0, 0, 0], 0.16, 14);
  }

  png(): Uint8Array {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      const row = y * (this.width * 3 + 1);
      raw[row] = 0; // filter: none
      for (let i = 0; i < this.width * 3; i++) {
        raw[row + 1 + i] = Math.round(Math.min(255, Math.max(0, this.pixels[y * this.width * 3 + i] ?? 0)));
      }
    }
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
      return out;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // colour type: RGB
    return new Uint8Array(
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", header),
        chunk("IDAT", deflateSync(raw, { level: 9 })),
        chunk("IEND", Buffer.alloc(0)),
      ]),
    );
  }
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];
const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [34, 34, 40];

const drawings: Record<ArtKind, (c: Canvas, p: Palette) => void> = {
  camera(c, p) {
    c.shadow(240, 276, 150, 18);
    c.rect(96, 118, 288, 150, p.main, 18);
    c.rect(96, 150, 288, 86, p.second, 4); // leatherette band
    c.rect(130, 96, 70, 30, p.main, 8); // top plate
    c.rect(300, 100, 44, 22, mix(p.main, INK, 0.4), 6); // shutter dial
    c.circle(240, 196, 66, mix(p.main, INK, 0.55));
    c.circle(240, 196, 50, INK);
    c.ring(240, 196, 40, 4, mix(p.accent, WHITE, 0.2));
    c.circle(240, 196, 26, mix(p.accent, INK, 0.6));
    c.circle(226, 182, 9, WHITE, 0.7);
    c.rect(318, 136, 40, 22, mix(p.accent, WHITE, 0.5), 5); // viewfinder window
  },
  watch(c, p) {
    c.shadow(240, 300, 110, 14);
    c.rect(200, 30, 80, 120, p.second, 18); // strap
    c.rect(200, 210, 80, 110, p.second, 18);
    c.circle(240, 180, 96, mix(p.main, INK, 0.25));
    c.circle(240, 180, 86, p.main);
    c.circle(240, 180, 74, mix(p.accent, WHITE, 0.85));
    for (let h = 0; h < 12; h++) {
      const a = (h / 12) * Math.PI * 2;
      const r1 = h % 3 === 0 ? 54 : 60;
      c.line(
        [240 + Math.sin(a) * r1, 180 - Math.cos(a) * r1],
        [240 + Math.sin(a) * 66, 180 - Math.cos(a) * 66],
        h % 3 === 0 ? 6 : 3,
        INK,
      );
    }
    c.circle(212, 196, 14, mix(p.accent, WHITE, 0.5)); // sub-dials
    c.circle(268, 196, 14, mix(p.accent, WHITE, 0.5));
    c.line([240, 180], [240, 130], 6, INK);
    c.line([240, 180], [282, 160], 4, INK);
    c.line([240, 180], [214, 226], 2, p.accent);
    c.circle(240, 180, 6, p.accent);
    c.rect(330, 168, 18, 24, p.main, 4); // crown
  },
  guitar(c, p) {
    c.shadow(240, 330, 130, 14);
    c.line([240, 200], [372, 40], 26, mix(p.second, INK, 0.2)); // neck
    for (let f = 1; f < 9; f++) {
      const t = f / 10;
      c.line(
        [240 + 132 * t - 9, 200 - 160 * t - 8],
        [240 + 132 * t + 9, 200 - 160 * t + 8],
        2,
        mix(p.accent, WHITE, 0.6),
      );
    }
    c.rect(352, 12, 52, 44, mix(p.second, INK, 0.3), 12); // headstock
    c.circle(200, 262, 78, p.main);
    c.circle(262, 214, 60, p.main);
    c.ellipse(206, 252, 44, 30, mix(p.main, WHITE, 0.7)); // pickguard
    c.rect(180, 230, 40, 10, INK, 3); // pickups
    c.rect(206, 208, 40, 10, INK, 3);
    c.rect(156, 262, 46, 12, mix(p.accent, INK, 0.3), 3); // bridge
    c.circle(156, 300, 8, mix(p.accent, WHITE, 0.3)); // knobs
    c.circle(180, 312, 8, mix(p.accent, WHITE, 0.3));
  },
  turntable(c, p) {
    c.shadow(240, 312, 190, 16);
    c.rect(56, 84, 368, 220, p.main, 16);
    c.circle(200, 194, 96, mix(p.main, INK, 0.5));
    c.circle(200, 194, 90, INK);
    for (let r = 30; r < 88; r += 10) c.ring(200, 194, r, 1.2, [70, 70, 78]);
    c.circle(200, 194, 26, p.accent);
    c.circle(200, 194, 4, WHITE);
    c.circle(364, 120, 22, p.second);
    c.line([364, 120], [356, 250], 7, mix(p.second, WHITE, 0.3)); // tonearm
    c.line([356, 250], [318, 270], 7, mix(p.second, WHITE, 0.3));
    c.rect(300, 262, 30, 18, p.second, 3);
    c.rect(84, 270, 34, 18, mix(p.accent, WHITE, 0.4), 4); // start/stop
  },
  cassette(c, p) {
    c.shadow(240, 296, 170, 16);
    c.rect(70, 70, 340, 220, p.main, 20); // player
    c.rect(100, 96, 280, 160, mix(p.second, WHITE, 0.2), 12); // cassette window
    c.rect(130, 120, 220, 70, mix(p.accent, WHITE, 0.6), 8); // label
    c.circle(190, 210, 26, INK);
    c.circle(290, 210, 26, INK);
    c.ring(190, 210, 12, 5, WHITE);
    c.ring(290, 210, 12, 5, WHITE);
    c.rect(160, 236, 160, 14, mix(p.second, INK, 0.4), 4);
    for (let b = 0; b < 4; b++) c.rect(112 + b * 66, 44, 52, 30, mix(p.main, INK, 0.3), 6); // buttons
  },
  keyboard(c, p) {
    c.shadow(240, 296, 200, 16);
    c.rect(40, 116, 400, 170, mix(p.main, INK, 0.3), 18);
    c.rect(52, 126, 376, 150, p.main, 12);
    const keys = [14, 14, 13, 12];
    for (let row = 0; row < 4; row++) {
      const count = keys[row] ?? 12;
      const width = (356 - (count - 1) * 4) / count;
      for (let k = 0; k < count; k++) {
        const colour = (row === 0 && k === 0) || (row === 3 && k === count - 1) ? p.accent : p.second;
        c.rect(62 + k * (width + 4), 136 + row * 34, width, 28, colour, 5);
      }
    }
  },
  chair(c, p) {
    c.shadow(240, 328, 140, 14);
    c.rect(150, 40, 180, 150, mix(p.main, INK, 0.2), 40); // back frame
    c.rect(164, 52, 152, 126, p.second, 32); // mesh
    for (let x = 176; x < 310; x += 12) c.line([x, 60], [x, 170], 1.5, mix(p.second, INK, 0.25));
    c.rect(140, 190, 200, 40, p.main, 18); // seat
    c.line([240, 230], [240, 290], 16, mix(p.accent, INK, 0.3)); // gas lift
    for (const dx of [-110, -55, 55, 110]) {
      c.line([240, 292], [240 + dx, 312], 12, INK);
      c.circle(240 + dx, 318, 9, INK);
    }
    c.line([144, 150], [120, 196], 12, p.main); // arms
    c.line([336, 150], [360, 196], 12, p.main);
  },
  print(c, p) {
    c.shadow(240, 330, 150, 12);
    c.rect(90, 30, 300, 300, mix(p.second, INK, 0.6), 6); // frame
    c.rect(110, 50, 260, 260, [246, 240, 226], 2); // paper
    c.rect(130, 70, 220, 220, mix(p.accent, WHITE, 0.75)); // sky
    c.circle(300, 120, 26, p.accent); // sun
    c.polygon(
      [
        [130, 250],
        [200, 130],
        [236, 180],
        [270, 140],
        [350, 250],
      ],
      p.main,
    );
    c.polygon(
      [
        [186, 154],
        [200, 130],
        [214, 154],
      ],
      WHITE,
    );
    c.rect(130, 240, 220, 50, mix(p.main, INK, 0.35));
    for (let i = 0; i < 5; i++) c.line([140 + i * 44, 262], [170 + i * 44, 262], 4, mix(p.main, WHITE, 0.5));
    c.rect(320, 296, 26, 10, [186, 40, 40], 2); // seal
  },
  coffee(c, p) {
    c.shadow(240, 320, 120, 14);
    c.polygon(
      [
        [160, 80],
        [320, 80],
        [340, 316],
        [140, 316],
      ],
      p.main,
    );
    c.rect(156, 60, 168, 32, mix(p.main, INK, 0.25), 6); // folded top
    c.circle(240, 200, 52, mix(p.accent, WHITE, 0.8)); // label
    c.ring(240, 200, 44, 3, p.accent);
    c.ellipse(226, 200, 12, 18, p.second); // bean
    c.ellipse(254, 200, 12, 18, p.second);
    c.line([226, 186], [226, 214], 2, mix(p.accent, WHITE, 0.8));
    c.line([254, 186], [254, 214], 2, mix(p.accent, WHITE, 0.8));
    for (const [x, y] of [
      [96, 300],
      [120, 314],
      [372, 306],
      [392, 292],
    ] as const)
      c.ellipse(x, y, 10, 14, p.second);
  },
  ceramics(c, p) {
    c.shadow(240, 318, 190, 14);
    for (const [i, cx] of [120, 240, 360].entries()) {
      c.ellipse(cx, 286 - i * 4, 88, 24, mix(p.main, INK, 0.2)); // plates
      c.ellipse(cx, 280 - i * 4, 82, 20, p.main);
      c.ellipse(cx, 280 - i * 4, 52, 12, mix(p.main, WHITE, 0.25));
    }
    c.polygon(
      [
        [160, 150],
        [320, 150],
        [292, 250],
        [188, 250],
      ],
      p.second,
    ); // bowl
    c.ellipse(240, 150, 80, 18, mix(p.second, INK, 0.3));
    c.ellipse(240, 150, 72, 13, mix(p.second, WHITE, 0.35));
    c.line([172, 190], [308, 190], 5, p.accent);
  },
  bicycle(c, p) {
    c.shadow(240, 318, 200, 12);
    for (const x of [130, 350]) {
      c.ring(x, 250, 70, 10, INK);
      c.ring(x, 250, 58, 2, mix(p.second, WHITE, 0.4));
      c.circle(x, 250, 8, p.second);
    }
    const frame = p.main;
    c.line([130, 250], [220, 250], 9, frame);
    c.line([220, 250], [190, 150], 9, frame);
    c.line([190, 150], [310, 150], 9, frame);
    c.line([310, 150], [220, 250], 9, frame);
    c.line([130, 250], [190, 150], 9, frame);
    c.line([310, 150], [350, 250], 9, frame);
    c.line([300, 124], [316, 160], 9, frame);
    c.line([290, 120], [330, 112], 8, INK); // bars
    c.rect(168, 130, 50, 12, INK, 6); // saddle
    c.circle(220, 250, 14, p.accent);
  },
  lamp(c, p) {
    c.shadow(240, 324, 110, 12);
    c.rect(170, 300, 140, 20, p.main, 8); // base
    c.line([240, 304], [200, 180], 10, p.main);
    c.line([200, 180], [290, 90], 10, p.main);
    c.circle(200, 180, 10, p.accent);
    c.polygon(
      [
        [266, 60],
        [346, 92],
        [330, 150],
        [250, 118],
      ],
      p.second,
    );
    c.ellipse(300, 150, 60, 60, [255, 236, 170], 0.25, 30); // glow
  },
};

/** A 480 × 360 PNG of `kind` in `palette`. */
export function drawProduct(kind: ArtKind, palette: Palette): Uint8Array {
  const canvas = new Canvas(480, 360);
  canvas.background(palette.sky, palette.floor);
  drawings[kind](canvas, palette);
  return canvas.png();
}
