import { isAdmin } from "#lib/server/arbiters.ts";
import { contractAddresses } from "#lib/server/contracts.ts";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async ({ locals }) => ({
  locale: locals.locale,
  user: locals.user ? { address: locals.user.address } : null,
  contracts: contractAddresses(),
  // Only admins see the Admin link (the page itself checks again).
  admin: locals.user ? await isAdmin(locals.user.address) : false,
});
