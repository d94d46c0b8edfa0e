// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
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
///         which any transfer to or from a listed address reverts. Like FiatTokenV2_2 it keeps an
///         account's blacklist flag in the top bit of its balance slot (`balanceAndBlacklistStates`),
///         so a transfer reads one slot per party, not two: its storage costs are USDC's.
/// @dev Never deployed on a public chain: there Gavel uses the real USDC address. Its external
///      surface is kept to what Gavel and its tests call: FiatTokenV2_2's `bytes`-signature
///      overloads of transfer/receiveWithAuthorization and the transfer/receive type-hash getters
///      are left out, because every extra selector can move `transfer`, `transferFrom` and `permit`
///      in the compiler's selector search, and the gas snapshot measures the houses through this
///      token (with the two overloads, every transfer cost 22 gas more and every permit 44). The
///      ERC-20 core is written here rather than inherited from OpenZeppelin's `ERC20`, whose balance
///      mapping is private and so cannot carry the blacklist bit; it keeps OpenZeppelin's errors
///      (IERC20Errors) and check order, which the tests and the relayer's reasons expect.
contract TestUSDC is IERC20, IERC20Metadata, IERC20Errors, IERC20Permit, EIP712, Nonces, Ownable {
    /// @dev The top bit of a balance slot is the blacklist flag (FiatTokenV2_2's layout); balances
    ///      stay below it because the total supply does.
    uint256 private constant _BLACKLISTED = 1 << 255;
    uint256 private constant _MAX_BALANCE = _BLACKLISTED - 1;

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

    /// @dev account → blacklist flag (top bit) | balance (the 255 bits below), as FiatTokenV2_2.
    mapping(address account => uint256) private _balanceAndBlacklistStates;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;
    uint256 private _totalSupply;

    /// @dev authorizer → nonce → used or cancelled (EIP-3009 nonces are random 32-byte values).
    mapping(address authorizer => mapping(bytes32 nonce => bool)) private _authorizationStates;

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
    /// @notice A mint would take the total supply past 2^255 - 1 (FiatTokenV2_2's balance bound).
    error TestUSDCSupplyExceeded(uint256 totalSupply);

    constructor(address initialOwner) EIP712("USD Coin", "2") Ownable(initialOwner) {}

    /// @inheritdoc IERC20Metadata
    function name() external pure returns (string memory) {
        return "USD Coin";
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external pure returns (string memory) {
        return "USDC";
    }

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

    /// @inheritdoc IERC20Metadata
    function decimals() external pure returns (uint8) {
        return 6;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _balanceAndBlacklistStates[account] & _MAX_BALANCE;
    }

    /// @notice Addresses that can neither send nor receive tokens.
    function isBlacklisted(address account) external view returns (bool) {
        return _balanceAndBlacklistStates[account] >= _BLACKLISTED;
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev An infinite allowance (2^256 - 1) is not spent, as in OpenZeppelin's ERC20.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = _allowances[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                _allowances[from][msg.sender] = allowed - value;
            }
        }
        _transfer(from, to, value);
        return true;
    }

    /// @notice Mints `amount` units to `to` (local demo and tests only).
    function mint(address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 supply = _totalSupply + amount;
        if (supply > _MAX_BALANCE) revert TestUSDCSupplyExceeded(supply);
        uint256 state = _balanceAndBlacklistStates[to];
        if (state >= _BLACKLISTED) revert TestUSDCBlacklisted(to);
        _totalSupply = supply;
        // balance + amount ≤ total supply ≤ 2^255 - 1: the flag bit stays clear.
        unchecked {
            _balanceAndBlacklistStates[to] = state + amount;
        }
        emit Transfer(address(0), to, amount);
    }

    /// @notice Adds `account` to the blacklist (its balance stays, frozen).
    function blacklist(address account) external onlyOwner {
        _balanceAndBlacklistStates[account] |= _BLACKLISTED;
        emit Blacklisted(account);
    }

    /// @notice Removes `account` from the blacklist.
    function unBlacklist(address account) external onlyOwner {
        _balanceAndBlacklistStates[account] &= _MAX_BALANCE;
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

    function _approve(address owner, address spender, uint256 value) private {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    /// @dev Refuses a listed sender, then a listed recipient, then a short balance (the mock's order
    ///      before the packed layout); one slot read per party.
    function _transfer(address from, address to, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 fromState = _balanceAndBlacklistStates[from];
        if (fromState >= _BLACKLISTED) revert TestUSDCBlacklisted(from);
        if (_balanceAndBlacklistStates[to] >= _BLACKLISTED) revert TestUSDCBlacklisted(to);
        if (fromState < value) revert ERC20InsufficientBalance(from, fromState, value);
        // value ≤ the sender's balance; the recipient's balance + value ≤ the total supply < 2^255.
        // The recipient's slot is read again after the sender's write, so a self-transfer nets out.
        unchecked {
            _balanceAndBlacklistStates[from] = fromState - value;
            _balanceAndBlacklistStates[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
