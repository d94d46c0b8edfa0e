/**
 * Steps 3 and 4, the recent past: short auctions of every format, bid on, then a jump of about
 * five minutes closes them — settled, bought, revealed, a rolling round over.
 */
import { englishAuctionHouseAbi, rollingAuctionHouseAbi } from "@gavel/sdk";
import { DAY, HOUR, type SeedContext, usdc } from "./context.ts";

/** English: five five-minute auctions, each with its bids (they become the deals of step 5). */
async function recentEnglish(ctx: SeedContext) {
  const { createEnglish, bids } = ctx;
  const canon = await createEnglish("canon", { startPrice: "120", seconds: 300 });
  await bids(canon, [
    [6, "180"],
    [7, "160"],
  ]);
  const walkman = await createEnglish("walkman", { startPrice: "90", seconds: 300 });
  await bids(walkman, [
    [5, "150"],
    [8, "140"],
  ]);
  const hasselblad = await createEnglish("hasselblad", {
    startPrice: "1100",
    reservePrice: "1300",
    seconds: 300,
  });
  await bids(hasselblad, [
    [7, "1250"],
    [3, "1500"],
    [7, "1450"],
  ]);
  const technics = await createEnglish("technics", { startPrice: "450", seconds: 300 });
  await bids(technics, [[8, "520"]]);
  const keyboard = await createEnglish("keyboard", { startPrice: "160", seconds: 300 });
  await bids(keyboard, [
    [6, "210"],
    [5, "230"],
  ]);
  return { canon, walkman, hasselblad, technics, keyboard };
}

/** Dutch: a woodblock print whose price falls to its floor in five minutes. */
async function recentDutch(ctx: SeedContext) {
  const { createdId, dutch, listing, now } = ctx;
  const woodblock = createdId(
    await dutch(3, "createAuction", [
      listing("woodblock", usdc("180")),
      { startTime: 0, endTime: (await now()) + DAY, decayDuration: 300, startPrice: usdc("260") },
    ]),
  );
  return woodblock;
}

/** Sealed: two auctions whose commit phase ends in five minutes, with three commitments each. */
async function recentSealed(ctx: SeedContext) {
  const { commit, createdId, listing, now, sealed } = ctx;
  const seikoCommitEnd = (await now()) + 5 + 300;
  const seiko = createdId(
    await sealed(2, "createAuction", [
      listing("seiko", usdc("400")),
      {
        commitEnd: seikoCommitEnd,
        revealEnd: seikoCommitEnd + 2 * HOUR,
        unrevealedPenaltyBps: 2_500,
        pricing: 1,
      },
    ]),
  );
  const rolexCommitEnd = (await now()) + 5 + 300;
  const rolex = createdId(
    await sealed(2, "createAuction", [
      listing("rolex", usdc("2500")),
      {
        commitEnd: rolexCommitEnd,
        revealEnd: rolexCommitEnd + 2 * DAY,
        unrevealedPenaltyBps: 2_500,
        pricing: 0,
      },
    ]),
  );
  await commit(seiko, 5, "720", "900");
  await commit(seiko, 7, "650", "700");
  await commit(seiko, 6, "510", "600");
  await commit(rolex, 6, "3100", "3500");
  await commit(rolex, 8, "2900", "3200");
  await commit(rolex, 3, "3350", "4000");
  return { seiko, seikoCommitEnd, rolex, rolexCommitEnd };
}

/** Rolling: coffee by the bag, its first five-minute round with two bids. */
async function recentRolling(ctx: SeedContext) {
  const { createdId, listing, rolling } = ctx;
  const coffee = createdId(
    await rolling(3, "createAuction", [
      listing("coffee", usdc("28")),
      {
        startPrice: usdc("28"),
        minIncrementBps: 500,
        roundDuration: 300,
        extensionWindow: 0,
        maxExtensions: 0,
        units: 12,
      },
    ]),
  );
  await rolling(5, "bid", [coffee, usdc("34")]);
  await rolling(7, "bid", [coffee, usdc("38")]);
  return coffee;
}

/** Step 3: the short auctions, in the order they are made (their ids follow it). */
export async function openRecentAuctions(ctx: SeedContext) {
  const english = await recentEnglish(ctx);
  const woodblock = await recentDutch(ctx);
  const sealed = await recentSealed(ctx);
  const coffee = await recentRolling(ctx);
  return { ...english, woodblock, ...sealed, coffee };
}

export type Recent = Awaited<ReturnType<typeof openRecentAuctions>>;

/**
 * Step 4: five minutes later everything above has ended (or left its commit phase) and closes.
 * Answers the id of the coffee's round 2.
 */
export async function closeRecentAuctions(ctx: SeedContext, recent: Recent): Promise<bigint> {
  const {
    addresses,
    publicClient,
    now,
    travel,
    log,
    english,
    dutch,
    sealed,
    rolling,
    reveal,
    settleOnce,
    listingActive,
    account,
  } = ctx;
  const {
    canon,
    walkman,
    hasselblad,
    technics,
    keyboard,
    woodblock,
    seiko,
    seikoCommitEnd,
    rolex,
    rolexCommitEnd,
    coffee,
  } = recent;
  const lastEnd = Math.max(
    seikoCommitEnd,
    rolexCommitEnd,
    ...(await Promise.all(
      [canon, walkman, hasselblad, technics, keyboard].map(async (id) =>
        Number(
          (
            await publicClient.readContract({
              address: addresses.EnglishAuctionHouse,
              abi: englishAuctionHouseAbi,
              functionName: "getAuction",
              args: [id],
            })
          ).endTime,
        ),
      ),
    )),
    Number(
      (
        await publicClient.readContract({
          address: addresses.RollingAuctionHouse,
          abi: rollingAuctionHouseAbi,
          functionName: "getRound",
          args: [coffee],
        })
      ).endTime,
    ),
  );
  const jump = lastEnd - (await now()) + 1;
  await travel(jump);
  log(`moved chain time forward ${jump} s (evm_increaseTime) to close the recent auctions`);

  // Sellers settle their own auctions (the keeper may beat them to it; the result is the same).
  for (const [id, seller] of [
    [canon, 1],
    [walkman, 2],
    [hasselblad, 1],
    [technics, 2],
    [keyboard, 4],
  ] as const) {
    await settleOnce(() => english(seller, "settle", [id]), listingActive(addresses.EnglishAuctionHouse, id));
  }
  await dutch(8, "buy", [woodblock, usdc("180")]);
  await reveal(seiko, 5, "720");
  await reveal(seiko, 7, "650");
  await reveal(seiko, 6, "510");
  await settleOnce(() => sealed(2, "settle", [seiko]), listingActive(addresses.SealedBidAuctionHouse, seiko));
  await sealed(0, "returnCollateral", [seiko, account(7).address]);
  await sealed(0, "returnCollateral", [seiko, account(6).address]);
  await reveal(rolex, 6, "3100");
  await reveal(rolex, 8, "2900");
  await settleOnce(
    () => rolling(3, "settle", [coffee]),
    async () =>
      (
        await publicClient.readContract({
          address: addresses.RollingAuctionHouse,
          abi: rollingAuctionHouseAbi,
          functionName: "getRound",
          args: [coffee],
        })
      ).open,
  );
  const coffeeRound = (
    await publicClient.readContract({
      address: addresses.RollingAuctionHouse,
      abi: rollingAuctionHouseAbi,
      functionName: "getRolling",
      args: [coffee],
    })
  ).currentRoundId;
  return coffeeRound;
}
