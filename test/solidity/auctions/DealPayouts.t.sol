// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {EnglishAuctionHouse} from "../../../contracts/auctions/EnglishAuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IEnglishAuctionHouse} from "../../../contracts/interfaces/IEnglishAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../utils/Vm.sol";

/// @notice Fuzzes prices, fees and ruling shares through the real house: every unit of a deal's
///         escrow ends up with the buyer, the seller or the treasury, and fees round down. Completed
///         and resolved deals push the shares to the wallets; only the fee stays (unswept).
contract DealPayoutsTest is GavelTestBase {
    address internal constant SELLER = address(0x5E11E5);
    address internal constant BUYER = address(0xB0B);
    address internal constant TREASURY = address(0x7EA5);

    TestUSDC internal usdc;
    GavelConfig internal config;
    EnglishAuctionHouse internal house;

    function setUp() public {
        usdc = new TestUSDC(address(this));
        config = new GavelConfig(address(this), address(this), address(this), TREASURY, 0, 1 days);
        house = new EnglishAuctionHouse(usdc, config);
        config.grantRole(config.HOUSE_ROLE(), address(house));
        usdc.mint(BUYER, type(uint96).max);
        VM.prank(BUYER);
        usdc.approve(address(house), type(uint256).max);
    }

    /// @dev Lists at `price` (start = reserve = price), buys it, ships it; returns the deal id.
    function _shippedDeal(uint256 price, uint16 feeBps) internal returns (uint256 dealId) {
        config.setFeeBps(feeBps);
        IAuctionHouse.ListingParams memory listing = IAuctionHouse.ListingParams({
            title: "Fuzzed item",
            metadataURI: "",
            metadataHash: bytes32(0),
            reservePrice: uint96(price),
            shipWindow: 1 days,
            confirmWindow: 7 days,
            disputeWindow: 2 days
        });
        IEnglishAuctionHouse.EnglishParams memory english = IEnglishAuctionHouse.EnglishParams({
            startTime: 0,
            endTime: uint40(block.timestamp + 1 hours),
            startPrice: uint96(price),
            minIncrementBps: 100,
            extensionWindow: 0,
            maxExtensions: 0
        });
        VM.prank(SELLER);
        uint256 auctionId = house.createAuction(listing, english);
        VM.prank(BUYER);
        house.bid(auctionId, price);
        VM.warp(block.timestamp + 1 hours);
        dealId = house.settle(auctionId);
        VM.prank(SELLER);
        house.ship(dealId, bytes32(0));
    }

    function testFuzz_Confirm_FeeRoundsDown_NothingLost(uint256 price, uint256 feeBps) public {
        price = bound(price, 1e6, type(uint96).max);
        feeBps = bound(feeBps, 0, 1000);
        uint256 dealId = _shippedDeal(price, uint16(feeBps));
        VM.prank(BUYER);
        house.confirm(dealId);
        uint256 fee = house.unsweptFees(TREASURY);
        assertEq(fee, (price * feeBps) / 10_000, "fee is the bps share rounded down");
        assertEq(usdc.balanceOf(SELLER) + fee, price, "seller (paid to the wallet) + treasury get exactly the price");
        assertEq(house.withdrawable(SELLER), 0, "nothing credited when the push succeeds");
        assertEq(usdc.balanceOf(address(house)), fee, "house holds exactly what it owes: the fee");
    }

    function testFuzz_Rule_SharesAddUpToTheEscrow(uint256 price, uint256 feeBps, uint256 share) public {
        price = bound(price, 1e6, type(uint96).max);
        feeBps = bound(feeBps, 0, 1000);
        share = bound(share, 0, 10_000);
        uint256 dealId = _shippedDeal(price, uint16(feeBps));
        VM.prank(BUYER);
        house.openDispute(dealId, bytes32(0), "");
        uint256 buyerBefore = usdc.balanceOf(BUYER);
        house.rule(dealId, uint16(share));
        uint256 buyerAmount = usdc.balanceOf(BUYER) - buyerBefore;
        uint256 fee = house.unsweptFees(TREASURY);
        assertEq(buyerAmount, (price * share) / 10_000, "buyer share rounds down");
        assertEq(fee, ((price - buyerAmount) * feeBps) / 10_000, "fee comes only from the seller's share");
        assertEq(buyerAmount + usdc.balanceOf(SELLER) + fee, price, "every unit accounted for");
        assertEq(house.withdrawable(BUYER) + house.withdrawable(SELLER), 0, "both shares pushed, none credited");
        assertEq(usdc.balanceOf(address(house)), fee, "only the fee stays");
    }

    function test_RevertWhen_ReleaseInsideConfirmWindow() public {
        uint256 dealId = _shippedDeal(5e6, 250);
        VM.warp(block.timestamp + 7 days);
        VM.expectRevert(abi.encodeWithSignature("DealConfirmWindowOpen(uint256,uint256)", dealId, block.timestamp));
        house.release(dealId);
        VM.warp(block.timestamp + 1);
        house.release(dealId);
        assertEq(usdc.balanceOf(SELLER), 5e6 - 125_000, "released minus 2.5 %, to the seller's wallet");
    }
}
