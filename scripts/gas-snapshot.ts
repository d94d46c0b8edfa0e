// Measures the gas of Gavel's hot paths with the production build profile and writes
// test/gas-snapshot.json ({ "operation": gas }). With GAS_SNAPSHOT_CHECK=1 it compares instead
// and exits 1 when the committed file is stale.
//
//   hardhat --build-profile production run scripts/gas-snapshot.ts
//   GAS_SNAPSHOT_CHECK=1 hardhat --build-profile production run scripts/gas-snapshot.ts
//
// The scene is realistic rather than flattering: the house already holds other escrow (so its
// token balance is not zero), bidders hold balances, and allowances are finite (so every
// transferFrom also writes the allowance, as Circle's USDC does).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  authorizationSignature,
  bidAuthorizationTypedData,
  permitTypedData,
  readPermitDomain,
} from "@gavel/sdk";
import { network } from "hardhat";
import {
  encodeAbiParameters,
  type Hash,
  keccak256,
  parseAbiParameters,
  parseSignature,
  parseUnits,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { deployFiatTokenV2_2, fiatTokenAbi } from "./lib/fiat-token.ts";

const OUT = new URL("../test/gas-snapshot.json", import.meta.url);
const usdc = (n: string | number) => parseUnits(String(n), 6);
const DAY = 86_400n;

const { viem, networkHelpers } = await network.create();
const publicClient = await viem.getPublicClient();
const [deployer, arbiter, seller, alice, bob, carol, treasury] = await viem.getWalletClients();
const gas: Record<string, number> = {};
// Fixed times make every calldata byte (hence every number below) the same from run to run.
const T0 = 2_000_000_000n;
await networkHelpers.time.increaseTo(T0);
const measure = async (name: string, tx: Promise<Hash>) => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
  if (receipt.status !== "success") throw new Error(`${name} reverted`);
  gas[name] = Number(receipt.gasUsed);
};

const token = await viem.deployContract("TestUSDC", [deployer!.account.address]);
const config = await viem.deployContract("GavelConfig", [
  deployer!.account.address,
  arbiter!.account.address,
  deployer!.account.address,
  treasury!.account.address,
  250,
  Number(7n * DAY),
]);
const house = await viem.deployContract("EnglishAuctionHouse", [token.address, config.address]);
const dutch = await viem.deployContract("DutchAuctionHouse", [token.address, config.address]);
const sealed = await viem.deployContract("SealedBidAuctionHouse", [token.address, config.address]);
const rolling = await viem.deployContract("RollingAuctionHouse", [token.address, config.address]);
for (const h of [house, dutch, sealed, rolling]) {
  await config.write.grantRole([await config.read.HOUSE_ROLE(), h.address]);
}
for (const w of [alice!, bob!, carol!, seller!]) {
  await token.write.mint([w.account.address, usdc(1_000_000)]);
  for (const h of [house, dutch, sealed, rolling]) {
    await token.write.approve([h.address, usdc(500_000)], { account: w.account });
  }
}

const listing = {
  title: "Leica M6, 1986",
  metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  metadataHash: keccak256(toHex("metadata")),
  reservePrice: usdc(100),
  shipWindow: Number(3n * DAY),
  confirmWindow: Number(7n * DAY),
  disputeWindow: Number(5n * DAY),
};
const create = async (name?: string) => {
  const english = {
    startTime: 0,
    endTime: Number(T0 + DAY),
    startPrice: usdc(10),
    minIncrementBps: 500,
    extensionWindow: 600,
    maxExtensions: 3,
  };
  const id = await config.read.nextAuctionId();
  const tx = house.write.createAuction([listing, english], { account: seller!.account });
  if (name) await measure(name, tx);
  else await tx;
  return id;
};

// Background escrow so the house's token balance is already non-zero.
const background = await create();
await house.write.bid([background, usdc(20)], { account: carol!.account });

const id = await create("english.create");
await measure("english.firstBid", house.write.bid([id, usdc(150)], { account: alice!.account }));
await measure("english.outbid", house.write.bid([id, usdc(200)], { account: bob!.account }));
await measure("english.losingBid", house.write.bid([id, usdc(180)], { account: alice!.account }));
await measure("english.raiseMax", house.write.bid([id, usdc(250)], { account: bob!.account }));

