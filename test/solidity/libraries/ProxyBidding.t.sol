// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AntiSniping} from "../../../contracts/libraries/AntiSniping.sol";
import {ProxyBidding} from "../../../contracts/libraries/ProxyBidding.sol";
import {GavelTestBase} from "../utils/Vm.sol";

contract ProxyBiddingTest is GavelTestBase {
    uint256 internal constant MAX96 = type(uint96).max;

    function test_Increment_RoundsUp() public pure {
        assertEq(ProxyBidding.increment(1_000_000, 100), 10_000, "1 % of 1 USDC");
        assertEq(ProxyBidding.increment(101, 100), 2, "1.01 rounds up to 2");
        assertEq(ProxyBidding.increment(10_000, 500), 500, "exact");
    }

    function test_Increment_AtLeastOne() public pure {
        assertEq(ProxyBidding.increment(0, 100), 1, "zero price");
        assertEq(ProxyBidding.increment(1, 100), 1, "tiny price");
    }

    function test_OpeningPrice_BelowReserve_IsStartPrice() public pure {
        assertEq(ProxyBidding.openingPrice(10e6, 50e6, 100e6), 10e6, "start price");
    }

    function test_OpeningPrice_ReachingReserve_IsReserve() public pure {
        assertEq(ProxyBidding.openingPrice(10e6, 100e6, 100e6), 100e6, "reserve");
        assertEq(ProxyBidding.openingPrice(10e6, 150e6, 100e6), 100e6, "reserve, not the max");
    }

    function test_CompetitivePrice_CappedByWinnerMax() public pure {
        assertEq(ProxyBidding.competitivePrice(51e6, 50e6, 100e6, 500), 51e6, "52.5 capped at 51");
    }

    function test_CompetitivePrice_TieIsTheMax() public pure {
        assertEq(ProxyBidding.competitivePrice(50e6, 50e6, 100e6, 500), 50e6, "tie");
    }

    function testFuzz_Increment_IsTheRoundedUpBpsShare(uint256 price, uint256 bps) public pure {
        price = bound(price, 0, MAX96);
        bps = bound(bps, 100, 5000);
        uint256 step = ProxyBidding.increment(price, bps);
        assertGe(step, 1, "at least one unit");
        assertGe(step * 10_000, price * bps, "at least the share");
        if (price * bps >= 10_000) assertLe(step * 10_000, price * bps + 9_999, "rounded up by less than one unit");
    }

    function testFuzz_CompetitivePrice_BetweenRunnerUpAndWinnerMax(
        uint256 winnerMax,
        uint256 runnerUp,
        uint256 reserve,
        uint256 bps
    ) public pure {
        winnerMax = bound(winnerMax, 1, MAX96);
        runnerUp = bound(runnerUp, 0, winnerMax);
        reserve = bound(reserve, 1, MAX96);
        bps = bound(bps, 100, 5000);
        uint256 price = ProxyBidding.competitivePrice(winnerMax, runnerUp, reserve, bps);
        assertLe(price, winnerMax, "never above the winner's maximum");
        assertGe(price, runnerUp, "never below the runner-up");
        uint256 beat = runnerUp + ProxyBidding.increment(runnerUp, bps);
        assertGe(price, beat < winnerMax ? beat : winnerMax, "beats the runner-up by an increment, or is the max");
        if (winnerMax >= reserve) assertGe(price, reserve, "at least the reserve once the max reaches it");
        else assertLe(price, beat < winnerMax ? beat : winnerMax, "no reserve floor below the reserve");
    }

    function testFuzz_OpeningPrice_NeverAboveMaxNorBelowStart(
        uint256 start,
        uint256 winnerMax,
        uint256 reserve
    ) public pure {
        start = bound(start, 1, MAX96);
        reserve = bound(reserve, start, MAX96);
        winnerMax = bound(winnerMax, start, MAX96);
        uint256 price = ProxyBidding.openingPrice(start, winnerMax, reserve);
        assertGe(price, start, "at least the start price");
        assertLe(price, winnerMax, "at most the maximum");
        assertEq(price, winnerMax >= reserve ? reserve : start, "start, or reserve once reached");
    }

    function testFuzz_MinimumNextBid_StrictlyIncreases(uint256 price, uint256 bps) public pure {
        price = bound(price, 0, MAX96);
        bps = bound(bps, 100, 5000);
        assertGe(ProxyBidding.minimumNextBid(price, bps), price + 1, "strictly above the price");
    }

    function testFuzz_Extend_OnlyInsideWindowAndUnderCap(
        uint256 endTime,
        uint256 nowTime,
        uint256 window,
        uint256 used,
        uint256 maxExt
    ) public pure {
        nowTime = bound(nowTime, 1, type(uint40).max / 2);
        endTime = bound(endTime, nowTime + 1, nowTime + 30 days);
        window = bound(window, 0, 1 days);
        maxExt = bound(maxExt, 0, 100);
        used = bound(used, 0, maxExt);
        (uint256 newEnd, bool extended) = AntiSniping.extend(endTime, nowTime, window, used, maxExt);
        assertGe(newEnd, endTime, "the end never moves earlier");
        if (extended) {
            assertTrue(used < maxExt, "under the cap");
            assertTrue(endTime - nowTime < window, "inside the window");
            assertEq(newEnd, nowTime + window, "moved to now + window");
        } else {
            assertEq(newEnd, endTime, "unchanged");
            assertTrue(used == maxExt || endTime - nowTime >= window, "not extended only when capped or outside");
        }
    }
}
