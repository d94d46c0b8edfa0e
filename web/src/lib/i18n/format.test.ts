// Gavel's one USDC formatter and its dates and times: two decimals unless more are needed, the
// exact amount for titles and amounts to meet, in English and Russian; dates in the viewer's
// time zone, naming it; card countdowns to the minute.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  formatDateTime,
  formatDuration,
  formatTimeLeft,
  formatUsdc,
  formatUsdcExact,
  isTimeZone,
  translator,
} from "./index.ts";

/** Intl writes Russian thousands with a no-break space (U+00A0); tests read plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatUsdc: two decimals unless more are needed", () => {
  test.each([
    [0n, "0.00 USDC"],
    [1_000_000n, "1.00 USDC"],
    [1_234_500_000n, "1,234.50 USDC"],
    [20_475_000n, "20.48 USDC"], // a half rounds away from zero
    [20_474_999n, "20.47 USDC"],
    [30_862_500n, "30.86 USDC"],
    [9_999_999n, "10.00 USDC"],
    [4_000n, "0.004 USDC"], // two decimals would hide it
    [1n, "0.000001 USDC"],
    [5_000n, "0.01 USDC"],
    [-1_500_000n, "-1.50 USDC"],
    [123_456_789_012_345_678_901n, "123,456,789,012,345.68 USDC"], // no float rounding at any size
  ])("%s base units → %s", (units, shown) => {
    expect(plain(formatUsdc("en", units))).toBe(shown);
  });

  test("Russian: a comma and spaces, the same rounding", () => {
    expect(plain(formatUsdc("ru", 1_234_500_000n))).toBe("1 234,50 USDC");
    expect(plain(formatUsdc("ru", 20_475_000n))).toBe("20,48 USDC");
    expect(plain(formatUsdc("ru", 1n))).toBe("0,000001 USDC");
  });

  test("takes the indexer's decimal strings", () => {
    expect(plain(formatUsdc("en", "12345678901"))).toBe("12,345.68 USDC");
  });

  test("the amount and the unit never break apart", () => {
    expect(formatUsdc("en", 1n)).toMatch(/\u00a0USDC$/);
  });
});

describe("formatUsdcExact: every decimal the amount has (titles, minimums)", () => {
  test.each([
    [0n, "0.00 USDC"],
    [1_500_000n, "1.50 USDC"],
    [10_000_001n, "10.000001 USDC"],
    [30_862_500n, "30.8625 USDC"],
    [12_345_678_901n, "12,345.678901 USDC"],
    [-1n, "-0.000001 USDC"],
  ])("%s base units → %s", (units, shown) => {
    expect(plain(formatUsdcExact("en", units))).toBe(shown);
  });
  test("Russian", () => {
    expect(plain(formatUsdcExact("ru", 12_345_678_901n))).toBe("12 345,678901 USDC");
  });

  test("rounded and exact agree whenever the amount has at most two decimals; otherwise differ by < 0.005", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (units) => {
        const shown = Number(plain(formatUsdc("en", units)).replace(/,|\sUSDC/g, ""));
        const exact = Number(plain(formatUsdcExact("en", units)).replace(/,|\sUSDC/g, ""));
        if (units % 10_000n === 0n) expect(shown).toBe(exact);
        expect(Math.abs(shown - exact)).toBeLessThanOrEqual(0.005 + 1e-9 * Math.max(1, exact));
        if (units > 0n) expect(shown).toBeGreaterThan(0); // nothing real is shown as zero
      }),
    );
  });
});

describe("dates and times in the viewer's time zone", () => {
  const at = new Date("2025-11-23T12:05:00Z");
  test("UTC until the browser tells us the zone, and says so", () => {
    expect(plain(formatDateTime("en", at))).toBe("Nov 23, 2025, 12:05 PM UTC");
    expect(plain(formatDateTime("ru", at))).toBe("23 нояб. 2025 г., 12:05 UTC");
  });
  test("the viewer's zone, named", () => {
    expect(plain(formatDateTime("en", at, "Asia/Tokyo"))).toBe("Nov 23, 2025, 9:05 PM GMT+9");
    expect(plain(formatDateTime("ru", at, "Europe/Moscow"))).toMatch(
      /^23 нояб\. 2025 г\., 15:05 (MSK|GMT\+3)$/,
    );
    expect(plain(translator("en", "America/New_York").dateTime(at))).toBe("Nov 23, 2025, 7:05 AM EST");
  });
  test("only real time zones are taken from a cookie", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});

describe("lengths of time", () => {
  test("a countdown: the largest two units, seconds under an hour; never negative", () => {
    expect(plain(formatDuration("en", 2 * 86_400 + 3 * 3600 + 4 * 60 + 5))).toBe("2 d 3 h");
    expect(plain(formatDuration("en", 3 * 3600 + 5 * 60))).toBe("3 h 5 min");
    expect(plain(formatDuration("en", 4 * 60 + 5))).toBe("4 min 05 s");
    expect(plain(formatDuration("en", -5))).toBe("0 min 00 s");
    expect(plain(formatDuration("ru", 3 * 3600 + 5 * 60))).toBe("3 ч 5 мин");
  });
  test("a card's time left: to the minute", () => {
    expect(plain(formatTimeLeft("en", 14 * 60 + 59))).toBe("14 min");
    expect(plain(formatTimeLeft("ru", 14 * 60 + 59))).toBe("14 мин");
    expect(plain(formatTimeLeft("en", 3600))).toBe("1 h 0 min");
    expect(plain(formatTimeLeft("en", 59))).toBe("under a minute");
    expect(plain(formatTimeLeft("ru", 0))).toBe("меньше минуты");
    expect(plain(formatTimeLeft("en", 2 * 86_400 + 7200))).toBe("2 d 2 h");
  });
});
