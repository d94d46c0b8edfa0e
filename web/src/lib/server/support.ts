import type { RequestEvent } from "@sveltejs/kit";
import type { TicketInput, TicketStatus, TicketUpdate } from "#lib/support.ts";
import { isAdmin, isArbiter } from "./arbiters.ts";
import { pool } from "./db.ts";

/** Tickets one wallet may file per minute (counted in Postgres, like the auth routes' limit). */
export const TICKETS_PER_MINUTE = 5;

export interface Ticket {
  id: string;
  author: string;
  subject: string;
  body: string;
  auctionId: string | null;
  dealId: string | null;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
}

export interface TicketReply {
  id: string;
  author: string;
  staff: boolean;
  body: string;
  at: string;
}

interface TicketRow {
  id: string;
  author: string;
  subject: string;
  body: string;
  auction_id: string | null;
  deal_id: string | null;
  status: TicketStatus;
  created_at: Date;
  updated_at: Date;
}

const columns = "id, author, subject, body, auction_id, deal_id, status, created_at, updated_at";

const toTicket = (row: TicketRow): Ticket => ({
  id: String(row.id),
  author: row.author,
  subject: row.subject,
  body: row.body,
  auctionId: row.auction_id,
  dealId: row.deal_id,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Arbiters and admins answer tickets and see all of them. */
export async function isStaff(address: string): Promise<boolean> {
  const [arbiter, admin] = await Promise.all([isArbiter(address), isAdmin(address)]);
  return arbiter || admin;
}

export type Viewer = { ok: true; me: string; staff: boolean } | { ok: false; status: 401; error: string };

/** The signed-in wallet (lowercase) and whether it is staff; 401 when signed out. */
export async function supportViewer(event: RequestEvent): Promise<Viewer> {
  const user = event.locals.user;
  if (!user) return { ok: false, status: 401, error: "sign_in_required" };
  const me = user.address.toLowerCase();
  return { ok: true, me, staff: await isStaff(me) };
}

export type TicketAccess =
  | { ok: true; me: string; staff: boolean; ticket: Ticket }
  | { ok: false; status: 400 | 401 | 403 | 404; error: string };

/** Ticket `id` for its author and for staff; 403 for anyone else, checked here on the server. */
export async function ticketAccess(event: RequestEvent, id: string): Promise<TicketAccess> {
  const viewer = await supportViewer(event);
  if (!viewer.ok) return viewer;
  if (!/^\d{1,18}$/.test(id)) return { ok: false, status: 400, error: "bad_request" };
  const { rows } = await pool.query<TicketRow>(`select ${columns} from web.support_tickets where id = $1`, [
    id,
  ]);
  const row = rows[0];
  if (!row) return { ok: false, status: 404, error: "not_found" };
  if (row.author !== viewer.me && !viewer.staff) return { ok: false, status: 403, error: "forbidden" };
  return { ok: true, me: viewer.me, staff: viewer.staff, ticket: toTicket(row) };
}

export async function createTicket(author: string, input: TicketInput): Promise<Ticket> {
  const { rows } = await pool.query<TicketRow>(
    `insert into web.support_tickets (author, subject, body, auction_id, deal_id)
     values ($1, $2, $3, $4, $5) returning ${columns}`,
    [author, input.subject, input.body, input.auctionId, input.dealId],
  );
  return toTicket(rows[0]!);
}

/** Newest first: one author's tickets, or everyone's (for staff), optionally of one status. */
export async function listTickets(
  filter: { author?: string; status?: TicketStatus } = {},
  limit = 200,
): Promise<Ticket[]> {
  const { rows } = await pool.query<TicketRow>(
    `select ${columns} from web.support_tickets
     where ($1::text is null or author = $1) and ($2::text is null or status = $2)
     order by id desc limit $3`,
    [filter.author ?? null, filter.status ?? null, limit],
  );
  return rows.map(toTicket);
}

export async function listReplies(ticketId: string): Promise<TicketReply[]> {
  const { rows } = await pool.query<{
    id: string;
    author: string;
    staff: boolean;
    body: string;
    created_at: Date;
  }>("select id, author, staff, body, created_at from web.support_replies where ticket_id = $1 order by id", [
    ticketId,
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    author: r.author,
    staff: r.staff,
    body: r.body,
    at: r.created_at.toISOString(),
  }));
}

/**
 * Adds a reply and/or sets the status, in one transaction. A staff reply without a status marks
 * the ticket answered; the author's reply reopens it.
 */
export async function updateTicket(
  ticket: Ticket,
  by: { me: string; staff: boolean },
  update: TicketUpdate,
): Promise<Ticket> {
  const status: TicketStatus =
    update.status ?? (update.reply === null ? ticket.status : by.staff ? "answered" : "open");
  const client = await pool.connect();
  try {
    await client.query("begin");
    if (update.reply !== null) {
      await client.query(
        "insert into web.support_replies (ticket_id, author, staff, body) values ($1, $2, $3, $4)",
        [ticket.id, by.me, by.staff, update.reply],
      );
    }
    const { rows } = await client.query<TicketRow>(
      `update web.support_tickets set status = $2, updated_at = now() where id = $1 returning ${columns}`,
      [ticket.id, status],
    );
    await client.query("commit");
    return toTicket(rows[0]!);
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
