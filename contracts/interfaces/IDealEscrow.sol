// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGavelConfig} from "./IGavelConfig.sol";

/// @title IDealEscrow
/// @notice The deal state machine every Gavel auction house shares: once an auction has a winner,
///         the price sits in a deal until the buyer confirms delivery, a deadline passes, the
///         seller refunds, or an arbiter rules on a dispute. A completed deal pushes the seller's
///         proceeds straight to the seller's wallet (credited for `withdraw` if that transfer
///         fails), and so does a ruling for both parties; refunds, and every push the token refuses,
///         are credited to withdrawable balances and pulled with `withdraw`;
///         platform fees accrue per treasury and are pushed to it by anyone with `sweepFees`.
/// @dev State machine (`DealStatus`):
///
///      Paid ──ship──► Shipped ──confirm (buyer) / release (anyone, after the confirm window)──► Completed
///       │                │
///       │ reclaim        ├──openDispute (buyer: any time until released; seller: inside the
///       │                │               dispute window)────────────────────────────► Disputed
///       │                └──extendConfirmWindow (buyer, once, by ≤ the confirm window)
///       │ (buyer, after                                                                 │
///       │  ship-by)        rule (arbiter) / resolveAfterTimeout (anyone, 50/50) ◄───────┘──► Resolved
///       ▼
///      Refunded ◄── refund (seller, from Paid, Shipped or Disputed)
///
///      Every transition emits exactly one of the events below. A deal's id equals the id of the
///      auction it came from (auction ids are global across houses, handed out by
///      `IGavelConfig.allocateAuctionId`), so an auction opens at most one deal; the rounds of a
///      rolling listing are auctions with their own ids.
interface IDealEscrow {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Where a deal stands. `None` means the deal does not exist.
    enum DealStatus {
        None,
        Paid,
        Shipped,
        Completed,
        Refunded,
        Disputed,
        Resolved
    }

