import { defaultTimeZone, isTimeZone, timeZoneCookie } from "#lib/i18n/index.ts";
import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { isAdmin } from "#lib/server/arbiters.ts";
import { contractAddresses } from "#lib/server/contracts.ts";
import type { LayoutServerLoad } from "./$types";

/** Whether to show the Admin link; a slow chain gives up after 1.5 s (the page itself checks again). */
function adminLink(address: string): Promise<boolean> {
  return Promise.race([
    isAdmin(address),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_500).unref()),
  ]);
}

export const load: LayoutServerLoad = async (event) => {
  const user = event.locals.user;
  // Signed out: no role look-ups and no RPC call.
  const [admin, arbiter] = user
    ? await Promise.all([
        adminLink(user.address),
        // The same test as /arbiter's: an owner of the arbiter Safe.
        ownedSafe(event).then((safe) => safe !== null),
      ])
    : [false, false];
  const zone = event.cookies.get(timeZoneCookie);
  return {
    locale: event.locals.locale,
    /** The viewer's time zone as their browser last reported it (UTC until then). */
    timeZone: isTimeZone(zone) ? zone : defaultTimeZone,
    user: user ? { address: user.address } : null,
    contracts: contractAddresses(),
    admin,
    arbiter,
  };
};
