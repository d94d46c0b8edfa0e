// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {DealEscrow} from "../escrow/DealEscrow.sol";
import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";
import {IERC3009} from "../interfaces/IERC3009.sol";
import {IGavelConfig} from "../interfaces/IGavelConfig.sol";

/// @title AuctionHouseBase
/// @notice The part of an auction house that does not depend on the format: the listing record,
///         its validation and fee snapshot, cancellation before the first bid, the pause check, the
///         return of escrow, and the deal terms the escrow reads. A format inherits this, stores
///         its own auction state next to `_listings`, and calls `_createListing`, `_collect`,
///         `_returnEscrow` and `_openDeal`; it implements `_hasBids`.
abstract contract AuctionHouseBase is IAuctionHouse, DealEscrow {
    using SafeERC20 for IERC20;

    /// @inheritdoc IAuctionHouse
    uint256 public constant MAX_TITLE_LENGTH = 64;
    /// @inheritdoc IAuctionHouse
    uint32 public constant MIN_SHIP_WINDOW = 1 hours;
    /// @inheritdoc IAuctionHouse
    uint32 public constant MAX_SHIP_WINDOW = 60 days;
    /// @inheritdoc IAuctionHouse
    uint32 public constant MIN_CONFIRM_WINDOW = 3 days;
    /// @inheritdoc IAuctionHouse
    uint32 public constant MAX_CONFIRM_WINDOW = 60 days;
    /// @inheritdoc IAuctionHouse
    uint32 public constant MIN_DISPUTE_WINDOW = 1 hours;

    /// @dev Two slots per listing. Windows fit 24 bits (≤ 60 days < 194 days).
    struct Listing {
        // slot 0
        address seller;
        uint16 feeBps; // snapshotted from the config at creation
        uint24 shipWindow; // seconds
        uint24 confirmWindow; // seconds
        uint24 disputeWindow; // seconds, ≤ confirmWindow
        ListingStatus status;
        // slot 1
        address treasury; // snapshotted from the config at creation
        uint96 reservePrice; // lowest price the seller accepts
    }

    mapping(uint256 auctionId => Listing) internal _listings;

    /// @dev The config's pause state, pushed by `syncPause`, so the hot paths read one local slot
    ///      instead of calling the config.
    struct PauseState {
        bool paused;
        uint40 pausedAt; // when the running pause began
        uint40 pausedTotal; // seconds of every pause that ended
    }

    PauseState private _pause;

    constructor(IERC20 token_, IGavelConfig config_) DealEscrow(token_, config_) {}

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function getListing(uint256 auctionId) external view returns (ListingView memory) {
        Listing memory listing = _listings[auctionId];
        if (listing.status == ListingStatus.None) revert AuctionNotFound(auctionId);
        return
            ListingView({
                seller: listing.seller,
                status: listing.status,
                reservePrice: listing.reservePrice,
                feeBps: listing.feeBps,
                treasury: listing.treasury,
                shipWindow: listing.shipWindow,
                confirmWindow: listing.confirmWindow,
                disputeWindow: listing.disputeWindow
            });
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function syncPause(bool paused, uint40 pausedAt, uint40 pausedTotal) external {
        if (msg.sender != address(config)) revert AuctionNotConfig(msg.sender);
        _pause = PauseState({paused: paused, pausedAt: pausedAt, pausedTotal: pausedTotal});
    }

    /// @inheritdoc IAuctionHouse
    function cancel(uint256 auctionId) external nonReentrant {
        Listing storage listing = _listings[auctionId];
        _requireActive(auctionId, listing.status);
        if (msg.sender != listing.seller) revert AuctionNotSeller(auctionId, msg.sender);
        if (_hasBids(auctionId)) revert AuctionHasBids(auctionId);
        listing.status = ListingStatus.Cancelled;
        emit AuctionCancelled(auctionId);
    }

    /*//////////////////////////////////////////////////////////////
                          HOOKS FOR THE FORMATS
    //////////////////////////////////////////////////////////////*/

    /// @dev Whether `auctionId` has received a bid (then it can no longer be cancelled).
    function _hasBids(uint256 auctionId) internal view virtual returns (bool);

    /// @dev Validates and stores the common part of a new listing for `msg.sender`, draws its
    ///      global id from the config (which also returns the fee and treasury to snapshot), and
    ///      emits `ListingCreated`. Reverts while paused.
    /// @return auctionId The new listing's id.
    /// @return clockOffset What to subtract from a wall-clock time to put it on the market clock
    ///         (the config's pause total; not paused, so the clock is `block.timestamp - offset`).
    function _createListing(ListingParams calldata params) internal returns (uint256 auctionId, uint256 clockOffset) {
        uint256 titleLength = bytes(params.title).length;
        if (titleLength == 0 || titleLength > MAX_TITLE_LENGTH) revert AuctionInvalidTitle(titleLength);
        if (bytes(params.metadataURI).length > MAX_URI_LENGTH) {
            revert AuctionURITooLong(bytes(params.metadataURI).length);
        }
        if (params.shipWindow < MIN_SHIP_WINDOW || params.shipWindow > MAX_SHIP_WINDOW) {
            revert AuctionInvalidShipWindow(params.shipWindow);
        }
        if (params.confirmWindow < MIN_CONFIRM_WINDOW || params.confirmWindow > MAX_CONFIRM_WINDOW) {
            revert AuctionInvalidConfirmWindow(params.confirmWindow);
        }
        if (params.disputeWindow < MIN_DISPUTE_WINDOW || params.disputeWindow > params.confirmWindow) {
            revert AuctionInvalidDisputeWindow(params.disputeWindow, params.confirmWindow);
        }
        uint16 feeBps;
        address treasury;
        bool paused;
        uint256 w = config.allocateAuctionId();
        treasury = address(uint160(w));
        feeBps = uint16(w >> 160);
        paused = uint8(w >> 176) != 0;
        auctionId = uint40(w >> 184);
        clockOffset = uint32(w >> 224);
        if (paused) revert AuctionPaused();
        // The windows were bounded above by 60 days, so they fit 24 bits.
        _listings[auctionId] = Listing({
            seller: msg.sender,
            feeBps: feeBps,
            shipWindow: uint24(params.shipWindow),
            confirmWindow: uint24(params.confirmWindow),
            disputeWindow: uint24(params.disputeWindow),
            status: ListingStatus.Active,
            treasury: treasury,
            reservePrice: params.reservePrice
        });
        _emitListingCreated(auctionId, params, feeBps, treasury);
    }

    /// @dev The market clock for a new bid: reverts with `AuctionPaused` while paused, else returns
    ///      `block.timestamp - pausedTotal`.
    function _liveClock() internal view returns (uint256) {
        PauseState memory p = _pause;
        if (p.paused) revert AuctionPaused();
        // pausedTotal ≤ now: the paused seconds all lie in the past.
        unchecked {
            return block.timestamp - p.pausedTotal;
        }
    }

    /// @dev The market clock, standing still while paused (settling, revealing, views).
    function _clock() internal view returns (uint256) {
        PauseState memory p = _pause;
        // pausedTotal ≤ pausedAt ≤ now: the paused seconds all lie before the running pause.
        unchecked {
            return (p.paused ? p.pausedAt : block.timestamp) - p.pausedTotal;
        }
    }

    /// @dev Seconds between a wall-clock time and the market clock, as of now (an auction time on
    ///      the clock + this offset = the wall-clock time it will come, if no new pause intervenes).
    function _clockOffset() internal view returns (uint256) {
        unchecked {
            return block.timestamp - _clock();
        }
    }

    /// @dev Reverts unless the listing exists and is active.
    function _requireActive(uint256 auctionId, ListingStatus status) internal pure {
        if (status == ListingStatus.None) revert AuctionNotFound(auctionId);
        if (status != ListingStatus.Active) revert AuctionNotActive(auctionId, status);
    }

    /// @dev Tries an EIP-2612 permit of `value` from the caller to this house and ignores its
    ///      failure: most often someone copied it from the mempool and submitted it first, so the
    ///      allowance may already be in place; if it is not, the `transferFrom` that follows reverts.
    function _tryPermit(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) internal {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), value, deadline, v, r, s) {} catch {}
    }

    /// @dev Pulls `value` from `from` into escrow by an EIP-3009 `receiveWithAuthorization` (no
    ///      allowance, no ETH needed by `from`: anyone may submit it). Its nonce is the hash of the
    ///      action's own parameters, keccak256(abi.encode(this house, id, from, bound, validBefore))
    ///      with `bound` the bid's maximum (or the sealed commitment), so whoever submits the
    ///      signature can neither change the action nor use the signature for another; validAfter
    ///      is 0. The signature comes as EIP-2098 (r, yParityAndS): one calldata word less than
    ///      (v, r, s). The token checks the signature, the deadline and that the nonce is unused.
    function _receiveAuthorized(
        address from,
        uint256 value,
        uint256 id,
        bytes32 bound,
        uint256 validBefore,
        bytes32 r,
        bytes32 vs
    ) internal {
        bytes32 nonce = keccak256(abi.encode(address(this), id, from, bound, validBefore));
        // The top bit of `vs` is the y-parity (v = 27 + it), the other 255 bits are s.
        IERC3009(address(token)).receiveWithAuthorization(
            from,
            address(this),
            value,
            0,
            validBefore,
            nonce,
            uint8(uint256(vs) >> 255) + 27,
            r,
            vs & bytes32(type(uint256).max >> 1)
        );
    }

    /// @dev After an action paid by authorization: `value` was received, the action needs `escrow`.
    ///      Less than needed reverts (the bidder signed for a smaller amount than the bid now
    ///      takes, e.g. a raise after being outbid); more goes straight back with `EscrowReturned`.
    function _settleAuthorized(uint256 id, address bidder, uint256 value, uint256 escrow) internal {
        if (value < escrow) revert AuctionAuthorizationTooLow(id, value, escrow);
        if (value != escrow) _returnEscrow(id, bidder, value - escrow);
    }

    /// @dev Pulls `amount` from `from` into escrow (needs an allowance).
    function _collect(address from, uint256 amount) internal {
        token.safeTransferFrom(from, address(this), amount);
    }

    /// @dev Returns escrow `bidder` no longer needs, by push-or-credit, and emits `EscrowReturned`.
    function _returnEscrow(uint256 auctionId, address bidder, uint256 amount) internal {
        bool pushed = _pushOrCredit(bidder, amount);
        emit EscrowReturned(auctionId, bidder, amount, pushed);
    }

    /// @inheritdoc DealEscrow
    /// @dev A format whose auctions are not listings of their own (rolling rounds) overrides this
    ///      to point at the listing the auction belongs to.
    function _dealTerms(uint256 auctionId) internal view virtual override returns (DealTerms memory) {
        return _listingTerms(_listings[auctionId]);
    }

    /// @dev The deal terms a listing snapshotted.
    function _listingTerms(Listing storage listing) internal view returns (DealTerms memory) {
        return
            DealTerms({
                seller: listing.seller,
                feeBps: listing.feeBps,
                treasury: listing.treasury,
                shipWindow: listing.shipWindow,
                confirmWindow: listing.confirmWindow,
                disputeWindow: listing.disputeWindow
            });
    }

    /*//////////////////////////////////////////////////////////////
                                PRIVATE
    //////////////////////////////////////////////////////////////*/

    function _emitListingCreated(
        uint256 auctionId,
        ListingParams calldata params,
        uint16 feeBps,
        address treasury
    ) private {
        emit ListingCreated(
            auctionId,
            msg.sender,
            params.title,
            params.metadataURI,
            params.metadataHash,
            params.reservePrice,
            feeBps,
            treasury,
            params.shipWindow,
            params.confirmWindow,
            params.disputeWindow
        );
    }
}
