import type { RequestEvent } from "@sveltejs/kit";
import { type ArbiterSafe, arbiters } from "./arbiters.ts";

/** The arbiter Safe the signed-in wallet owns, or null (signed out, or not an owner). */
export async function ownedSafe(event: RequestEvent): Promise<{ me: string; safe: ArbiterSafe } | null> {
  const me = event.locals.user?.address.toLowerCase();
  if (!me) return null;
  const safe = (await arbiters()).safes.find((s) => s.owners.some((o) => o.toLowerCase() === me));
  return safe ? { me, safe } : null;
}
