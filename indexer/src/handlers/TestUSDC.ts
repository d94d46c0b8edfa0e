// TestUSDC (the payment token): transfers, balances, and the activity feed.
import { ponder } from "ponder:registry";
import { account, transfer } from "ponder:schema";
import { type Address, formatUnits, zeroAddress } from "viem";
import { recordActivity } from "../activity.ts";

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

  const credit = async (address: Address, delta: bigint) => {
    if (address === zeroAddress) return; // mint or burn
    await context.db
      .insert(account)
      .values({ address, balance: delta })
      .onConflictDoUpdate((row) => ({ balance: row.balance + delta }));
  };
  await credit(from, -value);
  await credit(to, value);

  await recordActivity(context.db, event, "TestUSDC", "Transfer", {
    from,
    to,
    amount: value.toString(),
    amountDecimal: formatUnits(value, USDC_DECIMALS),
  });
});
