// Stores every event the indexer handles (TestUSDC transfers, every GavelConfig and house event)
// as a raw log row, and nothing else.

import { ponder } from "ponder:registry";
import { rawLog } from "ponder:schema";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
} from "@gavel/sdk";

interface RawEvent {
  id: string;
  block: { number: bigint };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number; topics: `0x${string}`[]; data: `0x${string}` };
}
interface RawContext {
  db: { insert(table: typeof rawLog): { values(row: typeof rawLog.$inferInsert): Promise<unknown> } };
}
type Register = (
  name: string,
  handler: (args: { event: RawEvent; context: RawContext }) => Promise<void>,
) => void;

const sources: [string, readonly { type: string; name?: string }[]][] = [
  ["TestUSDC", [{ type: "event", name: "Transfer" }]],
  ["GavelConfig", gavelConfigAbi],
  ["EnglishAuctionHouse", englishAuctionHouseAbi],
  ["DutchAuctionHouse", dutchAuctionHouseAbi],
  ["SealedBidAuctionHouse", sealedBidAuctionHouseAbi],
  ["RollingAuctionHouse", rollingAuctionHouseAbi],
];

// Event names are only known at run time here, so `ponder.on` is called through a loose type.
const register = ponder.on.bind(ponder) as unknown as Register;
for (const [contract, abi] of sources) {
  for (const item of abi) {
    if (item.type !== "event" || !item.name) continue;
    const event = item.name;
    register(`${contract}:${event}`, async ({ event: e, context }) => {
      await context.db.insert(rawLog).values({
        id: e.id,
        contract,
        event,
        blockNumber: e.block.number,
        logIndex: e.log.logIndex,
        transactionHash: e.transaction.hash,
        topics: e.log.topics,
        data: e.log.data,
      });
    });
  }
}
