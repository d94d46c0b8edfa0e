// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAuctionHouse} from "./interfaces/IAuctionHouse.sol";
import {IGavelConfig} from "./interfaces/IGavelConfig.sol";

/// @title GavelConfig
/// @notice Roles and platform settings shared by every Gavel auction house.
contract GavelConfig is IGavelConfig, AccessControl {
    /// @inheritdoc IGavelConfig
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    /// @inheritdoc IGavelConfig
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @inheritdoc IGavelConfig
    bytes32 public constant HOUSE_ROLE = keccak256("HOUSE_ROLE");
    /// @inheritdoc IGavelConfig
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @inheritdoc IGavelConfig
    uint32 public constant MIN_DISPUTE_TIMEOUT = 1 days;
    /// @inheritdoc IGavelConfig
    uint32 public constant MAX_DISPUTE_TIMEOUT = 90 days;

    /// @dev The layout is also `allocateAuctionId`'s packed return value (documented in
    ///      IGavelConfig and unpacked by AuctionHouseBase): change all three together.
    /// @dev One slot: everything a house reads on its hot paths (create reads fee, treasury and
    ///      the id counter, bid reads `paused`) comes from a single SLOAD, and allocating an id
    ///      rewrites a slot that is already non-zero.
    struct Settings {
        address treasury; // fee recipient for new listings
        uint16 feeBps; // platform fee for new listings, ≤ MAX_FEE_BPS
        bool paused; // blocks new listings and new bids
        uint40 lastAuctionId; // ids handed out so far (the last one); 2^40 ids are never exhausted
        uint32 pausedTotal; // seconds of every pause that ended (2^32 s = 136 years)
    }

    Settings private _settings;

    /// @dev Read off the hot paths: the arbiter timeout and when the running pause began (0 if none).
    struct Slow {
        uint32 disputeTimeout; // seconds an arbiter has to rule disputes opened from now on
        uint40 pausedAt;
    }

    Slow private _slow;

    /// @inheritdoc IGavelConfig
    mapping(address house => bool) public isKnownHouse;
    address[] private _knownHouses;

    /// @param admin Gets `DEFAULT_ADMIN_ROLE` (a Safe or timelock in production).
    /// @param arbiter Gets `ARBITER_ROLE` (a Safe multisig in production); zero to grant later.
    /// @param pauser Gets `PAUSER_ROLE`; zero to grant later.
    /// @param treasury_ Initial fee recipient.
    /// @param feeBps_ Initial fee in basis points, ≤ `MAX_FEE_BPS`.
    /// @param disputeTimeout_ Initial arbiter timeout in seconds.
    constructor(
        address admin,
        address arbiter,
        address pauser,
        address treasury_,
        uint16 feeBps_,
        uint32 disputeTimeout_
    ) {
        if (admin == address(0)) revert GavelConfigZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (arbiter != address(0)) _grantRole(ARBITER_ROLE, arbiter);
        if (pauser != address(0)) _grantRole(PAUSER_ROLE, pauser);
        _setTreasury(treasury_);
        _setFeeBps(feeBps_);
        _setDisputeTimeout(disputeTimeout_);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IGavelConfig
    function feeBps() external view returns (uint16) {
        return _settings.feeBps;
    }

    /// @inheritdoc IGavelConfig
    function treasury() external view returns (address) {
        return _settings.treasury;
    }

    /// @inheritdoc IGavelConfig
    function feeTerms() external view returns (uint16, address) {
        Settings memory s = _settings;
        return (s.feeBps, s.treasury);
    }

    /// @inheritdoc IGavelConfig
    function disputeTimeout() external view returns (uint32) {
        return _slow.disputeTimeout;
    }

    /// @inheritdoc IGavelConfig
    function paused() external view returns (bool) {
        return _settings.paused;
    }

    /// @inheritdoc IGavelConfig
    function isArbiter(address account) external view returns (bool) {
        return hasRole(ARBITER_ROLE, account);
    }

    /// @inheritdoc IGavelConfig
    function nextAuctionId() external view returns (uint256) {
        return uint256(_settings.lastAuctionId) + 1;
    }

    /// @inheritdoc IGavelConfig
    function knownHouses() external view returns (address[] memory) {
        return _knownHouses;
    }

    /// @inheritdoc IGavelConfig
    function pausedAt() external view returns (uint256) {
        return _slow.pausedAt;
    }

    /// @inheritdoc IGavelConfig
    function pausedTotal() external view returns (uint256) {
        return _settings.pausedTotal;
    }

    /// @inheritdoc IGavelConfig
    function clock() external view returns (uint256) {
        uint256 startedAt = _slow.pausedAt;
        // pausedAt ≤ now and pausedTotal ≤ pausedAt (the paused seconds lie before the pause).
        return (startedAt != 0 ? startedAt : block.timestamp) - _settings.pausedTotal;
    }

    /*//////////////////////////////////////////////////////////////
                              HOUSE ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IGavelConfig
    function allocateAuctionId() external onlyRole(HOUSE_ROLE) returns (uint256 packed) {
        // Checked: a 40-bit counter that grows by one per listing reverts rather than wraps.
        uint40 id = _settings.lastAuctionId + 1;
        _settings.lastAuctionId = id;
        // The settings word as stored (its layout is the documented return value); a warm read.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            packed := sload(_settings.slot)
        }
    }

    /// @inheritdoc IGavelConfig
    function allocateRoundId() external returns (uint256 roundId) {
        if (!isKnownHouse[msg.sender]) revert GavelConfigUnknownHouse(msg.sender);
        // Checked, as above.
        uint40 id = _settings.lastAuctionId + 1;
        _settings.lastAuctionId = id;
        return id;
    }

    /*//////////////////////////////////////////////////////////////
                               ADMIN ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IGavelConfig
    function setFeeBps(uint16 newFeeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFeeBps(newFeeBps);
    }

    /// @inheritdoc IGavelConfig
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc IGavelConfig
    function setDisputeTimeout(uint32 newTimeout) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeTimeout(newTimeout);
    }

    /// @inheritdoc IGavelConfig
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_settings.paused) revert GavelConfigAlreadyPaused();
        _settings.paused = true;
        // Timestamps fit 40 bits until the year 36812.
        _slow.pausedAt = uint40(block.timestamp);
        _syncHouses();
        emit Paused(msg.sender);
    }

    /// @inheritdoc IGavelConfig
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!_settings.paused) revert GavelConfigNotPaused();
        uint256 startedAt = _slow.pausedAt;
        uint256 pausedFor = block.timestamp - startedAt;
        // Checked: 136 years of pauses revert rather than wrap.
        uint32 total = _settings.pausedTotal + SafeCast.toUint32(pausedFor);
        _settings.paused = false;
        _settings.pausedTotal = total;
        _slow.pausedAt = 0;
        _syncHouses();
        emit Unpaused(msg.sender, startedAt, pausedFor, total);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Registering a house (granting `HOUSE_ROLE`) makes it known for good and hands it the
    ///      current pause clock (a house deployed after a pause must not count that pause).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (role == HOUSE_ROLE && !isKnownHouse[account]) {
            isKnownHouse[account] = true;
            _knownHouses.push(account);
            _sync(account, _settings.paused, _slow.pausedAt, _settings.pausedTotal);
        }
    }

    /// @dev Pushes the pause state to every known house, registered or not.
    function _syncHouses() private {
        Settings memory s = _settings;
        uint40 startedAt = _slow.pausedAt;
        uint256 count = _knownHouses.length;
        for (uint256 i; i < count; ++i) {
            _sync(_knownHouses[i], s.paused, startedAt, s.pausedTotal);
        }
    }

    /// @dev A failing call is ignored: only a non-house address (an admin's mistake, which can hold
    ///      no listings) can refuse it, and pausing must never be blockable.
    function _sync(address house, bool paused_, uint40 pausedAt_, uint40 pausedTotal_) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = house.call(abi.encodeCall(IAuctionHouse.syncPause, (paused_, pausedAt_, pausedTotal_)));
        ok; // see above
    }

    function _setFeeBps(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert GavelConfigFeeTooHigh(newFeeBps, MAX_FEE_BPS);
        uint16 old = _settings.feeBps;
        _settings.feeBps = newFeeBps;
        emit FeeUpdated(old, newFeeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert GavelConfigZeroAddress();
        address old = _settings.treasury;
        _settings.treasury = newTreasury;
        emit TreasuryUpdated(old, newTreasury);
    }

    function _setDisputeTimeout(uint32 newTimeout) private {
        if (newTimeout < MIN_DISPUTE_TIMEOUT || newTimeout > MAX_DISPUTE_TIMEOUT) {
            revert GavelConfigInvalidDisputeTimeout(newTimeout);
        }
        uint32 old = _slow.disputeTimeout;
        _slow.disputeTimeout = newTimeout;
        emit DisputeTimeoutUpdated(old, newTimeout);
    }
}