    /// @notice A deal and its derived deadlines, as returned by `getDeal`.
    /// @dev Deadlines that do not apply yet (e.g. `confirmDeadline` before shipping) are 0.
    struct DealView {
        uint256 auctionId; // the auction this deal came from (always equal to the deal's id)
        address buyer;
        address seller;
        uint256 amount; // the escrowed price
        DealStatus status;
        uint256 openedAt; // when the deal opened (the hammer fell)
        uint256 shipBy; // last second the seller may ship; the buyer may reclaim after it
        uint256 shippedAt;
        uint256 confirmDeadline; // anyone may release to the seller after this second (extension included)
        uint256 disputeDeadline; // last second the seller may open a dispute (the buyer may until release)
        uint256 arbiterDeadline; // anyone may split 50/50 after this second, if still disputed
        uint16 feeBps; // fee snapshotted by the listing
        address treasury; // treasury snapshotted by the listing
        bool buyerReviewed;
        bool sellerReviewed;
        uint256 confirmExtension; // seconds the buyer added to the confirm window (0: not extended)
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice No deal with this id exists.
    error DealNotFound(uint256 dealId);
    /// @notice The deal is not in a status that allows this action.
    error DealInvalidStatus(uint256 dealId, DealStatus status);
    /// @notice Only the deal's buyer may do this.
    error DealNotBuyer(uint256 dealId, address caller);
    /// @notice Only the deal's seller may do this.
    error DealNotSeller(uint256 dealId, address caller);
    /// @notice Only the deal's buyer or seller may do this.
    error DealNotParty(uint256 dealId, address caller);
    /// @notice Only an account with the config's `ARBITER_ROLE` may rule.
    error DealNotArbiter(address caller);
    /// @notice The seller tried to ship after the ship-by deadline.
    error DealShipDeadlinePassed(uint256 dealId, uint256 shipBy);
    /// @notice The buyer tried to reclaim before the ship-by deadline passed.
    error DealShipDeadlineNotPassed(uint256 dealId, uint256 shipBy);
    /// @notice Release was attempted before the confirm window elapsed.
    error DealConfirmWindowOpen(uint256 dealId, uint256 confirmDeadline);
    /// @notice A dispute was attempted after the dispute window closed.
    error DealDisputeWindowClosed(uint256 dealId, uint256 disputeDeadline);
    /// @notice The 50/50 split was attempted before the arbiter's time ran out.
    error DealArbiterTimeNotElapsed(uint256 dealId, uint256 arbiterDeadline);
    /// @notice A ruling's buyer share exceeds 10,000 basis points.
    error DealInvalidBuyerShare(uint256 buyerShareBps);
    /// @notice A review's rating is outside 1..5.
    error DealInvalidRating(uint8 rating);
    /// @notice This party has already reviewed this deal.
    error DealAlreadyReviewed(uint256 dealId, address reviewer);
    /// @notice A URI is longer than `MAX_URI_LENGTH` bytes.
    error DealURITooLong(uint256 length);
    /// @notice The caller has no withdrawable balance.
    error EscrowNothingToWithdraw(address account);
    /// @notice The treasury has no unswept fees.
    error EscrowNoFees(address treasury);
    /// @notice A withdrawal recipient is the zero address.
    error EscrowZeroRecipient();
    /// @notice A withdrawal recipient is this house itself (the money would be lost in it).
    error EscrowRecipientIsHouse();
    /// @notice The token reports the owner as frozen (USDC blacklist): the credit waits for the
    ///         token to unfreeze it and cannot be moved to another address.
    error EscrowOwnerFrozen(address account);
    /// @notice The confirm window was already extended once.
    error DealConfirmWindowAlreadyExtended(uint256 dealId);
    /// @notice The extension is 0 or longer than the listing's confirm window.
    error DealInvalidExtension(uint256 extension, uint256 maxExtension);
    /// @notice The confirm window has already ended.
    error DealConfirmWindowClosed(uint256 dealId, uint256 confirmDeadline);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice An auction's winner paid (from escrow) and a deal opened: the seller must ship by `shipBy`.
    /// @param dealId The new deal (equal to `auctionId`).
    /// @param auctionId The auction the deal came from (a rolling listing's round id).
    /// @param buyer The winner.
    /// @param seller The listing's seller.
    /// @param amount The price held in escrow.
    /// @param shipBy Last second the seller may ship; after it the buyer may reclaim.
    event DealOpened(
        uint256 indexed dealId,
        uint256 indexed auctionId,
        address indexed buyer,
        address seller,
        uint256 amount,
        uint256 shipBy
    );

    /// @notice The seller marked the deal shipped.
    /// @param dealId The deal.
    /// @param trackingHash Hash of the tracking information (kept off-chain).
    /// @param confirmDeadline After this second anyone may release the escrow to the seller.
    /// @param disputeDeadline Last second the seller may open a dispute (the buyer may until release).
    event DealShipped(uint256 indexed dealId, bytes32 trackingHash, uint256 confirmDeadline, uint256 disputeDeadline);

    /// @notice The buyer extended the confirm window once (e.g. the parcel has not arrived).
    /// @param dealId The deal.
    /// @param buyer The buyer.
    /// @param extension Seconds added (at most the listing's confirm window).
    /// @param confirmDeadline The new confirm deadline.
    event ConfirmWindowExtended(
        uint256 indexed dealId,
        address indexed buyer,
        uint256 extension,
        uint256 confirmDeadline
    );

    /// @notice The deal completed: the seller's proceeds were paid and the fee accrued.
    /// @param dealId The deal.
    /// @param caller The buyer (confirm) or whoever released after the confirm window.
    /// @param confirmedByBuyer True for `confirm`, false for `release`.
    /// @param sellerProceeds Amount paid to the seller (price minus fee).
    /// @param fee Amount accrued to the listing's treasury.
    /// @param pushed True if the proceeds reached the seller's wallet in this transaction; false if
    ///        the transfer failed and they were credited for `withdraw` (`BalanceCredited`).
    event DealCompleted(
        uint256 indexed dealId,
        address indexed caller,
        bool confirmedByBuyer,
        uint256 sellerProceeds,
        uint256 fee,
        bool pushed
    );

