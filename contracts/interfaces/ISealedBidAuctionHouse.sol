// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "./IAuctionHouse.sol";

/// @title ISealedBidAuctionHouse
/// @notice Sealed-bid auctions (first price or second price / Vickrey) ending in a Gavel deal.
/// @dev Commit phase (until `commitEnd`): a bidder sends
///      `commitment = keccak256(abi.encode(block.chainid, house, auctionId, bidder, amount, salt))`
///      with collateral (the chain id and this house's address make a commitment worthless on
///      another chain or deployment); the
///      total collateral must reach the reserve and, to be revealable, cover `amount`. Before
///      `commitEnd` a bidder may add collateral (same commitment) or replace the commitment (a new
///      commitment counts as a new, later one for ties). Only the commitment and the collateral are
///      on-chain before the reveal: over-collateralise to hide the amount.
///      Phases run on the market clock (`clock()`), which stands still while the platform is paused.
///      Reveal phase (`commitEnd ≤ clock < revealEnd`): `reveal(auctionId, amount, salt)`. The highest
///      revealed amount leads; ties go to the earlier commitment. A revealed bidder who does not
///      lead (or is overtaken) can never win again, and gets the whole collateral back with
///      `returnCollateral` at once.
///      Settlement (anyone, once; after `revealEnd`, or as soon as `commitEnd` has passed and every
///      commitment is revealed): a leader at or above the reserve buys at the highest amount (first
///      price) or at the larger of the reserve and the second-highest revealed amount (second
///      price); the deal opens and the winner's collateral above the price is returned. Otherwise
///      nothing is sold and the leader's collateral is returned.
///      Unrevealed commitments (after `revealEnd`): `returnCollateral` returns the collateral minus
///      `collateral × unrevealedPenaltyBps / 10 000` (rounded down), which accrues to the listing's
///      treasury as a fee — never to the seller, so shill bids left unrevealed cost the seller money.
///      The penalty lies in [`MIN_PENALTY_BPS`, `MAX_PENALTY_BPS`] (10 %–100 %; UIs default to
///      `DEFAULT_PENALTY_BPS`, 25 %).
///      No part of the settlement iterates over bidders.
interface ISealedBidAuctionHouse is IAuctionHouse {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What the winner pays.
    enum Pricing {
        FirstPrice, // the winner's own amount
        SecondPrice // the second-highest revealed amount, at least the reserve
    }

    /// @notice Where a bidder's commitment stands. A commitment whose collateral went back (or, for
    ///         the winner, into the deal) is deleted and reads as None again.
    enum CommitmentStatus {
        None, // no commitment, or its collateral already returned
        Committed, // collateral in escrow, not revealed
        Revealed // revealed; collateral in escrow until returned or settled
    }

    /// @notice The sealed-bid part of a new listing.
    struct SealedParams {
        uint40 commitEnd; // commitments are accepted while block.timestamp < commitEnd
        uint40 revealEnd; // reveals are accepted while commitEnd ≤ block.timestamp < revealEnd
        uint16 unrevealedPenaltyBps; // share of unrevealed collateral kept for the treasury, 10 %–100 %
        Pricing pricing;
    }

    /// @notice A sealed-bid auction's state, as returned by `getAuction`.
    struct SealedAuctionView {
        uint256 commitEnd;
        uint256 revealEnd;
        uint16 unrevealedPenaltyBps;
        Pricing pricing;
        uint256 commitments; // bidders with a commitment
        uint256 reveals; // of which revealed
        address leader; // highest revealed so far (0 before the first reveal)
        uint256 leaderAmount; // the leader's revealed amount
        uint256 price; // what the leader would pay if settled now (0 without a leader at or above the reserve)
    }

