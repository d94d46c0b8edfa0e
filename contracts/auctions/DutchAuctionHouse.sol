// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDutchAuctionHouse} from "../interfaces/IDutchAuctionHouse.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";
import {AuctionHouseBase} from "./AuctionHouseBase.sol";

/// @title DutchAuctionHouse
/// @notice Dutch auctions in USDC: a linearly falling price, a floor, and a deal that opens with
///         the first buy.
contract DutchAuctionHouse is IDutchAuctionHouse, AuctionHouseBase {
    /// @inheritdoc IDutchAuctionHouse
    uint96 public constant MIN_PRICE = 1_000_000;
    /// @inheritdoc IDutchAuctionHouse
    uint40 public constant MIN_DURATION = 5 minutes;
    /// @inheritdoc IDutchAuctionHouse
    uint40 public constant MAX_DURATION = 30 days;
    /// @inheritdoc IDutchAuctionHouse
    uint40 public constant MAX_START_DELAY = 90 days;

    /// @dev One slot; the floor is the listing's reserve.
    struct Auction {
        uint96 startPrice; // price at startTime
        uint40 startTime; // first second a buy is accepted (market clock)
        uint40 endTime; // buys are accepted while clock < endTime (market clock)
        uint32 decayDuration; // seconds to the floor, ≥ 1
    }

    mapping(uint256 auctionId => Auction) private _auctions;

    /// @dev The buyer and the price paid, one slot per sold auction: the deal reads them here.
    struct Sale {
        address buyer;
        uint96 price;
    }

    mapping(uint256 auctionId => Sale) private _sales;

    /// @param token_ The ERC-20 of this deployment (USDC).
    /// @param config_ The roles and settings contract.
    constructor(IERC20 token_, IGavelConfig config_) AuctionHouseBase(token_, config_) {}

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDutchAuctionHouse
    function getAuction(uint256 auctionId) external view returns (DutchAuctionView memory) {
        uint256 floor = _existing(auctionId);
        Auction memory a = _auctions[auctionId];
        uint256 nowClock = _clock();
        uint256 offset = block.timestamp - nowClock;
        return
            DutchAuctionView({
                startPrice: a.startPrice,
                floorPrice: floor,
                startTime: a.startTime + offset,
                floorTime: uint256(a.startTime) + a.decayDuration + offset,
                endTime: a.endTime + offset,
                currentPrice: _priceAt(a, floor, nowClock)
            });
    }

    /// @inheritdoc IDutchAuctionHouse
    function currentPrice(uint256 auctionId) external view returns (uint256) {
        return _priceAt(_auctions[auctionId], _existing(auctionId), _clock());
    }

    /// @inheritdoc IDutchAuctionHouse
    function priceAt(uint256 auctionId, uint256 timestamp) external view returns (uint256) {
        // A wall-clock time, read on today's offset (later pauses would move it); before the
        // offset, the schedule had not started.
        uint256 offset = _clockOffset();
        return _priceAt(_auctions[auctionId], _existing(auctionId), timestamp > offset ? timestamp - offset : 0);
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDutchAuctionHouse
    function createAuction(
        ListingParams calldata listing,
        DutchParams calldata params
    ) external nonReentrant returns (uint256 auctionId) {
        uint256 floor = listing.reservePrice;
        if (floor < MIN_PRICE) revert DutchInvalidFloorPrice(floor, MIN_PRICE);
        if (params.startPrice < floor) revert DutchStartPriceBelowFloor(params.startPrice, floor);
        uint256 startTime = params.startTime < block.timestamp ? block.timestamp : params.startTime;
        if (startTime > block.timestamp + MAX_START_DELAY) revert DutchInvalidStartTime(params.startTime);
        uint256 duration = params.endTime > startTime ? params.endTime - startTime : 0;
        if (duration < MIN_DURATION || duration > MAX_DURATION) revert DutchInvalidDuration(duration);
        if (params.decayDuration == 0 || params.decayDuration > duration) {
            revert DutchInvalidDecayDuration(params.decayDuration, duration);
        }

        uint256 offset;
        // The times move onto the market clock. startTime ≤ now + 90 days fits 40 bits.
        (auctionId, offset) = _createListing(listing);
        // offset ≤ now ≤ startTime < endTime, so neither subtraction can wrap.
        uint40 clockStart;
        uint40 clockEnd;
        unchecked {
            clockStart = uint40(startTime - offset);
            clockEnd = uint40(params.endTime - offset);
        }
        _auctions[auctionId] = Auction({
            startPrice: params.startPrice,
            startTime: clockStart,
            endTime: clockEnd,
            decayDuration: params.decayDuration
        });
        emit DutchAuctionCreated(
            auctionId,
            startTime,
            params.endTime,
            params.startPrice,
            floor,
            startTime + params.decayDuration
        );
    }

    /// @inheritdoc IDutchAuctionHouse
    function buy(uint256 auctionId, uint256 maxPrice) external nonReentrant returns (uint256) {
        _collect(msg.sender, _buy(auctionId, msg.sender, maxPrice));
        return auctionId;
    }

    /// @inheritdoc IDutchAuctionHouse
    function buyWithPermit(
        uint256 auctionId,
        uint256 maxPrice,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        _tryPermit(maxPrice, deadline, v, r, s);
        _collect(msg.sender, _buy(auctionId, msg.sender, maxPrice));
        return auctionId;
    }

    /// @inheritdoc IDutchAuctionHouse
    function buyWithAuthorization(
        uint256 auctionId,
        uint256 maxPrice,
        address buyer,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external nonReentrant returns (uint256) {
        _receiveAuthorized(buyer, maxPrice, auctionId, bytes32(maxPrice), validBefore, r, vs);
        _settleAuthorized(auctionId, buyer, maxPrice, _buy(auctionId, buyer, maxPrice));
        return auctionId;
    }

    /// @inheritdoc IDutchAuctionHouse
    function settle(uint256 auctionId) external nonReentrant {
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        uint256 endTime = _auctions[auctionId].endTime;
        uint256 nowClock = _clock();
        if (nowClock < endTime) revert DutchNotEnded(auctionId, endTime + (block.timestamp - nowClock));
        listing.status = ListingStatus.Settled;
        emit AuctionSettled(auctionId, address(0), 0, 0);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc AuctionHouseBase
    /// @dev A Dutch auction has no bids short of the buy that settles it.
    function _hasBids(uint256) internal pure override returns (bool) {
        return false;
    }

    /// @dev Sells to `buyer` at the current price, opening deal `auctionId`, and returns the price
    ///      for the caller to move in (pulled, or out of an authorization's `maxPrice`).
    function _buy(uint256 auctionId, address buyer, uint256 maxPrice) private returns (uint256 price) {
        uint256 nowClock = _liveClock();
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        if (buyer == listing.seller) revert DutchSellerCannotBuy(auctionId);
        Auction memory a = _auctions[auctionId];
        if (nowClock < a.startTime) revert DutchNotStarted(auctionId, a.startTime + (block.timestamp - nowClock));
        if (nowClock >= a.endTime) revert DutchEnded(auctionId, a.endTime + (block.timestamp - nowClock));
        price = _priceAt(a, listing.reservePrice, nowClock);
        if (price > maxPrice) revert DutchPriceAboveMax(auctionId, price, maxPrice);

        listing.status = ListingStatus.Settled;
        // price ≤ startPrice fits 96 bits.
        _sales[auctionId] = Sale({buyer: buyer, price: uint96(price)});
        emit AuctionSettled(auctionId, buyer, _openDeal(auctionId, buyer, price), price);
    }

    /// @dev The deal's buyer and price: the sale recorded by the buy.
    function _dealParties(uint256 dealId) internal view override returns (address buyer, uint256 amount) {
        Sale storage sale = _sales[dealId];
        return (sale.buyer, sale.price);
    }

    /// @dev Reverts with `AuctionNotFound` unless the listing exists; returns its floor (reserve).
    function _existing(uint256 auctionId) private view returns (uint256 floor) {
        Listing storage listing = _listings[auctionId];
        if (listing.status == ListingStatus.None) revert AuctionNotFound(auctionId);
        return listing.reservePrice;
    }

    /// @dev The linear fall, rounded down towards the floor; never below the floor nor above the start.
    ///      `timestamp` is on the market clock, like the auction's times.
    function _priceAt(Auction memory a, uint256 floor, uint256 timestamp) private pure returns (uint256) {
        if (timestamp <= a.startTime) return a.startPrice;
        uint256 elapsed = timestamp - a.startTime;
        if (elapsed >= a.decayDuration) return floor;
        // startPrice ≥ floor (checked at creation) and elapsed < decayDuration, so no underflow, and
        // the product fits: (2^96) × 2^32 < 2^256.
        return floor + ((a.startPrice - floor) * (a.decayDuration - elapsed)) / a.decayDuration;
    }
}
