// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
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

    /// @dev Basis-point denominator (100 %). Not a getter: a unit, not a setting (and one selector
    ///      fewer keeps `withdraw` early in the dispatcher).
    uint16 internal constant BPS = 10_000;
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

    /// @dev One slot per deal, keyed by the auction's id. The buyer and the price are not copied:
    ///      they stay where the auction left them (its winner and final price, frozen once it
    ///      settled) and are read back through `_dealParties`, so opening a deal writes one fresh
    ///      slot instead of two.
    struct Deal {
        DealStatus status;
        uint40 openedAt; // ship-by = openedAt + shipWindow
        uint40 shippedAt; // confirm/dispute deadlines = shippedAt + window
        uint40 arbiterDeadline; // snapshotted when the dispute opens
        bool buyerReviewed;
        bool sellerReviewed;
        uint24 confirmExtension; // seconds the buyer added (≤ confirmWindow ≤ 60 days); 0: not yet
    }

    mapping(uint256 dealId => Deal) private _deals;

    /// @inheritdoc IDealEscrow
    mapping(address account => uint256) public withdrawable;

    /// @dev Accrued fees per treasury, stored plus one once a treasury has been seen, so a slot
    ///      never returns to zero: accruing rewrites a warm non-zero slot instead of paying for a
    ///      fresh one on every first fee after a sweep. `unsweptFees` reads it back.
    mapping(address treasury => uint256) private _feesPlusOne;

    constructor(IERC20 token_, IGavelConfig config_) {
        token = token_;
        config = config_;
        // The config's treasury at deployment is where the first fees will go.
        _feesPlusOne[config_.treasury()] = 1;
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDealEscrow
    function unsweptFees(address treasury) public view returns (uint256) {
        uint256 stored = _feesPlusOne[treasury];
        return stored == 0 ? 0 : stored - 1;
    }

    /// @inheritdoc IDealEscrow
    function getDeal(uint256 dealId) external view returns (DealView memory v) {
        Deal memory deal = _deals[dealId];
        if (deal.status == DealStatus.None) revert DealNotFound(dealId);
        DealTerms memory terms = _dealTerms(dealId);
        v.auctionId = dealId;
        (v.buyer, v.amount) = _dealParties(dealId);
        v.seller = terms.seller;
        v.status = deal.status;
        v.openedAt = deal.openedAt;
        v.shipBy = uint256(deal.openedAt) + terms.shipWindow;
        if (deal.shippedAt != 0) {
            v.shippedAt = deal.shippedAt;
            v.confirmDeadline = uint256(deal.shippedAt) + terms.confirmWindow + deal.confirmExtension;
            v.disputeDeadline = uint256(deal.shippedAt) + terms.disputeWindow;
        }
        v.arbiterDeadline = deal.arbiterDeadline;
        v.feeBps = terms.feeBps;
        v.treasury = terms.treasury;
        v.buyerReviewed = deal.buyerReviewed;
        v.sellerReviewed = deal.sellerReviewed;
        v.confirmExtension = deal.confirmExtension;
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
        (address buyer, uint256 amount) = _dealParties(dealId);
        if (msg.sender != buyer) revert DealNotBuyer(dealId, msg.sender);
        _complete(dealId, deal, amount, _dealTerms(dealId), true);
    }

    /// @inheritdoc IDealEscrow
    function release(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        DealTerms memory terms = _dealTerms(dealId);
        uint256 confirmDeadline = uint256(deal.shippedAt) + terms.confirmWindow + deal.confirmExtension;
        if (block.timestamp <= confirmDeadline) revert DealConfirmWindowOpen(dealId, confirmDeadline);
        (, uint256 amount) = _dealParties(dealId);
        _complete(dealId, deal, amount, terms, false);
    }

    /// @inheritdoc IDealEscrow
    function extendConfirmWindow(uint256 dealId, uint256 extension) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        (address buyer, ) = _dealParties(dealId);
        if (msg.sender != buyer) revert DealNotBuyer(dealId, msg.sender);
        if (deal.confirmExtension != 0) revert DealConfirmWindowAlreadyExtended(dealId);
        uint256 window = _dealTerms(dealId).confirmWindow;
        if (extension == 0 || extension > window) revert DealInvalidExtension(extension, window);
        uint256 confirmDeadline = uint256(deal.shippedAt) + window;
        if (block.timestamp > confirmDeadline) revert DealConfirmWindowClosed(dealId, confirmDeadline);

        // extension ≤ confirmWindow ≤ 60 days fits 24 bits.
        deal.confirmExtension = uint24(extension);
        emit ConfirmWindowExtended(dealId, msg.sender, extension, confirmDeadline + extension);
    }

    /// @inheritdoc IDealEscrow
    function reclaim(uint256 dealId) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Paid);
        (address buyer, uint256 amount) = _dealParties(dealId);
        if (msg.sender != buyer) revert DealNotBuyer(dealId, msg.sender);
        uint256 shipBy = uint256(deal.openedAt) + _dealTerms(dealId).shipWindow;
        if (block.timestamp <= shipBy) revert DealShipDeadlineNotPassed(dealId, shipBy);

        deal.status = DealStatus.Refunded;
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
        (address buyer, uint256 amount) = _dealParties(dealId);
        _credit(buyer, amount);
        emit DealRefunded(dealId, msg.sender, true, amount);
    }

    /// @inheritdoc IDealEscrow
    function openDispute(uint256 dealId, bytes32 evidenceHash, string calldata evidenceURI) external nonReentrant {
        Deal storage deal = _deals[dealId];
        _requireStatus(dealId, deal.status, DealStatus.Shipped);
        // The buyer may dispute at any time until the deal is released: a seller who "ships"
        // nothing must not collect by waiting out a short window. The seller only inside the
        // dispute window (after it, the seller's remedy is to wait for the release).
        (address buyer, ) = _dealParties(dealId);
        if (msg.sender != buyer) {
            DealTerms memory terms = _dealTerms(dealId);
            if (msg.sender != terms.seller) revert DealNotParty(dealId, msg.sender);
            uint256 disputeDeadline = uint256(deal.shippedAt) + terms.disputeWindow;
            if (block.timestamp > disputeDeadline) revert DealDisputeWindowClosed(dealId, disputeDeadline);
        }
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

        (address buyer, ) = _dealParties(dealId);
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
        if (recipient == address(this)) revert EscrowRecipientIsHouse();
        // Moving a frozen owner's money to a clean address would undo the token's freeze.
        if (recipient != msg.sender && _isFrozen(msg.sender)) revert EscrowOwnerFrozen(msg.sender);
        return _withdraw(recipient);
    }

    /// @inheritdoc IDealEscrow
    function sweepFees(address treasury) external nonReentrant returns (uint256 amount) {
        amount = unsweptFees(treasury);
        if (amount == 0) revert EscrowNoFees(treasury);
        _feesPlusOne[treasury] = 1;
        bool pushed = _pushOrCredit(treasury, amount);
        emit FeesSwept(treasury, msg.sender, amount, pushed);
    }

    /*//////////////////////////////////////////////////////////////
                          HOOKS FOR THE FORMATS
    //////////////////////////////////////////////////////////////*/

    /// @dev The listing terms of `auctionId` (seller, fee and treasury snapshot, deal windows); a
    ///      deal's id is its auction's id.
    function _dealTerms(uint256 auctionId) internal view virtual returns (DealTerms memory);

    /// @dev The buyer and the escrowed price of deal `dealId`: the winner and final price of its
    ///      auction, which the format keeps unchanged once the deal is open.
    function _dealParties(uint256 dealId) internal view virtual returns (address buyer, uint256 amount);

    /// @dev Opens deal `auctionId` for `amount`, already held by this contract, between `buyer`
    ///      and the seller of `auctionId`. Called by a format when its auction has a winner, at most
    ///      once per auction (the format's own status guarantees it), after storing `buyer` and
    ///      `amount` where `_dealParties` reads them.
    function _openDeal(uint256 auctionId, address buyer, uint256 amount) internal returns (uint256 dealId) {
        dealId = auctionId;
        _deals[dealId] = Deal({
            status: DealStatus.Paid,
            openedAt: uint40(block.timestamp),
            shippedAt: 0,
            arbiterDeadline: 0,
            buyerReviewed: false,
            sellerReviewed: false,
            confirmExtension: 0
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

    /// @dev Adds `amount` to `treasury`'s unswept fees (warm slot: see `_feesPlusOne`).
    function _accrueFee(address treasury, uint256 amount) internal {
        uint256 stored = _feesPlusOne[treasury];
        _feesPlusOne[treasury] = (stored == 0 ? 1 : stored) + amount;
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

    /// @dev Shipped → Completed: the seller's proceeds are pushed to the seller's wallet (credited
    ///      if that fails), the fee accrues to the treasury.
    function _complete(
        uint256 dealId,
        Deal storage deal,
        uint256 amount,
        DealTerms memory terms,
        bool confirmedByBuyer
    ) private {
        // Fee rounds down, in the seller's favour.
        uint256 fee = (amount * terms.feeBps) / BPS;
        uint256 proceeds = amount - fee;

        deal.status = DealStatus.Completed;
        if (fee != 0) _accrueFee(terms.treasury, fee);
        // Effects are done; the push cannot re-enter (nonReentrant) and never reverts.
        bool pushed = proceeds == 0 || _pushOrCredit(terms.seller, proceeds);
        emit DealCompleted(dealId, msg.sender, confirmedByBuyer, proceeds, fee, pushed);
    }

    /// @dev Disputed → Resolved: the buyer's share is transferred to the buyer, the rest to the
    ///      seller minus the fee (each credited instead if the token refuses the transfer).
    function _resolve(uint256 dealId, Deal storage deal, uint16 buyerShareBps, bool byTimeout) private {
        DealTerms memory terms = _dealTerms(dealId);
        (address buyer, uint256 amount) = _dealParties(dealId);
        // The buyer's share rounds down; the remainder (the seller's share) carries the fee.
        uint256 buyerAmount = (amount * buyerShareBps) / BPS;
        uint256 sellerShare = amount - buyerAmount;
        uint256 fee = (sellerShare * terms.feeBps) / BPS;
        uint256 proceeds = sellerShare - fee;

        deal.status = DealStatus.Resolved;
        if (fee != 0) _accrueFee(terms.treasury, fee);
        // Both shares go straight to the wallets (credited if a transfer fails).
        if (buyerAmount != 0) _pushOrCredit(buyer, buyerAmount);
        if (proceeds != 0) _pushOrCredit(terms.seller, proceeds);
        emit DisputeResolved(dealId, msg.sender, byTimeout, buyerShareBps, buyerAmount, proceeds, fee);
    }

    /// @dev Whether the token reports `account` as frozen: USDC's `isBlacklisted(address)`, asked
    ///      with a bounded static call so a token without it (or a hostile one) reads as "not frozen".
    function _isFrozen(address account) private view returns (bool frozen) {
        (bool ok, bytes memory data) = address(token).staticcall{gas: 30_000}(
            abi.encodeWithSignature("isBlacklisted(address)", account)
        );
        return ok && data.length >= 32 && abi.decode(data, (uint256)) != 0;
    }

    function _withdraw(address recipient) private returns (uint256 amount) {
        amount = withdrawable[msg.sender];
        if (amount == 0) revert EscrowNothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        emit Withdrawn(msg.sender, recipient, amount);
        token.safeTransfer(recipient, amount);
    }
}
