/** What the demo sells: each item's title, description and picture, and the Sell form's terms. */
import { type ArtKind, hex, type Palette } from "../lib/demo-art.ts";

export interface Item {
  title: string;
  description: string;
  art: ArtKind;
  palette: Palette;
}

const pal = (sky: string, floor: string, main: string, second: string, accent: string): Palette => ({
  sky: hex(sky),
  floor: hex(floor),
  main: hex(main),
  second: hex(second),
  accent: hex(accent),
});

export const ITEMS = {
  leica: {
    title: "Leica M6 (1986), serviced, with Summicron 50mm f/2",
    description:
      "Black chrome M6 from 1986, CLA'd in March by a Leica technician: shutter speeds checked, rangefinder aligned, light meter accurate. Comes with a Summicron 50mm f/2 (v4, clean glass, no haze), the original strap and a half case. Shipped insured, double-boxed.",
    art: "camera",
    palette: pal("#f3eee7", "#d8cfc2", "#2f3337", "#6b5a4a", "#c0392b"),
  },
  canon: {
    title: "Canon AE-1 Program with FD 50mm f/1.8",
    description:
      "The classic first film camera. Shutter squeal fixed, new light seals, fresh battery. The FD 50mm f/1.8 is sharp and clean. A test roll of Portra 400 came out perfect — scans on request.",
    art: "camera",
    palette: pal("#eef3f6", "#cfd9e0", "#d9d9d4", "#2b2b2b", "#3d6e9c"),
  },
  hasselblad: {
    title: "Hasselblad 500C/M with Planar 80mm f/2.8",
    description:
      "Medium-format workhorse with an A12 back and waist-level finder. The Planar 80mm is crisp wide open. Light wear on the chrome, mechanics smooth, timing checked. A joy to shoot.",
    art: "camera",
    palette: pal("#f1f1ee", "#d3d3cc", "#c9c9c3", "#1f1f22", "#6d8fa8"),
  },
  walkman: {
    title: "Sony Walkman WM-2, recapped, new belts",
    description:
      "Red WM-2 from 1982, fully recapped with new belts and pinch roller; plays at correct speed. Includes the original leather case and a Maxell UR-60 with an 80s mixtape.",
    art: "cassette",
    palette: pal("#fbefe9", "#e6d2c6", "#b3322c", "#3a3a40", "#f2b441"),
  },
  technics: {
    title: "Technics SL-1200MK2 turntable (1989)",
    description:
      "The DJ standard. Pitch control smooth, tonearm bearings tight, new feet. Comes with an Ortofon Concorde cartridge and the dust cover (small scratch).",
    art: "turntable",
    palette: pal("#eceff1", "#cdd3d8", "#a9adb2", "#2e3033", "#d35400"),
  },
  keyboard: {
    title: "Custom 65% mechanical keyboard, lubed linears",
    description:
      "Aluminium 65% case, brass plate, hand-lubed linear switches, PBT keycaps, USB-C. QMK/VIA programmable. Typed on for a month; I just have too many boards.",
    art: "keyboard",
    palette: pal("#eef0f5", "#cfd3df", "#5c6b8a", "#e8e6df", "#e07a5f"),
  },
  woodblock: {
    title: "Woodblock print 'Evening at the Pass', 23/50",
    description:
      "Hand-pulled woodblock print on kozo paper, seven colour blocks, signed and numbered 23/50. Image 30 × 30 cm, shipped flat between boards. Frame not included.",
    art: "print",
    palette: pal("#f4efe6", "#d9cfbf", "#344456", "#4b3a2f", "#c8553d"),
  },
  seiko: {
    title: "Seiko 6139 'Pogue' chronograph (1973)",
    description:
      "Yellow-dial 6139-6002, the watch that went to space. Serviced last year, chronograph resets to twelve, day-date quickset works. Original bracelet stretched a little.",
    art: "watch",
    palette: pal("#f5f2e8", "#ddd6c2", "#8e9aa6", "#5b5b5b", "#e1b12c"),
  },
  rolex: {
    title: "Rolex Datejust 16234 (1991), serviced 2024",
    description:
      "Silver stick dial, fluted white-gold bezel, Jubilee bracelet. Full service in 2024 with papers from the watchmaker. Box not original. Keeps +2 s a day.",
    art: "watch",
    palette: pal("#eef2ee", "#cfd8cf", "#9aa3a8", "#6d6d6d", "#1e6f5c"),
  },
  omega: {
    title: "Omega Speedmaster Professional 1969, box and papers",
    description:
      "Calibre 861 Moonwatch with step dial, original box, papers and the 1039 bracelet. Honest wear, never polished. Sealed bids, second price: bid what it is worth to you.",
    art: "watch",
    palette: pal("#eceef2", "#cbd0d9", "#2d2f36", "#3a3a3a", "#d0d3d9"),
  },
  coffee: {
    title: "Ethiopia Guji natural, 1 kg, roasted to order",
    description:
      "Blueberry, jasmine and dark chocolate. Roasted the day your round closes and shipped the next morning. A new bag goes up every time a round settles — twelve bags in this batch.",
    art: "coffee",
    palette: pal("#f6efe8", "#e0d2c3", "#7a4e2d", "#3b2416", "#d98e04"),
  },
  strat: {
    title: "Fender Stratocaster 1979, natural ash, hard case",
    description:
      "Heavy ash body, maple neck, original pickups that quack in positions 2 and 4. Refretted in 2019. Plays beautifully; the hard case has seen some tours. Last minutes — bids in the final five minutes extend the auction.",
    art: "guitar",
    palette: pal("#f4efe4", "#dccfb9", "#d8b98a", "#6e4b2a", "#b03a2e"),
  },
  ceramics: {
    title: "Hand-thrown stoneware dinner set, 12 pieces",
    description:
      "Four dinner plates, four side plates and four bowls, wheel-thrown and glazed in speckled oat with a rust rim. Dishwasher safe. Made in my studio to order; each set is slightly different.",
    art: "ceramics",
    palette: pal("#f3efe9", "#dcd3c6", "#e9e2d4", "#c4a484", "#a0522d"),
  },
  bike: {
    title: "Steel road bike, Columbus SL tubing, Campagnolo",
    description:
      "56 cm lugged steel frame from the late 80s, Campagnolo Chorus groupset, new tyres and bar tape. Rides like a dream. Pick-up preferred; shipping at cost.",
    art: "bicycle",
    palette: pal("#edf3f0", "#cddbd4", "#1f6f8b", "#2b2b2b", "#e9c46a"),
  },
  aeron: {
    title: "Herman Miller Aeron, size B, fully loaded",
    description:
      "Graphite frame, PostureFit SL, adjustable arms, tilt limiter. Mesh perfect, no tears. The price drops every minute until someone takes it.",
    art: "chair",
    palette: pal("#eef0f2", "#d0d5da", "#3c4043", "#6c757d", "#2a9d8f"),
  },
  lamp: {
    title: "Artemide Tolomeo desk lamp, aluminium",
    description:
      "The Italian classic, balanced arm that stays where you put it. Clamp and base both included, new E27 socket. Falling price: buy it when it is right for you.",
    art: "lamp",
    palette: pal("#f4f1ea", "#ddd6c8", "#9ea3a8", "#c7ccd1", "#e76f51"),
  },
} satisfies Record<string, Item>;
export type ItemKey = keyof typeof ITEMS;

