// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";
import {IRollingAuctionHouse} from "../interfaces/IRollingAuctionHouse.sol";
import {AntiSniping} from "../libraries/AntiSniping.sol";
import {ProxyBidding} from "../libraries/ProxyBidding.sol";
import {AuctionHouseBase} from "./AuctionHouseBase.sol";

/// @title RollingAuctionHouse
/// @notice Rolling listings of identical units, sold one English round at a time; each sold round
///         opens its own deal.
contract RollingAuctionHouse is IRollingAuctionHouse, AuctionHouseBase {
    /// @inheritdoc IRollingAuctionHouse
    uint96 public constant MIN_START_PRICE = 1_000_000;
    /// @inheritdoc IRollingAuctionHouse
    uint16 public constant MIN_INCREMENT_BPS = 100;
    /// @inheritdoc IRollingAuctionHouse
    uint16 public constant MAX_INCREMENT_BPS = 5_000;
    /// @inheritdoc IRollingAuctionHouse
    uint32 public constant MIN_ROUND_DURATION = 5 minutes;
    /// @inheritdoc IRollingAuctionHouse
    uint32 public constant MAX_ROUND_DURATION = 30 days;
    /// @inheritdoc IRollingAuctionHouse
    uint32 public constant MAX_EXTENSION_WINDOW = 1 days;
    /// @inheritdoc IRollingAuctionHouse
    uint8 public constant MAX_EXTENSIONS = 100;
    /// @inheritdoc IRollingAuctionHouse
    uint16 public constant MAX_UNITS = 1_000;

    /// @dev Per listing: the round parameters and progress (slot 0) and the current round (slot 1).
    struct Rolling {
        // slot 0
        uint96 startPrice;
        uint16 minIncrementBps;
        uint32 roundDuration;
        uint24 extensionWindow; // ≤ 1 day
        uint8 maxExtensions;
        uint16 units;
        uint16 unitsSold;
        bool stopping; // end the listing when the current round settles
        uint32 round; // rounds started (the current round's number)
        // slot 1
        uint256 currentRound; // the current round's auction id
    }

    /// @dev Per round, two slots, both non-zero from the round's start (listing id, start price), so
    ///      bids only update non-zero slots.
    ///      Slot 0 is also the deal's buyer and price once the round settled (`_dealParties`).
    struct Round {
        // slot 0
        address leader; // 0 before the first bid
        uint96 price; // the start price before the first bid
        // slot 1
        uint96 leaderMax;
        uint40 endTime; // 0 until the first bid starts the clock (market clock)
        uint8 extensions;
        uint48 listingId; // never 0 for a round that exists; config ids are 40-bit
    }

    mapping(uint256 listingId => Rolling) private _rolling;
    mapping(uint256 roundId => Round) private _rounds;

    /// @param token_ The ERC-20 of this deployment (USDC).
    /// @param config_ The roles and settings contract.
    constructor(IERC20 token_, IGavelConfig config_) AuctionHouseBase(token_, config_) {}

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollingAuctionHouse
    function getRolling(uint256 listingId) external view returns (RollingView memory) {
        if (_listings[listingId].status == ListingStatus.None) revert AuctionNotFound(listingId);
        Rolling memory p = _rolling[listingId];
        return
            RollingView({
                startPrice: p.startPrice,
                minIncrementBps: p.minIncrementBps,
                roundDuration: p.roundDuration,
                extensionWindow: p.extensionWindow,
                maxExtensions: p.maxExtensions,
                units: p.units,
                unitsSold: p.unitsSold,
                round: p.round,
                currentRoundId: p.currentRound,
                stopping: p.stopping
            });
    }

    /// @inheritdoc IRollingAuctionHouse
    function getRound(uint256 roundId) external view returns (RoundView memory) {
        Round memory r = _existingRound(roundId);
        return
            RoundView({
                listingId: r.listingId,
                open: _isOpen(roundId, r.listingId),
                leader: r.leader,
                leaderMax: r.leaderMax,
                price: r.price,
                minimumBid: _minimumBid(r, _rolling[r.listingId].minIncrementBps),
                endTime: r.endTime == 0 ? 0 : r.endTime + _clockOffset(),
                extensions: r.extensions
            });
    }

    /// @inheritdoc IRollingAuctionHouse
    function minimumBid(uint256 roundId) external view returns (uint256) {
        Round memory r = _existingRound(roundId);
        return _minimumBid(r, _rolling[r.listingId].minIncrementBps);
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollingAuctionHouse
    function createAuction(
        ListingParams calldata listing,
        RollingParams calldata params
    ) external nonReentrant returns (uint256 auctionId) {
        if (params.startPrice < MIN_START_PRICE) revert RollingInvalidStartPrice(params.startPrice, MIN_START_PRICE);
        if (listing.reservePrice < params.startPrice) {
            revert RollingReserveBelowStartPrice(listing.reservePrice, params.startPrice);
        }
        if (params.minIncrementBps < MIN_INCREMENT_BPS || params.minIncrementBps > MAX_INCREMENT_BPS) {
            revert RollingInvalidIncrement(params.minIncrementBps);
        }
        if (params.roundDuration < MIN_ROUND_DURATION || params.roundDuration > MAX_ROUND_DURATION) {
            revert RollingInvalidRoundDuration(params.roundDuration);
        }
        if (params.extensionWindow > MAX_EXTENSION_WINDOW) revert RollingInvalidExtensionWindow(params.extensionWindow);
        if (params.maxExtensions > MAX_EXTENSIONS) revert RollingTooManyExtensions(params.maxExtensions);
        if (params.units == 0 || params.units > MAX_UNITS) revert RollingInvalidUnits(params.units);

        (auctionId, ) = _createListing(listing);
        // extensionWindow ≤ 1 day fits 24 bits.
        _rolling[auctionId] = Rolling({
            startPrice: params.startPrice,
            minIncrementBps: params.minIncrementBps,
            roundDuration: params.roundDuration,
            extensionWindow: uint24(params.extensionWindow),
            maxExtensions: params.maxExtensions,
            units: params.units,
            unitsSold: 0,
            stopping: false,
            round: 1,
            currentRound: auctionId
        });
        emit RollingAuctionCreated(
            auctionId,
            params.units,
            params.startPrice,
            params.minIncrementBps,
            params.roundDuration,
            params.extensionWindow,
            params.maxExtensions
        );
        _startRound(auctionId, auctionId, params.startPrice, 1, params.units);
    }

    /// @inheritdoc IRollingAuctionHouse
    function bid(uint256 roundId, uint256 maxAmount) external nonReentrant {
        uint256 escrow = _bid(roundId, msg.sender, maxAmount);
        if (escrow != 0) _collect(msg.sender, escrow);
    }

    /// @inheritdoc IRollingAuctionHouse
    function bidWithPermit(
        uint256 roundId,
        uint256 maxAmount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _tryPermit(maxAmount, deadline, v, r, s);
        uint256 escrow = _bid(roundId, msg.sender, maxAmount);
        if (escrow != 0) _collect(msg.sender, escrow);
    }

    /// @inheritdoc IRollingAuctionHouse
    function bidWithAuthorization(
        uint256 roundId,
        uint256 maxAmount,
        address bidder,
        uint256 value,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external nonReentrant {
        _receiveAuthorized(bidder, value, roundId, bytes32(maxAmount), validBefore, r, vs);
        _settleAuthorized(roundId, bidder, value, _bid(roundId, bidder, maxAmount));
    }

    /// @inheritdoc IRollingAuctionHouse
    function settle(uint256 roundId) external nonReentrant returns (uint256 dealId, uint256 nextRoundId) {
        Round memory r = _existingRound(roundId);
        uint256 listingId = r.listingId;
        Listing storage listing = _listings[listingId];
        if (!_isOpen(roundId, listingId)) revert RollingRoundClosed(roundId);
        uint256 nowClock = _clock();
        if (r.endTime == 0 || nowClock < r.endTime) {
            revert RollingRoundNotEnded(roundId, r.endTime == 0 ? 0 : r.endTime + (block.timestamp - nowClock));
        }

        Rolling storage p = _rolling[listingId];
        uint256 unitsSold = p.unitsSold;
        // A round's clock starts with its first bid, so an ended round has a leader.
        uint256 escrowBack = r.leaderMax;
        if (r.price >= listing.reservePrice) {
            unitsSold += 1;
            // unitsSold ≤ units ≤ 1 000.
            p.unitsSold = uint16(unitsSold);
            dealId = _openDeal(roundId, r.leader, r.price);
            emit AuctionSettled(roundId, r.leader, dealId, r.price);
            escrowBack -= r.price; // the price never exceeds the leader's maximum
        } else {
            emit AuctionSettled(roundId, address(0), 0, 0);
        }

        uint256 units = p.units;
        if (p.stopping || unitsSold == units) {
            listing.status = ListingStatus.Settled;
            emit RollingListingEnded(listingId, roundId, unitsSold, units - unitsSold);
        } else {
            // The round's record stays; it is closed because the listing's current round moves on.
            // New rounds start while paused too (bids wait for the unpause); the listing keeps its
            // own fee and treasury snapshot, so only the id is used.
            // A round id, not a listing id: works for a house that has since been unregistered, so
            // a listing that exists is never frozen by a registration change.
            nextRoundId = config.allocateRoundId();
            uint32 round = p.round + 1;
            p.round = round;
            p.currentRound = nextRoundId;
            _startRound(listingId, nextRoundId, p.startPrice, round, units - unitsSold);
        }
        if (escrowBack != 0) _returnEscrow(roundId, r.leader, escrowBack);
    }

    /// @inheritdoc IRollingAuctionHouse
    function stop(uint256 listingId) external nonReentrant {
        Listing storage listing = _listings[listingId];
        _requireActive(listingId, listing.status);
        if (msg.sender != listing.seller) revert AuctionNotSeller(listingId, msg.sender);
        Rolling storage p = _rolling[listingId];
        if (p.stopping) revert RollingAlreadyStopping(listingId);
        uint256 roundId = p.currentRound;
        if (_rounds[roundId].leader == address(0)) {
            listing.status = ListingStatus.Settled;
            emit RollingListingEnded(listingId, roundId, p.unitsSold, p.units - p.unitsSold);
        } else {
            p.stopping = true;
            emit RollingStopRequested(listingId, roundId);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc AuctionHouseBase
    /// @dev Any bid in any round: the first round is the only one with the listing's own id.
    function _hasBids(uint256 listingId) internal view override returns (bool) {
        return _rolling[listingId].round > 1 || _rounds[listingId].leader != address(0);
    }

    /// @dev The deal's buyer and price: the settled round's leader and price (frozen once the round closed).
    function _dealParties(uint256 dealId) internal view override returns (address buyer, uint256 amount) {
        Round storage r = _rounds[dealId];
        return (r.leader, r.price);
    }

    /// @inheritdoc AuctionHouseBase
    /// @dev A round's deal reads the terms of the listing the round belongs to.
    function _dealTerms(uint256 roundId) internal view override returns (DealTerms memory) {
        return _listingTerms(_listings[_rounds[roundId].listingId]);
    }

    function _startRound(
        uint256 listingId,
        uint256 roundId,
        uint96 startPrice,
        uint256 round,
        uint256 unitsLeft
    ) private {
        // Global ids stay below 2^40 (the config's counter), so they fit 48 bits.
        _rounds[roundId] = Round({
            leader: address(0),
            price: startPrice,
            leaderMax: 0,
            endTime: 0,
            extensions: 0,
            listingId: uint48(listingId)
        });
        emit RollingRoundStarted(listingId, roundId, round, unitsLeft);
    }

    function _existingRound(uint256 roundId) private view returns (Round memory r) {
        r = _rounds[roundId];
        if (r.listingId == 0) revert AuctionNotFound(roundId);
    }

    function _isOpen(uint256 roundId, uint256 listingId) private view returns (bool) {
        return _listings[listingId].status == ListingStatus.Active && _rolling[listingId].currentRound == roundId;
    }

    function _minimumBid(Round memory r, uint256 incrementBps) private pure returns (uint256) {
        return r.leader == address(0) ? r.price : ProxyBidding.minimumNextBid(r.price, incrementBps);
    }

    /// @dev Applies `bidder`'s bid and returns what it must escrow; the caller moves it (see
    ///      EnglishAuctionHouse).
    function _bid(uint256 roundId, address bidder, uint256 maxAmount) private returns (uint256 escrow) {
        // While not paused, wall-clock time = market clock + (block.timestamp - nowClock).
        uint256 nowClock = _liveClock();
        Round memory r = _existingRound(roundId);
        uint256 listingId = r.listingId;
        if (!_isOpen(roundId, listingId)) revert RollingRoundClosed(roundId);
        Listing storage listing = _listings[listingId];
        if (bidder == listing.seller) revert RollingSellerCannotBid(roundId);
        if (r.endTime != 0 && nowClock >= r.endTime)
            revert RollingRoundEnded(roundId, r.endTime + (block.timestamp - nowClock));
        if (maxAmount > type(uint96).max) revert RollingBidTooHigh(roundId, maxAmount);

        Rolling memory p = _rolling[listingId];
        uint256 reserve = listing.reservePrice;
        address previousLeader = r.leader;
        uint256 previousMax = r.leaderMax;
        bool extended;

        if (bidder == previousLeader) {
            // The leader raises their own maximum (see EnglishAuctionHouse): only the difference is
            // escrowed and the end never moves.
            if (maxAmount <= previousMax) revert RollingMaxNotRaised(roundId, previousMax);
            escrow = maxAmount - previousMax;
            r.leaderMax = uint96(maxAmount);
            r.price = uint96(ProxyBidding.applyReserve(r.price, maxAmount, reserve));
        } else {
            (escrow, extended) = _compete(roundId, r, p, maxAmount, reserve, nowClock);
            // The bidder escrows exactly when they take the lead (a maximum is never zero).
            if (escrow != 0) r.leader = bidder;
        }

        _rounds[roundId] = r;
        emit BidPlaced(
            roundId,
            bidder,
            r.leader,
            maxAmount,
            r.price,
            r.endTime + (block.timestamp - nowClock),
            extended
        );
        if (previousLeader != address(0) && r.leader != previousLeader) {
            bool pushed = _pushOrCredit(previousLeader, previousMax);
            emit Outbid(roundId, previousLeader, bidder, previousMax, pushed);
        }
    }

    /// @dev A bid by anyone but the leader, applied to `r` in memory (English rules; the caller
    ///      makes the bidder the leader when it returns a non-zero escrow); the first bid of a round
    ///      starts its clock, later ones may extend it.
    function _compete(
        uint256 roundId,
        Round memory r,
        Rolling memory p,
        uint256 maxAmount,
        uint256 reserve,
        uint256 nowClock
    ) private view returns (uint256 escrow, bool extended) {
        uint256 minimum = _minimumBid(r, p.minIncrementBps);
        if (maxAmount < minimum) revert RollingBidTooLow(roundId, minimum);
        // All prices below are capped by a maximum that fits 96 bits.
        if (r.leader == address(0)) {
            r.price = uint96(ProxyBidding.openingPrice(r.price, maxAmount, reserve));
            r.leaderMax = uint96(maxAmount);
            // now + roundDuration (≤ 30 days) fits 40 bits.
            r.endTime = uint40(nowClock + p.roundDuration);
            return (maxAmount, false);
        }
        if (maxAmount > r.leaderMax) {
            r.price = uint96(ProxyBidding.competitivePrice(maxAmount, r.leaderMax, reserve, p.minIncrementBps));
            r.leaderMax = uint96(maxAmount);
            escrow = maxAmount;
        } else {
            // The leader's maximum wins (ties keep the earlier leader); this bid escrows nothing
            // and, since the leader did not change, buys no time.
            r.price = uint96(ProxyBidding.competitivePrice(r.leaderMax, maxAmount, reserve, p.minIncrementBps));
            return (0, false);
        }
        uint256 newEnd;
        (newEnd, extended) = AntiSniping.extend(r.endTime, nowClock, p.extensionWindow, r.extensions, p.maxExtensions);
        if (extended) {
            // now + extensionWindow (≤ 1 day) fits 40 bits; extensions < maxExtensions ≤ 100.
            r.endTime = uint40(newEnd);
            r.extensions += 1;
        }
    }
}
