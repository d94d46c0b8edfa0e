// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {ISealedBidAuctionHouse} from "../../../contracts/interfaces/ISealedBidAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../utils/Vm.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice The invariants of docs/PROTOCOL.md, asserted after every handler call, for whichever
///         houses a suite deploys on one config: solvency, single settlement, exact payout, no
///         withdrawal beyond credit, the pause clock, the bid and deal time rules, and registration.
/// @dev Runs and depth come from the test profile in hardhat.config.ts (`default`: CI, `deep`:
///      `npm run test:deep`). Each `invariant_` function is its own campaign of runs × depth calls.
abstract contract InvariantsBase is GavelTestBase {
    address internal constant TREASURY = address(0x7EA5);

    TestUSDC internal usdc;
    GavelConfig internal config;
    MarketHandler internal handler;

    /// @dev Deploys the token, the config and `deploy(usdc, config)`'s houses (slots left at
    ///      address(0) are absent), registers them, funds four actors, and hands the roles to the
    ///      handler (arbiter), its pauser and admin addresses and the token's blacklist to it.
    function _setUp(function(TestUSDC, GavelConfig) returns (address[4] memory) deploy) internal {
        usdc = new TestUSDC(address(this));
        config = new GavelConfig(address(this), address(0), address(0), TREASURY, 250, 1 days);
        address[4] memory houses = deploy(usdc, config);
        for (uint256 h; h < 4; ++h) if (houses[h] != address(0)) config.grantRole(config.HOUSE_ROLE(), houses[h]);

        address[] memory actors = new address[](4);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = address(uint160(0xA11CE0 + i));
            usdc.mint(actors[i], 1e15);
            VM.startPrank(actors[i]);
            for (uint256 h; h < 4; ++h) if (houses[h] != address(0)) usdc.approve(houses[h], type(uint256).max);
            VM.stopPrank();
        }
        handler = new MarketHandler(usdc, config, TREASURY, houses, actors);
        config.grantRole(config.ARBITER_ROLE(), address(handler));
        config.grantRole(config.PAUSER_ROLE(), handler.PAUSER());
        config.grantRole(config.DEFAULT_ADMIN_ROLE(), handler.ADMIN());
        usdc.transferOwnership(address(handler)); // so the handler can blacklist
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Each house's token balance = live escrow (English leaders' maxima, sealed collateral not
    ///      yet returned, rolling leaders' maxima in open rounds) + open deal escrow + Σ withdrawable
    ///      + unswept fees (platform fees and unrevealed-bid penalties).
    function invariant_Solvency() public view {
        uint256[] memory present = handler.present();
        for (uint256 i; i < present.length; ++i) {
            uint256 h = present[i];
            uint256 owed = handler.liabilities(h) + _openDeals(h) + _liveEscrow(h);
            assertEq(usdc.balanceOf(address(handler.house(h))), owed, "solvency");
        }
    }

    /// @dev Each auction settles at most once and opens at most one deal, whose id is the auction's;
    ///      no id opens a deal in two houses; settling works exactly from the end on (registered or
    ///      not, paused or not), and an unregistered house takes no new listing.
    function invariant_SingleSettlement() public view {
        _assertKept(MarketHandler.Rule.DealId, "deal id differs from its auction id");
        _assertKept(MarketHandler.Rule.SettleRefused, "an ended auction could not settle, or one not ended did");
        _assertKept(MarketHandler.Rule.ListedWhileUnregistered, "an unregistered house took a listing");
        uint256[] memory present = handler.present();
        for (uint256 p; p < present.length; ++p) {
            uint256 h = present[p];
            uint256[] memory ids = h == handler.ROLLING() ? handler.rounds() : handler.auctionIds(h);
            for (uint256 i; i < ids.length; ++i) {
                assertLe(handler.settlements(h, ids[i]), 1, "settled twice");
                assertLe(handler.dealsWithId(ids[i]), 1, "two deals with one id");
            }
        }
    }

    /// @dev Each deal reaches one final state once and pays out exactly its escrow (pushed to the
    ///      wallets or credited, plus the fee).
    function invariant_ExactPayout() public view {
        _assertKept(MarketHandler.Rule.Payout, "a final transition paid out more or less than the escrow");
        uint256[] memory present = handler.present();
        for (uint256 p; p < present.length; ++p) {
            uint256 h = present[p];
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

    /// @dev Nobody withdraws more than was credited to them, in any house; withdrawTo never pays the
    ///      zero address or the house and never moves a frozen owner's credit.
    function invariant_NoWithdrawalBeyondCredit() public view {
        _assertKept(MarketHandler.Rule.OverWithdrawal, "withdrew more than the balance");
        _assertKept(MarketHandler.Rule.WithdrawTo, "withdrawTo to zero, to the house, or for a frozen owner");
        address[] memory all = handler.accounts();
        uint256[] memory present = handler.present();
        for (uint256 p; p < present.length; ++p) {
            uint256 h = present[p];
            for (uint256 i; i < all.length; ++i) {
                assertLe(handler.withdrawn(h, all[i]), handler.credited(h, all[i]), "withdrawn beyond credit");
                assertEq(
                    handler.house(h).withdrawable(all[i]),
                    handler.credited(h, all[i]) - handler.withdrawn(h, all[i]),
                    "balance = in - out"
                );
            }
        }
    }

    /// @dev While paused nothing that decides a price or a winner moves (clocks, times left, Dutch
    ///      prices stand as at the pause, across warps, settles and reveals) and no listing, bid, buy
    ///      or commit goes through; after an unpause every auction has exactly the time it had left.
    function invariant_PauseFreezesTheMarket() public view {
        _assertKept(MarketHandler.Rule.ActedWhilePaused, "a listing, bid, buy or commit went through while paused");
        _assertKept(MarketHandler.Rule.ClockMovedWhilePaused, "a warp while paused moved a clock or a price");
        _assertKept(MarketHandler.Rule.PauseShiftedTimes, "an unpause left an auction more or less time");
        assertTrue(handler.frozenSincePause(), "the market moved during the pause");
    }

    /// @dev Only a bid that changes the leader extends (by anti-sniping rules); deal deadlines hold;
    ///      the buyer disputes a shipped deal at any time, the seller only inside the window; the
    ///      buyer extends the confirm window once, by at most its length.
    function invariant_BidAndDealTimeRules() public view {
        _assertKept(MarketHandler.Rule.LosingBidMovedEnd, "a bid that did not change the leader moved the end");
        _assertKept(MarketHandler.Rule.BadExtension, "a leader change moved the end outside anti-sniping");
        _assertKept(MarketHandler.Rule.DeadlineIgnored, "a deal action ignored its deadline");
        _assertKept(MarketHandler.Rule.BuyerDisputeRefused, "the buyer could not dispute a shipped deal");
        _assertKept(MarketHandler.Rule.LateSellerDispute, "the seller disputed after the dispute window");
        _assertKept(MarketHandler.Rule.ConfirmExtension, "a confirm-window extension broke its rules");
    }

    function _assertKept(MarketHandler.Rule rule, string memory what) internal view {
        assertTrue(!handler.broken(rule), what);
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
