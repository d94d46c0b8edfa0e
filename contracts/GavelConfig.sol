// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
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

    /// @dev One slot: everything a house reads on its hot paths (create reads fee, treasury and
    ///      the id counter, bid reads `paused`) comes from a single SLOAD, and allocating an id
    ///      rewrites a slot that is already non-zero.
    struct Settings {
        address treasury; // fee recipient for new listings
        uint16 feeBps; // platform fee for new listings, ≤ MAX_FEE_BPS
        uint32 disputeTimeout; // seconds an arbiter has to rule disputes opened from now on
        bool paused; // blocks new listings and new bids
        uint40 lastAuctionId; // ids handed out so far (the last one); 2^40 ids are never exhausted
    }

    Settings private _settings;

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
        return _settings.disputeTimeout;
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

    /*//////////////////////////////////////////////////////////////
                              HOUSE ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IGavelConfig
    function allocateAuctionId()
        external
        onlyRole(HOUSE_ROLE)
        returns (uint256 auctionId, uint16 feeBps_, address treasury_, bool paused_)
    {
        Settings memory s = _settings;
        // Checked: a 40-bit counter that grows by one per listing reverts rather than wraps.
        uint40 id = s.lastAuctionId + 1;
        _settings.lastAuctionId = id;
        return (id, s.feeBps, s.treasury, s.paused);
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
        emit Paused(msg.sender);
    }

    /// @inheritdoc IGavelConfig
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!_settings.paused) revert GavelConfigNotPaused();
        _settings.paused = false;
        emit Unpaused(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

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
        uint32 old = _settings.disputeTimeout;
        _settings.disputeTimeout = newTimeout;
        emit DisputeTimeoutUpdated(old, newTimeout);
    }
}
