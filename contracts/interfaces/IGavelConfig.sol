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
///        ids for new listings from the one shared counter (`allocateAuctionId`). Granting it is how
///        the admin registers a house (`RoleGranted(HOUSE_ROLE, house, admin)`). Registration gates
///        new listings only: a house that ever held the role stays *known* (`isKnownHouse`), keeps
///        drawing ids for the rounds of listings it already has (`allocateRoundId`) and keeps
///        receiving the pause clock, so revoking the role never freezes a listing that exists.
///      Pause clock: while paused, no clock that decides a price or a winner runs. The config
///      counts the seconds spent paused (`pausedTotal`) and pushes its pause state to every known
///      house (`IAuctionHouse.syncPause`), which keeps its auction times on the market clock
///      `clock() = block.timestamp - pausedTotal - (paused ? block.timestamp - pausedAt : 0)`.
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
    /// @notice `allocateRoundId` was called by an address that never held `HOUSE_ROLE`.
    error GavelConfigUnknownHouse(address caller);

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

    /// @notice New listings and new bids are allowed again. Every auction time that had not come
    ///         when the pause began (English and rolling ends, Dutch schedules, sealed phases) moved
    ///         `pausedFor` seconds later; deal deadlines did not move.
    /// @param account The pauser.
    /// @param pausedAt When the pause began.
    /// @param pausedFor Seconds the pause lasted.
    /// @param pausedTotal Seconds spent paused since deployment, this pause included.
    event Unpaused(address indexed account, uint256 pausedAt, uint256 pausedFor, uint256 pausedTotal);

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

    /// @notice Whether `house` ever held `HOUSE_ROLE` (it may then still draw round ids and gets
    ///         the pause clock, even after the role is revoked).
    function isKnownHouse(address house) external view returns (bool);

    /// @notice The known houses, in order of first registration.
    function knownHouses() external view returns (address[] memory);

    /// @notice When the current pause began (0 while not paused).
    function pausedAt() external view returns (uint256);

    /// @notice Seconds spent paused since deployment, not counting a pause still running.
    function pausedTotal() external view returns (uint256);

    /// @notice The market clock: `block.timestamp` minus every second spent paused (including a
    ///         pause still running, so it stands still while paused).
    function clock() external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                              HOUSE ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Hands out the next global auction id to a registered house, together with what a
    ///         new listing snapshots (fee, treasury), the pause flag and the pause total: the
    ///         config's settings word after the allocation, read in one storage access and returned
    ///         packed (one word to decode on a listing's hot path). Only `HOUSE_ROLE`. The house
    ///         must revert (undoing the allocation) while paused.
    /// @return packed Bits 0–159 treasury, 160–175 fee (bps), 176–183 paused (0/1), 184–223 the new
    ///         auction id, 224–255 the pause total in seconds.
    function allocateAuctionId() external returns (uint256 packed);

    /// @notice Hands out the next global auction id for a further round of a listing that already
    ///         exists (rolling listings). Any known house (`isKnownHouse`), registered or not, so
    ///         unregistering a house never stops a listing it already has. Works while paused.
    /// @return roundId The new id.
    function allocateRoundId() external returns (uint256 roundId);

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
