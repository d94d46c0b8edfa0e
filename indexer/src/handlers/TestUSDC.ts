// TestUSDC (the payment token): transfers, balances, and the activity feed.
import { ponder } from "ponder:registry";
import { transfer } from "ponder:schema";
import { formatUnits } from "viem";
import { eventCursor, recordActivity } from "../activity.ts";
import { touchAccount } from "../model.ts";
import { linkTransfer, touchesHouse } from "../transfer-links.ts";

const USDC_DECIMALS = 6;

ponder.on("TestUSDC:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  await context.db.insert(transfer).values({
    id: event.id,
    from,
    to,
    amount: value,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });

  // Balances of both sides (the zero address, mint or burn side, is not an account).
  await touchAccount(context.db, from, event.block.timestamp, { balance: -value });
  await touchAccount(context.db, to, event.block.timestamp, { balance: value });

  await recordActivity(context.db, event, "TestUSDC", "Transfer", {
    from,
    to,
    amount: value.toString(),
    amountDecimal: formatUnits(value, USDC_DECIMALS),
    // Into or out of a house (a bid's escrow, a refund, a payout): the listing it moved money for.
    ...(touchesHouse(context.contracts, from, to)
      ? await linkTransfer(context.db, event.transaction.hash, eventCursor(event))
      : null),
  });
});
