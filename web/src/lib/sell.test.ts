// The sell form's schema for every format: each of the contracts' limits accepted exactly at the
// limit and refused one unit past it, with the field named; the bounds read from the Solidity
// sources themselves so they cannot drift; and the createAuction arguments built from a form.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  bounds,
  fieldErrors,
  listingArgs,
  MINING_SLACK_SECONDS,
  type SellForm,
  type SellInput,
  sellSchema,
} from "./sell.ts";

const deal = { title: "Brass telescope", shipHours: "24", confirmDays: "3", disputeHours: "24" };
const valid = {
  english: {
    format: "english",
    ...deal,
    startPrice: "5",
    durationMinutes: "60",
    minIncrementPercent: "5",
    extensionMinutes: "0",
    maxExtensions: "0",
  },
  dutch: {
    format: "dutch",
    ...deal,
    startPrice: "100",
    floorPrice: "40",
    durationMinutes: "60",
    decayMinutes: "",
  },
  sealed: {
    format: "sealed",
    ...deal,
    reservePrice: "10",
    pricing: "second",
    commitMinutes: "60",
    revealHours: "24",
    penaltyPercent: "10",
  },
  rolling: {
    format: "rolling",
    ...deal,
    startPrice: "5",
    units: "10",
    roundMinutes: "60",
    minIncrementPercent: "5",
    extensionMinutes: "0",
    maxExtensions: "0",
  },
} as const;
type Format = keyof typeof valid;

/** The fields the schema refuses, each with its message key; {} when the form is accepted. */
function problems(form: Record<string, unknown>): Record<string, string> {
  const result = sellSchema.safeParse(form);
  return result.success ? {} : fieldErrors(result.error);
}

/** [field, accepted at the limit, refused one unit past it, message key] (plus changed fields). */
type Edge = [field: string, atLimit: unknown, past: unknown, message: string, also?: Record<string, unknown>];

const common: Edge[] = [
  ["title", "a".repeat(64), "a".repeat(65), "sell.error.title"],
  ["title", "é".repeat(32), `${"é".repeat(32)}a`, "sell.error.title"], // 64 vs 65 bytes of UTF-8
  ["title", "a", "   ", "sell.error.title"],
  ["description", "d".repeat(5000), "d".repeat(5001), "sell.error.description"],
  ["images", Array(8).fill("ab".repeat(32)), Array(9).fill("ab".repeat(32)), "sell.error.images"],
  ["shipHours", "1", "0", "sell.error.ship"],
  ["shipHours", "1440", "1441", "sell.error.ship"],
  ["confirmDays", "3", "2", "sell.error.confirm"],
  ["confirmDays", "60", "61", "sell.error.confirm"],
  ["disputeHours", "1", "0", "sell.error.dispute"],
  ["disputeHours", "72", "73", "sell.error.dispute"], // ≤ the confirmation time (3 days)
  ["disputeHours", "1440", "1441", "sell.error.dispute", { confirmDays: "60" }],
];
const englishLike: Edge[] = [
  ["startPrice", "1", "0.999999", "sell.error.startPrice"],
  ["reservePrice", "5", "4.999999", "sell.error.reserve"], // at least the starting price (5)
  ["minIncrementPercent", "1", "0", "sell.error.increment"],
  ["minIncrementPercent", "50", "51", "sell.error.increment"],
  ["extensionMinutes", "0", "-1", "sell.error.extension"],
  ["extensionMinutes", "1440", "1441", "sell.error.extension"],
  ["maxExtensions", "0", "-1", "sell.error.maxExtensions"],
  ["maxExtensions", "100", "101", "sell.error.maxExtensions"],
];
const edges: Record<Format, Edge[]> = {
  english: [
    ...englishLike,
    ["durationMinutes", "5", "4", "sell.error.duration"],
    ["durationMinutes", "43200", "43201", "sell.error.duration"],
    ["durationMinutes", "60", "60.5", "sell.error.duration"],
    ["startHours", "0", "-1", "sell.error.start"],
    ["startHours", "2160", "2161", "sell.error.start"],
  ],
  dutch: [
    ["startPrice", "1", "0.999999", "sell.error.startPrice", { floorPrice: "1" }],
    ["floorPrice", "1", "0.999999", "sell.error.floorPrice"],
    ["floorPrice", "100", "100.000001", "sell.error.floorPrice"], // at most the starting price
    ["durationMinutes", "5", "4", "sell.error.duration"],
    ["durationMinutes", "43200", "43201", "sell.error.duration"],
    ["decayMinutes", "1", "0", "sell.error.decay"],
    ["decayMinutes", "60", "61", "sell.error.decay"], // at most the duration (60)
    ["startHours", "2160", "2161", "sell.error.start"],
  ],
  sealed: [
    ["reservePrice", "1", "0.999999", "sell.error.sealedReserve"],
    ["pricing", "first", "third", "sell.error.pricing"],
    ["commitMinutes", "5", "4", "sell.error.commit"],
    ["commitMinutes", "43200", "43201", "sell.error.commit"],
    ["revealHours", "1", "0", "sell.error.reveal"],
    ["revealHours", "168", "169", "sell.error.reveal"],
    ["penaltyPercent", "10", "9", "sell.error.penalty"],
    ["penaltyPercent", "100", "101", "sell.error.penalty"],
  ],
  rolling: [
    ...englishLike,
    ["units", "1", "0", "sell.error.units"],
    ["units", "1000", "1001", "sell.error.units"],
    ["roundMinutes", "5", "4", "sell.error.round"],
    ["roundMinutes", "43200", "43201", "sell.error.round"],
  ],
};