    /// @notice A bidder's commitment, as returned by `getCommitment`.
    struct CommitmentView {
        bytes32 commitment;
        uint256 collateral;
        uint256 order; // position among commitments (replacing takes a new one); ties go to the lower
        CommitmentStatus status;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The reserve is below `MIN_RESERVE`.
    error SealedInvalidReserve(uint256 reservePrice, uint256 minimum);
    /// @notice The commit phase lies outside [`MIN_COMMIT_DURATION`, `MAX_COMMIT_DURATION`] from now.
    error SealedInvalidCommitDuration(uint256 duration);
    /// @notice The reveal phase lies outside [`MIN_REVEAL_DURATION`, `MAX_REVEAL_DURATION`].
    error SealedInvalidRevealDuration(uint256 duration);
    /// @notice The unrevealed penalty lies outside [`MIN_PENALTY_BPS`, `MAX_PENALTY_BPS`].
    error SealedInvalidPenalty(uint256 penaltyBps);
    /// @notice The seller may not bid on their own listing.
    error SealedSellerCannotBid(uint256 auctionId);
    /// @notice The commit phase is over.
    error SealedCommitPhaseOver(uint256 auctionId, uint256 commitEnd);
    /// @notice The bidder's total collateral would be below the reserve.
    error SealedCollateralBelowReserve(uint256 auctionId, uint256 collateral, uint256 reservePrice);
    /// @notice The bidder's total collateral would not fit the escrow's 96-bit amounts.
    error SealedCollateralTooHigh(uint256 auctionId, uint256 collateral);
    /// @notice Reveals are accepted only while `commitEnd ≤ now < revealEnd`.
    error SealedNotRevealPhase(uint256 auctionId, uint256 commitEnd, uint256 revealEnd);
    /// @notice A commitment must be a non-zero hash (zero marks a revealed commitment).
    error SealedEmptyCommitment(uint256 auctionId);
    /// @notice The caller's commitment is not in the status the action needs (a revealed or
    ///         returned one cannot be revealed, a returned one cannot be returned again).
    error SealedInvalidCommitmentStatus(uint256 auctionId, address bidder, CommitmentStatus status);
    /// @notice The revealed amount and salt do not match the commitment.
    error SealedCommitmentMismatch(uint256 auctionId, address bidder);
    /// @notice The revealed amount exceeds the bidder's collateral.
    error SealedAmountAboveCollateral(uint256 auctionId, uint256 amount, uint256 collateral);
    /// @notice Settlement must wait for the reveal end (or for every commitment to be revealed
    ///         after the commit end).
    error SealedNotSettleable(uint256 auctionId, uint256 revealEnd);
    /// @notice The leader's collateral stays in escrow until settlement.
    error SealedLeaderCollateralLocked(uint256 auctionId, address bidder);
    /// @notice Unrevealed collateral comes back only after the reveal phase.
    error SealedRevealPhaseNotOver(uint256 auctionId, uint256 revealEnd);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The sealed-bid part of a new listing (follows `ListingCreated` in the same transaction).
    /// @param auctionId The listing.
    /// @param commitEnd Commitments are accepted before this second.
    /// @param revealEnd Reveals are accepted before this second.
    /// @param pricing First or second price.
    /// @param unrevealedPenaltyBps Share of unrevealed collateral paid to the seller.
    event SealedAuctionCreated(
        uint256 indexed auctionId,
        uint256 commitEnd,
        uint256 revealEnd,
        Pricing pricing,
        uint16 unrevealedPenaltyBps
    );

    /// @notice A bidder committed, added collateral, or replaced their commitment. Carries no amount.
    /// @param auctionId The listing.
    /// @param bidder The bidder.
    /// @param commitment The bidder's commitment now.
    /// @param collateral The bidder's total collateral now.
    /// @param replaced True when an earlier, different commitment was replaced.
    event SealedBidCommitted(
        uint256 indexed auctionId,
        address indexed bidder,
        bytes32 commitment,
        uint256 collateral,
        bool replaced
    );

    /// @notice A bidder revealed their amount.
    /// @param auctionId The listing.
    /// @param bidder The bidder.
    /// @param leader The leader after this reveal.
    /// @param amount The revealed amount.
    event SealedBidRevealed(uint256 indexed auctionId, address indexed bidder, address indexed leader, uint256 amount);

    /// @notice Part of an unrevealed bidder's collateral accrued to the listing's treasury as a fee
    ///         (`unsweptFees`); the rest is returned with `EscrowReturned` in the same transaction.
    /// @param auctionId The listing.
    /// @param bidder The bidder who did not reveal.
    /// @param treasury The listing's treasury, which the penalty accrues to (never the seller).
    /// @param penalty The amount kept.
    event SealedBidPenalized(
        uint256 indexed auctionId,
        address indexed bidder,
        address indexed treasury,
        uint256 penalty
    );

