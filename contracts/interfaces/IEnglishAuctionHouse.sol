// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "./IAuctionHouse.sol";
import {IProxyBidEvents} from "./IProxyBidEvents.sol";

/// @title IEnglishAuctionHouse
/// @notice English auctions with proxy bidding and anti-sniping, ending in a Gavel deal.
/// @dev Proxy bidding: a bid names the bidder's maximum, which is escrowed in full while the
///      bidder leads. The visible price is the lowest amount that beats the runner-up's maximum by
///      one increment, capped by the leader's maximum; once the leader's maximum reaches the reserve
///      the price is at least the reserve. A bid whose maximum does not beat the leader's (ties keep
///      the earlier leader) still raises the price and escrows nothing. A new leader's predecessor
///      gets the whole maximum back at once (pushed, or credited for `withdraw` if the transfer
///      fails). The leader may raise their own maximum; only the difference is escrowed.
///      Anti-sniping: a bid that changes the price or the leader inside the last `extensionWindow`
///      seconds moves the end to `now + extensionWindow`, at most `maxExtensions` times.
interface IEnglishAuctionHouse is IAuctionHouse, IProxyBidEvents {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice The English-specific part of a new listing.
    struct EnglishParams {
        uint40 startTime; // first second bids are accepted; a past time means "now"
        uint40 endTime; // bids are accepted while block.timestamp < endTime (before extensions)
        uint96 startPrice; // the minimum first bid, ≥ MIN_START_PRICE and ≤ the reserve
        uint16 minIncrementBps; // each new price beats the previous one by at least this share
        uint32 extensionWindow; // anti-sniping window in seconds (0 disables extensions)
        uint8 maxExtensions; // how many times the end may move
    }