    /// @notice The deal was refunded in full to the buyer (credited for withdrawal).
    /// @param dealId The deal.
    /// @param caller The seller (voluntary refund) or the buyer (reclaim after a missed ship-by).
    /// @param bySeller True for the seller's `refund`, false for the buyer's `reclaim`.
    /// @param amount Amount credited to the buyer.
    event DealRefunded(uint256 indexed dealId, address indexed caller, bool bySeller, uint256 amount);

    /// @notice The buyer or seller disputed a shipped deal.
    /// @param dealId The deal.
    /// @param openedBy The party who opened the dispute.
    /// @param evidenceHash Hash of the evidence.
    /// @param evidenceURI Where the evidence can be read.
    /// @param arbiterDeadline After this second anyone may split the escrow 50/50.
    event DisputeOpened(
        uint256 indexed dealId,
        address indexed openedBy,
        bytes32 evidenceHash,
        string evidenceURI,
        uint256 arbiterDeadline
    );

    /// @notice A dispute was resolved, by a ruling or by the timeout's 50/50 split.
    /// @param dealId The deal.
    /// @param resolvedBy The arbiter (ruling) or whoever triggered the timeout split.
    /// @param byTimeout True for the 50/50 split after the arbiter's deadline.
    /// @param buyerShareBps The buyer's share of the escrow in basis points.
    /// @param buyerAmount Amount paid to the buyer (transferred; credited if the token refuses it).
    /// @param sellerProceeds Amount paid to the seller (the seller's share minus fee; transferred or
    ///        credited as for the buyer).
    /// @param fee Amount accrued to the listing's treasury (taken from the seller's share).
    event DisputeResolved(
        uint256 indexed dealId,
        address indexed resolvedBy,
        bool byTimeout,
        uint16 buyerShareBps,
        uint256 buyerAmount,
        uint256 sellerProceeds,
        uint256 fee
    );

    /// @notice A party of a finished deal reviewed the other party.
    /// @param dealId The deal.
    /// @param reviewer The buyer or the seller.
    /// @param subject The other party.
    /// @param rating 1 (worst) to 5 (best).
    /// @param contentHash Hash of the review text.
    /// @param contentURI Where the review text can be read.
    event ReviewSubmitted(
        uint256 indexed dealId,
        address indexed reviewer,
        address indexed subject,
        uint8 rating,
        bytes32 contentHash,
        string contentURI
    );

    /// @notice `amount` was added to `account`'s withdrawable balance (a payout, a refund, or a
    ///         push that failed).
    /// @param account The account credited.
    /// @param amount The amount added.
    event BalanceCredited(address indexed account, uint256 amount);

    /// @notice `account` withdrew its whole withdrawable balance to `recipient`.
    event Withdrawn(address indexed account, address indexed recipient, uint256 amount);

    /// @notice A treasury's accrued fees were paid out.
    /// @param treasury The treasury.
    /// @param caller Whoever called `sweepFees`.
    /// @param amount The fees paid out.
    /// @param pushed True if transferred; false if the transfer failed and the amount was credited
    ///        to the treasury's withdrawable balance instead.
    event FeesSwept(address indexed treasury, address indexed caller, uint256 amount, bool pushed);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Buyer share of the split applied when the arbiter misses its deadline (50 %).
    function TIMEOUT_BUYER_SHARE_BPS() external view returns (uint16);

    /// @notice Longest URI (listing metadata, dispute evidence, review) accepted, in bytes.
    function MAX_URI_LENGTH() external view returns (uint256);

    /// @notice The ERC-20 every amount is denominated in (USDC).
    function token() external view returns (IERC20);

    /// @notice The roles and settings contract.
    function config() external view returns (IGavelConfig);

    /// @notice A deal with its parties, amount, status and deadlines.
    /// @dev Reverts with `DealNotFound` for an unknown id.
    function getDeal(uint256 dealId) external view returns (DealView memory);

    /// @notice Tokens `account` can pull with `withdraw`/`withdrawTo`.
    function withdrawable(address account) external view returns (uint256);

    /// @notice Fees accrued to `treasury` and not yet swept.
    function unsweptFees(address treasury) external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                              DEAL ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Seller marks the deal shipped, no later than its ship-by deadline.
    /// @dev Paid → Shipped. Starts the confirm and dispute windows. Emits `DealShipped`.
    /// @param dealId The deal.
    /// @param trackingHash Hash of the tracking information (may be zero for services).
    function ship(uint256 dealId, bytes32 trackingHash) external;

