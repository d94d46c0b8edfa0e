// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

// EIP-3009 refusals use FiatTokenV2_2's revert strings, which the tests expect alike from both tokens.
// solhint-disable gas-custom-errors

/// @title TestUSDC
/// @notice A local and test stand-in for Circle's USDC that behaves like it where Gavel cares:
///         6 decimals, EIP-2612 `permit` (domain name "USD Coin", version "2"), EIP-3009 transfers
///         by authorization as FiatTokenV2_2 has them (same type hashes, nonces, events, revert
///         strings, checks in the same order, EOA and EIP-1271 signers), and a blacklist under
///         which any transfer to or from a listed address reverts.
/// @dev Never deployed on a public chain: there Gavel uses the real USDC address. Its external
///      surface is kept to what Gavel and its tests call: FiatTokenV2_2's `bytes`-signature
///      overloads of transfer/receiveWithAuthorization and the transfer/receive type-hash getters
///      are left out, because every extra selector can move `transfer`, `transferFrom` and `permit`
///      in the compiler's selector search, and the gas snapshot measures the houses through this
///      token (with the two overloads, every transfer cost 22 gas more and every permit 44).
contract TestUSDC is ERC20, IERC20Permit, EIP712, Nonces, Ownable {
    bytes32 private constant _PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @dev EIP-3009 type hashes, as FiatTokenV2 declares them.
    bytes32 private constant _TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 private constant _RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    /// @notice FiatTokenV2's cancel type hash (public, as there).
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH = keccak256(
        "CancelAuthorization(address authorizer,bytes32 nonce)"
    );

    /// @dev authorizer → nonce → used or cancelled (EIP-3009 nonces are random 32-byte values).
    mapping(address authorizer => mapping(bytes32 nonce => bool)) private _authorizationStates;

    /// @notice Addresses that can neither send nor receive tokens.
    mapping(address account => bool) public isBlacklisted;

    /// @notice Emitted when `account` is added to the blacklist.
    event Blacklisted(address indexed account);
    /// @notice Emitted when `account` is removed from the blacklist.
    event UnBlacklisted(address indexed account);

    /// @notice An EIP-3009 authorization was used (FiatTokenV2's event).
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);
    /// @notice An EIP-3009 authorization was cancelled (FiatTokenV2's event).
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);

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

    /// @notice Whether `authorizer`'s EIP-3009 `nonce` was used or cancelled.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationStates[authorizer][nonce];
    }

    /// @notice EIP-3009: moves `value` from `from` to `to` on `from`'s signature; anyone may submit.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _authorizedTransfer(
            _TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
            [from, to],
            [value, validAfter, validBefore],
            nonce,
            abi.encodePacked(r, s, v)
        );
    }

    /// @notice EIP-3009: like `transferWithAuthorization`, but only the payee `to` may submit it, so
    ///         a copied signature cannot be front-run into a plain transfer.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        require(to == msg.sender, "FiatTokenV2: caller must be the payee");
        _authorizedTransfer(
            _RECEIVE_WITH_AUTHORIZATION_TYPEHASH,
            [from, to],
            [value, validAfter, validBefore],
            nonce,
            abi.encodePacked(r, s, v)
        );
    }

    /// @notice EIP-3009: the authorizer cancels an unused authorization.
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        require(!_authorizationStates[authorizer][nonce], "FiatTokenV2: authorization is used or canceled");
        _requireSignature(
            authorizer,
            keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)),
            abi.encodePacked(r, s, v)
        );
        _authorizationStates[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
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

    /// @dev FiatTokenV2's checks in its order: validity window, unused nonce, signature; then the
    ///      nonce is spent and the transfer made (blacklist checks in `_update`).
    function _authorizedTransfer(
        bytes32 typehash,
        address[2] memory parties,
        uint256[3] memory terms, // value, validAfter, validBefore
        bytes32 nonce,
        bytes memory signature
    ) private {
        address from = parties[0];
        require(block.timestamp > terms[1], "FiatTokenV2: authorization is not yet valid");
        require(block.timestamp < terms[2], "FiatTokenV2: authorization is expired");
        require(!_authorizationStates[from][nonce], "FiatTokenV2: authorization is used or canceled");
        _requireSignature(
            from,
            keccak256(abi.encode(typehash, from, parties[1], terms[0], terms[1], terms[2], nonce)),
            signature
        );
        _authorizationStates[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, parties[1], terms[0]);
    }

    function _requireSignature(address signer, bytes32 structHash, bytes memory signature) private view {
        require(
            SignatureChecker.isValidSignatureNow(signer, _hashTypedDataV4(structHash), signature),
            "FiatTokenV2: invalid signature"
        );
    }

    function _update(address from, address to, uint256 value) internal override {
        if (isBlacklisted[from]) revert TestUSDCBlacklisted(from);
        if (isBlacklisted[to]) revert TestUSDCBlacklisted(to);
        super._update(from, to, value);
    }
}
