// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IEnglishAuctionHouse} from "../interfaces/IEnglishAuctionHouse.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";
import {AntiSniping} from "../libraries/AntiSniping.sol";
import {ProxyBidding} from "../libraries/ProxyBidding.sol";
import {AuctionHouseBase} from "./AuctionHouseBase.sol";

/// @title EnglishAuctionHouse
/// @notice English auctions in USDC with proxy bidding, a reserve, minimum increments and
///         anti-sniping; the winner's payment moves into a deal (see `IDealEscrow`).
contract EnglishAuctionHouse is IEnglishAuctionHouse, AuctionHouseBase {
    /// @inheritdoc IEnglishAuctionHouse
    uint96 public constant MIN_START_PRICE = 1_000_000;
    /// @inheritdoc IEnglishAuctionHouse
    uint16 public constant MIN_INCREMENT_BPS = 100;
    /// @inheritdoc IEnglishAuctionHouse
    uint16 public constant MAX_INCREMENT_BPS = 5_000;
    /// @inheritdoc IEnglishAuctionHouse
    uint40 public constant MIN_DURATION = 5 minutes;
    /// @inheritdoc IEnglishAuctionHouse
    uint40 public constant MAX_DURATION = 30 days;
    /// @inheritdoc IEnglishAuctionHouse
    uint40 public constant MAX_START_DELAY = 90 days;
    /// @inheritdoc IEnglishAuctionHouse
    uint32 public constant MAX_EXTENSION_WINDOW = 1 days;
    /// @inheritdoc IEnglishAuctionHouse
    uint8 public constant MAX_EXTENSIONS = 100;

    /// @dev Two slots, both non-zero from creation on, so a bid only ever updates warm, non-zero
    ///      slots. Read into memory once per call. Slot 0 is also the deal's buyer and price once
    ///      the auction settled (see `_dealParties`).
    struct Auction {
        // slot 0
        address leader; // highest maximum so far; 0 before the first bid
        uint40 startTime; // first second bids are accepted (market clock)
        uint40 endTime; // bids are accepted while clock < endTime (market clock); moves with extensions
        uint8 extensions; // extensions used
        uint8 maxExtensions; // extensions allowed
        uint16 minIncrementBps; // minimum step between prices
        uint96 leaderMax;
        uint96 price;
        uint24 extensionWindow; // anti-sniping window in seconds (≤ 1 day)
    }

    mapping(uint256 auctionId => Auction) private _auctions;

    /// @param token_ The ERC-20 of this deployment (USDC).
    /// @param config_ The roles and settings contract.
    constructor(IERC20 token_, IGavelConfig config_) AuctionHouseBase(token_, config_) {}

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IEnglishAuctionHouse
    function getAuction(uint256 auctionId) external view returns (EnglishAuctionView memory) {
        if (_listings[auctionId].status == ListingStatus.None) revert AuctionNotFound(auctionId);
        Auction memory a = _auctions[auctionId];
        uint256 offset = _clockOffset();
        return
            EnglishAuctionView({
                leader: a.leader,
                leaderMax: a.leaderMax,
                price: a.price,
                minimumBid: _minimumBid(a),
                startTime: a.startTime + offset,
                endTime: a.endTime + offset,
                minIncrementBps: a.minIncrementBps,
                extensionWindow: a.extensionWindow,
                extensions: a.extensions,
                maxExtensions: a.maxExtensions
            });
    }

    /// @inheritdoc IEnglishAuctionHouse
    function minimumBid(uint256 auctionId) external view returns (uint256) {
        if (_listings[auctionId].status == ListingStatus.None) revert AuctionNotFound(auctionId);
        return _minimumBid(_auctions[auctionId]);
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IEnglishAuctionHouse
    function createAuction(
        ListingParams calldata listing,
        EnglishParams calldata params
    ) external nonReentrant returns (uint256 auctionId) {
        if (params.startPrice < MIN_START_PRICE) revert EnglishInvalidStartPrice(params.startPrice, MIN_START_PRICE);
        if (listing.reservePrice < params.startPrice) {
            revert EnglishReserveBelowStartPrice(listing.reservePrice, params.startPrice);
        }
        if (params.minIncrementBps < MIN_INCREMENT_BPS || params.minIncrementBps > MAX_INCREMENT_BPS) {
            revert EnglishInvalidIncrement(params.minIncrementBps);
        }
        uint256 startTime = params.startTime < block.timestamp ? block.timestamp : params.startTime;
        if (startTime > block.timestamp + MAX_START_DELAY) revert EnglishInvalidStartTime(params.startTime);
        uint256 duration = params.endTime > startTime ? params.endTime - startTime : 0;
        if (duration < MIN_DURATION || duration > MAX_DURATION) revert EnglishInvalidDuration(duration);
        if (params.extensionWindow > MAX_EXTENSION_WINDOW) revert EnglishInvalidExtensionWindow(params.extensionWindow);
        if (params.maxExtensions > MAX_EXTENSIONS) revert EnglishTooManyExtensions(params.maxExtensions);

        uint256 offset;
        // The times move onto the market clock. startTime ≤ now + 90 days fits 40 bits;
        // extensionWindow ≤ 1 day fits 24 bits.
        (auctionId, offset) = _createListing(listing);
        // offset ≤ now ≤ startTime < endTime, so neither subtraction can wrap.
        uint40 clockStart;
        uint40 clockEnd;
        unchecked {
            clockStart = uint40(startTime - offset);
            clockEnd = uint40(params.endTime - offset);
        }
        _auctions[auctionId] = Auction({
            leader: address(0),
            price: params.startPrice,
            leaderMax: 0,
            startTime: clockStart,
            endTime: clockEnd,
            extensions: 0,
            maxExtensions: params.maxExtensions,
            minIncrementBps: params.minIncrementBps,
            extensionWindow: uint24(params.extensionWindow)
        });
        emit EnglishAuctionCreated(
            auctionId,
            startTime,
            params.endTime,
            params.startPrice,
            params.minIncrementBps,
            params.extensionWindow,
            params.maxExtensions
        );
    }

    /// @inheritdoc IEnglishAuctionHouse
    function bid(uint256 auctionId, uint256 maxAmount) external nonReentrant {
        uint256 escrow = _bid(auctionId, msg.sender, maxAmount);
        if (escrow != 0) _collect(msg.sender, escrow);
    }

    /// @inheritdoc IEnglishAuctionHouse
    function bidWithPermit(
        uint256 auctionId,
        uint256 maxAmount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _tryPermit(maxAmount, deadline, v, r, s);
        uint256 escrow = _bid(auctionId, msg.sender, maxAmount);
        if (escrow != 0) _collect(msg.sender, escrow);
    }

    /// @inheritdoc IEnglishAuctionHouse
    function bidWithAuthorization(
        uint256 auctionId,
        uint256 maxAmount,
        address bidder,
        uint256 value,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external nonReentrant {
        _receiveAuthorized(bidder, value, auctionId, bytes32(maxAmount), validBefore, r, vs);
        _settleAuthorized(auctionId, bidder, value, _bid(auctionId, bidder, maxAmount));
    }

    /// @inheritdoc IEnglishAuctionHouse
    function settle(uint256 auctionId) external nonReentrant returns (uint256 dealId) {
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        Auction memory a = _auctions[auctionId];
        uint256 nowClock = _clock();
        if (nowClock < a.endTime) revert EnglishNotEnded(auctionId, a.endTime + (block.timestamp - nowClock));

        listing.status = ListingStatus.Settled;
        if (a.leader == address(0)) {
            emit AuctionSettled(auctionId, address(0), 0, 0);
        } else if (a.price < listing.reservePrice) {
            emit AuctionSettled(auctionId, address(0), 0, 0);
            _returnEscrow(auctionId, a.leader, a.leaderMax);
        } else {
            dealId = _openDeal(auctionId, a.leader, a.price);
            emit AuctionSettled(auctionId, a.leader, dealId, a.price);
            // The price never exceeds the leader's maximum.
            if (a.leaderMax > a.price) _returnEscrow(auctionId, a.leader, a.leaderMax - a.price);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc AuctionHouseBase
    function _hasBids(uint256 auctionId) internal view override returns (bool) {
        return _auctions[auctionId].leader != address(0);
    }

    /// @dev The deal's buyer and price: the settled auction's leader and price (frozen once the listing is Settled).
    function _dealParties(uint256 dealId) internal view override returns (address buyer, uint256 amount) {
        Auction storage a = _auctions[dealId];
        return (a.leader, a.price);
    }

    function _minimumBid(Auction memory a) private pure returns (uint256) {
        return a.leader == address(0) ? a.price : ProxyBidding.minimumNextBid(a.price, a.minIncrementBps);
    }

    /// @dev Applies `bidder`'s bid and returns what it must escrow (the new maximum, a raise's
    ///      difference, or nothing for a losing bid); the caller pulls it in or, when the house
    ///      already received the whole maximum by authorization, returns the rest. The outbid
    ///      leader is repaid here, from escrow the house already holds.
    function _bid(uint256 auctionId, address bidder, uint256 maxAmount) private returns (uint256 escrow) {
        uint256 nowClock = _liveClock();
        // While not paused, wall-clock time = market clock + offset (nowClock ≤ now).
        uint256 offset;
        unchecked {
            offset = block.timestamp - nowClock;
        }
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        if (bidder == listing.seller) revert EnglishSellerCannotBid(auctionId);
        Auction memory a = _auctions[auctionId];
        if (nowClock < a.startTime) revert EnglishNotStarted(auctionId, a.startTime + offset);
        if (nowClock >= a.endTime) revert EnglishEnded(auctionId, a.endTime + offset);
        if (maxAmount > type(uint96).max) revert EnglishBidTooHigh(auctionId, maxAmount);

        uint256 reserve = listing.reservePrice;
        address previousLeader = a.leader;
        uint256 previousMax = a.leaderMax;
        bool extended;

        if (bidder == previousLeader) {
            // The leader raises their own maximum: only the difference is escrowed, the runner-up is
            // unchanged, so the price moves only if the new maximum reaches the reserve. Not an
            // extension trigger: it changes nothing another bidder has to answer.
            if (maxAmount <= previousMax) revert EnglishMaxNotRaised(auctionId, previousMax);
            escrow = maxAmount - previousMax;
            a.leaderMax = uint96(maxAmount);
            a.price = uint96(ProxyBidding.applyReserve(a.price, maxAmount, reserve));
        } else {
            (escrow, extended) = _compete(auctionId, a, bidder, maxAmount, reserve, nowClock);
        }

        _auctions[auctionId] = a;
        emit BidPlaced(auctionId, bidder, a.leader, maxAmount, a.price, a.endTime + offset, extended);
        if (previousLeader != address(0) && a.leader != previousLeader) {
            bool pushed = _pushOrCredit(previousLeader, previousMax);
            emit Outbid(auctionId, previousLeader, bidder, previousMax, pushed);
        }
    }

    /// @dev A bid by anyone but the leader, applied to `a` in memory: the first bid, a bid that
    ///      takes the lead, or one that loses to the leader's maximum; then anti-sniping, for a bid
    ///      that changes the leader only (a losing bid costs nothing, so it must not buy time).
    /// @return escrow What the bidder pays in now.
    /// @return extended Whether the end moved.
    function _compete(
        uint256 auctionId,
        Auction memory a,
        address bidder,
        uint256 maxAmount,
        uint256 reserve,
        uint256 nowClock
    ) private view returns (uint256 escrow, bool extended) {
        uint256 minimum = _minimumBid(a);
        if (maxAmount < minimum) revert EnglishBidTooLow(auctionId, minimum);
        uint256 previousMax = a.leaderMax;
        // All prices below are capped by a maximum that fits 96 bits.
        if (a.leader == address(0)) {
            a.price = uint96(ProxyBidding.openingPrice(a.price, maxAmount, reserve));
            a.leader = bidder;
            a.leaderMax = uint96(maxAmount);
            escrow = maxAmount;
        } else if (maxAmount > previousMax) {
            a.price = uint96(ProxyBidding.competitivePrice(maxAmount, previousMax, reserve, a.minIncrementBps));
            a.leader = bidder;
            a.leaderMax = uint96(maxAmount);
            escrow = maxAmount;
        } else {
            // The leader's maximum wins (ties keep the earlier leader); the price rises to answer
            // this bid and the bidder escrows nothing. No extension: the leader did not change.
            a.price = uint96(ProxyBidding.competitivePrice(previousMax, maxAmount, reserve, a.minIncrementBps));
            return (0, false);
        }
        uint256 newEnd;
        (newEnd, extended) = AntiSniping.extend(a.endTime, nowClock, a.extensionWindow, a.extensions, a.maxExtensions);
        if (extended) {
            // now + extensionWindow (≤ 1 day) fits 40 bits; extensions < maxExtensions ≤ 100.
            a.endTime = uint40(newEnd);
            a.extensions += 1;
        }
    }
}
