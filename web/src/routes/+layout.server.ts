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

export const load: LayoutServerLoad = async ({ locals }) => ({
  locale: locals.locale,
  user: locals.user ? { address: locals.user.address } : null,
  contracts: contractAddresses(),
  admin: locals.user ? await adminLink(locals.user.address) : false,
});
