import type { RequestEvent } from "@sveltejs/kit";
import { ORIGIN } from "$app/env/private";

/**
 * The site's public origin: `ORIGIN` from the configuration. Only on the local chain (31337),
 * where start-up allows it unset, is the request's own origin used instead (src/env.ts).
 */
export function siteOrigin(event: Pick<RequestEvent, "url">): string {
  return ORIGIN ?? event.url.origin;
}
