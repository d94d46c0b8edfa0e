// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ProxyBidding
/// @notice Price maths of an ascending auction with proxy bids, shared by the English format and
///         (later) the rounds of the rolling format. Pure functions, no storage.
/// @dev Terms: a bidder's *maximum* is the most they will pay; the *price* is what the leader would
///      pay now. With a runner-up, the price is the lowest amount that beats the runner-up's
///      maximum by one increment, capped by the leader's maximum. Once the leader's maximum reaches
///      the reserve, the price is at least the reserve (so an auction whose leader can afford the
///      reserve always sells at or above it).
library ProxyBidding {
    /// @notice Basis-point denominator.
    uint256 internal constant BPS = 10_000;

    /// @notice The minimum step above `price`: `incrementBps` of it, rounded up, and at least 1.
    function increment(uint256 price, uint256 incrementBps) internal pure returns (uint256 step) {
        step = (price * incrementBps + BPS - 1) / BPS;
        if (step == 0) step = 1;
    }

    /// @notice The lowest maximum that may compete against a current price of `price`.
    function minimumNextBid(uint256 price, uint256 incrementBps) internal pure returns (uint256) {
        return price + increment(price, incrementBps);
    }

    /// @notice `price` raised to the reserve when the winner's maximum reaches the reserve; below
    ///         that, the price is left alone (the auction simply does not sell).
    function applyReserve(uint256 price, uint256 winnerMax, uint256 reserve) internal pure returns (uint256) {
        return winnerMax >= reserve && price < reserve ? reserve : price;
    }

    /// @notice The price after the first bid: the start price, or the reserve if the bid reaches it.
    function openingPrice(uint256 startPrice, uint256 winnerMax, uint256 reserve) internal pure returns (uint256) {
        return applyReserve(startPrice, winnerMax, reserve);
    }

    /// @notice The price when `winnerMax` leads and `runnerUpMax` is the best other maximum (ties are
    ///         decided by the caller): one increment above the runner-up, capped by the winner's
    ///         maximum, and at least the reserve once the winner's maximum reaches it.
    function competitivePrice(
        uint256 winnerMax,
        uint256 runnerUpMax,
        uint256 reserve,
        uint256 incrementBps
    ) internal pure returns (uint256) {
        uint256 beat = minimumNextBid(runnerUpMax, incrementBps);
        return applyReserve(beat < winnerMax ? beat : winnerMax, winnerMax, reserve);
    }
}
