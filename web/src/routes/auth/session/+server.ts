import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** Who is signed in on this browser: `{ address }`, or `{ address: null }`. */
export const GET: RequestHandler = ({ locals }) =>
  json({ address: locals.user?.address ?? null }, { headers: { "cache-control": "no-store" } });
