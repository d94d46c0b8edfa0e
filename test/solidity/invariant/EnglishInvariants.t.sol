// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {EnglishAuctionHouse} from "../../../contracts/auctions/EnglishAuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../utils/Vm.sol";
import {EnglishHandler} from "./handlers/EnglishHandler.sol";

/// @notice DESIGN §2's invariants for the English house under random sequences of every action.
contract EnglishInvariantsTest is GavelTestBase {
    address internal constant TREASURY = address(0x7EA5);

    TestUSDC internal usdc;
    EnglishAuctionHouse internal house;
    EnglishHandler internal handler;

    function setUp() public {
        usdc = new TestUSDC(address(this));
        GavelConfig config = new GavelConfig(address(this), address(0), address(0), TREASURY, 250, 1 days);
        house = new EnglishAuctionHouse(usdc, config);
        config.grantRole(config.HOUSE_ROLE(), address(house));

        address[] memory actors = new address[](4);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = address(uint160(0xA11CE0 + i));
            usdc.mint(actors[i], 1e15);
            VM.prank(actors[i]);
            usdc.approve(address(house), type(uint256).max);
        }
        handler = new EnglishHandler(usdc, house, TREASURY, actors);
        config.grantRole(config.ARBITER_ROLE(), address(handler));
        usdc.transferOwnership(address(handler)); // so the handler can blacklist
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev The house's token balance = Σ escrowed bids + Σ open deal escrow + Σ withdrawable + unswept fees.
    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 100
    function invariant_Solvency() public view {
        uint256 owed = handler.liabilities();
        uint256[] memory auctions = handler.auctionIds();
        for (uint256 i; i < auctions.length; ++i) {
            if (house.getListing(auctions[i]).status == IAuctionHouse.ListingStatus.Active) {
                owed += house.getAuction(auctions[i]).leaderMax;
            }
        }
        uint256[] memory deals = handler.dealIds();
        for (uint256 i; i < deals.length; ++i) {
            IDealEscrow.DealView memory d = house.getDeal(deals[i]);
            if (
                d.status == IDealEscrow.DealStatus.Paid ||
                d.status == IDealEscrow.DealStatus.Shipped ||
                d.status == IDealEscrow.DealStatus.Disputed
            ) owed += d.amount;
        }
        assertEq(usdc.balanceOf(address(house)), owed, "solvency");
    }

    /// @dev Each auction settles at most once and opens at most one deal, whose id is the auction's.
    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 100
    function invariant_SingleSettlement() public view {
        assertTrue(!handler.dealIdMismatch(), "deal id differs from its auction id");
        uint256[] memory auctions = handler.auctionIds();
        for (uint256 i; i < auctions.length; ++i) {
            assertLe(handler.settlements(auctions[i]), 1, "settled twice");
            assertLe(handler.dealsPerAuction(auctions[i]), 1, "two deals");
        }
    }

    /// @dev Each deal reaches one final state once and pays out exactly its escrow.
    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 100
    function invariant_ExactPayout() public view {
        assertTrue(!handler.payoutMismatch(), "a final transition paid out more or less than the escrow");
        uint256[] memory deals = handler.dealIds();
        for (uint256 i; i < deals.length; ++i) {
            assertLe(handler.finishes(deals[i]), 1, "finished twice");
            IDealEscrow.DealStatus s = house.getDeal(deals[i]).status;
            bool final_ =
                s == IDealEscrow.DealStatus.Completed ||
                    s == IDealEscrow.DealStatus.Refunded ||
                    s == IDealEscrow.DealStatus.Resolved;
            assertEq(handler.finishes(deals[i]), final_ ? 1 : 0, "final state iff finished once");
        }
    }

    /// @dev Nobody withdraws more than was credited to them.
    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 100
    function invariant_NoWithdrawalBeyondCredit() public view {
        assertTrue(!handler.overWithdrawal(), "withdrew more than the balance");
        address[] memory all = handler.accounts();
        for (uint256 i; i < all.length; ++i) {
            assertLe(handler.withdrawn(all[i]), handler.credited(all[i]), "withdrawn beyond credit");
            assertEq(
                house.withdrawable(all[i]),
                handler.credited(all[i]) - handler.withdrawn(all[i]),
                "balance = in - out"
            );
        }
    }
}
