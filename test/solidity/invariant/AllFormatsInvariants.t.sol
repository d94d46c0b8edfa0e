// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {DutchAuctionHouse} from "../../../contracts/auctions/DutchAuctionHouse.sol";
import {EnglishAuctionHouse} from "../../../contracts/auctions/EnglishAuctionHouse.sol";
import {RollingAuctionHouse} from "../../../contracts/auctions/RollingAuctionHouse.sol";
import {SealedBidAuctionHouse} from "../../../contracts/auctions/SealedBidAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {InvariantsBase} from "./InvariantsBase.sol";

/// @notice The invariants of docs/PROTOCOL.md for all four houses at once (one config, one id
///         space, one token) under random sequences of every action of every format.
contract AllFormatsInvariantsTest is InvariantsBase {
    function setUp() public {
        _setUp(_deploy);
    }

    function _deploy(TestUSDC token, GavelConfig cfg) internal returns (address[4] memory houses) {
        houses[0] = address(new EnglishAuctionHouse(token, cfg));
        houses[1] = address(new DutchAuctionHouse(token, cfg));
        houses[2] = address(new SealedBidAuctionHouse(token, cfg));
        houses[3] = address(new RollingAuctionHouse(token, cfg));
    }
}
