/** Step 5: the deals move on — shipped, confirmed, refunded, disputed, ruled; reviews where done. */
import type { Address } from "viem";
import { ruleThroughSafe } from "./arbiters.ts";
import { type SeedContext, sha256, textUri } from "./context.ts";
import type { Recent } from "./recent.ts";

export async function moveDeals(ctx: SeedContext, recent: Recent, arbiterSafe: Address): Promise<void> {
  const { english, dutch, sealed, rolling } = ctx;
  const { walkman, hasselblad, technics, keyboard, woodblock, seiko, coffee } = recent;
  const tracking = (text: string) => sha256(text);
  const review = async (call: typeof english, from: number, id: bigint, rating: number, text: string) => {
    const { uri, hash } = textUri(text);
    await call(from, "review", [id, rating, hash, uri]);
  };
  const dispute = async (call: typeof english, from: number, id: bigint, text: string) => {
    const { uri, hash } = textUri(text);
    await call(from, "openDispute", [id, hash, uri]);
  };
  // paid: canon (seller 1 has not shipped yet)
  // shipped: walkman
  await english(2, "ship", [walkman, tracking("Royal Mail tracked 48: RM482913377GB")]);
  // completed: hasselblad, with reviews both ways
  await english(1, "ship", [hasselblad, tracking("DHL Express 4821093377")]);
  await english(3, "confirm", [hasselblad]);
  await review(
    english,
    3,
    hasselblad,
    5,
    "Exactly as described, beautifully packed, and the Planar is sharp wide open. Would buy again.",
  );
  await review(english, 1, hasselblad, 5, "Quick payment and friendly messages. A pleasure.");
  // (The confirm paid seller 1's proceeds straight to their wallet: nothing to withdraw.)
  // refunded: technics (seller refunds before shipping)
  await english(2, "refund", [technics]);
  // resolved: keyboard, disputed by the buyer and ruled 30 % to the buyer by two of the three arbiters
  await english(4, "ship", [keyboard, tracking("UPS 1Z999AA10123456784")]);
  await dispute(
    english,
    5,
    keyboard,
    "Two keys (E and Enter) do not register; photos and a video in the deal chat.",
  );
  await ruleThroughSafe(ctx, arbiterSafe, ctx.addresses.EnglishAuctionHouse, keyboard, 3000);
  await review(english, 5, keyboard, 3, "Nice board, but two dead switches. The arbiter's split was fair.");
  await review(english, 4, keyboard, 4, "Buyer was reasonable about the fix.");
  // completed (Dutch): woodblock
  await dutch(3, "ship", [woodblock, tracking("Flat-pack courier: FP-20931")]);
  await dutch(8, "confirm", [woodblock]);
  await review(dutch, 8, woodblock, 4, "Lovely print, colours are deeper in person. Corner slightly bumped.");
  // disputed (open): seiko, shipped and disputed by the buyer — waiting for the arbiters on /arbiter
  await sealed(2, "ship", [seiko, tracking("Insured post: CX118840021DE")]);
  await dispute(
    sealed,
    5,
    seiko,
    "Crystal arrived cracked at 4 o'clock; the box was not damaged. Photos attached in the chat.",
  );
  // completed (rolling): the first bag of coffee
  await rolling(3, "ship", [coffee, tracking("Local courier: GUJI-0001")]);
  await rolling(7, "confirm", [coffee]);
  await review(
    rolling,
    7,
    coffee,
    5,
    "Best natural I've had this year. Roast date on the bag, arrived in two days.",
  );
}
