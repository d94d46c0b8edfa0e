// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Long on purpose: one handler drives every house and the deal escrow so the invariants see
// their interleavings; splitting it per house would hide the cross-house sequences.

import {GavelConfig} from "../../../../contracts/GavelConfig.sol";
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
import {MarketLens} from "./MarketLens.sol";

/// @notice Drives every house deployed on one config (one id space, one token) with random
///         sequences of: create, bid/buy/commit/reveal/return, cancel, stop, settle; every deal action
///         (ship, confirm, confirm-window extension, release, reclaim, refund, disputes by either
///         party, rule, timeout split); withdraw/withdrawTo to any kind of recipient, fee sweeps;
///         pause/unpause by the pauser (with warps while paused); unregistering and re-registering a
///         house by the admin; and a blacklisted actor toggled by the token.
/// @dev Every call into the system goes through `_call` (a failed call is simply skipped), and every
///      action runs under `ghosted`, which records every increase of a withdrawable balance as a
///      credit. Rules a single call must obey are checked right after it and recorded in `broken`;
///      the invariant suites assert them after every call. A house slot left at address(0) is not
///      deployed: its format's actions return at once and deal actions never pick it.
contract MarketHandler is GavelTestBase {
    uint256 public constant ENGLISH = 0;
    uint256 public constant DUTCH = 1;
    uint256 public constant SEALED = 2;
    uint256 public constant ROLLING = 3;
    address public constant PAUSER = address(0x9A05E);
    address public constant ADMIN = address(0xAD0);
    address public constant CLEAN = address(0xC1EA4);

    /// @notice What one call may never do; set when a call did it.
    enum Rule {
        Payout, // a deal's final transition did not pay out exactly its escrow to buyer, seller, treasury
        DealId, // a settlement opened a deal whose id is not its auction's
        OverWithdrawal, // a withdrawal paid more than the balance before it
        WithdrawTo, // withdrawTo paid to zero, to the house, or moved a frozen owner's credit
        ActedWhilePaused, // a listing, bid, buy or commit went through while paused
        ClockMovedWhilePaused, // a warp while paused moved a clock, a remaining time or a Dutch price
        PauseShiftedTimes, // after an unpause, an auction had less (or more) time left than at the pause
        LosingBidMovedEnd, // a bid that did not change the leader moved an auction's end
        BadExtension, // a leader change moved the end other than anti-sniping allows
        ListedWhileUnregistered, // an unregistered house accepted a new listing
        SettleRefused, // an ended auction could not be settled (or one not ended could)
        DeadlineIgnored, // ship/reclaim/release/timeout split outside its deadline
        BuyerDisputeRefused, // the buyer could not dispute a shipped deal
        LateSellerDispute, // the seller disputed after the dispute window
        ConfirmExtension // an extension broke its rules or did not move the confirm deadline by itself
    }

    TestUSDC public immutable usdc;
    GavelConfig public immutable config;
    address public immutable treasury;
    EnglishAuctionHouse public immutable english;
    DutchAuctionHouse public immutable dutch;
    SealedBidAuctionHouse public immutable sealedHouse;
    RollingAuctionHouse public immutable rolling;
    MarketLens public immutable lens;

    address[] internal _actors; // bidders; the last one gets blacklisted at random
    address[] internal _sellers;
    uint256[] internal _present; // indexes of the deployed houses
    uint256[][4] internal _auctions; // listings per house (rolling: listing ids)
    uint256[][4] internal _deals; // deal ids per house
    uint256[] internal _rounds; // every rolling round id
    mapping(uint256 id => mapping(address bidder => uint256)) internal _sealedAmount;
    int256[] internal _stateAtPause;

    mapping(Rule rule => bool) public broken;
    mapping(uint256 house => mapping(uint256 id => uint256)) public settlements;
    mapping(uint256 house => mapping(uint256 id => uint256)) public finishes;
    mapping(uint256 house => mapping(address account => uint256)) public credited;
    mapping(uint256 house => mapping(address account => uint256)) public withdrawn;
    mapping(uint256 id => uint256) public dealsWithId; // across all houses: ids are global
    /// @notice Coverage counters (not asserted): pauses, rolling rounds settled while unregistered,
    ///         buyer disputes after the seller's window, confirm windows extended.
    uint256 public pauses;
    uint256 public unregisteredRollingSettles;
    uint256 public lateBuyerDisputes;
    uint256 public extensions;

    constructor(
        TestUSDC usdc_,
        GavelConfig config_,
        address treasury_,
        address[4] memory houses_,
        address[] memory actors_
    ) {
        usdc = usdc_;
        config = config_;
        treasury = treasury_;
        english = EnglishAuctionHouse(houses_[ENGLISH]);
        dutch = DutchAuctionHouse(houses_[DUTCH]);
        sealedHouse = SealedBidAuctionHouse(houses_[SEALED]);
        rolling = RollingAuctionHouse(houses_[ROLLING]);
        lens = new MarketLens(houses_);
        for (uint256 h; h < 4; ++h) if (houses_[h] != address(0)) _present.push(h);
        _actors = actors_;
        _sellers.push(address(0x5E11E51));
        _sellers.push(address(0x5E11E52));
    }

    modifier ghosted() {
        uint256[][] memory before = _balances();
        _;
        _recordCredits(before);
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

    function present() external view returns (uint256[] memory) {
        return _present;
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

    /// @notice Σ withdrawable + unswept fees of house `h`: what it owes outside live and deal escrow.
    function liabilities(uint256 h) public view returns (uint256 total) {
        address[] memory all = accounts();
        IAuctionHouse x = house(h);
        for (uint256 i; i < all.length; ++i) total += x.withdrawable(all[i]);
        total += x.unsweptFees(treasury);
    }

    /// @notice See `MarketLens.marketState`.
    function marketState() public view returns (int256[] memory) {
        return lens.marketState(_present, _auctions[ENGLISH], _auctions[DUTCH], _auctions[SEALED], _rounds);
    }

    /// @notice Whether the market stands exactly as it stood when the running pause began (true
    ///         when not paused).
    function frozenSincePause() external view returns (bool) {
        return !config.paused() || _samePrefix(_stateAtPause, marketState());
    }

    /*//////////////////////////////////////////////////////////////
                              FORMAT ACTIONS
    //////////////////////////////////////////////////////////////*/

    function createEnglish(
        uint256 sellerSeed,
        uint256 price,
        uint256 reserveExtra,
        uint256 bps,
        uint256 startDelay,
        uint256 duration
    ) external ghosted {
        if (address(english) == address(0)) return;
        price = bound(price, 1e6, 1e9);
        uint256 start = block.timestamp + bound(startDelay, 0, 2 hours);
        IEnglishAuctionHouse.EnglishParams memory params = IEnglishAuctionHouse.EnglishParams({
            startTime: uint40(start),
            endTime: uint40(start + bound(duration, 5 minutes, 1 days)),
            startPrice: uint96(price),
            minIncrementBps: uint16(bound(bps, 100, 5000)),
            extensionWindow: 10 minutes,
            maxExtensions: 3
        });
        bytes memory data = abi.encodeCall(
            english.createAuction,
            (_listing(price + bound(reserveExtra, 0, price)), params)
        );
        _created(ENGLISH, sellerSeed, data);
    }

    function createDutch(uint256 sellerSeed, uint256 floor, uint256 decay) external ghosted {
        if (address(dutch) == address(0)) return;
        floor = bound(floor, 1e6, 1e9);
        IDutchAuctionHouse.DutchParams memory params = IDutchAuctionHouse.DutchParams({
            startTime: 0,
            endTime: uint40(block.timestamp + 2 days),
            decayDuration: uint32(bound(decay, 1, 2 days)),
            startPrice: uint96(floor * 3)
        });
        _created(DUTCH, sellerSeed, abi.encodeCall(dutch.createAuction, (_listing(floor), params)));
    }

    function createSealed(uint256 sellerSeed, uint256 reserve, uint256 penalty, bool secondPrice) external ghosted {
        if (address(sealedHouse) == address(0)) return;
        ISealedBidAuctionHouse.SealedParams memory params = ISealedBidAuctionHouse.SealedParams({
            commitEnd: uint40(block.timestamp + 1 days),
            revealEnd: uint40(block.timestamp + 2 days),
            // Below the 10 % floor too, so that refusal is exercised.
            unrevealedPenaltyBps: uint16(bound(penalty, 500, 10_000)),
            pricing: secondPrice
                ? ISealedBidAuctionHouse.Pricing.SecondPrice
                : ISealedBidAuctionHouse.Pricing.FirstPrice
        });
        bytes memory data = abi.encodeCall(sealedHouse.createAuction, (_listing(bound(reserve, 1e6, 1e9)), params));
        _created(SEALED, sellerSeed, data);
    }

    function createRolling(uint256 sellerSeed, uint256 price, uint256 units) external ghosted {
        if (address(rolling) == address(0)) return;
        price = bound(price, 1e6, 1e9);
        IRollingAuctionHouse.RollingParams memory params = IRollingAuctionHouse.RollingParams({
            startPrice: uint96(price),
            minIncrementBps: 500,
            roundDuration: 1 hours,
            extensionWindow: 10 minutes,
            maxExtensions: 3,
            units: uint16(bound(units, 1, 3))
        });
        uint256 id = _created(
            ROLLING,
            sellerSeed,
            abi.encodeCall(rolling.createAuction, (_listing(price * 2), params))
        );
        if (id != 0) _rounds.push(id);
    }

    /// @param asLeader Bid as the current leader (raising their own maximum) instead of a random actor.
    function bidEnglish(uint256 seed, uint256 actorSeed, uint256 amount, bool asLeader) external ghosted {
        if (_auctions[ENGLISH].length == 0) return;
        uint256 id = _auctions[ENGLISH][seed % _auctions[ENGLISH].length];
        _bid(ENGLISH, id, english.minimumBid(id), actorSeed, amount, asLeader);
    }

    function bidRolling(uint256 seed, uint256 actorSeed, uint256 amount, bool asLeader) external ghosted {
        if (_auctions[ROLLING].length == 0) return;
        uint256 listingId = _auctions[ROLLING][seed % _auctions[ROLLING].length];
        uint256 round = rolling.getRolling(listingId).currentRoundId;
        _bid(ROLLING, round, rolling.minimumBid(round), actorSeed, amount, asLeader);
    }

    function buyDutch(uint256 seed, uint256 actorSeed) external ghosted {
        if (_auctions[DUTCH].length == 0) return;
        uint256 id = _auctions[DUTCH][seed % _auctions[DUTCH].length];
        (bool ok, bytes memory ret) = _call(
            _actor(actorSeed),
            address(dutch),
            abi.encodeCall(dutch.buy, (id, type(uint256).max))
        );
        if (!ok) return;
        _noteIfPaused();
        _settled(DUTCH, id, abi.decode(ret, (uint256)));
    }

    function commitSealed(uint256 seed, uint256 actorSeed, uint256 amount, uint256 extra) external ghosted {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        address actor = _actor(actorSeed);
        uint256 reserve = sealedHouse.getListing(id).reservePrice;
        amount = bound(amount, 0, reserve * 3);
        uint256 have = sealedHouse.getCommitment(id, actor).collateral;
        uint256 needed = amount > reserve ? amount : reserve;
        uint256 add = (needed > have ? needed - have : 0) + bound(extra, 0, reserve);
        bytes32 commitment = sealedHouse.commitmentOf(id, actor, amount, bytes32(0));
        (bool ok, ) = _call(actor, address(sealedHouse), abi.encodeCall(sealedHouse.commit, (id, commitment, add)));
        if (!ok) return;
        _noteIfPaused();
        _sealedAmount[id][actor] = amount;
    }

    /// @dev Every actor with a commitment on the auction tries to reveal (those who never come here
    ///      stay unrevealed and pay the penalty).
    function revealSealed(uint256 seed) external ghosted {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        for (uint256 i; i < _actors.length; ++i) {
            bytes memory data = abi.encodeCall(sealedHouse.reveal, (id, _sealedAmount[id][_actors[i]], bytes32(0)));
            _call(_actors[i], address(sealedHouse), data);
        }
    }

    function returnSealed(uint256 seed, uint256 actorSeed) external ghosted {
        if (_auctions[SEALED].length == 0) return;
        uint256 id = _auctions[SEALED][seed % _auctions[SEALED].length];
        _call(
            address(this),
            address(sealedHouse),
            abi.encodeCall(sealedHouse.returnCollateral, (id, _actor(actorSeed)))
        );
    }

    function stopRolling(uint256 seed) external ghosted {
        if (_auctions[ROLLING].length == 0) return;
        uint256 id = _auctions[ROLLING][seed % _auctions[ROLLING].length];
        _call(rolling.getListing(id).seller, address(rolling), abi.encodeCall(rolling.stop, (id)));
    }

    function cancel(uint256 houseSeed, uint256 seed) external ghosted {
        uint256 h = _house(houseSeed);
        if (_auctions[h].length == 0) return;
        uint256 id = _auctions[h][seed % _auctions[h].length];
        _call(house(h).getListing(id).seller, address(house(h)), abi.encodeCall(IAuctionHouse.cancel, (id)));
    }

    /// @dev Settling must work exactly when the auction has ended: never before, never refused after
    ///      (paused or not, registered or not).
    function settle(uint256 houseSeed, uint256 seed) external ghosted {
        uint256 h = _house(houseSeed);
        uint256[] storage ids = h == ROLLING ? _rounds : _auctions[h];
        if (ids.length == 0) return;
        uint256 id = ids[seed % ids.length];
        bool due = lens.settleable(h, id);
        // Every format has settle(uint256); it returns the deal id first (Dutch: nothing).
        bytes memory data = abi.encodeWithSignature("settle(uint256)", id);
        (bool ok, bytes memory ret) = _call(address(this), address(house(h)), data);
        if (ok != due) broken[Rule.SettleRefused] = true;
        if (!ok) return;
        _settled(h, id, ret.length >= 32 ? abi.decode(ret, (uint256)) : 0);
        if (h != ROLLING) return;
        (, uint256 next) = abi.decode(ret, (uint256, uint256));
        if (next != 0) _rounds.push(next);
        if (!config.hasRole(config.HOUSE_ROLE(), address(rolling))) unregisteredRollingSettles += 1;
    }

    /*//////////////////////////////////////////////////////////////
                               DEAL ACTIONS
    //////////////////////////////////////////////////////////////*/

    function ship(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        (bool ok, ) = _call(
            d.seller,
            address(house(h)),
            abi.encodeCall(IDealEscrow.ship, (d.auctionId, keccak256("tracking")))
        );
        if (ok && block.timestamp > d.shipBy) broken[Rule.DeadlineIgnored] = true;
    }

    function confirm(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        _finish(h, d, d.buyer, abi.encodeCall(IDealEscrow.confirm, (d.auctionId)));
    }

    function release(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        bool ok = _finish(h, d, address(this), abi.encodeCall(IDealEscrow.release, (d.auctionId)));
        if (ok && block.timestamp <= d.confirmDeadline) broken[Rule.DeadlineIgnored] = true;
    }

    function reclaim(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        bool ok = _finish(h, d, d.buyer, abi.encodeCall(IDealEscrow.reclaim, (d.auctionId)));
        if (ok && block.timestamp <= d.shipBy) broken[Rule.DeadlineIgnored] = true;
    }

    function refund(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        _finish(h, d, d.seller, abi.encodeCall(IDealEscrow.refund, (d.auctionId)));
    }

    /// @dev The buyer may dispute a shipped deal at any time before release; the seller only until
    ///      the dispute deadline.
    function dispute(uint256 houseSeed, uint256 seed, bool bySeller) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId != 0) _dispute(h, d, bySeller);
    }

    /// @dev Jumps a shipped deal past the seller's dispute window (still before its release); then
    ///      the seller tries to dispute (must fail) and the buyer does (must succeed).
    function disputeLate(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.status != IDealEscrow.DealStatus.Shipped || d.disputeDeadline + 1 > d.confirmDeadline) return;
        if (block.timestamp <= d.disputeDeadline) _warpTo(d.disputeDeadline + 1);
        _dispute(h, d, true);
        _dispute(h, d, false);
    }

    /// @dev Once, by the buyer, while Shipped and inside the original window, by 1 s … confirmWindow;
    ///      moves the confirm deadline by exactly the extension and nothing else.
    function extendConfirmWindow(uint256 houseSeed, uint256 seed, uint256 extension) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        uint256 window = house(h).getListing(_listingOf(h, d.auctionId)).confirmWindow;
        extension = bound(extension, 0, window + 1 hours);
        bytes memory data = abi.encodeCall(IDealEscrow.extendConfirmWindow, (d.auctionId, extension));
        address caller = _byBuyer(seed) ? d.buyer : d.seller;
        (bool ok, ) = _call(caller, address(house(h)), data);
        if (!ok) return;
        extensions += 1;
        IDealEscrow.DealView memory a = house(h).getDeal(d.auctionId);
        bool allowed =
            caller == d.buyer &&
                d.status == IDealEscrow.DealStatus.Shipped &&
                d.confirmExtension == 0 &&
                extension != 0 &&
                extension <= window &&
                block.timestamp <= d.shippedAt + window;
        if (!allowed || a.confirmDeadline != d.confirmDeadline + extension || a.disputeDeadline != d.disputeDeadline) {
            broken[Rule.ConfirmExtension] = true;
        }
    }

    function rule(uint256 houseSeed, uint256 seed, uint256 share) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        // This handler holds ARBITER_ROLE.
        _finish(h, d, address(this), abi.encodeCall(IDealEscrow.rule, (d.auctionId, uint16(bound(share, 0, 10_000)))));
    }

    function resolveAfterTimeout(uint256 houseSeed, uint256 seed) external ghosted {
        (uint256 h, IDealEscrow.DealView memory d) = _pickDeal(houseSeed, seed);
        if (d.auctionId == 0) return;
        bool ok = _finish(h, d, address(this), abi.encodeCall(IDealEscrow.resolveAfterTimeout, (d.auctionId)));
        if (ok && block.timestamp <= d.arbiterDeadline) broken[Rule.DeadlineIgnored] = true;
    }

    /// @param to 0: withdraw(); 1: withdrawTo(a clean address); 2: to zero; 3: to the house itself.
    function withdraw(uint256 houseSeed, uint256 accountSeed, uint256 to) external ghosted {
        uint256 h = _house(houseSeed);
        address[] memory all = accounts();
        address account = all[accountSeed % all.length];
        address x = address(house(h));
        to %= 4;
        address recipient = [account, CLEAN, address(0), x][to];
        bytes memory data =
            to == 0 ? abi.encodeCall(IDealEscrow.withdraw, ()) : abi.encodeCall(IDealEscrow.withdrawTo, (recipient));
        uint256 balance = house(h).withdrawable(account);
        (bool ok, bytes memory ret) = _call(account, x, data);
        if (!ok) return;
        uint256 amount = abi.decode(ret, (uint256));
        if (amount > balance) broken[Rule.OverWithdrawal] = true;
        if (to >= 2 || (to == 1 && usdc.isBlacklisted(account))) broken[Rule.WithdrawTo] = true;
        withdrawn[h][account] += amount;
    }

    function sweepFees(uint256 houseSeed) external ghosted {
        uint256 h = _house(houseSeed);
        _call(address(this), address(house(h)), abi.encodeCall(IDealEscrow.sweepFees, (treasury)));
    }

    /*//////////////////////////////////////////////////////////////
                          PLATFORM AND WORLD ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @param really Half of the calls do nothing, so the market is not paused half of the time.
    function pause(bool really) external ghosted {
        if (!really) return;
        (bool ok, ) = _call(PAUSER, address(config), abi.encodeCall(config.pause, ()));
        if (!ok) return;
        pauses += 1;
        _stateAtPause = marketState();
    }

    /// @dev Right after the unpause every auction has exactly the time left it had at the pause.
    function unpause() external ghosted {
        (bool ok, ) = _call(PAUSER, address(config), abi.encodeCall(config.unpause, ()));
        if (ok && !_samePrefix(_stateAtPause, marketState())) broken[Rule.PauseShiftedTimes] = true;
    }

    /// @notice Unregisters a registered house, or registers it again (the admin's `HOUSE_ROLE`).
    function toggleRegistration(uint256 houseSeed) external ghosted {
        address x = address(house(_house(houseSeed)));
        bytes32 role = config.HOUSE_ROLE();
        bytes memory data =
            config.hasRole(role, x)
                ? abi.encodeCall(config.revokeRole, (role, x))
                : abi.encodeCall(config.grantRole, (role, x));
        _call(ADMIN, address(config), data);
    }

    function toggleBlacklist() external ghosted {
        address marked = _actors[_actors.length - 1];
        if (usdc.isBlacklisted(marked)) usdc.unBlacklist(marked);
        else usdc.blacklist(marked);
    }

    function warp(uint256 seconds_) external ghosted {
        _warpTo(block.timestamp + bound(seconds_, 1, 2 days));
    }

    /*//////////////////////////////////////////////////////////////
                                  HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev While paused, a warp moves no clock, no remaining time and no Dutch price.
    function _warpTo(uint256 timestamp) private {
        bool paused = config.paused();
        int256[] memory before = paused ? marketState() : new int256[](0);
        VM.warp(timestamp);
        if (paused && !_samePrefix(before, marketState())) broken[Rule.ClockMovedWhilePaused] = true;
    }

    function _dispute(uint256 h, IDealEscrow.DealView memory d, bool bySeller) private {
        bytes memory data = abi.encodeCall(
            IDealEscrow.openDispute,
            (d.auctionId, keccak256("evidence"), "ipfs://evidence")
        );
        bool shipped = house(h).getDeal(d.auctionId).status == IDealEscrow.DealStatus.Shipped;
        (bool ok, ) = _call(bySeller ? d.seller : d.buyer, address(house(h)), data);
        if (bySeller && ok && block.timestamp > d.disputeDeadline) broken[Rule.LateSellerDispute] = true;
        if (!bySeller && shipped && !ok) broken[Rule.BuyerDisputeRefused] = true;
        if (!bySeller && ok && block.timestamp > d.disputeDeadline) lateBuyerDisputes += 1;
    }

    /// @dev The one place the handler calls the system as someone: a failure is returned, not raised.
    function _call(address as_, address target, bytes memory data) private returns (bool ok, bytes memory ret) {
        VM.prank(as_);
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = target.call(data);
    }

    function _listing(uint256 reserve) private pure returns (IAuctionHouse.ListingParams memory) {
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

    /// @dev Lists through `data` as a random seller; a listing must not go through while paused or
    ///      on an unregistered house. Returns the new id (0 if refused).
    function _created(uint256 h, uint256 sellerSeed, bytes memory data) private returns (uint256 id) {
        address x = address(house(h));
        (bool ok, bytes memory ret) = _call(_sellers[sellerSeed % _sellers.length], x, data);
        if (!ok) return 0;
        _noteIfPaused();
        if (!config.hasRole(config.HOUSE_ROLE(), x)) broken[Rule.ListedWhileUnregistered] = true;
        id = abi.decode(ret, (uint256));
        _auctions[h].push(id);
    }

    /// @dev An English bid or a rolling-round bid (same shape): a bid that leaves the leader in place
    ///      never moves the end; a new leader moves it only by anti-sniping (to now + window, from
    ///      inside the window) or, for a round's first bid, starts the round's clock.
    function _bid(uint256 h, uint256 id, uint256 minimum, uint256 actorSeed, uint256 amount, bool asLeader) private {
        (address leader, uint256 end, uint256 window) = lens.leaderEndWindow(h, id);
        address actor = asLeader && leader != address(0) ? leader : _actor(actorSeed);
        amount = bound(amount, minimum > 10 ? minimum - 10 : 0, minimum * 3);
        bytes memory data = abi.encodeWithSignature("bid(uint256,uint256)", id, amount);
        (bool ok, ) = _call(actor, address(house(h)), data);
        if (!ok) return;
        _noteIfPaused();
        (address newLeader, uint256 newEnd, ) = lens.leaderEndWindow(h, id);
        if (newLeader == leader) {
            if (newEnd != end) broken[Rule.LosingBidMovedEnd] = true;
        } else if (leader != address(0) && newEnd != end) {
            if (newEnd != block.timestamp + window || end - block.timestamp >= window) broken[Rule.BadExtension] = true;
        }
    }

    function _settled(uint256 h, uint256 id, uint256 dealId) private {
        settlements[h][id] += 1;
        if (dealId == 0) return;
        if (dealId != id) broken[Rule.DealId] = true;
        dealsWithId[dealId] += 1;
        _deals[h].push(dealId);
    }

    /// @dev A final deal transition: on success the deal finished once more, and its escrow went out
    ///      exactly: every unit the house paid out landed in the buyer's or seller's wallet, and
    ///      pushed + newly credited + newly accrued fees = the deal's amount.
    function _finish(
        uint256 h,
        IDealEscrow.DealView memory d,
        address caller,
        bytes memory data
    ) private returns (bool ok) {
        address x = address(house(h));
        int256 houseBefore = int256(usdc.balanceOf(x));
        int256 walletsBefore = int256(usdc.balanceOf(d.buyer) + usdc.balanceOf(d.seller));
        int256 owedBefore = int256(liabilities(h));
        (ok, ) = _call(caller, x, data);
        if (!ok) return false;
        finishes[h][d.auctionId] += 1;
        int256 pushed = int256(usdc.balanceOf(d.buyer) + usdc.balanceOf(d.seller)) - walletsBefore;
        int256 paidOut = houseBefore - int256(usdc.balanceOf(x));
        int256 owedMore = int256(liabilities(h)) - owedBefore;
        if (pushed != paidOut || pushed < 0 || owedMore < 0 || pushed + owedMore != int256(d.amount)) {
            broken[Rule.Payout] = true;
        }
    }

    function _noteIfPaused() private {
        if (config.paused()) broken[Rule.ActedWhilePaused] = true;
    }

    function _house(uint256 seed) private view returns (uint256) {
        return _present[seed % _present.length];
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _byBuyer(uint256 seed) private pure returns (bool) {
        return (seed >> 128) % 8 != 0; // mostly the buyer, sometimes the seller (who may not)
    }

    /// @dev A random deal of a random house, read fresh (auctionId 0: none yet).
    function _pickDeal(
        uint256 houseSeed,
        uint256 seed
    ) private view returns (uint256 h, IDealEscrow.DealView memory d) {
        h = _house(houseSeed);
        if (_deals[h].length == 0) return (h, d);
        d = house(h).getDeal(_deals[h][seed % _deals[h].length]);
    }

    /// @dev The listing whose terms deal `dealId` reads (a rolling round's listing).
    function _listingOf(uint256 h, uint256 dealId) private view returns (uint256) {
        return h == ROLLING ? rolling.getRound(dealId).listingId : dealId;
    }

    /// @dev Whether `a` equals the first `a.length` entries of `b`.
    function _samePrefix(int256[] memory a, int256[] memory b) private pure returns (bool) {
        if (b.length < a.length) return false;
        for (uint256 i; i < a.length; ++i) if (a[i] != b[i]) return false;
        return true;
    }

    function _balances() private view returns (uint256[][] memory b) {
        address[] memory all = accounts();
        b = new uint256[][](4);
        for (uint256 p; p < _present.length; ++p) {
            uint256 h = _present[p];
            b[h] = new uint256[](all.length);
            for (uint256 i; i < all.length; ++i) b[h][i] = house(h).withdrawable(all[i]);
        }
    }

    function _recordCredits(uint256[][] memory before) private {
        address[] memory all = accounts();
        for (uint256 p; p < _present.length; ++p) {
            uint256 h = _present[p];
            for (uint256 i; i < all.length; ++i) {
                uint256 nowBalance = house(h).withdrawable(all[i]);
                if (nowBalance > before[h][i]) credited[h][all[i]] += nowBalance - before[h][i];
            }
        }
    }
}
