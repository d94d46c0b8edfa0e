// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";
import {ISealedBidAuctionHouse} from "../interfaces/ISealedBidAuctionHouse.sol";
import {AuctionHouseBase} from "./AuctionHouseBase.sol";

/// @title SealedBidAuctionHouse
/// @notice Commit-reveal auctions with collateral, first or second price, ending in a Gavel deal.
/// @dev The ranking is kept on the fly while bidders reveal (leader, highest and second-highest
///      amount), so settlement is O(1); every non-winning commitment is returned on its own with
///      `returnCollateral`.
contract SealedBidAuctionHouse is ISealedBidAuctionHouse, AuctionHouseBase {
    /// @inheritdoc ISealedBidAuctionHouse
    uint96 public constant MIN_RESERVE = 1_000_000;
    /// @inheritdoc ISealedBidAuctionHouse
    uint40 public constant MIN_COMMIT_DURATION = 5 minutes;
    /// @inheritdoc ISealedBidAuctionHouse
    uint40 public constant MAX_COMMIT_DURATION = 30 days;
    /// @inheritdoc ISealedBidAuctionHouse
    uint40 public constant MIN_REVEAL_DURATION = 1 hours;
    /// @inheritdoc ISealedBidAuctionHouse
    uint40 public constant MAX_REVEAL_DURATION = 7 days;
    /// @inheritdoc ISealedBidAuctionHouse
    uint16 public constant MIN_PENALTY_BPS = 1_000;
    /// @inheritdoc ISealedBidAuctionHouse
    uint16 public constant DEFAULT_PENALTY_BPS = 2_500;
    /// @inheritdoc ISealedBidAuctionHouse
    uint16 public constant MAX_PENALTY_BPS = 10_000;

    /// @dev Three slots, all non-zero once the first commitment is in, so reveals only update warm
    ///      or non-zero slots.
    struct Auction {
        // slot 0 (written at creation; lastOrder by each new commitment)
        uint40 commitEnd; // market clock
        uint40 revealEnd; // market clock
        uint16 penaltyBps;
        uint32 lastOrder; // order of the latest commitment (orders start at 1; 0 before any)
        // slot 1
        address leader; // highest revealed amount so far; ties to the lower order
        uint32 commitments; // bidders with a commitment
        uint32 reveals; // of which revealed
        uint32 leaderOrder; // the leader's commitment order
        // slot 2
        uint96 top; // the leader's amount
        uint96 second; // max(reserve, second-highest revealed amount): the second price
        Pricing pricing; // beside the amounts: a deal's price reads this slot alone
    }

    /// @dev Two slots per bidder and auction. Storage holds only None and Committed: a revealed
    ///      commitment is Committed with its hash cleared (a commitment is never zero, see
    ///      `_commit`), and a returned one is deleted, which refunds both slots.
    struct Commitment {
        bytes32 commitment;
        uint96 collateral;
        uint32 order;
        CommitmentStatus status;
    }

    mapping(uint256 auctionId => Auction) private _auctions;
    mapping(uint256 auctionId => mapping(address bidder => Commitment)) private _commitments;

    /// @param token_ The ERC-20 of this deployment (USDC).
    /// @param config_ The roles and settings contract.
    constructor(IERC20 token_, IGavelConfig config_) AuctionHouseBase(token_, config_) {}

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ISealedBidAuctionHouse
    function getAuction(uint256 auctionId) external view returns (SealedAuctionView memory v) {
        Listing storage listing = _listings[auctionId];
        if (listing.status == ListingStatus.None) revert AuctionNotFound(auctionId);
        Auction memory a = _auctions[auctionId];
        uint256 offset = _clockOffset();
        v.commitEnd = a.commitEnd + offset;
        v.revealEnd = a.revealEnd + offset;
        v.unrevealedPenaltyBps = a.penaltyBps;
        v.pricing = a.pricing;
        v.commitments = a.commitments;
        v.reveals = a.reveals;
        v.leader = a.leader;
        v.leaderAmount = a.top;
        if (a.leader != address(0) && a.top >= listing.reservePrice) v.price = _price(a);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function getCommitment(uint256 auctionId, address bidder) external view returns (CommitmentView memory) {
        Commitment memory c = _commitments[auctionId][bidder];
        return CommitmentView({commitment: c.commitment, collateral: c.collateral, order: c.order, status: _status(c)});
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function commitmentOf(
        uint256 auctionId,
        address bidder,
        uint256 amount,
        bytes32 salt
    ) public view returns (bytes32 result) {
        // keccak256(abi.encode(block.chainid, address(this), auctionId, bidder, amount, salt)), hashed in
        // the free memory without allocating it (nothing else uses it before the hash is taken).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainid())
            mstore(add(m, 0x20), address())
            mstore(add(m, 0x40), auctionId)
            mstore(add(m, 0x60), and(bidder, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x80), amount)
            mstore(add(m, 0xa0), salt)
            result := keccak256(m, 0xc0)
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ISealedBidAuctionHouse
    function createAuction(
        ListingParams calldata listing,
        SealedParams calldata params
    ) external nonReentrant returns (uint256 auctionId) {
        if (listing.reservePrice < MIN_RESERVE) revert SealedInvalidReserve(listing.reservePrice, MIN_RESERVE);
        uint256 commitDuration = params.commitEnd > block.timestamp ? params.commitEnd - block.timestamp : 0;
        if (commitDuration < MIN_COMMIT_DURATION || commitDuration > MAX_COMMIT_DURATION) {
            revert SealedInvalidCommitDuration(commitDuration);
        }
        uint256 revealDuration = params.revealEnd > params.commitEnd ? params.revealEnd - params.commitEnd : 0;
        if (revealDuration < MIN_REVEAL_DURATION || revealDuration > MAX_REVEAL_DURATION) {
            revert SealedInvalidRevealDuration(revealDuration);
        }
        if (params.unrevealedPenaltyBps < MIN_PENALTY_BPS || params.unrevealedPenaltyBps > MAX_PENALTY_BPS) {
            revert SealedInvalidPenalty(params.unrevealedPenaltyBps);
        }

        uint256 offset;
        // The phases move onto the market clock.
        (auctionId, offset) = _createListing(listing);
        Auction storage a = _auctions[auctionId];
        // offset ≤ now < commitEnd < revealEnd, so neither subtraction can wrap.
        unchecked {
            a.commitEnd = uint40(params.commitEnd - offset);
            a.revealEnd = uint40(params.revealEnd - offset);
        }
        a.penaltyBps = params.unrevealedPenaltyBps;
        a.pricing = params.pricing;
        // The second price starts at the reserve: the winner never pays less.
        a.second = listing.reservePrice;
        emit SealedAuctionCreated(
            auctionId,
            params.commitEnd,
            params.revealEnd,
            params.pricing,
            params.unrevealedPenaltyBps
        );
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function commit(uint256 auctionId, bytes32 commitment, uint256 addedCollateral) external nonReentrant {
        _commit(auctionId, msg.sender, commitment, addedCollateral);
        if (addedCollateral != 0) _collect(msg.sender, addedCollateral);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function commitWithPermit(
        uint256 auctionId,
        bytes32 commitment,
        uint256 addedCollateral,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _tryPermit(addedCollateral, deadline, v, r, s);
        _commit(auctionId, msg.sender, commitment, addedCollateral);
        if (addedCollateral != 0) _collect(msg.sender, addedCollateral);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function commitWithAuthorization(
        uint256 auctionId,
        bytes32 commitment,
        uint256 addedCollateral,
        address bidder,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external nonReentrant {
        _receiveAuthorized(bidder, addedCollateral, auctionId, commitment, validBefore, r, vs);
        _commit(auctionId, bidder, commitment, addedCollateral);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function reveal(uint256 auctionId, uint256 amount, bytes32 salt) external nonReentrant {
        // No listing read: a commitment exists only on an active listing (cancel needs none), and
        // settlement cannot happen inside the reveal phase while a commitment is unrevealed.
        Auction memory a = _auctions[auctionId];
        // Reveals work while paused too, on the stopped clock.
        uint256 nowClock = _clock();
        if (nowClock < a.commitEnd || nowClock >= a.revealEnd) {
            uint256 offset = block.timestamp - nowClock;
            revert SealedNotRevealPhase(auctionId, a.commitEnd + offset, a.revealEnd + offset);
        }
        Commitment storage stored = _commitments[auctionId][msg.sender];
        Commitment memory c = stored;
        if (commitmentOf(auctionId, msg.sender, amount, salt) != c.commitment) {
            // A zero hash is no commitment (None) or one already revealed: no preimage matches it.
            if (c.commitment == bytes32(0)) revert SealedInvalidCommitmentStatus(auctionId, msg.sender, _status(c));
            revert SealedCommitmentMismatch(auctionId, msg.sender);
        }
        if (amount > c.collateral) revert SealedAmountAboveCollateral(auctionId, amount, c.collateral);

        // Clearing the hash is what marks the commitment revealed (and refunds gas): the status
        // slot is left alone.
        stored.commitment = bytes32(0);
        Auction storage s = _auctions[auctionId];
        // amount ≤ collateral fits 96 bits; reveals ≤ commitments < 2^32.
        if (a.leader == address(0) || amount > a.top || (amount == a.top && c.order < a.leaderOrder)) {
            // The previous leader (if any) becomes the runner-up.
            if (a.leader != address(0) && a.top > a.second) s.second = a.top;
            s.top = uint96(amount);
            s.leader = msg.sender;
            s.leaderOrder = c.order;
            a.leader = msg.sender;
        } else if (amount > a.second) {
            s.second = uint96(amount);
        }
        s.reveals = a.reveals + 1;
        emit SealedBidRevealed(auctionId, msg.sender, a.leader, amount);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function settle(uint256 auctionId) external nonReentrant returns (uint256 dealId) {
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        Auction memory a = _auctions[auctionId];
        uint256 nowClock = _clock();
        bool allRevealed = nowClock >= a.commitEnd && a.reveals == a.commitments;
        if (nowClock < a.revealEnd && !allRevealed) {
            revert SealedNotSettleable(auctionId, a.revealEnd + (block.timestamp - nowClock));
        }

        listing.status = ListingStatus.Settled;
        if (a.leader == address(0)) {
            emit AuctionSettled(auctionId, address(0), 0, 0);
            return 0;
        }
        uint256 collateral = _commitments[auctionId][a.leader].collateral;
        // The leader's collateral leaves with this settlement (into the deal and back).
        delete _commitments[auctionId][a.leader];
        if (a.top < listing.reservePrice) {
            emit AuctionSettled(auctionId, address(0), 0, 0);
            _returnEscrow(auctionId, a.leader, collateral);
        } else {
            uint256 price = _price(a);
            dealId = _openDeal(auctionId, a.leader, price);
            emit AuctionSettled(auctionId, a.leader, dealId, price);
            // price ≤ top ≤ collateral.
            if (collateral > price) _returnEscrow(auctionId, a.leader, collateral - price);
        }
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function returnCollateral(uint256 auctionId, address bidder) external nonReentrant returns (uint256 amount) {
        Commitment memory c = _commitments[auctionId][bidder];
        if (c.status != CommitmentStatus.Committed) {
            // Never committed, or already returned (a returned commitment is deleted).
            if (_listings[auctionId].status == ListingStatus.None) revert AuctionNotFound(auctionId);
            revert SealedInvalidCommitmentStatus(auctionId, bidder, CommitmentStatus.None);
        }
        amount = c.collateral;
        uint256 penalty;
        if (c.commitment == bytes32(0)) {
            // Revealed. A settled leader's commitment is already deleted, so a revealed leader is
            // one before settlement.
            if (bidder == _auctions[auctionId].leader) revert SealedLeaderCollateralLocked(auctionId, bidder);
        } else {
            uint256 revealEnd = _auctions[auctionId].revealEnd;
            uint256 nowClock = _clock();
            if (nowClock < revealEnd) {
                revert SealedRevealPhaseNotOver(auctionId, revealEnd + (block.timestamp - nowClock));
            }
            // Rounds down, in the bidder's favour; penaltyBps ≤ 10 000 so penalty ≤ amount.
            penalty = (amount * _auctions[auctionId].penaltyBps) / BPS;
            amount -= penalty;
        }

        delete _commitments[auctionId][bidder];
        if (penalty != 0) {
            // To the treasury, never the seller: a seller who shill-bids and leaves the shills
            // unrevealed loses the penalty instead of collecting it.
            address treasury = _listings[auctionId].treasury;
            _accrueFee(treasury, penalty);
            emit SealedBidPenalized(auctionId, bidder, treasury, penalty);
        }
        if (amount != 0) _returnEscrow(auctionId, bidder, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc AuctionHouseBase
    function _hasBids(uint256 auctionId) internal view override returns (bool) {
        return _auctions[auctionId].commitments != 0;
    }

    /// @dev The deal's buyer and price: the settled auction's leader and its price (no reveal can
    ///      change either once it settled: settlement waits for the reveal end or for every reveal).
    function _dealParties(uint256 dealId) internal view override returns (address buyer, uint256 amount) {
        Auction storage a = _auctions[dealId];
        buyer = a.leader;
        amount = a.pricing == Pricing.FirstPrice ? a.top : a.second;
    }

    /// @dev Records `bidder`'s commitment; the caller moves `addedCollateral` in (pulled, or already
    ///      received by authorization).
    function _commit(uint256 auctionId, address bidder, bytes32 commitment, uint256 addedCollateral) private {
        // A zero hash marks a revealed commitment (and matches no preimage anyway).
        if (commitment == bytes32(0)) revert SealedEmptyCommitment(auctionId);
        uint256 nowClock = _liveClock();
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        if (bidder == listing.seller) revert SealedSellerCannotBid(auctionId);
        Auction storage a = _auctions[auctionId];
        uint256 commitEnd = a.commitEnd;
        if (nowClock >= commitEnd) revert SealedCommitPhaseOver(auctionId, commitEnd + (block.timestamp - nowClock));

        Commitment storage c = _commitments[auctionId][bidder];
        // Inside the commit phase a commitment is either None or Committed (reveals start later).
        bool isNew = c.status == CommitmentStatus.None;
        bool replaced = !isNew && c.commitment != commitment;
        uint256 collateral = uint256(c.collateral) + addedCollateral;
        if (collateral > type(uint96).max) revert SealedCollateralTooHigh(auctionId, collateral);
        uint256 reserve = listing.reservePrice;
        if (collateral < reserve) revert SealedCollateralBelowReserve(auctionId, collateral, reserve);

        if (isNew || replaced) {
            // A replacement is a new commitment: it ranks after every earlier one in a tie.
            uint32 order = a.lastOrder + 1;
            a.lastOrder = order;
            c.order = order;
            c.commitment = commitment;
            if (isNew) {
                a.commitments += 1;
                c.status = CommitmentStatus.Committed;
            }
        }
        c.collateral = uint96(collateral);
        emit SealedBidCommitted(auctionId, bidder, commitment, collateral, replaced);
    }

    /// @dev A commitment's status as the views report it: Committed with a cleared hash is Revealed.
    function _status(Commitment memory c) private pure returns (CommitmentStatus) {
        if (c.status == CommitmentStatus.Committed && c.commitment == bytes32(0)) return CommitmentStatus.Revealed;
        return c.status;
    }

    /// @dev What the leader pays: their amount (first price) or `second`, which is already the
    ///      larger of the reserve and the second-highest revealed amount (second price).
    function _price(Auction memory a) private pure returns (uint256) {
        return a.pricing == Pricing.FirstPrice ? a.top : a.second;
    }
}
