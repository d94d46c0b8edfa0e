// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title HostileToken
/// @notice Test-only ERC-20 that misbehaves on purpose, to prove an auction house survives a
///         token (or a recipient) that reverts, returns false, or calls back into the house.
/// @dev Per-address modes, applied when that address receives through `transfer` or is the
///      `from` of a `transferFrom`:
///      - `Revert`: the call reverts;
///      - `ReturnFalse`: the call returns false and moves nothing;
///      - `Reenter`: before moving tokens, the token calls `reentryTarget` with `reentryData` and
///        bubbles up any revert (so a blocked reentrancy makes the transfer fail).
contract HostileToken is ERC20 {
    enum Mode {
        Normal,
        Revert,
        ReturnFalse,
        Reenter
    }

    /// @notice The mode applied to each address.
    mapping(address account => Mode) public modeOf;
    /// @notice Contract the `Reenter` mode calls.
    address public reentryTarget;
    /// @notice Calldata the `Reenter` mode sends.
    bytes public reentryData;

    /// @notice A transfer touched an address in `Revert` mode.
    error HostileTokenRefused(address account);

    constructor() ERC20("Hostile", "HOST") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Anyone may mint: this token only exists in tests.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the mode of `account`.
    function setMode(address account, Mode mode) external {
        modeOf[account] = mode;
    }

    /// @notice Sets what the `Reenter` mode calls.
    function setReentry(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryData = data;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (!_hostile(to)) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (!_hostile(from)) return false;
        return super.transferFrom(from, to, value);
    }

    /// @dev Applies `account`'s mode; returns false for `ReturnFalse`.
    function _hostile(address account) private returns (bool) {
        Mode mode = modeOf[account];
        if (mode == Mode.Revert) revert HostileTokenRefused(account);
        if (mode == Mode.ReturnFalse) return false;
        if (mode == Mode.Reenter) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory data) = reentryTarget.call(reentryData);
            if (!ok) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    revert(add(data, 0x20), mload(data))
                }
            }
        }
        return true;
    }
}
