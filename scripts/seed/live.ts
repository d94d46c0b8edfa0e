/**
 * Step 6, what is live now: English auctions days long and one ending in twenty minutes, Dutch
 * prices falling, a sealed bid in its commit phase, and round 2 of the coffee with bids.
 */
import { DAY, type SeedContext, usdc } from "./context.ts";

export async function openLiveListings(ctx: SeedContext, coffeeRound: bigint) {
  const { createEnglish, bids, createdId, dutch, sealed, rolling, listing, now, commit } = ctx;
  const leica = await createEnglish("leica", {
    startPrice: "900",
    reservePrice: "1200",
    seconds: 3 * DAY,
    extensionWindow: 10 * 60,
    maxExtensions: 10,
  });
  await bids(leica, [
    [5, "1000"],
    [6, "1150"],
    [7, "1400"],
    [5, "1300"],
  ]);
  const ceramics = await createEnglish("ceramics", { startPrice: "180", seconds: 5 * DAY });
  const bike = await createEnglish("bike", { startPrice: "700", reservePrice: "850", seconds: 4 * DAY });
  await bids(bike, [[8, "760"]]);
  const aeron = createdId(
    await dutch(4, "createAuction", [
      listing("aeron", usdc("450")),
      { startTime: 0, endTime: (await now()) + 3 * DAY, decayDuration: 2 * DAY, startPrice: usdc("900") },
    ]),
  );
  const lamp = createdId(
    await dutch(3, "createAuction", [
      listing("lamp", usdc("190")),
      { startTime: 0, endTime: (await now()) + 2 * DAY, decayDuration: DAY, startPrice: usdc("320") },
    ]),
  );
  const omegaCommitEnd = (await now()) + 2 * DAY;
  const omega = createdId(
    await sealed(2, "createAuction", [
      listing("omega", usdc("3000")),
      { commitEnd: omegaCommitEnd, revealEnd: omegaCommitEnd + DAY, unrevealedPenaltyBps: 2_500, pricing: 1 },
    ]),
  );
  await commit(omega, 5, "4600", "5000");
  await commit(omega, 7, "4100", "4800");
  // Last, so that it has the most time left: the Strat ends in twenty minutes, and round 2 of the
  // coffee starts its five-minute clock with the first bid.
  const strat = await createEnglish("strat", {
    startPrice: "600",
    seconds: 20 * 60,
    extensionWindow: 5 * 60,
    maxExtensions: 10,
  });
  await bids(strat, [
    [8, "650"],
    [6, "720"],
  ]);
  await rolling(8, "bid", [coffeeRound, usdc("32")]);
  await rolling(6, "bid", [coffeeRound, usdc("36")]);
  return { leica, ceramics, bike, aeron, lamp, omega, strat };
}
