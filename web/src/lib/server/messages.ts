import type { RequestEvent } from "@sveltejs/kit";
import { z } from "zod";
import { INDEXER_URL } from "$app/env/private";
import { isArbiter } from "./arbiters.ts";
import { pool } from "./db.ts";
import { type Deal, getDeal } from "./indexer.ts";

export const messageSchema = z.object({ body: z.string().trim().min(1).max(4000) });

export interface DealMessage {
  id: string;
  author: string;
  body: string;
  at: string;
}

export type Access =
  | { ok: true; deal: Deal; me: string; role: "buyer" | "seller" | "arbiter" }
  | { ok: false; status: number; error: string };

/**
 * Who may read and write deal `id`'s messages: its buyer and seller, and the arbiters once the
 * deal has had a dispute. Everyone else is refused here, on the server.
 */
export async function messageAccess(event: RequestEvent, id: string): Promise<Access> {
  const user = event.locals.user;
  if (!user) return { ok: false, status: 401, error: "sign_in_required" };
  if (!/^\d{1,78}$/.test(id)) return { ok: false, status: 400, error: "bad_request" };
  const result = await getDeal({ baseUrl: INDEXER_URL, fetch: event.fetch }, id);
  if (!result.ok) {
    return result.problem === "not_found"
      ? { ok: false, status: 404, error: "not_found" }
      : { ok: false, status: 503, error: "unavailable" };
  }
  const deal = result.value;
  const me = user.address.toLowerCase();
  if (deal.buyer === me) return { ok: true, deal, me, role: "buyer" };
  if (deal.seller === me) return { ok: true, deal, me, role: "seller" };
  if (deal.dispute && (await isArbiter(me))) return { ok: true, deal, me, role: "arbiter" };
  return { ok: false, status: 403, error: "forbidden" };
}

export async function listMessages(dealId: string, after = "0"): Promise<DealMessage[]> {
  const { rows } = await pool.query<{ id: string; author: string; body: string; created_at: Date }>(
    "select id, author, body, created_at from web.deal_messages where deal_id = $1 and id > $2 order by id limit 500",
    [dealId, after],
  );
  return rows.map((r) => ({
    id: String(r.id),
    author: r.author,
    body: r.body,
    at: r.created_at.toISOString(),
  }));
}

export async function addMessage(dealId: string, author: string, body: string): Promise<DealMessage> {
  const { rows } = await pool.query<{ id: string; created_at: Date }>(
    "insert into web.deal_messages (deal_id, author, body) values ($1, $2, $3) returning id, created_at",
    [dealId, author, body],
  );
  const row = rows[0]!;
  return { id: String(row.id), author, body, at: row.created_at.toISOString() };
}
