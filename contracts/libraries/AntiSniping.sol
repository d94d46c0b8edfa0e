// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title AntiSniping
/// @notice When an accepted bid lands in the last `window` seconds, the end moves to
///         `now + window`, a limited number of times. Shared by the ascending formats.
library AntiSniping {
    /// @notice The end after a bid at `nowTime`.
    /// @param endTime The current end; the caller guarantees `nowTime < endTime`.
    /// @param nowTime The bid's timestamp.
    /// @param window The anti-sniping window in seconds (0 never extends).
    /// @param used Extensions already used.
    /// @param maxExtensions Extensions allowed.
    /// @return newEnd The end after the bid.
    /// @return extended Whether the end moved (the caller then counts one more extension).
    function extend(
        uint256 endTime,
        uint256 nowTime,
        uint256 window,
        uint256 used,
        uint256 maxExtensions
    ) internal pure returns (uint256 newEnd, bool extended) {
        if (used < maxExtensions && endTime - nowTime < window) return (nowTime + window, true);
        return (endTime, false);
    }
}
