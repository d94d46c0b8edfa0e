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
import { network } from "hardhat";
import { type Hash, keccak256, parseSignature, parseUnits, toHex } from "viem";

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
await config.write.grantRole([await config.read.HOUSE_ROLE(), house.address]);
for (const w of [alice!, bob!, carol!, seller!]) {
  await token.write.mint([w.account.address, usdc(1_000_000)]);
  await token.write.approve([house.address, usdc(500_000)], { account: w.account });
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
  domain: {
    name: "USD Coin",
    version: "2",
    chainId: await publicClient.getChainId(),
    verifyingContract: token.address,
  },
  types: {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  },
  primaryType: "Permit",
  message: {
    owner: alice!.account.address,
    spender: house.address,
    value: usdc(150),
    nonce: await token.read.nonces([alice!.account.address]),
    deadline,
  },
});
const { r, s, v, yParity } = parseSignature(signature);
await measure(
  "english.bidWithPermit",
  house.write.bidWithPermit([permitted, usdc(150), deadline, Number(v ?? BigInt(yParity + 27)), r, s], {
    account: alice!.account,
  }),
);

await networkHelpers.time.increase(DAY + 1n);
const dealId = id; // a deal's id is its auction's id
await measure("english.settle", house.write.settle([id]));
await measure(
  "deal.ship",
  house.write.ship([dealId, keccak256(toHex("tracking"))], { account: seller!.account }),
);
await measure("deal.confirm", house.write.confirm([dealId], { account: bob!.account }));
await measure("withdraw", house.write.withdraw({ account: seller!.account }));

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
