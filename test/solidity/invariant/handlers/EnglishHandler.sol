// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnglishAuctionHouse} from "../../../../contracts/auctions/EnglishAuctionHouse.sol";
import {IAuctionHouse} from "../../../../contracts/interfaces/IAuctionHouse.sol";
import {IDealEscrow} from "../../../../contracts/interfaces/IDealEscrow.sol";
import {IEnglishAuctionHouse} from "../../../../contracts/interfaces/IEnglishAuctionHouse.sol";
import {TestUSDC} from "../../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../../utils/Vm.sol";

/// @notice Drives random sequences of create, bid, cancel, settle, ship, confirm, release,
///         reclaim, refund, dispute, rule, timeout split, withdraw and fee sweeps across several
///         actors, one of which gets blacklisted and un-blacklisted by the token at random. Keeps
///         ghost records for the invariants. Every action swallows its own revert (an action that
///         does not apply to the current state is simply skipped).
contract EnglishHandler is GavelTestBase {
    TestUSDC public immutable usdc;
    EnglishAuctionHouse public immutable house;
    address public immutable treasury;

    address[] internal _actors; // bidders; the last one is the one that gets blacklisted
    address[] internal _sellers;
    uint256[] internal _auctionIds;
    uint256[] internal _dealIds;

    mapping(uint256 auctionId => uint256) public settlements;
    mapping(uint256 auctionId => uint256) public dealsPerAuction;
    mapping(uint256 dealId => uint256) public finishes;
    mapping(address account => uint256) public credited;
    mapping(address account => uint256) public withdrawn;
    /// @notice Set when a deal's final transition did not pay out exactly its escrow.
    bool public payoutMismatch;
    /// @notice Set when a settlement opened a deal whose id is not its auction's id.
    bool public dealIdMismatch;
    /// @notice Set when a withdrawal paid more than the account's balance before it.
    bool public overWithdrawal;

    constructor(TestUSDC usdc_, EnglishAuctionHouse house_, address treasury_, address[] memory actors_) {
        usdc = usdc_;
        house = house_;
        treasury = treasury_;
        _actors = actors_;
        _sellers.push(address(0x5E11E51));
        _sellers.push(address(0x5E11E52));
    }

    /*//////////////////////////////////////////////////////////////
                              VIEWS FOR THE TEST
    //////////////////////////////////////////////////////////////*/

    function auctionIds() external view returns (uint256[] memory) {
        return _auctionIds;
    }

    function dealIds() external view returns (uint256[] memory) {
        return _dealIds;
    }

    /// @notice Every account that can ever hold a withdrawable balance.
    function accounts() public view returns (address[] memory all) {
        all = new address[](_actors.length + _sellers.length + 1);
        for (uint256 i; i < _actors.length; ++i) all[i] = _actors[i];
        for (uint256 i; i < _sellers.length; ++i) all[_actors.length + i] = _sellers[i];
        all[all.length - 1] = treasury;
    }

    /// @notice Σ withdrawable + unswept fees: everything the house owes outside live escrow.
    function liabilities() public view returns (uint256 total) {
        address[] memory all = accounts();
        for (uint256 i; i < all.length; ++i) total += house.withdrawable(all[i]);
        total += house.unsweptFees(treasury);
    }

    /*//////////////////////////////////////////////////////////////
                                  ACTIONS
    //////////////////////////////////////////////////////////////*/

    function create(
        uint256 sellerSeed,
        uint256 startPrice,
        uint256 reserveExtra,
        uint256 bps,
        uint256 duration
    ) external {
        startPrice = bound(startPrice, 1e6, 1e9);
        IAuctionHouse.ListingParams memory listing = IAuctionHouse.ListingParams({
            title: "Invariant lot",
            metadataURI: "",
            metadataHash: bytes32(0),
            reservePrice: uint96(startPrice + bound(reserveExtra, 0, startPrice)),
            shipWindow: 1 days,
            confirmWindow: 3 days,
            disputeWindow: 2 days
        });
        IEnglishAuctionHouse.EnglishParams memory english = IEnglishAuctionHouse.EnglishParams({
            startTime: 0,
            endTime: uint40(block.timestamp + bound(duration, 5 minutes, 1 days)),
            startPrice: uint96(startPrice),
            minIncrementBps: uint16(bound(bps, 100, 5000)),
            extensionWindow: 10 minutes,
            maxExtensions: 3
        });
        VM.prank(_sellers[sellerSeed % _sellers.length]);
        _auctionIds.push(house.createAuction(listing, english));
    }

    function bid(uint256 auctionSeed, uint256 actorSeed, uint256 amount) external {
        if (_auctionIds.length == 0) return;
        uint256 id = _auctionIds[auctionSeed % _auctionIds.length];
        uint256 minimum = house.minimumBid(id);
        amount = bound(amount, minimum > 10 ? minimum - 10 : 0, minimum * 3);
        address actor = _actors[actorSeed % _actors.length];
        uint256[] memory before = _balances();
        VM.prank(actor);
        try house.bid(id, amount) {} catch {}
        _recordCredits(before);
    }

    function cancel(uint256 auctionSeed) external {
        if (_auctionIds.length == 0) return;
        uint256 id = _auctionIds[auctionSeed % _auctionIds.length];
        VM.prank(house.getListing(id).seller);
        try house.cancel(id) {} catch {}
    }

    function settle(uint256 auctionSeed) external {
        if (_auctionIds.length == 0) return;
        uint256 id = _auctionIds[auctionSeed % _auctionIds.length];
        uint256[] memory before = _balances();
        try house.settle(id) returns (uint256 dealId) {
            settlements[id] += 1;
            if (dealId != 0 && dealId != id) dealIdMismatch = true;
            if (dealId != 0) {
                dealsPerAuction[id] += 1;
                _dealIds.push(dealId);
            }
        } catch {}
        _recordCredits(before);
    }

    function ship(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        VM.prank(house.getDeal(id).seller);
        try house.ship(id, keccak256("tracking")) {} catch {}
    }

    function confirm(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        IDealEscrow.DealView memory d = house.getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        VM.prank(d.buyer);
        try house.confirm(id) {
            _finished(id, d.amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function release(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        uint256 amount = house.getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        try house.release(id) {
            _finished(id, amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function reclaim(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        IDealEscrow.DealView memory d = house.getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        VM.prank(d.buyer);
        try house.reclaim(id) {
            _finished(id, d.amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function refund(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        IDealEscrow.DealView memory d = house.getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        VM.prank(d.seller);
        try house.refund(id) {
            _finished(id, d.amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function dispute(uint256 dealSeed, bool bySeller) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        IDealEscrow.DealView memory d = house.getDeal(id);
        VM.prank(bySeller ? d.seller : d.buyer);
        try house.openDispute(id, keccak256("evidence"), "ipfs://evidence") {} catch {}
    }

    function rule(uint256 dealSeed, uint256 share) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        uint256 amount = house.getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        // This handler holds ARBITER_ROLE.
        try house.rule(id, uint16(bound(share, 0, 10_000))) {
            _finished(id, amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function resolveAfterTimeout(uint256 dealSeed) external {
        if (_dealIds.length == 0) return;
        uint256 id = _dealIds[dealSeed % _dealIds.length];
        uint256 amount = house.getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(), _balances());
        try house.resolveAfterTimeout(id) {
            _finished(id, amount, before);
        } catch {}
        _recordCredits(balances);
    }

    function withdraw(uint256 accountSeed, bool toClean) external {
        address[] memory all = accounts();
        address account = all[accountSeed % all.length];
        uint256 balance = house.withdrawable(account);
        VM.prank(account);
        if (toClean) {
            try house.withdrawTo(address(0xC1EA4)) returns (uint256 amount) {
                _withdrew(account, amount, balance);
            } catch {}
        } else {
            try house.withdraw() returns (uint256 amount) {
                _withdrew(account, amount, balance);
            } catch {}
        }
    }

    function sweepFees() external {
        uint256[] memory before = _balances();
        try house.sweepFees(treasury) {} catch {}
        _recordCredits(before);
    }

    function toggleBlacklist() external {
        address marked = _actors[_actors.length - 1];
        if (usdc.isBlacklisted(marked)) usdc.unBlacklist(marked);
        else usdc.blacklist(marked);
    }

    function warp(uint256 seconds_) external {
        VM.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }

    /*//////////////////////////////////////////////////////////////
                                  GHOSTS
    //////////////////////////////////////////////////////////////*/

    function _finished(uint256 dealId, uint256 amount, uint256 liabilitiesBefore) private {
        finishes[dealId] += 1;
        if (liabilities() - liabilitiesBefore != amount) payoutMismatch = true;
    }

    function _withdrew(address account, uint256 amount, uint256 balanceBefore) private {
        if (amount > balanceBefore) overWithdrawal = true;
        withdrawn[account] += amount;
    }

    function _balances() private view returns (uint256[] memory b) {
        address[] memory all = accounts();
        b = new uint256[](all.length);
        for (uint256 i; i < all.length; ++i) b[i] = house.withdrawable(all[i]);
    }

    function _recordCredits(uint256[] memory before) private {
        address[] memory all = accounts();
        for (uint256 i; i < all.length; ++i) {
            uint256 nowBalance = house.withdrawable(all[i]);
            if (nowBalance > before[i]) credited[all[i]] += nowBalance - before[i];
        }
    }
}
