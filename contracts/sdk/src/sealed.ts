// The sealed-bid commitment, as SealedBidAuctionHouse checks it on reveal (`commitmentOf`):
// keccak256(abi.encode(chainId, house, auctionId, bidder, amount, salt)). The chain id and the
// house's address make a commitment worthless on another chain or deployment. Compute it locally:
// asking a node to compute it would send the hidden amount over the wire.
import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";

export interface SealedBid {
  chainId: number | bigint;
  house: Address;
  auctionId: bigint;
  bidder: Address;
  amount: bigint;
  salt: Hex;
}

export function sealedCommitment(bid: SealedBid): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes32" },
      ],
      [BigInt(bid.chainId), bid.house, bid.auctionId, bid.bidder, bid.amount, bid.salt],
    ),
  );
}
