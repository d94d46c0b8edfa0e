// The indexer's activity items, as `GET /api/activity` and `/api/activity/stream` serve them.
import { z } from "zod";

export const activityItemSchema = z.object({
  /** `block-txIndex-logIndex`, zero-padded: comparing cursors as text compares chain order. */
  cursor: z.string().regex(/^\d{12}-\d{6}-\d{6}$/),
  contract: z.string(),
  event: z.string(),
  blockNumber: z.number().int().nonnegative(),
  transactionIndex: z.number().int().nonnegative(),
  logIndex: z.number().int().nonnegative(),
  timestamp: z.number().int().nonnegative(),
  transactionHash: z.string(),
  /** Event fields, every value a string (amounts in raw units). */
  data: z.record(z.string(), z.string()),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

export const activityPageSchema = z.object({
  items: z.array(activityItemSchema),
  nextCursor: z.string().nullable(),
  hasMore: z.boolean().optional(),
});