// Permit: first bid on another auction, allowance granted by the permit itself.
const permitted = await create();
await token.write.approve([house.address, 0n], { account: alice!.account });
const deadline = T0 + DAY;
const signature = await alice!.signTypedData({
  account: alice!.account,
  ...permitTypedData({
    domain: await readPermitDomain(publicClient, await publicClient.getChainId(), token.address),
    owner: alice!.account.address,
    spender: house.address,
    value: usdc(150),
    nonce: await token.read.nonces([alice!.account.address]),
    deadline,
  }),
});
const { r, s, v, yParity } = parseSignature(signature);
await measure(
  "english.bidWithPermit",
  house.write.bidWithPermit([permitted, usdc(150), deadline, Number(v ?? BigInt(yParity + 27)), r, s], {
    account: alice!.account,
  }),
);

// Gasless bids: a wallet with USDC and no ETH signs one EIP-3009 authorization; carol relays it.
// A fixed key and fixed deadlines keep the calldata (hence the gas) the same from run to run.
const gasless = privateKeyToAccount(keccak256(toHex("gas snapshot: a wallet with no ETH")));
await token.write.mint([gasless.address, usdc(1_000_000)]);
const tokenDomain = await readPermitDomain(publicClient, await publicClient.getChainId(), token.address);
const validBefore = T0 + 1000n * DAY;
const authorize = async (
  h: { address: `0x${string}` },
  auction: bigint,
  value: bigint,
  bound: bigint | `0x${string}`,
  domain = tokenDomain,
) => {
  const sig = authorizationSignature(
    await gasless.signTypedData(
      bidAuthorizationTypedData({
        domain,
        house: h.address,
        id: auction,
        bidder: gasless.address,
        value,
        bound,
        validBefore,
      }),
    ),
  );
  return [sig.r, sig.vs] as const;
};
const relayer = { account: carol!.account };
const gaslessEnglish = await create();
await measure(
  "english.bidWithAuthorization",
  house.write.bidWithAuthorization(
    [
      gaslessEnglish,
      usdc(150),
      gasless.address,
      usdc(150),
      validBefore,
      ...(await authorize(house, gaslessEnglish, usdc(150), usdc(150))),
    ],
    relayer,
  ),
);

await networkHelpers.time.increase(DAY + 1n);
const dealId = id; // a deal's id is its auction's id
await measure("english.settle", house.write.settle([id]));
await measure(
  "deal.ship",
  house.write.ship([dealId, keccak256(toHex("tracking"))], { account: seller!.account }),
);
const sellerBefore = await token.read.balanceOf([seller!.account.address]);
await measure("deal.confirm", house.write.confirm([dealId], { account: bob!.account }));
// The buyer's confirm pays the seller's wallet in the same transaction (no withdraw needed).
const paid = (await token.read.balanceOf([seller!.account.address])) - sellerBefore;
const expectedProceeds = ((await house.read.getDeal([dealId])).amount * 9750n) / 10_000n;
if (paid !== expectedProceeds || (await house.read.withdrawable([seller!.account.address])) !== 0n) {
  throw new Error(
    `confirm paid the seller ${paid}, expected ${expectedProceeds} and nothing left to withdraw`,
  );
}
// A whole English sale as the seller's wallet sees it: listed, bid, outbid, settled, shipped,
// confirmed — and the seller's tokens in the seller's wallet.
gas["cycle.english.toSellerPaid"] = [
  "english.create",
  "english.firstBid",
  "english.outbid",
  "english.settle",
  "deal.ship",
  "deal.confirm",
].reduce((sum, key) => sum + (gas[key] ?? Number.NaN), 0);

const disputedDeal = permitted;
await house.write.settle([permitted]);
await house.write.ship([disputedDeal, keccak256(toHex("tracking 2"))], { account: seller!.account });
await measure(
  "deal.dispute",
  house.write.openDispute([disputedDeal, keccak256(toHex("evidence")), "ipfs://evidence"], {
    account: alice!.account,
  }),
);
await measure("deal.rule", house.write.rule([disputedDeal, 7000], { account: arbiter!.account }));