    /// @notice An English auction's live state, as returned by `getAuction`.
    struct EnglishAuctionView {
        address leader; // 0 before the first bid
        uint256 leaderMax; // the leader's escrowed maximum
        uint256 price; // the visible price; before the first bid, the start price
        uint256 minimumBid; // lowest maximum a new bidder may send now
        uint256 startTime;
        uint256 endTime; // current end, after extensions
        uint16 minIncrementBps;
        uint32 extensionWindow;
        uint8 extensions; // extensions used so far
        uint8 maxExtensions;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The start price is below `MIN_START_PRICE`.
    error EnglishInvalidStartPrice(uint256 startPrice, uint256 minimum);
    /// @notice The reserve is below the start price.
    error EnglishReserveBelowStartPrice(uint256 reservePrice, uint256 startPrice);
    /// @notice The minimum increment lies outside [`MIN_INCREMENT_BPS`, `MAX_INCREMENT_BPS`].
    error EnglishInvalidIncrement(uint256 minIncrementBps);
    /// @notice The start time is more than `MAX_START_DELAY` seconds away.
    error EnglishInvalidStartTime(uint256 startTime);
    /// @notice The duration (end minus effective start) lies outside [`MIN_DURATION`, `MAX_DURATION`].
    error EnglishInvalidDuration(uint256 duration);
    /// @notice The extension window exceeds `MAX_EXTENSION_WINDOW`.
    error EnglishInvalidExtensionWindow(uint256 extensionWindow);
    /// @notice The number of extensions exceeds `MAX_EXTENSIONS`.
    error EnglishTooManyExtensions(uint256 maxExtensions);
    /// @notice Bidding has not started yet.
    error EnglishNotStarted(uint256 auctionId, uint256 startTime);
    /// @notice Bidding has ended.
    error EnglishEnded(uint256 auctionId, uint256 endTime);
    /// @notice The auction cannot be settled before its end.
    error EnglishNotEnded(uint256 auctionId, uint256 endTime);
    /// @notice The bid's maximum is below the current minimum bid.
    error EnglishBidTooLow(uint256 auctionId, uint256 minimum);
    /// @notice The bid's maximum does not fit the escrow's 96-bit amounts.
    error EnglishBidTooHigh(uint256 auctionId, uint256 maximum);
    /// @notice The leader's new maximum does not exceed their current one.
    error EnglishMaxNotRaised(uint256 auctionId, uint256 currentMax);
    /// @notice The seller may not bid on their own listing.
    error EnglishSellerCannotBid(uint256 auctionId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The English part of a new listing (follows `ListingCreated` in the same transaction).
    /// @param auctionId The listing.
    /// @param startTime First second bids are accepted.
    /// @param endTime Initial end.
    /// @param startPrice Minimum first bid.
    /// @param minIncrementBps Minimum increment in basis points.
    /// @param extensionWindow Anti-sniping window in seconds.
    /// @param maxExtensions How many times the end may move.
    event EnglishAuctionCreated(
        uint256 indexed auctionId,
        uint256 startTime,
        uint256 endTime,
        uint256 startPrice,
        uint16 minIncrementBps,
        uint32 extensionWindow,
        uint8 maxExtensions
    );

    /*//////////////////////////////////////////////////////////////
                                 BOUNDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Smallest start price (1 USDC = 1,000,000 units): bounds dust bids.
    function MIN_START_PRICE() external view returns (uint96);

    /// @notice Smallest minimum increment (100 bps = 1 %).
    function MIN_INCREMENT_BPS() external view returns (uint16);

    /// @notice Largest minimum increment (5,000 bps = 50 %).
    function MAX_INCREMENT_BPS() external view returns (uint16);

    /// @notice Shortest auction (5 minutes).
    function MIN_DURATION() external view returns (uint40);

    /// @notice Longest auction, before extensions (30 days).
    function MAX_DURATION() external view returns (uint40);

    /// @notice Furthest a start may lie in the future (90 days).
    function MAX_START_DELAY() external view returns (uint40);

    /// @notice Longest anti-sniping window (1 day).
    function MAX_EXTENSION_WINDOW() external view returns (uint32);

    /// @notice Most extensions a listing may allow (100).
    function MAX_EXTENSIONS() external view returns (uint8);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice An English auction's live state.
    /// @dev Reverts with `AuctionNotFound` for an unknown id.
    function getAuction(uint256 auctionId) external view returns (EnglishAuctionView memory);

    /// @notice The lowest maximum a bidder other than the leader may send now: the start price
    ///         before the first bid, else the price plus one increment.
    function minimumBid(uint256 auctionId) external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates an English auction. The caller is the seller.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `ListingCreated` then `EnglishAuctionCreated`.
    /// @return auctionId The new listing's id.
    function createAuction(
        ListingParams calldata listing,
        EnglishParams calldata params
    ) external returns (uint256 auctionId);

    /// @notice Bids with proxy maximum `maxAmount`, pulling the escrow with `transferFrom`
    ///         (approve first). A new leader escrows `maxAmount`; a leader raising their maximum
    ///         escrows the difference; a bid that does not beat the leader escrows nothing.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `BidPlaced`, and `Outbid` when the
    ///      leader changes.
    function bid(uint256 auctionId, uint256 maxAmount) external;

    /// @notice `bid` preceded by an EIP-2612 permit of `maxAmount` to this house. If the permit
    ///         fails (e.g. someone already submitted it) the bid goes ahead on the existing allowance.
    function bidWithPermit(
        uint256 auctionId,
        uint256 maxAmount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice `bid` for `bidder`, paid by an EIP-3009 authorization instead of an allowance, so
    ///         the bidder needs no ETH: anyone (a relayer) submits the bidder's one signature of
    ///         ReceiveWithAuthorization(bidder → this house, `value`, validAfter 0, `validBefore`,
    ///         nonce = keccak256(abi.encode(this house, auctionId, bidder, maxAmount, validBefore))),
    ///         given as EIP-2098 (r, yParityAndS). The signature binds `value` and the nonce binds
    ///         the bid, so the submitter can change neither, and the token spends the nonce once.
    ///         `value` is what the bid escrows: the maximum, or for the leader's raise the
    ///         difference; whatever the bid turns out not to need (a losing bid escrows nothing)
    ///         goes straight back with `EscrowReturned`. Emits what `bid` emits.
    /// @dev Reverts with `AuctionAuthorizationTooLow` when `value` is below the escrow; token
    ///      refusals (bad signature, expired, nonce used) revert with the token's reason.
    function bidWithAuthorization(
        uint256 auctionId,
        uint256 maxAmount,
        address bidder,
        uint256 value,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external;

    /// @notice Ends an auction after its end time; anyone may call, once. With a leader at or
    ///         above the reserve, opens a deal for the price and returns the winner's unused
    ///         maximum; otherwise nothing is sold and the leader (if any) gets the maximum back.
    /// @dev Active → Settled. Emits `AuctionSettled` (and `DealOpened`, `EscrowReturned`).
    /// @return dealId The deal that opened, or 0 when nothing was sold.
    function settle(uint256 auctionId) external returns (uint256 dealId);
}
