// The activity feed's cursor and the one way handlers append to the feed.
import type { Context } from "ponder:registry";
import { activity } from "ponder:schema";
import type { Hex } from "viem";

const BLOCK_DIGITS = 12;
const INDEX_DIGITS = 6;

export { CURSOR_PATTERN } from "./api/params.ts";

function pad(value: bigint | number, digits: number, what: string): string {
  const text = value.toString();
  if (value < 0 || text.length > digits)
    throw new RangeError(`${what} ${text} does not fit an activity cursor`);
  return text.padStart(digits, "0");
}

/** A stable, text-sortable position in the chain: comparing two cursors as strings compares events in chain order. */
export function activityCursor(blockNumber: bigint, transactionIndex: number, logIndex: number): string {
  return [
    pad(blockNumber, BLOCK_DIGITS, "block number"),
    pad(transactionIndex, INDEX_DIGITS, "transaction index"),
    pad(logIndex, INDEX_DIGITS, "log index"),
  ].join("-");
}

/** The parts of a Ponder log event the feed needs. */
interface LogEvent {
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex; transactionIndex: number };
  log: { logIndex: number };
}

/** Appends one event to the feed. `data` values are strings so amounts stay exact in JSON. */
export async function recordActivity(
  db: Context["db"],
  event: LogEvent,
  contract: string,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  await db.insert(activity).values({
    cursor: activityCursor(event.block.number, event.transaction.transactionIndex, event.log.logIndex),
    contract,
    event: name,
    blockNumber: event.block.number,
    transactionIndex: event.transaction.transactionIndex,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    data,
  });
}

/** An event argument as the feed stores it: integers in decimal, addresses lowercase, booleans "true"/"false". */
function argToString(value: unknown): string {
  if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  return JSON.stringify(value, (_key, inner) => (typeof inner === "bigint" ? inner.toString() : inner));
}

/** Ponder's decoded `event.args` → the feed's `data`: every argument under its Solidity name, as a string. */
export function argsToData(args: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) data[name] = argToString(value);
  return data;
}

/** Position of an event in the chain, the same text as its feed cursor. */
export function eventCursor(event: LogEvent): string {
  return activityCursor(event.block.number, event.transaction.transactionIndex, event.log.logIndex);
}