// Dutch: 200 → 100 USDC over a day; bought half-way (150 USDC) into a house already holding escrow.
const T1 = T0 + 10n * DAY;
await networkHelpers.time.increaseTo(T1);
const dutchParams = (start: bigint) => ({
  startTime: Number(start),
  endTime: Number(start + 2n * DAY),
  decayDuration: Number(DAY),
  startPrice: usdc(200),
});
const dutchBackground = await config.read.nextAuctionId();
await dutch.write.createAuction([listing, dutchParams(T1)], { account: seller!.account });
await dutch.write.buy([dutchBackground, usdc(200)], { account: carol!.account });
const dutchId = await config.read.nextAuctionId();
await measure(
  "dutch.create",
  dutch.write.createAuction([listing, dutchParams(T1 + 100n)], { account: seller!.account }),
);
await networkHelpers.time.setNextBlockTimestamp(T1 + 100n + DAY / 2n);
await measure("dutch.buy", dutch.write.buy([dutchId, usdc(150)], { account: alice!.account }));
// A refund is credited (a ruling and a confirm pay the wallets at once); the buyer pulls it from a
// house that still holds other escrow.
await dutch.write.refund([dutchBackground], { account: seller!.account });
await measure("withdraw", dutch.write.withdraw({ account: carol!.account }));
const gaslessDutch = await config.read.nextAuctionId();
await dutch.write.createAuction([listing, dutchParams(T1 + DAY)], { account: seller!.account });
await networkHelpers.time.setNextBlockTimestamp(T1 + DAY + DAY / 2n);
await measure(
  "dutch.buyWithAuthorization",
  dutch.write.buyWithAuthorization(
    [
      gaslessDutch,
      usdc(160),
      gasless.address,
      validBefore,
      ...(await authorize(dutch, gaslessDutch, usdc(160), usdc(160))),
    ],
    relayer,
  ),
);

// Sealed, second price: carol's background commitment, then alice and bob commit (150 and 180,
// each over-collateralised); alice reveals first, bob's reveal takes the lead; bob pays 150.
const T2 = T0 + 20n * DAY;
await networkHelpers.time.increaseTo(T2);
const sealedParams = {
  commitEnd: Number(T2 + DAY),
  revealEnd: Number(T2 + 2n * DAY),
  unrevealedPenaltyBps: 2500,
  pricing: 1,
};
const sealedId = await config.read.nextAuctionId();
await measure(
  "sealed.create",
  sealed.write.createAuction([listing, sealedParams], { account: seller!.account }),
);
const chainId = BigInt(await publicClient.getChainId());
const commitment = (bidder: `0x${string}`, amount: bigint, salt: `0x${string}`) =>
  keccak256(
    encodeAbiParameters(parseAbiParameters("uint256, address, uint256, address, uint256, bytes32"), [
      chainId,
      sealed.address,
      sealedId,
      bidder,
      amount,
      salt,
    ]),
  );
const saltA = keccak256(toHex("alice salt"));
const saltB = keccak256(toHex("bob salt"));
await sealed.write.commit([sealedId, commitment(carol!.account.address, usdc(120), saltA), usdc(200)], {
  account: carol!.account,
});
await measure(
  "sealed.commit",
  sealed.write.commit([sealedId, commitment(alice!.account.address, usdc(150), saltA), usdc(200)], {
    account: alice!.account,
  }),
);
await sealed.write.commit([sealedId, commitment(bob!.account.address, usdc(180), saltB), usdc(250)], {
  account: bob!.account,
});
// A commitment by authorization, on an auction of its own (the one above keeps its figures).
const gaslessSealed = await config.read.nextAuctionId();
await sealed.write.createAuction([listing, sealedParams], { account: seller!.account });
const gaslessCommitment = keccak256(
  encodeAbiParameters(parseAbiParameters("uint256, address, uint256, address, uint256, bytes32"), [
    chainId,
    sealed.address,
    gaslessSealed,
    gasless.address,
    usdc(150),
    saltA,
  ]),
);
await measure(
  "sealed.commitWithAuthorization",
  sealed.write.commitWithAuthorization(
    [
      gaslessSealed,
      gaslessCommitment,
      usdc(200),
      gasless.address,
      validBefore,
      ...(await authorize(sealed, gaslessSealed, usdc(200), gaslessCommitment)),
    ],
    relayer,
  ),
);
await networkHelpers.time.increaseTo(T2 + DAY);
await sealed.write.reveal([sealedId, usdc(150), saltA], { account: alice!.account });
await measure("sealed.reveal", sealed.write.reveal([sealedId, usdc(180), saltB], { account: bob!.account }));
await measure(
  "sealed.returnCollateral",
  sealed.write.returnCollateral([sealedId, alice!.account.address], { account: alice!.account }),
);
await networkHelpers.time.increaseTo(T2 + 2n * DAY);
await measure("sealed.settle", sealed.write.settle([sealedId]));

