// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC3009
/// @notice The part of EIP-3009 (transfer with authorization; USDC's FiatToken v2 and later) that
///         the houses use: `receiveWithAuthorization`, which only the payee may submit.
interface IERC3009 {
    /// @notice Moves `value` from `from` to `to` (the caller) on `from`'s EIP-712 signature of
    ///         ReceiveWithAuthorization(from, to, value, validAfter, validBefore, nonce); each nonce
    ///         works once per `from`.
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
    ) external;
}
