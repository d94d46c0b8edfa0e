// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {DutchAuctionHouse} from "../../../contracts/auctions/DutchAuctionHouse.sol";
import {EnglishAuctionHouse} from "../../../contracts/auctions/EnglishAuctionHouse.sol";
import {RollingAuctionHouse} from "../../../contracts/auctions/RollingAuctionHouse.sol";
import {SealedBidAuctionHouse} from "../../../contracts/auctions/SealedBidAuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {ISealedBidAuctionHouse} from "../../../contracts/interfaces/ISealedBidAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../utils/Vm.sol";
import {AllFormatsHandler} from "./handlers/AllFormatsHandler.sol";

/// @notice DESIGN §2's invariants for all four houses at once (one config, one id space, one
///         token) under random sequences of every action of every format.
contract AllFormatsInvariantsTest is GavelTestBase {
    address internal constant TREASURY = address(0x7EA5);

    TestUSDC internal usdc;
    AllFormatsHandler internal handler;

    function setUp() public {
        usdc = new TestUSDC(address(this));
        GavelConfig config = new GavelConfig(address(this), address(0), address(0), TREASURY, 250, 1 days);
        EnglishAuctionHouse english = new EnglishAuctionHouse(usdc, config);
        DutchAuctionHouse dutch = new DutchAuctionHouse(usdc, config);
        SealedBidAuctionHouse sealedHouse = new SealedBidAuctionHouse(usdc, config);
        RollingAuctionHouse rolling = new RollingAuctionHouse(usdc, config);
        address[] memory houses = new address[](4);
        (houses[0], houses[1], houses[2], houses[3]) = (
            address(english),
            address(dutch),
            address(sealedHouse),
            address(rolling)
        );
        for (uint256 i; i < houses.length; ++i) config.grantRole(config.HOUSE_ROLE(), houses[i]);

        address[] memory actors = new address[](4);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = address(uint160(0xA11CE0 + i));
            usdc.mint(actors[i], 1e15);
            VM.startPrank(actors[i]);
            for (uint256 j; j < houses.length; ++j) usdc.approve(houses[j], type(uint256).max);
            VM.stopPrank();
        }
        handler = new AllFormatsHandler(usdc, TREASURY, english, dutch, sealedHouse, rolling, actors);
        config.grantRole(config.ARBITER_ROLE(), address(handler));
        usdc.transferOwnership(address(handler)); // so the handler can blacklist
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Each house's token balance = its live escrow (English leaders' maxima, sealed
    ///      collateral not yet returned, rolling leaders' maxima in open rounds) + open deal escrow +
    ///      Σ withdrawable + unswept fees.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 120
    function invariant_Solvency() public view {
        for (uint256 h; h < 4; ++h) {
            uint256 owed = handler.liabilities(h) + _openDeals(h) + _liveEscrow(h);
            assertEq(usdc.balanceOf(address(handler.house(h))), owed, "solvency");
        }
    }

    /// @dev Each auction settles at most once and opens at most one deal, whose id is the
    ///      auction's; no id opens a deal in two houses.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 120
    function invariant_SingleSettlement() public view {
        assertTrue(!handler.dealIdMismatch(), "deal id differs from its auction id");
        for (uint256 h; h < 4; ++h) {
            uint256[] memory ids = h == handler.ROLLING() ? handler.rounds() : handler.auctionIds(h);
            for (uint256 i; i < ids.length; ++i) {
                assertLe(handler.settlements(h, ids[i]), 1, "settled twice");
                assertLe(handler.dealsWithId(ids[i]), 1, "two deals with one id");
            }
        }
    }

    /// @dev Each deal reaches one final state once and pays out exactly its escrow.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 120
    function invariant_ExactPayout() public view {
        assertTrue(!handler.payoutMismatch(), "a final transition paid out more or less than the escrow");
        for (uint256 h; h < 4; ++h) {
            uint256[] memory deals = handler.dealIds(h);
            for (uint256 i; i < deals.length; ++i) {
                IDealEscrow.DealStatus s = handler.house(h).getDeal(deals[i]).status;
                bool final_ =
                    s == IDealEscrow.DealStatus.Completed ||
                        s == IDealEscrow.DealStatus.Refunded ||
                        s == IDealEscrow.DealStatus.Resolved;
                assertEq(handler.finishes(h, deals[i]), final_ ? 1 : 0, "final state iff finished once");
            }
        }
    }

    /// @dev Nobody withdraws more than was credited to them, in any house.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 120
    function invariant_NoWithdrawalBeyondCredit() public view {
        assertTrue(!handler.overWithdrawal(), "withdrew more than the balance");
        address[] memory all = handler.accounts();
        for (uint256 h; h < 4; ++h) {
            for (uint256 i; i < all.length; ++i) {
                assertEq(
                    handler.house(h).withdrawable(all[i]),
                    handler.credited(h, all[i]) - handler.withdrawn(h, all[i]),
                    "balance = in - out"
                );
            }
        }
    }

    function _openDeals(uint256 h) internal view returns (uint256 owed) {
        uint256[] memory deals = handler.dealIds(h);
        for (uint256 i; i < deals.length; ++i) {
            IDealEscrow.DealView memory d = handler.house(h).getDeal(deals[i]);
            if (
                d.status == IDealEscrow.DealStatus.Paid ||
                d.status == IDealEscrow.DealStatus.Shipped ||
                d.status == IDealEscrow.DealStatus.Disputed
            ) owed += d.amount;
        }
    }

    function _liveEscrow(uint256 h) internal view returns (uint256 owed) {
        if (h == handler.ENGLISH()) {
            uint256[] memory ids = handler.auctionIds(h);
            for (uint256 i; i < ids.length; ++i) {
                if (handler.english().getListing(ids[i]).status == IAuctionHouse.ListingStatus.Active) {
                    owed += handler.english().getAuction(ids[i]).leaderMax;
                }
            }
        } else if (h == handler.SEALED()) {
            uint256[] memory ids = handler.auctionIds(h);
            address[] memory bidders = handler.actors();
            for (uint256 i; i < ids.length; ++i) {
                for (uint256 j; j < bidders.length; ++j) {
                    ISealedBidAuctionHouse.CommitmentView memory c = handler.sealedHouse().getCommitment(
                        ids[i],
                        bidders[j]
                    );
                    if (
                        c.status == ISealedBidAuctionHouse.CommitmentStatus.Committed ||
                        c.status == ISealedBidAuctionHouse.CommitmentStatus.Revealed
                    ) owed += c.collateral;
                }
            }
        } else if (h == handler.ROLLING()) {
            uint256[] memory ids = handler.rounds();
            for (uint256 i; i < ids.length; ++i) {
                if (handler.rolling().getRound(ids[i]).open) owed += handler.rolling().getRound(ids[i]).leaderMax;
            }
        }
    }
}
