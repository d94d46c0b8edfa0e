// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDealEscrow} from "./IDealEscrow.sol";

/// @title IAuctionHouse
/// @notice What every Gavel auction format shares: the listing record (seller, title and metadata,
///         reserve, the fee and treasury snapshotted at creation, the deal windows), cancellation
///         before the first bid, the pause check, the return of escrowed bids, and the hand-off of
///         a winner to the deal escrow (`IDealEscrow`). Each format (English, and later Dutch,
///         sealed-bid, rolling) is its own house contract with its own escrow and withdrawable
///         balances; auction ids are global (drawn from `IGavelConfig.allocateAuctionId`, so the
///         house must hold `HOUSE_ROLE`) and a deal's id is its auction's id.
interface IAuctionHouse is IDealEscrow {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Where a listing stands. `None` means the listing does not exist.
    enum ListingStatus {
        None,
        Active,
        Cancelled,
        Settled
    }

    /// @notice The format-independent part of a new listing.
    struct ListingParams {
        string title; // 1..MAX_TITLE_LENGTH bytes, kept in the ListingCreated event
        string metadataURI; // description and media, at most MAX_URI_LENGTH bytes
        bytes32 metadataHash; // hash of the document at metadataURI
        uint96 reservePrice; // lowest price the seller accepts
        uint32 shipWindow; // seconds the seller has to ship once the deal opens
        uint32 confirmWindow; // seconds after shipping until anyone may release to the seller
        uint32 disputeWindow; // seconds after shipping during which a party may dispute (≤ confirmWindow)
    }

    /// @notice A listing's common record, as returned by `getListing`.
    struct ListingView {
        address seller;
        ListingStatus status;
        uint256 reservePrice;
        uint16 feeBps; // snapshotted from the config at creation
        address treasury; // snapshotted from the config at creation
        uint32 shipWindow;
        uint32 confirmWindow;
        uint32 disputeWindow;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice New listings and bids are paused by the config's pauser.
    error AuctionPaused();
    /// @notice Only the config may push the pause state.
    error AuctionNotConfig(address caller);
    /// @notice A bid by authorization brought `value`, less than the `needed` escrow (for
    ///         example a raise signed as the leader's difference after the bidder was outbid).
    error AuctionAuthorizationTooLow(uint256 auctionId, uint256 value, uint256 needed);
    /// @notice No listing with this id exists.
    error AuctionNotFound(uint256 auctionId);
    /// @notice The listing is cancelled or settled.
    error AuctionNotActive(uint256 auctionId, ListingStatus status);
    /// @notice Only the listing's seller may do this.
    error AuctionNotSeller(uint256 auctionId, address caller);
    /// @notice The listing already has a bid, so it can no longer be cancelled.
    error AuctionHasBids(uint256 auctionId);
    /// @notice The title is empty or longer than `MAX_TITLE_LENGTH` bytes.
    error AuctionInvalidTitle(uint256 length);
    /// @notice The metadata URI is longer than `MAX_URI_LENGTH` bytes.
    error AuctionURITooLong(uint256 length);
    /// @notice The ship window lies outside [`MIN_SHIP_WINDOW`, `MAX_SHIP_WINDOW`].
    error AuctionInvalidShipWindow(uint256 shipWindow);
    /// @notice The confirm window lies outside [`MIN_CONFIRM_WINDOW`, `MAX_CONFIRM_WINDOW`].
    error AuctionInvalidConfirmWindow(uint256 confirmWindow);
    /// @notice The dispute window is below `MIN_DISPUTE_WINDOW` or above the confirm window.
    error AuctionInvalidDisputeWindow(uint256 disputeWindow, uint256 confirmWindow);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A listing was created. The format's own creation event follows in the same
    ///         transaction (e.g. `EnglishAuctionCreated`).
    /// @param auctionId The new listing's id (global across houses).
    /// @param seller The seller.
    /// @param title Short title (also the only on-chain copy of it).
    /// @param metadataURI Description and media.
    /// @param metadataHash Hash of the document at `metadataURI`.
    /// @param reservePrice Lowest price the seller accepts.
    /// @param feeBps Platform fee snapshotted for this listing.
    /// @param treasury Fee recipient snapshotted for this listing.
    /// @param shipWindow Seconds the seller has to ship once a deal opens.
    /// @param confirmWindow Seconds after shipping until anyone may release to the seller.
    /// @param disputeWindow Seconds after shipping during which a party may dispute.
    event ListingCreated(
        uint256 indexed auctionId,
        address indexed seller,
        string title,
        string metadataURI,
        bytes32 metadataHash,
        uint256 reservePrice,
        uint16 feeBps,
        address treasury,
        uint32 shipWindow,
        uint32 confirmWindow,
        uint32 disputeWindow
    );

    /// @notice The seller cancelled a listing that had no bid.
    event AuctionCancelled(uint256 indexed auctionId);

    /// @notice An auction ended. With a winner a deal opened (see `DealOpened` in the same
    ///         transaction); without one, `winner` and `dealId` are 0 and nothing was sold.
    /// @param auctionId The listing.
    /// @param winner The buyer, or 0 when nothing was sold.
    /// @param dealId The deal that opened (equal to `auctionId`), or 0 when nothing was sold.
    /// @param price The final price (0 when nothing was sold).
    event AuctionSettled(uint256 indexed auctionId, address indexed winner, uint256 indexed dealId, uint256 price);

    /// @notice Escrow a bidder no longer needs was returned: the winner's unused maximum, or a
    ///         leader's maximum when the reserve was not met.
    /// @param auctionId The listing.
    /// @param bidder The bidder.
    /// @param amount The amount returned.
    /// @param pushed True if transferred; false if the transfer failed and the amount was credited
    ///        to the bidder's withdrawable balance instead.
    event EscrowReturned(uint256 indexed auctionId, address indexed bidder, uint256 amount, bool pushed);

    /*//////////////////////////////////////////////////////////////
                                 BOUNDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Longest title accepted, in bytes (64).
    function MAX_TITLE_LENGTH() external view returns (uint256);

    /// @notice Shortest ship window (1 hour).
    function MIN_SHIP_WINDOW() external view returns (uint32);

    /// @notice Longest ship window (60 days).
    function MAX_SHIP_WINDOW() external view returns (uint32);

    /// @notice Shortest confirm window (3 days: time for a parcel to arrive and be looked at).
    function MIN_CONFIRM_WINDOW() external view returns (uint32);

    /// @notice Longest confirm window (60 days).
    function MAX_CONFIRM_WINDOW() external view returns (uint32);

    /// @notice Shortest dispute window (1 hour); the longest is the listing's confirm window.
    function MIN_DISPUTE_WINDOW() external view returns (uint32);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice A listing's common record.
    /// @dev Reverts with `AuctionNotFound` for an unknown id.
    function getListing(uint256 auctionId) external view returns (ListingView memory);

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Seller cancels a listing that has no bid yet (allowed while paused, and after its end).
    /// @dev Active → Cancelled. Emits `AuctionCancelled`.
    function cancel(uint256 auctionId) external;

    /// @notice The config pushes its pause state here on every pause, unpause and registration.
    ///         Only the config (`AuctionNotConfig` otherwise).
    function syncPause(bool paused, uint40 pausedAt, uint40 pausedTotal) external;
}