/** What the Sell form would have said for a listing (the metadata route checks the same schema). */
export interface FormTerms {
  format: "english" | "dutch" | "sealed" | "rolling";
  startPrice: string;
  reservePrice?: string;
  durationMinutes: number;
}

/** Each item's seller and the terms they give on the Sell form. */
export const TERMS: Record<ItemKey, FormTerms & { seller: number }> = {
  leica: {
    seller: 1,
    format: "english",
    startPrice: "900",
    reservePrice: "1200",
    durationMinutes: 3 * 1440,
  },
  canon: { seller: 1, format: "english", startPrice: "120", durationMinutes: 5 },
  hasselblad: {
    seller: 1,
    format: "english",
    startPrice: "1100",
    reservePrice: "1300",
    durationMinutes: 5,
  },
  walkman: { seller: 2, format: "english", startPrice: "90", durationMinutes: 5 },
  technics: { seller: 2, format: "english", startPrice: "450", durationMinutes: 5 },
  seiko: { seller: 2, format: "sealed", startPrice: "400", durationMinutes: 5 },
  rolex: { seller: 2, format: "sealed", startPrice: "2500", durationMinutes: 2 * 1440 },
  omega: { seller: 2, format: "sealed", startPrice: "3000", durationMinutes: 3 * 1440 },
  woodblock: { seller: 3, format: "dutch", startPrice: "260", durationMinutes: 1440 },
  coffee: { seller: 3, format: "rolling", startPrice: "28", durationMinutes: 5 },
  ceramics: { seller: 3, format: "english", startPrice: "180", durationMinutes: 5 * 1440 },
  lamp: { seller: 3, format: "dutch", startPrice: "320", durationMinutes: 2 * 1440 },
  keyboard: { seller: 4, format: "english", startPrice: "160", durationMinutes: 5 },
  strat: { seller: 4, format: "english", startPrice: "600", durationMinutes: 20 },
  bike: { seller: 4, format: "english", startPrice: "700", reservePrice: "850", durationMinutes: 4 * 1440 },
  aeron: { seller: 4, format: "dutch", startPrice: "900", durationMinutes: 3 * 1440 },
};
