/**
 * The viewer's time zone as the browser reports it, once the app has started in the browser
 * (null on the server, where the `gavel_tz` cookie from an earlier visit stands in for it).
 */
import { isTimeZone, timeZoneCookie } from "./index.ts";

export const viewer = $state<{ timeZone: string | null }>({ timeZone: null });

/** Reads the browser's time zone, shows dates in it and remembers it for server renders. */
export function detectTimeZone(known: unknown): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(zone)) return;
  viewer.timeZone = zone;
  if (zone !== known) {
    // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie, no Cookie Store API needed
    document.cookie = `${timeZoneCookie}=${encodeURIComponent(zone)}; path=/; max-age=${365 * 86_400}; samesite=lax`;
  }
}
