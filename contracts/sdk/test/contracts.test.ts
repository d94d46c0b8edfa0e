// contractAddress: GAVEL_ADDRESSES (set by the dev command and tests) first, then the generated
// Ignition deployments; a malformed value stops the caller naming the variable.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contractAddress } from "../src/contracts.ts";

const HOUSE = "0x000000000000000000000000000000000000bEEF";

describe("contractAddress", () => {
  it("takes the address GAVEL_ADDRESSES names", () => {
    const env = { GAVEL_ADDRESSES: JSON.stringify({ EnglishAuctionHouse: HOUSE }) };
    assert.equal(contractAddress(31337, "EnglishAuctionHouse", env), HOUSE);
  });

  it("refuses malformed GAVEL_ADDRESSES, naming the variable", () => {
    assert.throws(() => contractAddress(31337, "GavelConfig", { GAVEL_ADDRESSES: "{" }), /GAVEL_ADDRESSES/);
    assert.throws(
      () => contractAddress(31337, "GavelConfig", { GAVEL_ADDRESSES: '{"GavelConfig":"0x12"}' }),
      /GAVEL_ADDRESSES\.GavelConfig is not an address/,
    );
  });

  it("falls back to the generated deployments, naming what is missing", () => {
    assert.throws(
      () => contractAddress(999_999, "GavelConfig", {}),
      /No deployment of GavelConfig on chain 999999/,
    );
  });
});