describe.each(Object.keys(valid) as Format[])("the %s form", (format) => {
  test("the example form is accepted", () => {
    expect(problems(valid[format])).toEqual({});
  });

  test.each([...common, ...edges[format]])(
    "%s: %j accepted, %j refused",
    (field, atLimit, past, message, also) => {
      const form = { ...valid[format], ...also };
      expect(problems({ ...form, [field]: atLimit })).toEqual({});
      expect(problems({ ...form, [field]: past })).toEqual({ [field]: message });
    },
  );

  test("an amount with more than 6 decimals, or not a number, names the field", () => {
    const priceField = format === "sealed" ? "reservePrice" : "startPrice";
    expect(Object.keys(problems({ ...valid[format], [priceField]: "5.0000001" }))).toEqual([priceField]);
    expect(Object.keys(problems({ ...valid[format], [priceField]: "five" }))).toEqual([priceField]);
  });
});

describe("format", () => {
  test("an unknown or missing format is refused naming the format", () => {
    expect(problems({ ...valid.english, format: "candle" })).toEqual({ format: "sell.error.format" });
    const { format: _, ...none } = valid.english;
    expect(problems(none)).toEqual({ format: "sell.error.format" });
  });

  test("each format requires its own fields: a sealed listing needs a reserve, a Dutch one a floor", () => {
    const { reservePrice: _r, ...sealed } = valid.sealed;
    expect(problems(sealed)).toEqual({ reservePrice: "sell.error.sealedReserve" });
    const { floorPrice: _f, ...dutch } = valid.dutch;
    expect(problems(dutch)).toEqual({ floorPrice: "sell.error.floorPrice" });
    // The English reserve is optional: empty means the starting price.
    expect(problems({ ...valid.english, reservePrice: "" })).toEqual({});
  });

  test("fields of other formats are dropped, not stored", () => {
    const parsed = sellSchema.parse({ ...valid.dutch, units: "7", pricing: "first" } as SellInput);
    expect(parsed).not.toHaveProperty("units");
    expect(parsed).not.toHaveProperty("pricing");
  });
});

