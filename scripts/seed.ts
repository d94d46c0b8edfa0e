// The demo seed: on a fresh local chain, a believable marketplace made the way users make it —
// through the contracts, never by writing a database. Hardhat's well-known accounts 1–4 sell,
// 5–8 bid (and 3 buys too); accounts 10–12 own the arbiters' 2-of-3 Safe, which rules one
// dispute and has another waiting. With the web app's URL, each seller signs in with Sign-In-With-Ethereum, uploads
// pictures drawn in code and stores the listing's metadata exactly as the Sell page does.
//
// Afterwards: English auctions with proxy bids (one about to end), Dutch prices falling, a
// sealed-bid auction in its commit phase and one in its reveal phase, a rolling listing with a
// round running, and deals in every state (paid, shipped, completed, refunded, disputed,
// resolved) with reviews. Time moves with evm_increaseTime + evm_mine only, by as little as the
// shortest auction allows (about five minutes), so chain time stays close to the wall clock.
//
//   node scripts/seed.ts                         # RPC_URL (default http://127.0.0.1:8545), WEB_URL optional
//   RPC_URL=… WEB_URL=http://127.0.0.1:5173 GAVEL_ADDRESSES='{"TestUSDC":"0x…",…}' node scripts/seed.ts
//
// The steps live in scripts/seed/: accounts and allowances, the catalogue, the web upload, the
// recent past (one function per format), the deals, and what is live now.
import { z } from "zod";
import { approveHouses, chainRoles, demoAccountLines, demoAccounts } from "./seed/accounts.ts";
import { handArbitrationToSafe } from "./seed/arbiters.ts";
import { connect, refuseUnlessFresh } from "./seed/context.ts";
import { moveDeals } from "./seed/deals.ts";
import { openLiveListings } from "./seed/live.ts";
import { closeRecentAuctions, openRecentAuctions } from "./seed/recent.ts";
import type { SeedOptions, SeedResult } from "./seed/types.ts";
import { uploadMedia } from "./seed/web.ts";

export type { DemoAccount, SeedAddresses, SeedOptions, SeedResult } from "./seed/types.ts";
export { chainRoles, demoAccountLines, demoAccounts };

/* ------------------------------------------------------------------------------ the seed ------- */

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const ctx = await connect(options);
  const { log, now } = ctx;
  await refuseUnlessFresh(ctx);

  // 1. Pictures and metadata on the web app, as each seller (all sellers at once).
  let media: SeedResult["media"] = "none";
  if (options.webUrl) {
    await uploadMedia(ctx, options.webUrl);
    media = "uploaded";
  }
  // 2. Allowances: every trader lets every house pull USDC.
  await approveHouses(ctx);
  // 2b. The arbiters: a 2-of-3 Safe of demo accounts takes ARBITER_ROLE from the deployer.
  const arbiterSafe = await handArbitrationToSafe(ctx);
  // 3. The recent past: short auctions that will be over after a five-minute jump.
  const recent = await openRecentAuctions(ctx);
  // 4. Five minutes later: everything above has ended (or left its commit phase) and closes.
  const coffeeRound = await closeRecentAuctions(ctx, recent);
  // 5. The deals move on: shipped, confirmed, refunded, disputed, ruled; reviews where done.
  await moveDeals(ctx, recent, arbiterSafe);
  // 6. What is live now.
  const { leica, ceramics, bike, aeron, lamp, omega, strat } = await openLiveListings(ctx, coffeeRound);
  const { canon, walkman, hasselblad, technics, keyboard, woodblock, rolex, seiko, coffee } = recent;

  const seconds = (Date.now() - started) / 1000;
  const clockAheadSeconds = (await now()) - Math.floor(Date.now() / 1000);
  log(
    `seeded 16 listings in all four formats and 8 deals in every state: ${ctx.stats.transactions} transactions in ${seconds.toFixed(1)} s`,
  );
  const s = (id: bigint) => id.toString();
  return {
    seconds,
    media,
    clockAheadSeconds,
    auctions: {
      englishLive: s(leica),
      englishEndingSoon: s(strat),
      englishFresh: s(ceramics),
      englishBike: s(bike),
      dutchChair: s(aeron),
      dutchLamp: s(lamp),
      sealedCommit: s(omega),
      sealedReveal: s(rolex),
      rollingListing: s(coffee),
      rollingRound: s(coffeeRound),
    },
    deals: {
      paid: s(canon),
      shipped: s(walkman),
      completed: s(hasselblad),
      completedDutch: s(woodblock),
      completedRolling: s(coffee),
      refunded: s(technics),
      disputed: s(seiko),
      resolved: s(keyboard),
    },
    arbiterSafe,
    accounts: demoAccounts(),
  };
}

/* ------------------------------------------------------------------------------ CLI ------------ */

if (import.meta.main) {
  const env = z
    .object({
      RPC_URL: z.url().default("http://127.0.0.1:8545"),
      WEB_URL: z.url().optional(),
      GAVEL_ADDRESSES: z.string().optional(),
      DEPLOYMENT_ID: z
        .string()
        .regex(/^[\w-]+$/)
        .optional(),
    })
    .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!env.success) {
    for (const issue of env.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
    process.exit(2);
  }
  const { RPC_URL, WEB_URL, GAVEL_ADDRESSES, DEPLOYMENT_ID } = env.data;
  try {
    let addresses: Record<string, string>;
    if (GAVEL_ADDRESSES) addresses = JSON.parse(GAVEL_ADDRESSES);
    else {
      const { readDeployment, rpc } = await import("./lib/chain.ts");
      const chainId = Number.parseInt(await rpc<string>(RPC_URL, "eth_chainId"), 16);
      addresses = readDeployment(DEPLOYMENT_ID ?? `chain-${chainId}`);
    }
    const result = await seedDemo({ rpcUrl: RPC_URL, addresses, webUrl: WEB_URL, log: console.log });
    console.log(JSON.stringify({ auctions: result.auctions, deals: result.deals }, null, 2));
    const roles = await chainRoles(RPC_URL, addresses, result.arbiterSafe);
    for (const line of demoAccountLines(roles)) console.log(line);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
