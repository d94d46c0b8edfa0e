// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "./IAuctionHouse.sol";
import {IProxyBidEvents} from "./IProxyBidEvents.sol";

/// @title IRollingAuctionHouse
/// @notice Rolling (perpetual) listings: N identical units sold one round at a time. Each round is
///         an English auction with proxy bids, increments and anti-sniping (the rules of
///         `IEnglishAuctionHouse`) whose clock starts at its first bid, so no round is ever empty.
/// @dev Ids: the listing's id (from `ListingCreated`) is also its first round's id; every later
///      round draws a new global id when the previous round settles, so each round is an auction
///      with its own id and its own deal (`dealId == roundId`), linked to the listing by
///      `RollingRoundStarted(listingId, roundId, …)`. Settling a round (anyone, after its end) opens
///      its deal when the price reached the reserve (else the unit stays unsold and the leader is
///      refunded), then starts the next round, until every unit is sold or the seller has asked to
///      stop. `stop` ends the listing at once if the current round has no bid, otherwise after it.
///      All rounds share the listing's reserve, fee and treasury snapshot and deal windows.
interface IRollingAuctionHouse is IAuctionHouse, IProxyBidEvents {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice The rolling-specific part of a new listing.
    struct RollingParams {
        uint96 startPrice; // each round's minimum first bid, ≥ MIN_START_PRICE and ≤ the reserve
        uint16 minIncrementBps; // minimum step between prices
        uint32 roundDuration; // seconds from a round's first bid to its end (before extensions)
        uint32 extensionWindow; // anti-sniping window in seconds (0 disables extensions)
        uint8 maxExtensions; // how many times a round's end may move
        uint16 units; // identical units for sale, 1..MAX_UNITS
    }

    /// @notice A rolling listing's state, as returned by `getRolling`.
    struct RollingView {
        uint256 startPrice;
        uint16 minIncrementBps;
        uint32 roundDuration;
        uint32 extensionWindow;
        uint8 maxExtensions;
        uint16 units;
        uint16 unitsSold;
        uint32 round; // rounds started so far (the current round's number)
        uint256 currentRoundId;
        bool stopping; // the seller asked to stop after the current round
    }

