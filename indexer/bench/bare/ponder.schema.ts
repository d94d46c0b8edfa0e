// One table: every log, raw.
import { onchainTable } from "ponder";

export const rawLog = onchainTable("raw_log", (t) => ({
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  event: t.text().notNull(),
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  transactionHash: t.hex().notNull(),
  topics: t.json().$type<string[]>().notNull(),
  data: t.hex().notNull(),
}));
