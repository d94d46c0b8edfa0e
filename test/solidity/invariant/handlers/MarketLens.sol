// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../../../../contracts/interfaces/IAuctionHouse.sol";
import {IDutchAuctionHouse} from "../../../../contracts/interfaces/IDutchAuctionHouse.sol";
import {IEnglishAuctionHouse} from "../../../../contracts/interfaces/IEnglishAuctionHouse.sol";
import {IRollingAuctionHouse} from "../../../../contracts/interfaces/IRollingAuctionHouse.sol";
import {ISealedBidAuctionHouse} from "../../../../contracts/interfaces/ISealedBidAuctionHouse.sol";

/// @notice Read-only views over the houses for `MarketHandler` (kept apart so the handler stays
///         under the 24 KiB code-size limit): the time-deciding state, the leader/end of a bid
///         target, and whether an auction must be settleable now.
contract MarketLens {
    uint256 internal constant ENGLISH = 0;
    uint256 internal constant DUTCH = 1;
    uint256 internal constant SEALED = 2;
    uint256 internal constant ROLLING = 3;

    address[4] internal _houses;

    constructor(address[4] memory houses) {
        _houses = houses;
    }

    /// @notice Everything that decides a price or a winner, as of now: the market clock (once per house);
    ///         then, per auction, the seconds left to its start/end/phase ends (wall-clock view minus
    ///         now) and each Dutch current price. Frozen while paused; the same right after an
    ///         unpause as at the pause. Rolling rounds come last (only they can appear while paused).
    function marketState(
        uint256[] calldata present,
        uint256[] calldata englishIds,
        uint256[] calldata dutchIds,
        uint256[] calldata sealedIds,
        uint256[] calldata rounds
    ) external view returns (int256[] memory s) {
        s = new int256[](
            present.length + 2 * englishIds.length + 3 * dutchIds.length + 2 * sealedIds.length + rounds.length
        );
        uint256 n;
        for (uint256 i; i < present.length; ++i) s[n++] = int256(IAuctionHouse(_houses[present[i]]).config().clock());
        for (uint256 i; i < englishIds.length; ++i) {
            IEnglishAuctionHouse.EnglishAuctionView memory a = IEnglishAuctionHouse(_houses[ENGLISH]).getAuction(
                englishIds[i]
            );
            s[n++] = _left(a.startTime);
            s[n++] = _left(a.endTime);
        }
        for (uint256 i; i < dutchIds.length; ++i) {
            IDutchAuctionHouse.DutchAuctionView memory a = IDutchAuctionHouse(_houses[DUTCH]).getAuction(dutchIds[i]);
            s[n++] = _left(a.startTime);
            s[n++] = _left(a.endTime);
            s[n++] = int256(a.currentPrice);
        }
        for (uint256 i; i < sealedIds.length; ++i) {
            ISealedBidAuctionHouse.SealedAuctionView memory a = ISealedBidAuctionHouse(_houses[SEALED]).getAuction(
                sealedIds[i]
            );
            s[n++] = _left(a.commitEnd);
            s[n++] = _left(a.revealEnd);
        }
        for (uint256 i; i < rounds.length; ++i) {
            uint256 end = IRollingAuctionHouse(_houses[ROLLING]).getRound(rounds[i]).endTime;
            s[n++] = end == 0 ? int256(0) : _left(end);
        }
    }

    /// @dev The leader, the end (wall clock) and the anti-sniping window still usable (0 once the
    ///      extensions are spent) of an English auction or a rolling round.
    function leaderEndWindow(uint256 h, uint256 id) external view returns (address, uint256, uint256) {
        if (h == ENGLISH) {
            IEnglishAuctionHouse.EnglishAuctionView memory a = IEnglishAuctionHouse(_houses[ENGLISH]).getAuction(id);
            return (a.leader, a.endTime, a.extensions < a.maxExtensions ? a.extensionWindow : 0);
        }
        IRollingAuctionHouse.RoundView memory r = IRollingAuctionHouse(_houses[ROLLING]).getRound(id);
        IRollingAuctionHouse.RollingView memory p = IRollingAuctionHouse(_houses[ROLLING]).getRolling(r.listingId);
        return (r.leader, r.endTime, r.extensions < p.maxExtensions ? p.extensionWindow : 0);
    }

    /// @dev Whether `settle` must succeed now (wall-clock views: now ≥ end ⟺ market clock ≥ end).
    function settleable(uint256 h, uint256 id) external view returns (bool) {
        if (h == ROLLING) {
            IRollingAuctionHouse.RoundView memory r = IRollingAuctionHouse(_houses[ROLLING]).getRound(id);
            return r.open && r.endTime != 0 && block.timestamp >= r.endTime;
        }
        if (IAuctionHouse(_houses[h]).getListing(id).status != IAuctionHouse.ListingStatus.Active) return false;
        if (h == ENGLISH) return block.timestamp >= IEnglishAuctionHouse(_houses[ENGLISH]).getAuction(id).endTime;
        if (h == DUTCH) return block.timestamp >= IDutchAuctionHouse(_houses[DUTCH]).getAuction(id).endTime;
        ISealedBidAuctionHouse.SealedAuctionView memory a = ISealedBidAuctionHouse(_houses[SEALED]).getAuction(id);
        return block.timestamp >= a.revealEnd || (block.timestamp >= a.commitEnd && a.reveals == a.commitments);
    }

    function _left(uint256 wallTime) private view returns (int256) {
        return int256(wallTime) - int256(block.timestamp);
    }
}