    /// @notice Buyer confirms delivery: the escrow goes to the seller's wallet minus the fee.
    /// @dev Shipped → Completed. Emits `DealCompleted` (and `BalanceCredited` if the push failed).
    function confirm(uint256 dealId) external;

    /// @notice Anyone releases the escrow to the seller once the confirm window (with the buyer's
    ///         extension, if any) has elapsed without a dispute.
    /// @dev Shipped → Completed. Emits `DealCompleted` (and `BalanceCredited` if the push failed).
    function release(uint256 dealId) external;

    /// @notice Buyer extends the confirm window once, by `extension` seconds (1 to the listing's
    ///         confirm window), before it ends — for a parcel that has not arrived yet.
    /// @dev Stays Shipped. Emits `ConfirmWindowExtended`.
    function extendConfirmWindow(uint256 dealId, uint256 extension) external;

    /// @notice Buyer takes the escrow back after the seller missed the ship-by deadline.
    /// @dev Paid → Refunded. Emits `DealRefunded` (and `BalanceCredited`).
    function reclaim(uint256 dealId) external;

    /// @notice Seller refunds the buyer in full, at any time before the deal completes or is
    ///         resolved (also while disputed: conceding ends the dispute at once).
    /// @dev Paid/Shipped/Disputed → Refunded. Emits `DealRefunded` (and `BalanceCredited`).
    function refund(uint256 dealId) external;

    /// @notice The buyer disputes a shipped deal at any time until it is released; the seller
    ///         inside the dispute window.
    /// @dev Shipped → Disputed. Snapshots the config's dispute timeout. Emits `DisputeOpened`.
    /// @param dealId The deal.
    /// @param evidenceHash Hash of the evidence.
    /// @param evidenceURI Where the evidence can be read (at most `MAX_URI_LENGTH` bytes).
    function openDispute(uint256 dealId, bytes32 evidenceHash, string calldata evidenceURI) external;

    /// @notice Arbiter splits a disputed deal's escrow: `buyerShareBps` to the buyer, the rest to
    ///         the seller minus the fee.
    /// @dev Only `ARBITER_ROLE` on the config. Disputed → Resolved. Emits `DisputeResolved`.
    function rule(uint256 dealId, uint16 buyerShareBps) external;

    /// @notice Anyone splits a disputed deal 50/50 once the arbiter's deadline has passed.
    /// @dev Disputed → Resolved. Emits `DisputeResolved` with `byTimeout = true`.
    function resolveAfterTimeout(uint256 dealId) external;

    /// @notice A party of a Completed or Resolved deal reviews the other party, once.
    /// @dev Emits `ReviewSubmitted`.
    /// @param dealId The deal.
    /// @param rating 1 (worst) to 5 (best).
    /// @param contentHash Hash of the review text.
    /// @param contentURI Where the review text can be read (at most `MAX_URI_LENGTH` bytes).
    function review(uint256 dealId, uint8 rating, bytes32 contentHash, string calldata contentURI) external;

    /*//////////////////////////////////////////////////////////////
                                 PAYOUTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Pulls the caller's whole withdrawable balance to the caller.
    /// @dev Emits `Withdrawn`. Reverts with `EscrowNothingToWithdraw` on a zero balance.
    /// @return amount The amount withdrawn.
    function withdraw() external returns (uint256 amount);

    /// @notice Pulls the caller's whole withdrawable balance to `recipient`. Refuses the zero
    ///         address and this house; refuses an owner the token reports as frozen (USDC's
    ///         `isBlacklisted`, asked defensively), whose credit waits until the token unfreezes it.
    /// @dev Emits `Withdrawn`.
    /// @return amount The amount withdrawn.
    function withdrawTo(address recipient) external returns (uint256 amount);

    /// @notice Pushes `treasury`'s accrued fees to it. Anyone may call. If the transfer fails, the
    ///         fees are credited to the treasury's withdrawable balance instead.
    /// @dev Emits `FeesSwept`.
    /// @return amount The fees swept.
    function sweepFees(address treasury) external returns (uint256 amount);
}