// Rolling: 3 units; a round with two bidders, settled into a deal and the next round.
const T3 = T0 + 30n * DAY;
await networkHelpers.time.increaseTo(T3);
const rollingParams = {
  startPrice: usdc(10),
  minIncrementBps: 500,
  roundDuration: Number(DAY),
  extensionWindow: 600,
  maxExtensions: 3,
  units: 3,
};
const rollingId = await config.read.nextAuctionId();
await measure(
  "rolling.create",
  rolling.write.createAuction([listing, rollingParams], { account: seller!.account }),
);
await measure("rolling.firstBid", rolling.write.bid([rollingId, usdc(150)], { account: alice!.account }));
await measure("rolling.outbid", rolling.write.bid([rollingId, usdc(200)], { account: bob!.account }));
await networkHelpers.time.increase(DAY + 1n);
await measure("rolling.settleAndNext", rolling.write.settle([rollingId]));

const gaslessRolling = await config.read.nextAuctionId();
await rolling.write.createAuction([listing, rollingParams], { account: seller!.account });
await measure(
  "rolling.bidWithAuthorization",
  rolling.write.bidWithAuthorization(
    [
      gaslessRolling,
      usdc(150),
      gasless.address,
      usdc(150),
      validBefore,
      ...(await authorize(rolling, gaslessRolling, usdc(150), usdc(150))),
    ],
    relayer,
  ),
);

// The same English bids on Circle's real USDC (FiatTokenV2_2 behind its proxy) instead of the test
// token: the proxy's delegatecall and its admin and implementation slots, and the token's pause
// slot, are on top of the test token's costs (same scene: the house holds other escrow).
const fiat = await deployFiatTokenV2_2({
  publicClient,
  circle: deployer!,
  proxyAdmin: treasury!,
  lostAndFound: treasury!.account.address,
});
const fiatWrite = (functionName: string, args: unknown[], from = deployer!) =>
  from.writeContract({
    address: fiat,
    abi: fiatTokenAbi,
    functionName,
    args,
    account: from.account,
    chain: from.chain,
  });
const fiatHouse = await viem.deployContract("EnglishAuctionHouse", [fiat, config.address]);
await config.write.grantRole([await config.read.HOUSE_ROLE(), fiatHouse.address]);
for (const w of [alice!, carol!]) {
  await publicClient.waitForTransactionReceipt({
    hash: await fiatWrite("mint", [w.account.address, usdc(1_000_000)]),
  });
  await publicClient.waitForTransactionReceipt({
    hash: await fiatWrite("approve", [fiatHouse.address, usdc(500_000)], w),
  });
}
await publicClient.waitForTransactionReceipt({
  hash: await fiatWrite("mint", [gasless.address, usdc(1_000_000)]),
});
const fiatDomain = await readPermitDomain(publicClient, await publicClient.getChainId(), fiat);
const fiatNow = BigInt((await publicClient.getBlock()).timestamp);
const fiatCreate = async () => {
  const auction = await config.read.nextAuctionId();
  await fiatHouse.write.createAuction(
    [
      listing,
      {
        startTime: 0,
        endTime: Number(fiatNow + DAY),
        startPrice: usdc(10),
        minIncrementBps: 500,
        extensionWindow: 600,
        maxExtensions: 3,
      },
    ],
    { account: seller!.account },
  );
  return auction;
};
await fiatHouse.write.bid([await fiatCreate(), usdc(20)], { account: carol!.account });
const fiatPlain = await fiatCreate();
await measure(
  "fiatTokenV2_2.english.firstBid",
  fiatHouse.write.bid([fiatPlain, usdc(150)], { account: alice!.account }),
);
const fiatGasless = await fiatCreate();
await measure(
  "fiatTokenV2_2.english.bidWithAuthorization",
  fiatHouse.write.bidWithAuthorization(
    [
      fiatGasless,
      usdc(150),
      gasless.address,
      usdc(150),
      validBefore,
      ...(await authorize(fiatHouse, fiatGasless, usdc(150), usdc(150), fiatDomain)),
    ],
    relayer,
  ),
);

const sorted = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => a.localeCompare(b)));
const json = `${JSON.stringify(sorted, null, 2)}\n`;
if (process.env.GAS_SNAPSHOT_CHECK) {
  const committed = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  if (committed !== json) {
    console.error(`test/gas-snapshot.json is stale. Expected:\n${json}`);
    process.exitCode = 1;
  } else {
    console.log("test/gas-snapshot.json is up to date");
  }
} else {
  writeFileSync(OUT, json);
  console.log(json);
}
