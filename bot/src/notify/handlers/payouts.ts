// Payouts: balances credited (a transfer the token refused, or a refund) and withdrawn.
import { addr, creditKey, type EventHandler, uint } from "./common.ts";

/**
 * The generic "added to your balance" note. It is remembered in bot.credits, so the event right
 * after it in the same transaction, which explains the credit, can replace the note (`credit`).
 */
const balanceCredited: EventHandler = async ({ client }, item) => {
  const d = item.data;
  const amount = uint(d.amount, "amount");
  await client.query(
    "insert into bot.credits (tx, account, amount) values ($1, $2, $3) on conflict do nothing",
    [item.transactionHash.toLowerCase(), addr(d.account), amount],
  );
  return {
    notes: [
      {
        audience: { wallets: [addr(d.account)] },
        kind: "funds",
        key: "note-funds",
        args: { amount: { usdc: amount } },
        dashboard: true,
        credit: creditKey(item.transactionHash, addr(d.account), amount),
      },
    ],
  };
};

const withdrawn: EventHandler = async (_ctx, item) => {
  const d = item.data;
  const account = addr(d.account);
  const recipient = addr(d.recipient);
  return {
    notes: [
      {
        audience: { wallets: [account] },
        kind: "funds",
        key: "note-withdrawn",
        args: {
          amount: { usdc: uint(d.amount, "amount") },
          to: recipient === account ? "self" : "other",
          recipient: { address: recipient },
        },
        dashboard: true,
      },
    ],
  };
};

export const payoutHandlers: Record<string, EventHandler> = {
  BalanceCredited: balanceCredited,
  Withdrawn: withdrawn,
};
