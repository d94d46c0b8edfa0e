// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "./IAuctionHouse.sol";

/// @title IDutchAuctionHouse
/// @notice Descending-price (Dutch) auctions ending in a Gavel deal. The price falls linearly from
///         the start price to the floor over `decayDuration` seconds, then stays at the floor until
///         the end. The first `buy` pays the current price (never more than the buyer's `maxPrice`)
///         and opens the deal in the same transaction. The floor is the listing's reserve price.
/// @dev `priceAt(t) = floor + (startPrice − floor) × (floorTime − t) / decayDuration` for
///      `startTime ≤ t < floorTime` (rounded down, so never below the floor), the start price
///      before `startTime`, and the floor from `floorTime = startTime + decayDuration` on.
interface IDutchAuctionHouse is IAuctionHouse {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice The Dutch-specific part of a new listing (the floor is `ListingParams.reservePrice`).
    struct DutchParams {
        uint40 startTime; // first second a buy is accepted; a past time means "now"
        uint40 endTime; // buys are accepted while block.timestamp < endTime
        uint32 decayDuration; // seconds from the start price down to the floor, ≤ endTime − startTime
        uint96 startPrice; // ≥ the floor
    }

    /// @notice A Dutch auction's state, as returned by `getAuction`.
    struct DutchAuctionView {
        uint256 startPrice;
        uint256 floorPrice; // the listing's reserve
        uint256 startTime;
        uint256 floorTime; // startTime + decayDuration: the price is the floor from here on
        uint256 endTime;
        uint256 currentPrice; // priceAt(now)
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The floor (the listing's reserve) is below `MIN_PRICE`.
    error DutchInvalidFloorPrice(uint256 floorPrice, uint256 minimum);
    /// @notice The start price is below the floor.
    error DutchStartPriceBelowFloor(uint256 startPrice, uint256 floorPrice);
    /// @notice The start time is more than `MAX_START_DELAY` seconds away.
    error DutchInvalidStartTime(uint256 startTime);
    /// @notice The duration (end minus effective start) lies outside [`MIN_DURATION`, `MAX_DURATION`].
    error DutchInvalidDuration(uint256 duration);
    /// @notice The decay duration is zero or longer than the auction.
    error DutchInvalidDecayDuration(uint256 decayDuration, uint256 duration);
    /// @notice The seller may not buy their own listing.
    error DutchSellerCannotBuy(uint256 auctionId);
    /// @notice Buying has not started yet.
    error DutchNotStarted(uint256 auctionId, uint256 startTime);
    /// @notice The auction has ended without a buyer.
    error DutchEnded(uint256 auctionId, uint256 endTime);
    /// @notice An unsold auction cannot be closed before its end.
    error DutchNotEnded(uint256 auctionId, uint256 endTime);
    /// @notice The current price exceeds the buyer's limit.
    error DutchPriceAboveMax(uint256 auctionId, uint256 price, uint256 maxPrice);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The Dutch part of a new listing (follows `ListingCreated` in the same transaction).
    ///         A buy emits `AuctionSettled` (with the buyer, deal id and price) and `DealOpened`.
    /// @param auctionId The listing.
    /// @param startTime First second a buy is accepted.
    /// @param endTime Buys are accepted before this second.
    /// @param startPrice Price at `startTime`.
    /// @param floorPrice Lowest price (the reserve), reached at `floorTime`.
    /// @param floorTime `startTime + decayDuration`.
    event DutchAuctionCreated(
        uint256 indexed auctionId,
        uint256 startTime,
        uint256 endTime,
        uint256 startPrice,
        uint256 floorPrice,
        uint256 floorTime
    );

    /*//////////////////////////////////////////////////////////////
                                 BOUNDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Lowest floor (1 USDC = 1,000,000 units).
    function MIN_PRICE() external view returns (uint96);

    /// @notice Shortest auction (5 minutes).
    function MIN_DURATION() external view returns (uint40);

    /// @notice Longest auction (30 days).
    function MAX_DURATION() external view returns (uint40);

    /// @notice Furthest a start may lie in the future (90 days).
    function MAX_START_DELAY() external view returns (uint40);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice A Dutch auction's parameters and current price.
    /// @dev Reverts with `AuctionNotFound` for an unknown id.
    function getAuction(uint256 auctionId) external view returns (DutchAuctionView memory);

    /// @notice The price a buy would pay now.
    function currentPrice(uint256 auctionId) external view returns (uint256);

    /// @notice The price at `timestamp` (the start price before the start, the floor after the fall).
    function priceAt(uint256 auctionId, uint256 timestamp) external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates a Dutch auction. The caller is the seller.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `ListingCreated` then `DutchAuctionCreated`.
    /// @return auctionId The new listing's id.
    function createAuction(
        ListingParams calldata listing,
        DutchParams calldata params
    ) external returns (uint256 auctionId);

    /// @notice Buys at the current price, pulled with `transferFrom` (approve at least `maxPrice`),
    ///         and opens the deal at once.
    /// @dev Reverts with `AuctionPaused` while paused, `DutchPriceAboveMax` when the price exceeds
    ///      `maxPrice`. Active → Settled. Emits `AuctionSettled` and `DealOpened`.
    /// @return dealId The deal (equal to `auctionId`).
    function buy(uint256 auctionId, uint256 maxPrice) external returns (uint256 dealId);

    /// @notice `buy` preceded by an EIP-2612 permit of `maxPrice` to this house. If the permit fails
    ///         (e.g. someone already submitted it) the buy goes ahead on the existing allowance.
    function buyWithPermit(
        uint256 auctionId,
        uint256 maxPrice,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 dealId);

    /// @notice `buy` for `buyer`, paid by an EIP-3009 authorization of `maxPrice` (no ETH needed by
    ///         the buyer); the nonce is keccak256(abi.encode(this house, auctionId, buyer, maxPrice,
    ///         validBefore)), and `maxPrice − price` goes straight back with `EscrowReturned`. See
    ///         `IEnglishAuctionHouse.bidWithAuthorization`.
    function buyWithAuthorization(
        uint256 auctionId,
        uint256 maxPrice,
        address buyer,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external returns (uint256 dealId);

    /// @notice Closes an auction that reached its end unsold; anyone may call, once.
    /// @dev Active → Settled. Emits `AuctionSettled` with winner, deal id and price 0.
    function settle(uint256 auctionId) external;
}
