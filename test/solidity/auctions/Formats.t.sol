// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {DutchAuctionHouse} from "../../../contracts/auctions/DutchAuctionHouse.sol";
import {RollingAuctionHouse} from "../../../contracts/auctions/RollingAuctionHouse.sol";
import {SealedBidAuctionHouse} from "../../../contracts/auctions/SealedBidAuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IDutchAuctionHouse} from "../../../contracts/interfaces/IDutchAuctionHouse.sol";
import {IRollingAuctionHouse} from "../../../contracts/interfaces/IRollingAuctionHouse.sol";
import {ISealedBidAuctionHouse} from "../../../contracts/interfaces/ISealedBidAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../utils/Vm.sol";

/// @notice Fuzz tests of the Dutch price, the Vickrey price, sealed-bid collateral accounting and
///         rolling round/unit accounting, through the real houses.
contract FormatsFuzzTest is GavelTestBase {
    address internal constant SELLER = address(0x5E11E5);
    address internal constant TREASURY = address(0x7EA5);
    uint256 internal constant BIDDERS = 4;

    TestUSDC internal usdc;
    GavelConfig internal config;
    DutchAuctionHouse internal dutch;
    SealedBidAuctionHouse internal sealedHouse;
    RollingAuctionHouse internal rolling;
    address[BIDDERS] internal bidders;

    function setUp() public {
        usdc = new TestUSDC(address(this));
        config = new GavelConfig(address(this), address(this), address(this), TREASURY, 250, 1 days);
        dutch = new DutchAuctionHouse(usdc, config);
        sealedHouse = new SealedBidAuctionHouse(usdc, config);
        rolling = new RollingAuctionHouse(usdc, config);
        config.grantRole(config.HOUSE_ROLE(), address(dutch));
        config.grantRole(config.HOUSE_ROLE(), address(sealedHouse));
        config.grantRole(config.HOUSE_ROLE(), address(rolling));
        for (uint256 i; i < BIDDERS; ++i) {
            bidders[i] = address(uint160(0xB1D0 + i));
            usdc.mint(bidders[i], 1e18);
            VM.startPrank(bidders[i]);
            usdc.approve(address(dutch), type(uint256).max);
            usdc.approve(address(sealedHouse), type(uint256).max);
            usdc.approve(address(rolling), type(uint256).max);
            VM.stopPrank();
        }
    }

    function _listing(uint256 reserve) internal pure returns (IAuctionHouse.ListingParams memory) {
        return
            IAuctionHouse.ListingParams({
                title: "Fuzzed lot",
                metadataURI: "",
                metadataHash: bytes32(0),
                reservePrice: uint96(reserve),
                shipWindow: 1 days,
                confirmWindow: 3 days,
                disputeWindow: 2 days
            });
    }

    /*//////////////////////////////////////////////////////////////
                                 DUTCH
    //////////////////////////////////////////////////////////////*/

    /// @dev At any time the price lies in [floor, start], never rises, and a buy pays exactly it.
    function testFuzz_DutchPrice_BetweenFloorAndStart_NeverRises(
        uint256 floor,
        uint256 startPrice,
        uint256 decay,
        uint256 t1,
        uint256 t2
    ) public {
        floor = bound(floor, 1e6, 1e15);
        startPrice = bound(startPrice, floor, 1e16);
        decay = bound(decay, 1, 30 days);
        uint256 start = block.timestamp + 1;
        VM.prank(SELLER);
        uint256 id = dutch.createAuction(
            _listing(floor),
            IDutchAuctionHouse.DutchParams({
                startTime: uint40(start),
                endTime: uint40(start + 30 days),
                decayDuration: uint32(decay),
                startPrice: uint96(startPrice)
            })
        );
        t1 = bound(t1, 0, start + 60 days);
        t2 = bound(t2, t1, start + 60 days);
        uint256 p1 = dutch.priceAt(id, t1);
        uint256 p2 = dutch.priceAt(id, t2);
        assertGe(p1, floor, "below the floor");
        assertLe(p1, startPrice, "above the start");
        assertLe(p2, p1, "the price rose");
        if (t1 >= start + decay) assertEq(p1, floor, "not flat at the floor");
        if (t1 <= start) assertEq(p1, startPrice, "not the start price before the start");

        uint256 buyAt = bound(t2, start, start + 30 days - 1);
        VM.warp(buyAt);
        uint256 before = usdc.balanceOf(bidders[0]);
        VM.prank(bidders[0]);
        uint256 dealId = dutch.buy(id, type(uint256).max);
        assertEq(dealId, id, "deal id");
        assertEq(before - usdc.balanceOf(bidders[0]), dutch.priceAt(id, buyAt), "paid the price at the time");
        assertEq(usdc.balanceOf(address(dutch)), dutch.getDeal(id).amount, "escrow = deal");
    }

    /*//////////////////////////////////////////////////////////////
                                 SEALED
    //////////////////////////////////////////////////////////////*/

    function _salt(uint256 i) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", i));
    }

    // Ghost state of one sealed-bid run (storage keeps the fuzz test under the stack limit).
    uint256[BIDDERS] internal _amount;
    uint256[BIDDERS] internal _collateral;
    uint256[BIDDERS] internal _start;
    uint256 internal _best;
    uint256 internal _second;
    uint256 internal _winner;
    bool internal _anyRevealed;

    /// @dev Any mix of revealed, unrevealed and replaced commitments: the winner is the highest
    ///      revealed amount (ties to the earlier commitment), pays the second-highest revealed
    ///      amount or the reserve (second price), and every unit of collateral ends with its bidder,
    ///      the deal, or the treasury (penalties, never the seller) — nothing is left over.
    function testFuzz_Sealed_VickreyPriceAndCollateralAccounting(
        uint256[BIDDERS] memory amounts,
        uint256[BIDDERS] memory extra,
        uint256 revealMask,
        uint256 replaceMask,
        uint256 penaltyBps
    ) public {
        penaltyBps = bound(penaltyBps, 1_000, 10_000);
        VM.prank(SELLER);
        uint256 id = sealedHouse.createAuction(
            _listing(RESERVE),
            ISealedBidAuctionHouse.SealedParams({
                commitEnd: uint40(block.timestamp + 1 days),
                revealEnd: uint40(block.timestamp + 2 days),
                unrevealedPenaltyBps: uint16(penaltyBps),
                pricing: ISealedBidAuctionHouse.Pricing.SecondPrice
            })
        );
        for (uint256 i; i < BIDDERS; ++i) _commit(id, i, amounts[i], extra[i], (replaceMask >> i) & 1 == 1);
        VM.warp(block.timestamp + 1 days);
        for (uint256 i; i < BIDDERS; ++i) if ((revealMask >> i) & 1 == 1) _reveal(id, i);
        VM.warp(block.timestamp + 1 days);
        sealedHouse.settle(id);
        for (uint256 i; i < BIDDERS; ++i) {
            if (!(_anyRevealed && i == _winner)) sealedHouse.returnCollateral(id, bidders[i]);
        }
        _checkSealed(id, revealMask, penaltyBps);
    }

    uint256 internal constant RESERVE = 100e6;

    function _commit(uint256 id, uint256 i, uint256 amount, uint256 extra, bool replace) internal {
        _amount[i] = bound(amount, 0, 1_000e6);
        _collateral[i] = _max(_amount[i], RESERVE) + bound(extra, 0, 500e6);
        _start[i] = usdc.balanceOf(bidders[i]);
        VM.startPrank(bidders[i]);
        if (replace) {
            // First a different commitment with part of the collateral, then the real one.
            sealedHouse.commit(id, keccak256(abi.encode("decoy", i)), RESERVE);
            sealedHouse.commit(id, _hash(id, i, _amount[i]), _collateral[i] - RESERVE);
        } else {
            sealedHouse.commit(id, _hash(id, i, _amount[i]), _collateral[i]);
        }
        VM.stopPrank();
    }

    /// @dev Reveals bidder `i` and keeps the expected ranking independently of the house.
    function _reveal(uint256 id, uint256 i) internal {
        VM.prank(bidders[i]);
        sealedHouse.reveal(id, _amount[i], _salt(i));
        uint256 a = _amount[i];
        bool earlier =
            _anyRevealed &&
                sealedHouse.getCommitment(id, bidders[i]).order < sealedHouse.getCommitment(id, bidders[_winner]).order;
        if (!_anyRevealed || a > _best || (a == _best && earlier)) {
            if (_anyRevealed) _second = _max(_second, _best);
            (_best, _winner, _anyRevealed) = (a, i, true);
        } else {
            _second = _max(_second, a);
        }
    }

    function _checkSealed(uint256 id, uint256 revealMask, uint256 penaltyBps) internal view {
        bool sold = _anyRevealed && _best >= RESERVE;
        uint256 penalties;
        for (uint256 i; i < BIDDERS; ++i) {
            uint256 spent = _start[i] - usdc.balanceOf(bidders[i]);
            if (sold && i == _winner) {
                assertEq(spent, _max(_second, RESERVE), "winner pays max(second-highest revealed, reserve)");
            } else if ((revealMask >> i) & 1 == 1) {
                assertEq(spent, 0, "a revealed loser gets everything back");
            } else {
                assertEq(spent, (_collateral[i] * penaltyBps) / 10_000, "unrevealed: only the penalty");
                penalties += spent;
            }
        }
        uint256 dealAmount = sold ? sealedHouse.getDeal(id).amount : 0;
        assertEq(sealedHouse.unsweptFees(TREASURY), penalties, "penalties accrue to the treasury");
        assertEq(sealedHouse.withdrawable(SELLER), 0, "the seller never gets a penalty");
        assertEq(usdc.balanceOf(address(sealedHouse)), dealAmount + penalties, "nothing else left in escrow");
    }

    function _hash(uint256 id, uint256 i, uint256 amount) internal view returns (bytes32) {
        return sealedHouse.commitmentOf(id, bidders[i], amount, _salt(i));
    }

    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }

    /*//////////////////////////////////////////////////////////////
                                 ROLLING
    //////////////////////////////////////////////////////////////*/

    /// @dev Rounds below the reserve sell nothing and keep the unit; the listing ends exactly when
    ///      every unit is sold; escrow holds exactly the open deals.
    function testFuzz_Rolling_RoundAndUnitAccounting(uint256 units, uint256[8] memory maxima) public {
        units = bound(units, 1, 4);
        uint256 reserve = 100e6;
        VM.prank(SELLER);
        uint256 id = rolling.createAuction(
            _listing(reserve),
            IRollingAuctionHouse.RollingParams({
                startPrice: 10e6,
                minIncrementBps: 500,
                roundDuration: 1 hours,
                extensionWindow: 0,
                maxExtensions: 0,
                units: uint16(units)
            })
        );
        uint256 sold;
        uint256 escrowed;
        uint256 rounds = 1;
        uint256 round = id;
        for (uint256 i; i < maxima.length; ++i) {
            uint256 max = bound(maxima[i], 10e6, 300e6);
            VM.prank(bidders[i % BIDDERS]);
            rolling.bid(round, max);
            VM.warp(block.timestamp + 1 hours);
            (uint256 dealId, uint256 next) = rolling.settle(round);
            if (max >= reserve) {
                sold += 1;
                escrowed += reserve; // alone in the round: the price is the reserve
                assertEq(dealId, round, "deal id = round id");
            } else {
                assertEq(dealId, 0, "no deal below the reserve");
            }
            IRollingAuctionHouse.RollingView memory p = rolling.getRolling(id);
            assertEq(p.unitsSold, sold, "units sold");
            if (sold == units) {
                assertEq(next, 0, "no round after the last unit");
                assertTrue(rolling.getListing(id).status == IAuctionHouse.ListingStatus.Settled, "ended");
                break;
            }
            rounds += 1;
            assertEq(p.round, rounds, "round number");
            assertEq(p.currentRoundId, next, "current round");
            round = next;
        }
        assertEq(usdc.balanceOf(address(rolling)), escrowed, "escrow = the open deals");
    }
}
