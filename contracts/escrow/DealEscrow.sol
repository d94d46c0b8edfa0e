// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDealEscrow} from "../interfaces/IDealEscrow.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";

/// @title DealEscrow
/// @notice The deal state machine, withdrawable balances, fee accrual and the push-or-credit
///         helper, written once and inherited by every auction house. A format only calls
///         `_openDeal` when its auction has a winner, and tells the escrow where a listing's terms
///         live by implementing `_dealTerms`.
/// @dev A deal's id is the id of the auction it came from (ids are global, handed out by the
///      config), so one auction opens at most one deal. A deal stores only what is its own (buyer,
///      amount, status, timestamps) in two slots; seller, fee, treasury and windows are read from
///      the listing when needed (`_dealTerms`).
abstract contract DealEscrow is IDealEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IDealEscrow
    uint16 public constant BPS = 10_000;
    /// @inheritdoc IDealEscrow
    uint16 public constant TIMEOUT_BUYER_SHARE_BPS = 5_000;
    /// @inheritdoc IDealEscrow
    uint256 public constant MAX_URI_LENGTH = 256;

    // The interface names these `token()` and `config()`, so they keep lower-case names.
    /// @inheritdoc IDealEscrow
    // solhint-disable-next-line immutable-vars-naming
    IERC20 public immutable token;
    /// @inheritdoc IDealEscrow
    // solhint-disable-next-line immutable-vars-naming
    IGavelConfig public immutable config;

    /// @dev The terms a deal reads from its listing; never copied into the deal.
    struct DealTerms {
        address seller;
        uint16 feeBps;
        address treasury;
        uint32 shipWindow;
        uint32 confirmWindow;
        uint32 disputeWindow;
    }

    /// @dev Two slots per deal, keyed by the auction's id.
    struct Deal {
        // slot 0
        address buyer; // the winner
        uint96 amount; // the escrowed price
        // slot 1
        DealStatus status;
        uint40 openedAt; // ship-by = openedAt + shipWindow
        uint40 shippedAt; // confirm/dispute deadlines = shippedAt + window
        uint40 arbiterDeadline; // snapshotted when the dispute opens
        bool buyerReviewed;
        bool sellerReviewed;
    }

    mapping(uint256 dealId => Deal) private _deals;

    /// @inheritdoc IDealEscrow
    mapping(address account => uint256) public withdrawable;

    /// @inheritdoc IDealEscrow
    mapping(address treasury => uint256) public unsweptFees;

    constructor(IERC20 token_, IGavelConfig config_) {
        token = token_;
        config = config_;
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDealEscrow
    function getDeal(uint256 dealId) external view returns (DealView memory v) {
        Deal memory deal = _deals[dealId];
        if (deal.status == DealStatus.None) revert DealNotFound(dealId);
        DealTerms memory terms = _dealTerms(dealId);
        v.auctionId = dealId;
        v.buyer = deal.buyer;
        v.seller = terms.seller;
        v.amount = deal.amount;
        v.status = deal.status;
        v.openedAt = deal.openedAt;
        v.shipBy = uint256(deal.openedAt) + terms.shipWindow;
        if (deal.shippedAt != 0) {
            v.shippedAt = deal.shippedAt;
            v.confirmDeadline = uint256(deal.shippedAt) + terms.confirmWindow;
            v.disputeDeadline = uint256(deal.shippedAt) + terms.disputeWindow;
        }
        v.arbiterDeadline = deal.arbiterDeadline;
        v.feeBps = terms.feeBps;
        v.treasury = terms.treasury;
        v.buyerReviewed = deal.buyerReviewed;
        v.sellerReviewed = deal.sellerReviewed;
    }

    /*//////////////////////////////////////////////////////////////
                              DEAL ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDealEscrow
    function ship(uint256 dealId, bytes32 trackingHash) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Paid);
        DealTerms memory terms = _dealTerms(dealId);
        if (msg.sender != terms.seller) revert DealNotSeller(dealId, msg.sender);
        uint256 shipBy = uint256(deal.openedAt) + terms.shipWindow;
        if (block.timestamp > shipBy) revert DealShipDeadlinePassed(dealId, shipBy);

        deal.status = DealStatus.Shipped;
        deal.shippedAt = uint40(block.timestamp);
        emit DealShipped(
            dealId,
            trackingHash,
            block.timestamp + terms.confirmWindow,
            block.timestamp + terms.disputeWindow
        );
    }

    /// @inheritdoc IDealEscrow
    function confirm(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        if (msg.sender != deal.buyer) revert DealNotBuyer(dealId, msg.sender);
        _complete(dealId, deal, _dealTerms(dealId), true);
    }

    /// @inheritdoc IDealEscrow
    function release(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        DealTerms memory terms = _dealTerms(dealId);
        uint256 confirmDeadline = uint256(deal.shippedAt) + terms.confirmWindow;
        if (block.timestamp <= confirmDeadline) revert DealConfirmWindowOpen(dealId, confirmDeadline);
        _complete(dealId, deal, terms, false);
    }

    /// @inheritdoc IDealEscrow
    function reclaim(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Paid);
        address buyer = deal.buyer;
        if (msg.sender != buyer) revert DealNotBuyer(dealId, msg.sender);
        uint256 shipBy = uint256(deal.openedAt) + _dealTerms(dealId).shipWindow;
        if (block.timestamp <= shipBy) revert DealShipDeadlineNotPassed(dealId, shipBy);

        deal.status = DealStatus.Refunded;
        uint256 amount = deal.amount;
        _credit(buyer, amount);
        emit DealRefunded(dealId, msg.sender, false, amount);
    }

    /// @inheritdoc IDealEscrow
    function refund(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        DealStatus status = deal.status;
        if (status == DealStatus.None) revert DealNotFound(dealId);
        if (status != DealStatus.Paid && status != DealStatus.Shipped && status != DealStatus.Disputed) {
            revert DealInvalidStatus(dealId, status);
        }
        if (msg.sender != _dealTerms(dealId).seller) revert DealNotSeller(dealId, msg.sender);

        deal.status = DealStatus.Refunded;
        uint256 amount = deal.amount;
        _credit(deal.buyer, amount);
        emit DealRefunded(dealId, msg.sender, true, amount);
    }

    /// @inheritdoc IDealEscrow
    function openDispute(uint256 dealId, bytes32 evidenceHash, string calldata evidenceURI) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        DealTerms memory terms = _dealTerms(dealId);
        if (msg.sender != deal.buyer && msg.sender != terms.seller) revert DealNotParty(dealId, msg.sender);
        uint256 disputeDeadline = uint256(deal.shippedAt) + terms.disputeWindow;
        if (block.timestamp > disputeDeadline) revert DealDisputeWindowClosed(dealId, disputeDeadline);
        if (bytes(evidenceURI).length > MAX_URI_LENGTH) revert DealURITooLong(bytes(evidenceURI).length);

        uint256 arbiterDeadline = block.timestamp + config.disputeTimeout();
        deal.status = DealStatus.Disputed;
        deal.arbiterDeadline = uint40(arbiterDeadline);
        emit DisputeOpened(dealId, msg.sender, evidenceHash, evidenceURI, arbiterDeadline);
    }

    /// @inheritdoc IDealEscrow
    function rule(uint256 dealId, uint16 buyerShareBps) external nonReentrant {
        if (!config.isArbiter(msg.sender)) revert DealNotArbiter(msg.sender);
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Disputed);
        if (buyerShareBps > BPS) revert DealInvalidBuyerShare(buyerShareBps);
        _resolve(dealId, deal, buyerShareBps, false);
    }

    /// @inheritdoc IDealEscrow
    function resolveAfterTimeout(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Disputed);
        uint256 arbiterDeadline = deal.arbiterDeadline;
        if (block.timestamp <= arbiterDeadline) revert DealArbiterTimeNotElapsed(dealId, arbiterDeadline);
        _resolve(dealId, deal, TIMEOUT_BUYER_SHARE_BPS, true);
    }

    /// @inheritdoc IDealEscrow
    function review(
        uint256 dealId,
        uint8 rating,
        bytes32 contentHash,
        string calldata contentURI
    ) external nonReentrant {
        Deal storage deal = _deals[dealId];
        DealStatus status = deal.status;
        if (status == DealStatus.None) revert DealNotFound(dealId);
        if (status != DealStatus.Completed && status != DealStatus.Resolved) revert DealInvalidStatus(dealId, status);
        if (rating < 1 || rating > 5) revert DealInvalidRating(rating);
        if (bytes(contentURI).length > MAX_URI_LENGTH) revert DealURITooLong(bytes(contentURI).length);

        address buyer = deal.buyer;
        address seller = _dealTerms(dealId).seller;
        address subject;
        if (msg.sender == buyer) {
            if (deal.buyerReviewed) revert DealAlreadyReviewed(dealId, msg.sender);
            deal.buyerReviewed = true;
            subject = seller;
        } else if (msg.sender == seller) {
            if (deal.sellerReviewed) revert DealAlreadyReviewed(dealId, msg.sender);
            deal.sellerReviewed = true;
            subject = buyer;
        } else {
            revert DealNotParty(dealId, msg.sender);
        }
        emit ReviewSubmitted(dealId, msg.sender, subject, rating, contentHash, contentURI);
    }

    /*//////////////////////////////////////////////////////////////
                                 PAYOUTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDealEscrow
    function withdraw() external nonReentrant returns (uint256) {
        return _withdraw(msg.sender);
    }

    /// @inheritdoc IDealEscrow
    function withdrawTo(address recipient) external nonReentrant returns (uint256) {
        if (recipient == address(0)) revert EscrowZeroRecipient();
        return _withdraw(recipient);
    }

    /// @inheritdoc IDealEscrow
    function sweepFees(address treasury) external nonReentrant returns (uint256 amount) {
        amount = unsweptFees[treasury];
        if (amount == 0) revert EscrowNoFees(treasury);
        unsweptFees[treasury] = 0;
        bool pushed = _pushOrCredit(treasury, amount);
        emit FeesSwept(treasury, msg.sender, amount, pushed);
    }

    /*//////////////////////////////////////////////////////////////
                          HOOKS FOR THE FORMATS
    //////////////////////////////////////////////////////////////*/

    /// @dev The listing terms of `auctionId` (seller, fee and treasury snapshot, deal windows); a
    ///      deal's id is its auction's id.
    function _dealTerms(uint256 auctionId) internal view virtual returns (DealTerms memory);

    /// @dev Opens deal `auctionId` for `amount`, already held by this contract, between `buyer`
    ///      and the seller of `auctionId`. Called by a format when its auction has a winner, at most
    ///      once per auction (the format's own status guarantees it).
    function _openDeal(uint256 auctionId, address buyer, uint256 amount) internal returns (uint256 dealId) {
        dealId = auctionId;
        _deals[dealId] = Deal({
            buyer: buyer,
            amount: SafeCast.toUint96(amount),
            status: DealStatus.Paid,
            openedAt: uint40(block.timestamp),
            shippedAt: 0,
            arbiterDeadline: 0,
            buyerReviewed: false,
            sellerReviewed: false
        });
        DealTerms memory terms = _dealTerms(auctionId);
        emit DealOpened(dealId, auctionId, buyer, terms.seller, amount, block.timestamp + terms.shipWindow);
    }

    /// @dev Transfers `amount` to `to`; if the transfer reverts, returns false or runs out of gas
    ///      (a blacklisted or hostile recipient), credits it to `to`'s withdrawable balance instead.
    ///      Never reverts, so one recipient can never block anyone else's transaction.
    /// @return pushed True if the transfer succeeded.
    function _pushOrCredit(address to, uint256 amount) internal returns (bool pushed) {
        pushed = token.trySafeTransfer(to, amount);
        if (!pushed) _credit(to, amount);
    }

    /// @dev Adds `amount` to `account`'s withdrawable balance.
    function _credit(address account, uint256 amount) internal {
        if (amount == 0) return;
        withdrawable[account] += amount;
        emit BalanceCredited(account, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                PRIVATE
    //////////////////////////////////////////////////////////////*/

    function _requireStatus(uint256 dealId, DealStatus status, DealStatus expected) private pure {
        if (status == DealStatus.None) revert DealNotFound(dealId);
        if (status != expected) revert DealInvalidStatus(dealId, status);
    }

    /// @dev Shipped → Completed: the seller's proceeds are credited, the fee accrues to the treasury.
    function _complete(uint256 dealId, Deal storage deal, DealTerms memory terms, bool confirmedByBuyer) private {
        uint256 amount = deal.amount;
        // Fee rounds down, in the seller's favour.
        uint256 fee = (amount * terms.feeBps) / BPS;
        uint256 proceeds = amount - fee;

        deal.status = DealStatus.Completed;
        unsweptFees[terms.treasury] += fee;
        _credit(terms.seller, proceeds);
        emit DealCompleted(dealId, msg.sender, confirmedByBuyer, proceeds, fee);
    }

    /// @dev Disputed → Resolved: the buyer's share is credited to the buyer, the rest to the seller
    ///      minus the fee.
    function _resolve(uint256 dealId, Deal storage deal, uint16 buyerShareBps, bool byTimeout) private {
        DealTerms memory terms = _dealTerms(dealId);
        uint256 amount = deal.amount;
        // The buyer's share rounds down; the remainder (the seller's share) carries the fee.
        uint256 buyerAmount = (amount * buyerShareBps) / BPS;
        uint256 sellerShare = amount - buyerAmount;
        uint256 fee = (sellerShare * terms.feeBps) / BPS;
        uint256 proceeds = sellerShare - fee;

        deal.status = DealStatus.Resolved;
        unsweptFees[terms.treasury] += fee;
        _credit(deal.buyer, buyerAmount);
        _credit(terms.seller, proceeds);
        emit DisputeResolved(dealId, msg.sender, byTimeout, buyerShareBps, buyerAmount, proceeds, fee);
    }

    function _withdraw(address recipient) private returns (uint256 amount) {
        amount = withdrawable[msg.sender];
        if (amount == 0) revert EscrowNothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        emit Withdrawn(msg.sender, recipient, amount);
        token.safeTransfer(recipient, amount);
    }
}
