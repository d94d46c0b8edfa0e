// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DutchAuctionHouse} from "../../../../contracts/auctions/DutchAuctionHouse.sol";
import {EnglishAuctionHouse} from "../../../../contracts/auctions/EnglishAuctionHouse.sol";
import {RollingAuctionHouse} from "../../../../contracts/auctions/RollingAuctionHouse.sol";
import {SealedBidAuctionHouse} from "../../../../contracts/auctions/SealedBidAuctionHouse.sol";
import {IAuctionHouse} from "../../../../contracts/interfaces/IAuctionHouse.sol";
import {IDealEscrow} from "../../../../contracts/interfaces/IDealEscrow.sol";
import {IDutchAuctionHouse} from "../../../../contracts/interfaces/IDutchAuctionHouse.sol";
import {IEnglishAuctionHouse} from "../../../../contracts/interfaces/IEnglishAuctionHouse.sol";
import {IRollingAuctionHouse} from "../../../../contracts/interfaces/IRollingAuctionHouse.sol";
import {ISealedBidAuctionHouse} from "../../../../contracts/interfaces/ISealedBidAuctionHouse.sol";
import {TestUSDC} from "../../../../contracts/mocks/TestUSDC.sol";
import {GavelTestBase} from "../../utils/Vm.sol";

