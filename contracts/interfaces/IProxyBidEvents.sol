// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProxyBidEvents
/// @notice The bid events of the ascending formats with proxy bidding (English auctions and the
///         rounds of rolling listings): one signature, so the indexer and the bot decode both alike.
interface IProxyBidEvents {
    /// @notice A bid was accepted.
    /// @param auctionId The English auction, or the rolling round.
    /// @param bidder Who bid.
    /// @param leader The leader after the bid (`bidder` unless the bid lost to the leader's maximum).
    /// @param maxAmount The bidder's maximum (public: it is in the calldata anyway).
    /// @param price The visible price after the bid.
    /// @param endTime The end after the bid (for a rolling round's first bid: when its clock started, plus the round duration).
    /// @param extended Whether this bid moved the end.
    event BidPlaced(
        uint256 indexed auctionId,
        address indexed bidder,
        address indexed leader,
        uint256 maxAmount,
        uint256 price,
        uint256 endTime,
        bool extended
    );

    /// @notice The leader was outbid and got their whole escrowed maximum back.
    /// @param auctionId The English auction, or the rolling round.
    /// @param bidder The previous leader.
    /// @param newLeader The new leader.
    /// @param refund The amount returned.
    /// @param pushed True if transferred; false if the transfer failed and the amount was credited
    ///        to the previous leader's withdrawable balance instead.
    event Outbid(
        uint256 indexed auctionId,
        address indexed bidder,
        address indexed newLeader,
        uint256 refund,
        bool pushed
    );
}
