// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GavelConfig} from "../../../contracts/GavelConfig.sol";
import {EnglishAuctionHouse} from "../../../contracts/auctions/EnglishAuctionHouse.sol";
import {TestUSDC} from "../../../contracts/mocks/TestUSDC.sol";
import {InvariantsBase} from "./InvariantsBase.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice The invariants of docs/PROTOCOL.md for the English house alone (every call goes to
///         English listings and deals), under random sequences of every action.
contract EnglishInvariantsTest is InvariantsBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        _setUp(_deploy);
    }

    function _deploy(TestUSDC token, GavelConfig cfg) internal returns (address[4] memory houses) {
        houses[0] = address(new EnglishAuctionHouse(token, cfg));
    }

    /// @notice The other formats' actions would only return at once here.
    function excludeSelectors() public view returns (FuzzSelector[] memory excluded) {
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = MarketHandler.createDutch.selector;
        selectors[1] = MarketHandler.createSealed.selector;
        selectors[2] = MarketHandler.createRolling.selector;
        selectors[3] = MarketHandler.buyDutch.selector;
        selectors[4] = MarketHandler.commitSealed.selector;
        selectors[5] = MarketHandler.revealSealed.selector;
        selectors[6] = MarketHandler.returnSealed.selector;
        selectors[7] = MarketHandler.bidRolling.selector;
        excluded = new FuzzSelector[](1);
        excluded[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }
}
