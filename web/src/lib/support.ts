/**
 * Support tickets: the schemas shared by the browser (checked before sending) and the server
 * (checked again; a 400 names the field). Messages are i18n keys (`support.error.*`).
 */
import { z } from "./zod.ts";

export const ticketStatuses = ["open", "answered", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketLimits = { subjectMin: 3, subject: 120, bodyMin: 10, body: 4000 } as const;

/** An optional auction or deal id: empty means none. */
const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^(\d{1,78})?$/, message)
    .optional()
    .transform((value) => (value ? value.replace(/^0+(?=\d)/, "") : null));

export const ticketSchema = z.object({
  subject: z
    .string({ error: "support.error.subject" })
    .trim()
    .min(ticketLimits.subjectMin, "support.error.subject")
    .max(ticketLimits.subject, "support.error.subject"),
  body: z
    .string({ error: "support.error.body" })
    .trim()
    .min(ticketLimits.bodyMin, "support.error.body")
    .max(ticketLimits.body, "support.error.body"),
  auctionId: optionalId("support.error.auctionId"),
  dealId: optionalId("support.error.dealId"),
});
export type TicketInput = z.output<typeof ticketSchema>;

/** A reply and/or a new status (the status only from arbiters and admins). */
export const ticketUpdateSchema = z
  .object({
    reply: z
      .string({ error: "support.error.reply" })
      .trim()
      .max(ticketLimits.body, "support.error.reply")
      .optional()
      .transform((value) => value || null),
    status: z.enum(ticketStatuses, { error: "support.error.status" }).optional(),
  })
  .refine((update) => update.reply !== null || update.status !== undefined, {
    message: "support.error.reply",
    path: ["reply"],
  });
export type TicketUpdate = z.output<typeof ticketUpdateSchema>;

export type SendResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      errors: Record<string, string>;
      failure: "support.error.server" | "support.error.rateLimited" | null;
    };

/**
 * Browser side: POSTs `payload` as JSON to a ticket endpoint. A 400 naming a field becomes that
 * field's error (the server's message is an i18n key); other failures one message key.
 */
export async function sendTicketJson<T>(url: string, payload: unknown): Promise<SendResult<T>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    const body = (await response.json().catch(() => ({}))) as { field?: string; detail?: string };
    if (response.ok) return { ok: true, value: body as T };
    if (response.status === 400 && body.field) {
      return { ok: false, errors: { [body.field]: body.detail ?? "support.error.server" }, failure: null };
    }
    return {
      ok: false,
      errors: {},
      failure: response.status === 429 ? "support.error.rateLimited" : "support.error.server",
    };
  } catch {
    return { ok: false, errors: {}, failure: "support.error.server" };
  }
}
