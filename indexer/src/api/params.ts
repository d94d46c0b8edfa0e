// The REST API's parameters: how each is checked (zod) and how a refusal is answered (400, naming
// the parameter). No Ponder import: scripts load this file.
import { isAddress } from "viem";
import { z } from "zod";

/** What an activity cursor looks like: `block-txIndex-logIndex`, each zero-padded. */
export const CURSOR_PATTERN = /^\d{12}-\d{6}-\d{6}$/;

/* ------------------------------------------------------------------ errors -------------- */

export interface Issue {
  field: string;
  message: string;
}

export function badRequest(issues: Issue[]) {
  return { error: `invalid parameter: ${issues.map((issue) => issue.field).join(", ")}`, issues };
}

/** Zod's issues as the API names them: the parameter (`id`, `limit`, …) and why it was refused. */
export const issuesOf = (error: z.ZodError): Issue[] =>
  error.issues.map((issue) => ({ field: issue.path.join(".") || "query", message: issue.message }));

/** Checks `input` against `shape`; a bad parameter becomes a 400 body naming it. */
export function parseParams<T extends z.ZodType>(shape: T, input: Record<string, string | undefined>) {
  const parsed = shape.safeParse(input);
  if (parsed.success) return { ok: true as const, value: parsed.data as z.infer<T> };
  return { ok: false as const, body: badRequest(issuesOf(parsed.error)) };
}

/* ------------------------------------------------------------------ parameters ---------- */

/** A whole number in min..max (e.g. `limit`). */
export const intInRange = (min: number, max: number) =>
  z.coerce
    .number<string>({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A uint256 id in decimal. */
export const idParam = z
  .string()
  .regex(/^\d{1,78}$/, "must be a decimal id")
  .transform((value) => BigInt(value))
  .refine((value) => value < 2n ** 256n, "must fit in uint256");

/** An address in any case → lowercase, as stored. */
export const addressParam = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 0x-prefixed 20-byte hex address")
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** Most addresses one `addresses` list may hold (a page of cards). */
export const MAX_ADDRESSES = 100;

/**
 * A comma-separated list of 1–100 addresses in any case → lowercase, duplicates dropped, in the
 * order given. A bad entry is refused naming its position.
 */
export const addressListParam = z.string().transform((value, ctx) => {
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.length > MAX_ADDRESSES) {
    ctx.addIssue({ code: "custom", message: `must list at most ${MAX_ADDRESSES} addresses` });
    return z.NEVER;
  }
  const out: `0x${string}`[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isAddress(entry, { strict: false })) {
      ctx.addIssue({
        code: "custom",
        message: `entry ${index + 1} must be a 0x-prefixed 20-byte hex address (comma-separated list)`,
      });
      return z.NEVER;
    }
    const lower = entry.toLowerCase() as `0x${string}`;
    if (!out.includes(lower)) out.push(lower);
  }
  return out;
});

/** A USDC decimal amount (`12.5`, at most 6 decimals) → raw units. */
export const usdcParam = z
  .string()
  .regex(/^\d{1,20}(\.\d{1,6})?$/, "must be a USDC amount such as 12.5 (at most 6 decimals)")
  .transform((value) => {
    const [whole = "0", fraction = ""] = value.split(".");
    return BigInt(whole) * 10n ** 6n + BigInt(fraction.padEnd(6, "0"));
  });

export const cursorField = (what: string) =>
  z.string().regex(CURSOR_PATTERN, `must be a cursor from ${what}`);
