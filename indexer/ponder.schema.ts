// Gavel's indexed tables. Every row is derived from contract events; Ponder rolls rows back on a
// reorg. Money is `bigint` (raw token units), addresses are `hex`.
import { index, onchainTable } from "ponder";

/** One row per TestUSDC (the payment token) Transfer. `id` is Ponder's event id. */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    fromIdx: index("transfer_from_idx").on(table.from),
    toIdx: index("transfer_to_idx").on(table.to),
  }),
);

/** Payment-token balance per address, from transfers (the zero address, mint and burn side, is not kept). */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
}));

/**
 * The ordered feed the bot and the live UI read: one row per event, in chain order. `cursor` is
 * the zero-padded `block-txIndex-logIndex` (see src/activity.ts), so sorting the text sorts the
 * chain; `data` holds the event's fields as strings (amounts in raw units, exact).
 */
export const activity = onchainTable("activity", (t) => ({
  cursor: t.text().primaryKey(),
  contract: t.text().notNull(),
  event: t.text().notNull(),
  blockNumber: t.bigint().notNull(),
  transactionIndex: t.integer().notNull(),
  logIndex: t.integer().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  data: t.json().$type<Record<string, string>>().notNull(),
}));
