import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bidIncrement, formatUsdc, formatUsdcExact, minimumBid } from "../src/usdc.ts";

// The web app and the bot both write amounts with these; web/src/lib/i18n/format.test.ts has the
// full table (rounding, sizes, Russian), this pins the shared contract.
describe("USDC amounts as Gavel writes them", () => {
  it("two decimals unless more are needed, exact at any size, in English and Russian", () => {
    assert.equal(formatUsdc("en", 1_234_500_000n), "1,234.50\u00a0USDC");
    assert.equal(formatUsdc("ru", "1234500000"), "1\u00a0234,50\u00a0USDC");
    assert.equal(formatUsdc("en", { raw: "20475000" }), "20.48\u00a0USDC");
    assert.equal(formatUsdc("en", 4_000n), "0.004\u00a0USDC");
    assert.equal(formatUsdcExact("en", 1_300_000_001n), "1,300.000001\u00a0USDC");
    assert.equal(
      formatUsdcExact("en", 79228162514264337593543950335n),
      "79,228,162,514,264,337,593,543.950335\u00a0USDC",
    );
  });

  it("the minimum next bid: the contracts' increment, rounded up, at least one unit", () => {
    assert.equal(bidIncrement(20_000_000n, 500), 1_000_000n);
    assert.equal(bidIncrement(3n, 5000), 2n);
    assert.equal(bidIncrement(0n, 100), 1n);
    assert.equal(minimumBid(1_300_000_001n, 500, true), 1_365_000_002n);
    assert.equal(minimumBid(1_000_000n, 500, false), 1_000_000n);
  });
});