    /*//////////////////////////////////////////////////////////////
                                 BOUNDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Lowest reserve (1 USDC = 1,000,000 units); every commitment's collateral reaches it.
    function MIN_RESERVE() external view returns (uint96);

    /// @notice Shortest commit phase (5 minutes).
    function MIN_COMMIT_DURATION() external view returns (uint40);

    /// @notice Longest commit phase (30 days).
    function MAX_COMMIT_DURATION() external view returns (uint40);

    /// @notice Shortest reveal phase (1 hour).
    function MIN_REVEAL_DURATION() external view returns (uint40);

    /// @notice Longest reveal phase (7 days).
    function MAX_REVEAL_DURATION() external view returns (uint40);

    /// @notice Lowest unrevealed penalty (1,000 bps = 10 %).
    function MIN_PENALTY_BPS() external view returns (uint16);

    /// @notice The unrevealed penalty UIs offer by default (2,500 bps = 25 %).
    function DEFAULT_PENALTY_BPS() external view returns (uint16);

    /// @notice Highest unrevealed penalty (10,000 bps = 100 %).
    function MAX_PENALTY_BPS() external view returns (uint16);

    /// @notice The commitment `bidder` must send to bid `amount` with `salt` in `auctionId` on this
    ///         house and chain: `keccak256(abi.encode(block.chainid, address(this), auctionId,
    ///         bidder, amount, salt))`. Compute it off-chain (sending the amount to a node leaks it).
    function commitmentOf(
        uint256 auctionId,
        address bidder,
        uint256 amount,
        bytes32 salt
    ) external view returns (bytes32);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice A sealed-bid auction's phases, counts and current leader.
    /// @dev Reverts with `AuctionNotFound` for an unknown id.
    function getAuction(uint256 auctionId) external view returns (SealedAuctionView memory);

    /// @notice `bidder`'s commitment in `auctionId` (all zero when none).
    function getCommitment(uint256 auctionId, address bidder) external view returns (CommitmentView memory);

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates a sealed-bid auction; the commit phase starts now. The caller is the seller.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `ListingCreated` then `SealedAuctionCreated`.
    /// @return auctionId The new listing's id.
    function createAuction(
        ListingParams calldata listing,
        SealedParams calldata params
    ) external returns (uint256 auctionId);

    /// @notice Commits (or replaces the caller's commitment) and adds `addedCollateral`, pulled
    ///         with `transferFrom`.
    /// @dev Reverts with `AuctionPaused` while paused. Emits `SealedBidCommitted`.
    function commit(uint256 auctionId, bytes32 commitment, uint256 addedCollateral) external;

    /// @notice `commit` preceded by an EIP-2612 permit of `addedCollateral` to this house; a failed
    ///         permit is ignored (the allowance may already be there).
    function commitWithPermit(
        uint256 auctionId,
        bytes32 commitment,
        uint256 addedCollateral,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice `commit` for `bidder`, with `addedCollateral` paid by an EIP-3009 authorization (no
    ///         ETH needed by the bidder); the nonce is keccak256(abi.encode(this house, auctionId,
    ///         bidder, commitment, validBefore)), so the submitter cannot swap the commitment.
    function commitWithAuthorization(
        uint256 auctionId,
        bytes32 commitment,
        uint256 addedCollateral,
        address bidder,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) external;

    /// @notice Reveals the caller's amount during the reveal phase (also while paused).
    /// @dev Committed → Revealed (the stored hash is cleared). Emits `SealedBidRevealed`. Moves no
    ///      tokens.
    function reveal(uint256 auctionId, uint256 amount, bytes32 salt) external;

    /// @notice Ends the auction (anyone, once). See the contract notes for pricing.
    /// @dev Active → Settled. Emits `AuctionSettled` (and `DealOpened`, `EscrowReturned`).
    /// @return dealId The deal that opened (equal to `auctionId`), or 0 when nothing was sold.
    function settle(uint256 auctionId) external returns (uint256 dealId);

    /// @notice Returns `bidder`'s collateral (anyone may call): in full for a revealed bidder who is
    ///         not the leader (at once); minus the penalty for an unrevealed one (after `revealEnd`).
    /// @dev Deletes the commitment (it reads as None afterwards). Emits `EscrowReturned` (and
    ///      `SealedBidPenalized`).
    /// @return amount The amount returned to the bidder.
    function returnCollateral(uint256 auctionId, address bidder) external returns (uint256 amount);
}
