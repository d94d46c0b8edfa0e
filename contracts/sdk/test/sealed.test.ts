// The sealed-bid commitment is what SealedBidAuctionHouse.commitmentOf computes:
// keccak256(abi.encode(chainId, house, auctionId, bidder, amount, salt)) — not packed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Address, encodeAbiParameters, encodePacked, keccak256 } from "viem";
import { sealedCommitment } from "../src/sealed.ts";

const bid = {
  chainId: 8453,
  house: "0x000000000000000000000000000000000000beef" as Address,
  auctionId: 12n,
  bidder: "0xa11ce00000000000000000000000000000000a11" as Address,
  amount: 250_000_000n,
  salt: `0x${"5a".repeat(32)}` as const,
};

describe("sealed-bid commitment", () => {
  it("is keccak256 of the ABI-encoded (chainId, house, auctionId, bidder, amount, salt)", () => {
    const types = ["uint256", "address", "uint256", "address", "uint256", "bytes32"] as const;
    const values = [8453n, bid.house, 12n, bid.bidder, 250_000_000n, bid.salt] as const;
    const expected = keccak256(
      encodeAbiParameters(
        types.map((type) => ({ type })),
        values,
      ),
    );
    assert.equal(sealedCommitment(bid), expected);
    assert.notEqual(sealedCommitment(bid), keccak256(encodePacked(types, values)));
  });

  it("changes with each field, so it is worthless on another chain, house, auction or bidder", () => {
    const base = sealedCommitment(bid);
    for (const change of [
      { chainId: 84532 },
      { house: bid.bidder },
      { auctionId: 13n },
      { bidder: bid.house },
      { amount: 250_000_001n },
      { salt: `0x${"5b".repeat(32)}` as const },
    ]) {
      assert.notEqual(sealedCommitment({ ...bid, ...change }), base, Object.keys(change).join());
    }
    assert.equal(sealedCommitment({ ...bid, chainId: 8453n }), base, "a bigint chain id is the same id");
  });
});
