// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title TestUSDC
/// @notice A local and test stand-in for Circle's USDC that behaves like it where Gavel cares:
///         6 decimals, EIP-2612 `permit` (domain name "USD Coin", version "2"), and a blacklist
///         under which any transfer to or from a listed address reverts.
/// @dev Never deployed on a public chain: there Gavel uses the real USDC address.
contract TestUSDC is ERC20, IERC20Permit, EIP712, Nonces, Ownable {
    bytes32 private constant _PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @notice Addresses that can neither send nor receive tokens.
    mapping(address account => bool) public isBlacklisted;

    /// @notice Emitted when `account` is added to the blacklist.
    event Blacklisted(address indexed account);
    /// @notice Emitted when `account` is removed from the blacklist.
    event UnBlacklisted(address indexed account);

    /// @notice A transfer touched a blacklisted address.
    error TestUSDCBlacklisted(address account);
    /// @notice The permit's deadline has passed.
    error TestUSDCPermitExpired(uint256 deadline);
    /// @notice The permit was not signed by `owner`.
    error TestUSDCInvalidSigner(address signer, address owner);

    constructor(address initialOwner) ERC20("USD Coin", "USDC") EIP712("USD Coin", "2") Ownable(initialOwner) {}

    /// @notice Same EIP-712 domain version as Circle's FiatTokenV2.
    function version() external pure returns (string memory) {
        return "2";
    }

    /// @inheritdoc IERC20Permit
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (block.timestamp > deadline) revert TestUSDCPermitExpired(deadline);
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        if (signer != owner) revert TestUSDCInvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` units to `to` (local demo and tests only).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Adds `account` to the blacklist.
    function blacklist(address account) external onlyOwner {
        isBlacklisted[account] = true;
        emit Blacklisted(account);
    }

    /// @notice Removes `account` from the blacklist.
    function unBlacklist(address account) external onlyOwner {
        isBlacklisted[account] = false;
        emit UnBlacklisted(account);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (isBlacklisted[from]) revert TestUSDCBlacklisted(from);
        if (isBlacklisted[to]) revert TestUSDCBlacklisted(to);
        super._update(from, to, value);
    }
}