describe("the bounds are the contracts' own", () => {
  const source = (file: string) =>
    readFileSync(new URL(`../../../contracts/auctions/${file}.sol`, import.meta.url), "utf8");
  const units: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
  /** The value of `NAME = <number>[ unit];` in a contract, as a number (seconds for times). */
  function constant(file: string, name: string): number {
    const match = new RegExp(`\\b${name} = ([\\d_]+)(?: (seconds|minutes|hours|days))?;`).exec(source(file));
    if (!match?.[1]) throw new Error(`${name} not found in ${file}.sol`);
    return Number(match[1].replaceAll("_", "")) * (units[match[2] ?? "seconds"] ?? 1);
  }

  const H = 3600;
  const M = 60;
  const table: [file: string, name: string, expected: number | bigint][] = [
    ["AuctionHouseBase", "MAX_TITLE_LENGTH", bounds.titleBytes],
    ["AuctionHouseBase", "MIN_SHIP_WINDOW", bounds.minShipHours * H],
    ["AuctionHouseBase", "MAX_SHIP_WINDOW", bounds.maxShipHours * H],
    ["AuctionHouseBase", "MIN_CONFIRM_WINDOW", bounds.minConfirmDays * 24 * H],
    ["AuctionHouseBase", "MAX_CONFIRM_WINDOW", bounds.maxConfirmDays * 24 * H],
    ["AuctionHouseBase", "MIN_DISPUTE_WINDOW", bounds.minDisputeHours * H],
    ...["EnglishAuctionHouse", "RollingAuctionHouse"].flatMap(
      (house): [string, string, number | bigint][] => [
        [house, "MIN_START_PRICE", bounds.minPrice],
        [house, "MIN_INCREMENT_BPS", bounds.minIncrementPercent * 100],
        [house, "MAX_INCREMENT_BPS", bounds.maxIncrementPercent * 100],
        [house, "MAX_EXTENSION_WINDOW", bounds.maxExtensionMinutes * M],
        [house, "MAX_EXTENSIONS", bounds.maxExtensions],
      ],
    ),
    ["EnglishAuctionHouse", "MAX_START_DELAY", bounds.maxStartHours * H],
    ["DutchAuctionHouse", "MAX_START_DELAY", bounds.maxStartHours * H],
    ["EnglishAuctionHouse", "MIN_DURATION", bounds.minDurationMinutes * M],
    ["EnglishAuctionHouse", "MAX_DURATION", bounds.maxDurationMinutes * M],
    ["RollingAuctionHouse", "MIN_ROUND_DURATION", bounds.minDurationMinutes * M],
    ["RollingAuctionHouse", "MAX_ROUND_DURATION", bounds.maxDurationMinutes * M],
    ["RollingAuctionHouse", "MAX_UNITS", bounds.maxUnits],
    ["DutchAuctionHouse", "MIN_PRICE", bounds.minPrice],
    ["DutchAuctionHouse", "MIN_DURATION", bounds.minDurationMinutes * M],
    ["DutchAuctionHouse", "MAX_DURATION", bounds.maxDurationMinutes * M],
    ["SealedBidAuctionHouse", "MIN_RESERVE", bounds.minPrice],
    ["SealedBidAuctionHouse", "MIN_COMMIT_DURATION", bounds.minDurationMinutes * M],
    ["SealedBidAuctionHouse", "MAX_COMMIT_DURATION", bounds.maxDurationMinutes * M],
    ["SealedBidAuctionHouse", "MIN_REVEAL_DURATION", bounds.minRevealHours * H],
    ["SealedBidAuctionHouse", "MAX_REVEAL_DURATION", bounds.maxRevealHours * H],
    ["SealedBidAuctionHouse", "MIN_PENALTY_BPS", bounds.minPenaltyPercent * 100],
    ["SealedBidAuctionHouse", "DEFAULT_PENALTY_BPS", bounds.defaultPenaltyPercent * 100],
    ["SealedBidAuctionHouse", "MAX_PENALTY_BPS", bounds.maxPenaltyPercent * 100],
  ];
  test.each(table)("%s.%s = %s", (file, name, expected) => {
    expect(constant(file, name)).toBe(Number(expected));
  });
});