/// @notice Drives all four houses at once, sharing one config (one id space) and one token: create,
///         bid/buy/commit/reveal/return, cancel, stop, settle in every format, and every deal action
///         in any house, with a blacklisted actor toggled at random. Keeps ghost records per house
///         for the invariants. Every action swallows its own revert.
contract AllFormatsHandler is GavelTestBase {
    uint256 public constant ENGLISH = 0;
    uint256 public constant DUTCH = 1;
    uint256 public constant SEALED = 2;
    uint256 public constant ROLLING = 3;

    TestUSDC public immutable usdc;
    address public immutable treasury;
    EnglishAuctionHouse public immutable english;
    DutchAuctionHouse public immutable dutch;
    SealedBidAuctionHouse public immutable sealedHouse;
    RollingAuctionHouse public immutable rolling;

    address[] internal _actors; // bidders; the last one gets blacklisted at random
    address[] internal _sellers;
    uint256[][4] internal _auctions; // listings per house (rolling: listing ids)
    uint256[][4] internal _deals; // deal ids per house
    uint256[] internal _rounds; // every rolling round id

    mapping(uint256 house => mapping(uint256 id => uint256)) public settlements;
    mapping(uint256 house => mapping(uint256 id => uint256)) public finishes;
    mapping(uint256 house => mapping(address account => uint256)) public credited;
    mapping(uint256 house => mapping(address account => uint256)) public withdrawn;
    mapping(uint256 id => uint256) public dealsWithId; // across all houses: ids are global
    bool public payoutMismatch;
    bool public overWithdrawal;
    bool public dealIdMismatch;

    constructor(
        TestUSDC usdc_,
        address treasury_,
        EnglishAuctionHouse english_,
        DutchAuctionHouse dutch_,
        SealedBidAuctionHouse sealed_,
        RollingAuctionHouse rolling_,
        address[] memory actors_
    ) {
        usdc = usdc_;
        treasury = treasury_;
        english = english_;
        dutch = dutch_;
        sealedHouse = sealed_;
        rolling = rolling_;
        _actors = actors_;
        _sellers.push(address(0x5E11E51));
        _sellers.push(address(0x5E11E52));
    }

    /*//////////////////////////////////////////////////////////////
                              VIEWS FOR THE TEST
    //////////////////////////////////////////////////////////////*/

    function house(uint256 h) public view returns (IAuctionHouse) {
        if (h == ENGLISH) return english;
        if (h == DUTCH) return dutch;
        if (h == SEALED) return sealedHouse;
        return rolling;
    }

    function auctionIds(uint256 h) external view returns (uint256[] memory) {
        return _auctions[h];
    }

    function dealIds(uint256 h) external view returns (uint256[] memory) {
        return _deals[h];
    }

    function rounds() external view returns (uint256[] memory) {
        return _rounds;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    /// @notice Every account that can ever hold a withdrawable balance.
    function accounts() public view returns (address[] memory all) {
        all = new address[](_actors.length + _sellers.length + 1);
        for (uint256 i; i < _actors.length; ++i) all[i] = _actors[i];
        for (uint256 i; i < _sellers.length; ++i) all[_actors.length + i] = _sellers[i];
        all[all.length - 1] = treasury;
    }

    /// @notice Σ withdrawable + unswept fees of house `h`.
    function liabilities(uint256 h) public view returns (uint256 total) {
        address[] memory all = accounts();
        IAuctionHouse x = house(h);
        for (uint256 i; i < all.length; ++i) total += x.withdrawable(all[i]);
        total += x.unsweptFees(treasury);
    }

    /*//////////////////////////////////////////////////////////////
                              FORMAT ACTIONS
    //////////////////////////////////////////////////////////////*/

    function _listing(uint256 reserve) internal pure returns (IAuctionHouse.ListingParams memory) {
        return
            IAuctionHouse.ListingParams({
                title: "Invariant lot",
                metadataURI: "",
                metadataHash: bytes32(0),
                reservePrice: uint96(reserve),
                shipWindow: 1 days,
                confirmWindow: 3 days,
                disputeWindow: 2 days
            });
    }

    function createEnglish(uint256 sellerSeed, uint256 price, uint256 duration) external {
        price = bound(price, 1e6, 1e9);
        VM.prank(_sellers[sellerSeed % _sellers.length]);
        try
            english.createAuction(
                _listing(price * 2),
                IEnglishAuctionHouse.EnglishParams({
                    startTime: 0,
                    endTime: uint40(block.timestamp + bound(duration, 5 minutes, 1 days)),
                    startPrice: uint96(price),
                    minIncrementBps: 500,
                    extensionWindow: 10 minutes,
                    maxExtensions: 3
                })
            )
        returns (uint256 id) {
            _auctions[ENGLISH].push(id);
        } catch {}
    }

    function createDutch(uint256 sellerSeed, uint256 floor, uint256 decay) external {
        floor = bound(floor, 1e6, 1e9);
        VM.prank(_sellers[sellerSeed % _sellers.length]);
        try
            dutch.createAuction(
                _listing(floor),
                IDutchAuctionHouse.DutchParams({
                    startTime: 0,
                    endTime: uint40(block.timestamp + 2 days),
                    decayDuration: uint32(bound(decay, 1, 2 days)),
                    startPrice: uint96(floor * 3)
                })
            )
        returns (uint256 id) {
            _auctions[DUTCH].push(id);
        } catch {}
    }

    function createSealed(uint256 sellerSeed, uint256 reserve, uint256 penalty, bool secondPrice) external {
        VM.prank(_sellers[sellerSeed % _sellers.length]);
        try
            sealedHouse.createAuction(
                _listing(bound(reserve, 1e6, 1e9)),
                ISealedBidAuctionHouse.SealedParams({
                    commitEnd: uint40(block.timestamp + 1 days),
                    revealEnd: uint40(block.timestamp + 2 days),
                    unrevealedPenaltyBps: uint16(bound(penalty, 0, 2_500)),
                    pricing: secondPrice
                        ? ISealedBidAuctionHouse.Pricing.SecondPrice
                        : ISealedBidAuctionHouse.Pricing.FirstPrice
                })
            )
        returns (uint256 id) {
            _auctions[SEALED].push(id);
        } catch {}
    }

    function createRolling(uint256 sellerSeed, uint256 price, uint256 units) external {
        price = bound(price, 1e6, 1e9);
        VM.prank(_sellers[sellerSeed % _sellers.length]);
        try
            rolling.createAuction(
                _listing(price * 2),
                IRollingAuctionHouse.RollingParams({
                    startPrice: uint96(price),
                    minIncrementBps: 500,
                    roundDuration: 1 hours,
                    extensionWindow: 10 minutes,
                    maxExtensions: 3,
                    units: uint16(bound(units, 1, 3))
                })
            )
        returns (uint256 id) {
            _auctions[ROLLING].push(id);
            _rounds.push(id);
        } catch {}
    }

    function bidEnglish(uint256 seed, uint256 actorSeed, uint256 amount) external {
        if (_auctions[ENGLISH].length == 0) return;
        uint256 id = _auctions[ENGLISH][seed % _auctions[ENGLISH].length];
        uint256 minimum = english.minimumBid(id);
        amount = bound(amount, minimum > 10 ? minimum - 10 : 0, minimum * 3);
        uint256[] memory before = _balances(ENGLISH);
        VM.prank(_actor(actorSeed));
        try english.bid(id, amount) {} catch {}
        _recordCredits(ENGLISH, before);
    }

    function buyDutch(uint256 seed, uint256 actorSeed) external {
        if (_auctions[DUTCH].length == 0) return;
        uint256 id = _auctions[DUTCH][seed % _auctions[DUTCH].length];
        VM.prank(_actor(actorSeed));
        try dutch.buy(id, type(uint256).max) returns (uint256 dealId) {
            _settled(DUTCH, id, dealId);
        } catch {}
    }

    function commitSealed(uint256 seed, uint256 actorSeed, uint256 amount, uint256 extra) external {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        address actor = _actor(actorSeed);
        uint256 reserve = sealedHouse.getListing(id).reservePrice;
        amount = bound(amount, 0, reserve * 3);
        uint256 have = sealedHouse.getCommitment(id, actor).collateral;
        uint256 needed = amount > reserve ? amount : reserve;
        uint256 add = (needed > have ? needed - have : 0) + bound(extra, 0, reserve);
        VM.prank(actor);
        try sealedHouse.commit(id, keccak256(abi.encode(id, actor, amount, bytes32(0))), add) {} catch {}
        _sealedAmount[id][actor] = amount;
    }

    mapping(uint256 id => mapping(address bidder => uint256)) internal _sealedAmount;

    function revealSealed(uint256 seed, uint256 actorSeed) external {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        address actor = _actor(actorSeed);
        VM.prank(actor);
        try sealedHouse.reveal(id, _sealedAmount[id][actor], bytes32(0)) {} catch {}
    }

    function returnSealed(uint256 seed, uint256 actorSeed) external {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        uint256[] memory before = _balances(SEALED);
        try sealedHouse.returnCollateral(id, _actor(actorSeed)) {} catch {}
        _recordCredits(SEALED, before);
    }

    function bidRolling(uint256 seed, uint256 actorSeed, uint256 amount) external {
        if (_auctions[ROLLING].length == 0) return;
        uint256 listingId = _auctions[ROLLING][seed % _auctions[ROLLING].length];
        uint256 round = rolling.getRolling(listingId).currentRoundId;
        uint256 minimum = rolling.minimumBid(round);
        amount = bound(amount, minimum > 10 ? minimum - 10 : 0, minimum * 3);
        uint256[] memory before = _balances(ROLLING);
        VM.prank(_actor(actorSeed));
        try rolling.bid(round, amount) {} catch {}
        _recordCredits(ROLLING, before);
    }

    function stopRolling(uint256 seed) external {
        if (_auctions[ROLLING].length == 0) return;
        uint256 id = _auctions[ROLLING][seed % _auctions[ROLLING].length];
        VM.prank(rolling.getListing(id).seller);
        try rolling.stop(id) {} catch {}
    }

    function cancel(uint256 houseSeed, uint256 seed) external {
        uint256 h = houseSeed % 4;
        if (_auctions[h].length == 0) return;
        uint256 id = _auctions[h][seed % _auctions[h].length];
        VM.prank(house(h).getListing(id).seller);
        try house(h).cancel(id) {} catch {}
    }

    function settle(uint256 houseSeed, uint256 seed) external {
        uint256 h = houseSeed % 4;
        uint256[] memory before = _balances(h);
        if (h == ROLLING) {
            if (_rounds.length == 0) return;
            uint256 round = _rounds[seed % _rounds.length];
            try rolling.settle(round) returns (uint256 dealId, uint256 next) {
                _settled(ROLLING, round, dealId);
                if (next != 0) _rounds.push(next);
            } catch {}
        } else {
            if (_auctions[h].length == 0) return;
            uint256 id = _auctions[h][seed % _auctions[h].length];
            if (h == ENGLISH) {
                try english.settle(id) returns (uint256 dealId) {
                    _settled(h, id, dealId);
                } catch {}
            } else if (h == DUTCH) {
                try dutch.settle(id) {
                    _settled(h, id, 0);
                } catch {}
            } else {
                try sealedHouse.settle(id) returns (uint256 dealId) {
                    _settled(h, id, dealId);
                } catch {}
            }
        }
        _recordCredits(h, before);
    }

    /*//////////////////////////////////////////////////////////////
                               DEAL ACTIONS
    //////////////////////////////////////////////////////////////*/

    function ship(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        VM.prank(house(h).getDeal(id).seller);
        try house(h).ship(id, keccak256("tracking")) {} catch {}
    }

    function confirm(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        IDealEscrow.DealView memory d = house(h).getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        VM.prank(d.buyer);
        try house(h).confirm(id) {
            _finished(h, id, d.amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function release(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        uint256 amount = house(h).getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        try house(h).release(id) {
            _finished(h, id, amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function reclaim(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        IDealEscrow.DealView memory d = house(h).getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        VM.prank(d.buyer);
        try house(h).reclaim(id) {
            _finished(h, id, d.amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function refund(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        IDealEscrow.DealView memory d = house(h).getDeal(id);
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        VM.prank(d.seller);
        try house(h).refund(id) {
            _finished(h, id, d.amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function dispute(uint256 houseSeed, uint256 seed, bool bySeller) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        IDealEscrow.DealView memory d = house(h).getDeal(id);
        VM.prank(bySeller ? d.seller : d.buyer);
        try house(h).openDispute(id, keccak256("evidence"), "ipfs://evidence") {} catch {}
    }

    function rule(uint256 houseSeed, uint256 seed, uint256 share) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        uint256 amount = house(h).getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        // This handler holds ARBITER_ROLE.
        try house(h).rule(id, uint16(bound(share, 0, 10_000))) {
            _finished(h, id, amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function resolveAfterTimeout(uint256 houseSeed, uint256 seed) external {
        (uint256 h, uint256 id, bool ok) = _deal(houseSeed, seed);
        if (!ok) return;
        uint256 amount = house(h).getDeal(id).amount;
        (uint256 before, uint256[] memory balances) = (liabilities(h), _balances(h));
        try house(h).resolveAfterTimeout(id) {
            _finished(h, id, amount, before);
        } catch {}
        _recordCredits(h, balances);
    }

    function withdraw(uint256 houseSeed, uint256 accountSeed, bool toClean) external {
        uint256 h = houseSeed % 4;
        address[] memory all = accounts();
        address account = all[accountSeed % all.length];
        uint256 balance = house(h).withdrawable(account);
        VM.prank(account);
        if (toClean) {
            try house(h).withdrawTo(address(0xC1EA4)) returns (uint256 amount) {
                _withdrew(h, account, amount, balance);
            } catch {}
        } else {
            try house(h).withdraw() returns (uint256 amount) {
                _withdrew(h, account, amount, balance);
            } catch {}
        }
    }

    function sweepFees(uint256 houseSeed) external {
        uint256 h = houseSeed % 4;
        uint256[] memory before = _balances(h);
        try house(h).sweepFees(treasury) {} catch {}
        _recordCredits(h, before);
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

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _deal(uint256 houseSeed, uint256 seed) private view returns (uint256 h, uint256 id, bool ok) {
        h = houseSeed % 4;
        if (_deals[h].length == 0) return (h, 0, false);
        return (h, _deals[h][seed % _deals[h].length], true);
    }

    function _settled(uint256 h, uint256 id, uint256 dealId) private {
        settlements[h][id] += 1;
        if (dealId == 0) return;
        if (dealId != id) dealIdMismatch = true;
        dealsWithId[dealId] += 1;
        _deals[h].push(dealId);
    }

    function _finished(uint256 h, uint256 dealId, uint256 amount, uint256 liabilitiesBefore) private {
        finishes[h][dealId] += 1;
        if (liabilities(h) - liabilitiesBefore != amount) payoutMismatch = true;
    }

    function _withdrew(uint256 h, address account, uint256 amount, uint256 balanceBefore) private {
        if (amount > balanceBefore) overWithdrawal = true;
        withdrawn[h][account] += amount;
    }

    function _balances(uint256 h) private view returns (uint256[] memory b) {
        address[] memory all = accounts();
        b = new uint256[](all.length);
        for (uint256 i; i < all.length; ++i) b[i] = house(h).withdrawable(all[i]);
    }

    function _recordCredits(uint256 h, uint256[] memory before) private {
        address[] memory all = accounts();
        for (uint256 i; i < all.length; ++i) {
            uint256 nowBalance = house(h).withdrawable(all[i]);
            if (nowBalance > before[i]) credited[h][all[i]] += nowBalance - before[i];
        }
    }
}
