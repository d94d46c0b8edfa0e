// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title IGavelConfig
/// @notice The one place Gavel keeps its roles and platform settings. Every auction house holds
///         this contract's address as an immutable and reads it at the moment it needs a value.
/// @dev Roles (OpenZeppelin AccessControl):
///      - `DEFAULT_ADMIN_ROLE` (a Safe or a timelock in production) grants and revokes roles and
///        changes the fee, the treasury and the dispute timeout;
///      - `ARBITER_ROLE` (a Safe multisig) rules disputed deals in every house;
///      - `PAUSER_ROLE` pauses and unpauses new listings and new bids;
///      - `HOUSE_ROLE` is held by each registered auction house (contract), which may draw auction
///        ids from the one shared counter (`allocateAuctionId`). Granting it is how the admin
///        registers a house (`RoleGranted(HOUSE_ROLE, house, admin)`).
///      Auction ids are global: one counter here, starting at 1, shared by every house, so an id
///      names one auction across the whole deployment (and a deal's id is its auction's id).
///      None of these roles can move user funds: the admin's settings affect only listings
///      created (fee, treasury) or disputes opened (timeout) after the change, and the arbiter
///      can only split one disputed deal's escrow between that deal's buyer and seller.
interface IGavelConfig is IAccessControl {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The fee exceeds the hard cap of `MAX_FEE_BPS`.
    error GavelConfigFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice An address that must be set (admin, treasury) is zero.
    error GavelConfigZeroAddress();
    /// @notice The dispute timeout lies outside [`MIN_DISPUTE_TIMEOUT`, `MAX_DISPUTE_TIMEOUT`].
    error GavelConfigInvalidDisputeTimeout(uint256 disputeTimeout);
    /// @notice `pause` was called while already paused.
    error GavelConfigAlreadyPaused();
    /// @notice `unpause` was called while not paused.
    error GavelConfigNotPaused();

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The platform fee for listings created from now on changed.
    /// @param oldFeeBps The previous fee in basis points.
    /// @param newFeeBps The new fee in basis points.
    event FeeUpdated(uint16 oldFeeBps, uint16 newFeeBps);

    /// @notice The treasury for listings created from now on changed.
    /// @param oldTreasury The previous treasury.
    /// @param newTreasury The new treasury.
    event TreasuryUpdated(address indexed oldTreasury, address indexed newTreasury);

    /// @notice The time an arbiter has to rule, for disputes opened from now on, changed.
    /// @param oldTimeout The previous timeout in seconds.
    /// @param newTimeout The new timeout in seconds.
    event DisputeTimeoutUpdated(uint32 oldTimeout, uint32 newTimeout);

    /// @notice New listings and new bids are blocked in every house.
    /// @param account The pauser.
    event Paused(address indexed account);

    /// @notice New listings and new bids are allowed again.
    /// @param account The pauser.
    event Unpaused(address indexed account);

    /*//////////////////////////////////////////////////////////////
                               CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Role allowed to rule disputed deals (a Safe multisig in production).
    function ARBITER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to pause and unpause new listings and bids.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Role of a registered auction house: may call `allocateAuctionId`.
    function HOUSE_ROLE() external view returns (bytes32);

    /// @notice Hard cap of the platform fee: 1,000 basis points (10 %).
    function MAX_FEE_BPS() external view returns (uint16);

    /// @notice Shortest allowed dispute timeout (1 day).
    function MIN_DISPUTE_TIMEOUT() external view returns (uint32);

    /// @notice Longest allowed dispute timeout (90 days).
    function MAX_DISPUTE_TIMEOUT() external view returns (uint32);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The platform fee in basis points that new listings snapshot.
    function feeBps() external view returns (uint16);

    /// @notice The address that receives the fees of listings created from now on.
    function treasury() external view returns (address);

    /// @notice The fee and treasury in one call, as a house snapshots them into a new listing.
    /// @return feeBps The current fee in basis points.
    /// @return treasury The current treasury.
    function feeTerms() external view returns (uint16 feeBps, address treasury);

    /// @notice Seconds an arbiter has to rule a dispute before anyone may split it 50/50.
    function disputeTimeout() external view returns (uint32);

    /// @notice Whether new listings and new bids are blocked.
    function paused() external view returns (bool);

    /// @notice Whether `account` holds `ARBITER_ROLE`.
    function isArbiter(address account) external view returns (bool);

    /// @notice The id the next auction (in any house) will get; ids start at 1.
    function nextAuctionId() external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                              HOUSE ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Hands out the next global auction id to a registered house, together with what a
    ///         new listing snapshots (fee, treasury) and the pause flag, all from one storage slot.
    ///         Only `HOUSE_ROLE`. The house must revert (undoing the allocation) while `paused`.
    /// @return auctionId The new id (1, 2, 3, … across every house).
    /// @return feeBps The current fee in basis points.
    /// @return treasury The current treasury.
    /// @return paused Whether new listings are blocked.
    function allocateAuctionId() external returns (uint256 auctionId, uint16 feeBps, address treasury, bool paused);

    /*//////////////////////////////////////////////////////////////
                               ADMIN ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Sets the fee for listings created from now on. Only `DEFAULT_ADMIN_ROLE`.
    /// @dev Reverts with `GavelConfigFeeTooHigh` above `MAX_FEE_BPS`. Emits `FeeUpdated`.
    function setFeeBps(uint16 newFeeBps) external;

    /// @notice Sets the treasury for listings created from now on. Only `DEFAULT_ADMIN_ROLE`.
    /// @dev Reverts with `GavelConfigZeroAddress` for the zero address. Emits `TreasuryUpdated`.
    function setTreasury(address newTreasury) external;

    /// @notice Sets the arbiter timeout for disputes opened from now on. Only `DEFAULT_ADMIN_ROLE`.
    /// @dev Reverts with `GavelConfigInvalidDisputeTimeout` outside the bounds. Emits `DisputeTimeoutUpdated`.
    function setDisputeTimeout(uint32 newTimeout) external;

    /// @notice Blocks new listings and new bids in every house. Only `PAUSER_ROLE`.
    /// @dev Settling, shipping, confirming, refunding, disputing, ruling and withdrawing keep working.
    function pause() external;

    /// @notice Allows new listings and new bids again. Only `PAUSER_ROLE`.
    function unpause() external;
}
