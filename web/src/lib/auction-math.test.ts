// The price maths the pages show before any wallet, checked against the contracts' rules
// (DutchAuctionHouse.priceAt, ProxyBidding's increment, USDC's 6 decimals).
import { describe, expect, test } from "vitest";
import { dutchPriceAt, increment, minimumBid, usdcDecimal, usdcUnits } from "./auction-math.ts";

const USDC = 1_000_000n;

describe("dutchPriceAt: linear fall to the floor, rounded down", () => {
  // 100 USDC falling to 40 USDC over 600 s from t = 1000; the auction itself ends at 2000.
  const p = { startPrice: 100n * USDC, floorPrice: 40n * USDC, startTime: 1000, floorTime: 1600 };

  test("before the start the price is the start price", () => {
    expect(dutchPriceAt(0, p)).toBe(100n * USDC);
    expect(dutchPriceAt(999, p)).toBe(100n * USDC);
  });

  test("at the start it is the start price; one second later it has fallen by exactly 0.1 USDC", () => {
    expect(dutchPriceAt(1000, p)).toBe(100n * USDC);
    expect(dutchPriceAt(1001, p)).toBe(99_900_000n);
  });

  test("half-way it is half-way between start and floor", () => {
    expect(dutchPriceAt(1300, p)).toBe(70n * USDC);
  });

  test("at floorTime, and until (and after) the end, it is the floor", () => {
    expect(dutchPriceAt(1599, p)).toBe(40_100_000n);
    expect(dutchPriceAt(1600, p)).toBe(40n * USDC);
    expect(dutchPriceAt(2000, p)).toBe(40n * USDC);
    expect(dutchPriceAt(10_000_000, p)).toBe(40n * USDC);
  });

  test("a fall that does not divide evenly rounds down (towards the floor), never below it", () => {
    // 1 unit over 3 s: floor + 1·(3 − elapsed)/3 → 1 unit above the floor only at the start.
    const q = { startPrice: 10n, floorPrice: 9n, startTime: 0, floorTime: 3 };
    expect([0, 1, 2, 3].map((t) => dutchPriceAt(t, q))).toEqual([10n, 9n, 9n, 9n]);
    // 10 units over 3 s: 10 + 10·2/3 = 16.67 → 16.
    const r = { startPrice: 20n, floorPrice: 10n, startTime: 0, floorTime: 3 };
    expect(dutchPriceAt(1, r)).toBe(16n);
    expect(dutchPriceAt(2, r)).toBe(13n);
  });

  test("start = floor is a fixed price", () => {
    const q = { startPrice: 5n * USDC, floorPrice: 5n * USDC, startTime: 0, floorTime: 100 };
    expect(dutchPriceAt(50, q)).toBe(5n * USDC);
  });
});

describe("increment and minimum bid (ProxyBidding)", () => {
  test("the increment is the price × bps rounded up", () => {
    expect(increment(20n * USDC, 500)).toBe(1n * USDC); // 5 % of 20
    expect(increment(1_000_001n, 100)).toBe(10_001n); // 1 % of 1.000001 = 10000.01 → 10001
    expect(increment(100n, 5000)).toBe(50n);
    expect(increment(3n, 5000)).toBe(2n); // 1.5 → 2
  });

  test("the increment is never zero", () => {
    expect(increment(1n, 100)).toBe(1n);
    expect(increment(0n, 100)).toBe(1n);
  });

  test("before the first bid the minimum is the start price; after it, price + increment", () => {
    expect(minimumBid(10n * USDC, 500, false)).toBe(10n * USDC);
    expect(minimumBid(10n * USDC, 500, true)).toBe(10_500_000n);
    expect(minimumBid(21n * USDC, 500, true)).toBe(22_050_000n);
  });
});

describe("USDC amounts typed by people", () => {
  test("decimals to units, exactly, with a comma accepted", () => {
    expect(usdcUnits("1")).toBe(USDC);
    expect(usdcUnits("1.5")).toBe(1_500_000n);
    expect(usdcUnits("0,000001")).toBe(1n);
    expect(usdcUnits(" 25.50 ")).toBe(25_500_000n);
  });

  test("more than 6 decimals, signs, exponents or text are refused", () => {
    for (const bad of ["1.0000001", "-1", "1e6", "abc", "", ".5", "1."]) expect(usdcUnits(bad)).toBeNull();
  });

  test("units back to a plain decimal for inputs", () => {
    expect(usdcDecimal(1_500_000n)).toBe("1.5");
    expect(usdcDecimal(10n * USDC)).toBe("10");
    expect(usdcDecimal(1n)).toBe("0.000001");
    expect(usdcUnits(usdcDecimal(123_456_789n))).toBe(123_456_789n);
  });
});