describe("listingArgs", () => {
  const now = 1_700_000_000;
  const metadata = { uri: "http://gavel.test/media/ab", hash: `0x${"ab".repeat(32)}` as const };
  const build = (form: Record<string, unknown>) =>
    listingArgs(sellSchema.parse(form) as SellForm, metadata, now);
  const windows = { shipWindow: 24 * 3600, confirmWindow: 3 * 86_400, disputeWindow: 24 * 3600 };
  const MAX = bounds.maxDurationMinutes * 60;

  test("English: the reserve defaults to the start price; the end has a minute of slack", () => {
    const call = build({
      ...valid.english,
      minIncrementPercent: "7",
      extensionMinutes: "10",
      maxExtensions: "3",
    });
    expect(call).toEqual({
      format: "english",
      listing: {
        title: "Brass telescope",
        metadataURI: metadata.uri,
        metadataHash: metadata.hash,
        reservePrice: 5_000_000n,
        ...windows,
      },
      params: {
        startTime: 0,
        endTime: now + 3600 + MINING_SLACK_SECONDS,
        startPrice: 5_000_000n,
        minIncrementBps: 700,
        extensionWindow: 600,
        maxExtensions: 3,
      },
    });
  });

  test("a later start is exact and the duration counts from it (English and Dutch)", () => {
    const english = build({ ...valid.english, startHours: "2160", durationMinutes: "5" });
    expect(english.params).toMatchObject({ startTime: now + 2160 * 3600, endTime: now + 2160 * 3600 + 300 });
    const dutch = build({ ...valid.dutch, startHours: "2", decayMinutes: "" });
    expect(dutch.params).toMatchObject({
      startTime: now + 7200,
      endTime: now + 7200 + 3600,
      decayDuration: 3600,
    });
    // Never more than 90 days after the latest block, which may be older than "now".
    const late = listingArgs(
      sellSchema.parse({ ...valid.english, startHours: "2160" }) as SellForm,
      metadata,
      now,
      now - 30,
    );
    expect(late.params).toMatchObject({ startTime: now - 30 + 2160 * 3600 });
    // 0 or empty: when mined.
    expect(build({ ...valid.english, startHours: "0" }).params).toMatchObject({ startTime: 0 });
  });

  test("the longest duration is never longer than the contract's maximum, even from the latest block", () => {
    const call = build({ ...valid.english, durationMinutes: String(bounds.maxDurationMinutes) });
    expect(call.format === "english" && call.params.endTime).toBe(now + MAX);
    // An idle chain: the latest block is 150 s older than the next; a call simulated on it must pass too.
    const sealed = sellSchema.parse({
      ...valid.sealed,
      commitMinutes: String(bounds.maxDurationMinutes),
    }) as SellForm;
    expect(listingArgs(sealed, metadata, now, now - 150).params).toMatchObject({
      commitEnd: now - 150 + MAX,
    });
  });

  test("Dutch: the floor is the listing's reserve; the fall takes the whole auction unless told", () => {
    const call = build(valid.dutch);
    expect(call.listing.reservePrice).toBe(40_000_000n);
    expect(call.params).toEqual({
      startTime: 0,
      endTime: now + 3600 + 60,
      decayDuration: 3600,
      startPrice: 100_000_000n,
    });
    expect(build({ ...valid.dutch, decayMinutes: "10" }).params).toMatchObject({ decayDuration: 600 });
  });

  test("Dutch at the longest duration: the fall still fits the auction as mined a minute later", () => {
    const call = build({ ...valid.dutch, durationMinutes: "43200", decayMinutes: "43200" });
    if (call.format !== "dutch") throw new Error("not dutch");
    expect(call.params.endTime).toBe(now + MAX);
    expect(call.params.decayDuration).toBe(MAX - MINING_SLACK_SECONDS);
    expect(call.params.decayDuration).toBeLessThanOrEqual(call.params.endTime - (now + MINING_SLACK_SECONDS));
  });

  test("sealed: commit end with slack, reveal end after it, penalty in bps, pricing as the enum", () => {
    const call = build(valid.sealed);
    expect(call.listing.reservePrice).toBe(10_000_000n);
    expect(call.params).toEqual({
      commitEnd: now + 3660,
      revealEnd: now + 3660 + 24 * 3600,
      unrevealedPenaltyBps: 1000,
      pricing: 1,
    });
    expect(build({ ...valid.sealed, pricing: "first" }).params).toMatchObject({ pricing: 0 });
  });

  test("rolling: units and the round length; a reserve above the start price is kept", () => {
    const call = build({ ...valid.rolling, reservePrice: "8.5" });
    expect(call.listing.reservePrice).toBe(8_500_000n);
    expect(call.params).toEqual({
      startPrice: 5_000_000n,
      minIncrementBps: 500,
      roundDuration: 3600,
      extensionWindow: 0,
      maxExtensions: 0,
      units: 10,
    });
  });
});
