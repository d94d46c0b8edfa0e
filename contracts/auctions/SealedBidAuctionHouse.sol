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
    uint16 public constant MAX_PENALTY_BPS = 2_500;

    /// @dev Three slots, all non-zero once the first commitment is in, so reveals only update warm
    ///      or non-zero slots.
    struct Auction {
        // slot 0 (written at creation; nextOrder by each new commitment)
        uint40 commitEnd;
        uint40 revealEnd;
        uint16 penaltyBps;
        Pricing pricing;
        uint32 nextOrder; // order of the next commitment, from 1
        // slot 1
        address leader; // highest revealed amount so far; ties to the lower order
        uint32 commitments; // bidders with a commitment
        uint32 reveals; // of which revealed
        uint32 leaderOrder; // the leader's commitment order
        // slot 2
        uint96 top; // the leader's amount
        uint96 second; // max(reserve, second-highest revealed amount): the second price
    }

    /// @dev Two slots per bidder and auction.
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
        v.commitEnd = a.commitEnd;
        v.revealEnd = a.revealEnd;
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
        return CommitmentView({commitment: c.commitment, collateral: c.collateral, order: c.order, status: c.status});
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
        if (params.unrevealedPenaltyBps > MAX_PENALTY_BPS) revert SealedPenaltyTooHigh(params.unrevealedPenaltyBps);

        auctionId = _createListing(listing);
        Auction storage a = _auctions[auctionId];
        a.commitEnd = params.commitEnd;
        a.revealEnd = params.revealEnd;
        a.penaltyBps = params.unrevealedPenaltyBps;
        a.pricing = params.pricing;
        a.nextOrder = 1;
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
        _commit(auctionId, commitment, addedCollateral);
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
        _commit(auctionId, commitment, addedCollateral);
    }

    /// @inheritdoc ISealedBidAuctionHouse
    function reveal(uint256 auctionId, uint256 amount, bytes32 salt) external nonReentrant {
        // No listing read: a commitment exists only on an active listing (cancel needs none), and
        // settlement cannot happen inside the reveal phase while a commitment is unrevealed.
        Auction memory a = _auctions[auctionId];
        if (block.timestamp < a.commitEnd || block.timestamp >= a.revealEnd) {
            revert SealedNotRevealPhase(auctionId, a.commitEnd, a.revealEnd);
        }
        Commitment storage c = _commitments[auctionId][msg.sender];
        if (c.status != CommitmentStatus.Committed) {
            revert SealedInvalidCommitmentStatus(auctionId, msg.sender, c.status);
        }
        if (keccak256(abi.encode(auctionId, msg.sender, amount, salt)) != c.commitment) {
            revert SealedCommitmentMismatch(auctionId, msg.sender);
        }
        uint256 collateral = c.collateral;
        if (amount > collateral) revert SealedAmountAboveCollateral(auctionId, amount, collateral);

        c.status = CommitmentStatus.Revealed;
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
        bool allRevealed = block.timestamp >= a.commitEnd && a.reveals == a.commitments;
        if (block.timestamp < a.revealEnd && !allRevealed) revert SealedNotSettleable(auctionId, a.revealEnd);

        listing.status = ListingStatus.Settled;
        if (a.leader == address(0)) {
            emit AuctionSettled(auctionId, address(0), 0, 0);
            return 0;
        }
        Commitment storage c = _commitments[auctionId][a.leader];
        uint256 collateral = c.collateral;
        c.status = CommitmentStatus.Returned;
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
        Listing storage listing = _listings[auctionId];
        if (listing.status == ListingStatus.None) revert AuctionNotFound(auctionId);
        Commitment storage c = _commitments[auctionId][bidder];
        CommitmentStatus status = c.status;
        amount = c.collateral;
        uint256 penalty;
        if (status == CommitmentStatus.Revealed) {
            // A settled leader is already Returned, so a Revealed leader is one before settlement.
            if (bidder == _auctions[auctionId].leader) revert SealedLeaderCollateralLocked(auctionId, bidder);
        } else if (status == CommitmentStatus.Committed) {
            uint256 revealEnd = _auctions[auctionId].revealEnd;
            if (block.timestamp < revealEnd) revert SealedRevealPhaseNotOver(auctionId, revealEnd);
            // Rounds down, in the bidder's favour; penaltyBps ≤ 2 500 so penalty ≤ amount.
            penalty = (amount * _auctions[auctionId].penaltyBps) / BPS;
            amount -= penalty;
        } else {
            revert SealedInvalidCommitmentStatus(auctionId, bidder, status);
        }

        c.status = CommitmentStatus.Returned;
        if (penalty != 0) {
            address seller = listing.seller;
            _credit(seller, penalty);
            emit SealedBidPenalized(auctionId, bidder, seller, penalty);
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

    function _commit(uint256 auctionId, bytes32 commitment, uint256 addedCollateral) private {
        _requireNotPaused();
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        if (msg.sender == listing.seller) revert SealedSellerCannotBid(auctionId);
        Auction storage a = _auctions[auctionId];
        uint256 commitEnd = a.commitEnd;
        if (block.timestamp >= commitEnd) revert SealedCommitPhaseOver(auctionId, commitEnd);

        Commitment storage c = _commitments[auctionId][msg.sender];
        // Inside the commit phase a commitment is either None or Committed (reveals start later).
        bool isNew = c.status == CommitmentStatus.None;
        bool replaced = !isNew && c.commitment != commitment;
        uint256 collateral = uint256(c.collateral) + addedCollateral;
        if (collateral > type(uint96).max) revert SealedCollateralTooHigh(auctionId, collateral);
        uint256 reserve = listing.reservePrice;
        if (collateral < reserve) revert SealedCollateralBelowReserve(auctionId, collateral, reserve);

        if (isNew || replaced) {
            // A replacement is a new commitment: it ranks after every earlier one in a tie.
            uint32 order = a.nextOrder;
            a.nextOrder = order + 1;
            c.order = order;
            c.commitment = commitment;
            if (isNew) {
                a.commitments += 1;
                c.status = CommitmentStatus.Committed;
            }
        }
        c.collateral = uint96(collateral);
        emit SealedBidCommitted(auctionId, msg.sender, commitment, collateral, replaced);
        if (addedCollateral != 0) _collect(msg.sender, addedCollateral);
    }

    /// @dev What the leader pays: their amount (first price) or `second`, which is already the
    ///      larger of the reserve and the second-highest revealed amount (second price).
    function _price(Auction memory a) private pure returns (uint256) {
        return a.pricing == Pricing.FirstPrice ? a.top : a.second;
    }
}