    /// @notice A round's state, as returned by `getRound`.
    struct RoundView {
        uint256 listingId;
        bool open; // the listing's current round and the listing is active
        address leader; // 0 before the first bid
        uint256 leaderMax;
        uint256 price; // the visible price; the start price before the first bid
        uint256 minimumBid; // lowest maximum a new bidder may send now
        uint256 endTime; // 0 until the first bid starts the clock
        uint8 extensions;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The start price is below `MIN_START_PRICE`.
    error RollingInvalidStartPrice(uint256 startPrice, uint256 minimum);
    /// @notice The reserve is below the start price.
    error RollingReserveBelowStartPrice(uint256 reservePrice, uint256 startPrice);
    /// @notice The minimum increment lies outside [`MIN_INCREMENT_BPS`, `MAX_INCREMENT_BPS`].
    error RollingInvalidIncrement(uint256 minIncrementBps);
    /// @notice The round duration lies outside [`MIN_ROUND_DURATION`, `MAX_ROUND_DURATION`].
    error RollingInvalidRoundDuration(uint256 roundDuration);
    /// @notice The extension window exceeds `MAX_EXTENSION_WINDOW`.
    error RollingInvalidExtensionWindow(uint256 extensionWindow);
    /// @notice The number of extensions exceeds `MAX_EXTENSIONS`.
    error RollingTooManyExtensions(uint256 maxExtensions);
    /// @notice The number of units lies outside [1, `MAX_UNITS`].
    error RollingInvalidUnits(uint256 units);
    /// @notice The round is not the current round of an active listing.
    error RollingRoundClosed(uint256 roundId);
    /// @notice The round has ended; settle it.
    error RollingRoundEnded(uint256 roundId, uint256 endTime);
    /// @notice The round cannot be settled before its end (`endTime` 0: no bid has started its clock).
    error RollingRoundNotEnded(uint256 roundId, uint256 endTime);
    /// @notice The bid's maximum is below the current minimum bid.
    error RollingBidTooLow(uint256 roundId, uint256 minimum);
    /// @notice The bid's maximum does not fit the escrow's 96-bit amounts.
    error RollingBidTooHigh(uint256 roundId, uint256 maximum);
    /// @notice The leader's new maximum does not exceed their current one.
    error RollingMaxNotRaised(uint256 roundId, uint256 currentMax);
    /// @notice The seller may not bid on their own listing.
    error RollingSellerCannotBid(uint256 roundId);
    /// @notice The seller already asked to stop after the current round.
    error RollingAlreadyStopping(uint256 listingId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The rolling part of a new listing (follows `ListingCreated`, and is followed by the
    ///         first `RollingRoundStarted`, in the same transaction).
    /// @param auctionId The listing (also its first round).
    /// @param units Identical units for sale.
    /// @param startPrice Each round's minimum first bid.
    /// @param minIncrementBps Minimum increment in basis points.
    /// @param roundDuration Seconds from a round's first bid to its end.
    /// @param extensionWindow Anti-sniping window in seconds.
    /// @param maxExtensions How many times a round's end may move.
    event RollingAuctionCreated(
        uint256 indexed auctionId,
        uint256 units,
        uint256 startPrice,
        uint16 minIncrementBps,
        uint32 roundDuration,
        uint32 extensionWindow,
        uint8 maxExtensions
    );

    /// @notice A round opened for bids; its clock starts with its first `BidPlaced`.
    /// @param listingId The rolling listing.
    /// @param roundId The round's auction id (the listing id for round 1).
    /// @param round The round's number, from 1.
    /// @param unitsLeft Units not yet sold, including this round's.
    event RollingRoundStarted(uint256 indexed listingId, uint256 indexed roundId, uint256 round, uint256 unitsLeft);

    /// @notice The seller asked to end the listing once the current round (which has bids) settles.
    event RollingStopRequested(uint256 indexed listingId, uint256 indexed roundId);

    /// @notice The listing ended: every unit sold, or stopped by the seller. No round follows.
    /// @param listingId The rolling listing.
    /// @param lastRoundId The last round (settled, or closed without a bid by `stop`).
    /// @param unitsSold Units sold over all rounds.
    /// @param unitsUnsold Units left unsold.
    event RollingListingEnded(
        uint256 indexed listingId,
        uint256 indexed lastRoundId,
        uint256 unitsSold,
        uint256 unitsUnsold
    );

    /*//////////////////////////////////////////////////////////////
                                 BOUNDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Smallest start price (1 USDC = 1,000,000 units).
    function MIN_START_PRICE() external view returns (uint96);

    /// @notice Smallest minimum increment (100 bps = 1 %).
    function MIN_INCREMENT_BPS() external view returns (uint16);

    /// @notice Largest minimum increment (5,000 bps = 50 %).
    function MAX_INCREMENT_BPS() external view returns (uint16);

    /// @notice Shortest round (5 minutes).
    function MIN_ROUND_DURATION() external view returns (uint32);

    /// @notice Longest round, before extensions (30 days).
    function MAX_ROUND_DURATION() external view returns (uint32);

    /// @notice Longest anti-sniping window (1 day).
    function MAX_EXTENSION_WINDOW() external view returns (uint32);

    /// @notice Most extensions a round may allow (100).
    function MAX_EXTENSIONS() external view returns (uint8);

    /// @notice Most units one listing may offer (1,000).
    function MAX_UNITS() external view returns (uint16);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice A rolling listing's parameters and progress.
    /// @dev Reverts with `AuctionNotFound` for an unknown listing.
    function getRolling(uint256 listingId) external view returns (RollingView memory);

    /// @notice A round's state.
    /// @dev Reverts with `AuctionNotFound` for an unknown round.
    function getRound(uint256 roundId) external view returns (RoundView memory);

    /// @notice The lowest maximum a bidder other than the leader may send in `roundId` now.
    function minimumBid(uint256 roundId) external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates a rolling listing and opens its first round. The caller is the seller.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `ListingCreated`,
    ///      `RollingAuctionCreated`, `RollingRoundStarted`.
    /// @return auctionId The listing's id, which is also its first round's id.
    function createAuction(
        ListingParams calldata listing,
        RollingParams calldata params
    ) external returns (uint256 auctionId);

    /// @notice Bids with proxy maximum `maxAmount` in the current round `roundId` (English rules).
    ///         The first bid of a round starts its clock.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `BidPlaced`, and `Outbid` when the
    ///      leader changes.
    function bid(uint256 roundId, uint256 maxAmount) external;

    /// @notice `bid` for `bidder`, paid by an EIP-3009 authorization (no ETH needed by the bidder);
    ///         the nonce is keccak256(abi.encode(this house, roundId, bidder, maxAmount,
    ///         validBefore)). See `IEnglishAuctionHouse.bidWithAuthorization`.
    function bidWithAuthorization(
        uint256 roundId,
        uint256 maxAmount,
        address bidder,
        uint256 value,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external;

    /// @notice `bid` preceded by an EIP-2612 permit of `maxAmount`; a failed permit is ignored.
    function bidWithPermit(
        uint256 roundId,
        uint256 maxAmount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Settles the current round after its end (anyone, once): opens its deal if the price
    ///         reached the reserve (returning the winner's unused maximum), otherwise refunds the
    ///         leader; then starts the next round, or ends the listing when the units are sold out or
    ///         the seller asked to stop.
    /// @dev Emits `AuctionSettled` (`DealOpened`, `EscrowReturned`), then `RollingRoundStarted` or
    ///      `RollingListingEnded`.
    /// @return dealId The round's deal (equal to `roundId`), or 0 when the unit did not sell.
    /// @return nextRoundId The round that started, or 0 when the listing ended.
    function settle(uint256 roundId) external returns (uint256 dealId, uint256 nextRoundId);

    /// @notice Seller ends the listing: at once if the current round has no bid, otherwise when that
    ///         round settles (allowed while paused).
    /// @dev Emits `RollingListingEnded` or `RollingStopRequested`.
    function stop(uint256 listingId) external;
}
