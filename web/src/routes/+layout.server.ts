import { ownedSafe } from "#lib/server/arbiter-access.ts";
import { contractAddresses } from "#lib/server/contracts.ts";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async (event) => ({
  locale: event.locals.locale,
  user: event.locals.user ? { address: event.locals.user.address } : null,
  contracts: contractAddresses(),
  // The same test as /arbiter's: an owner of the arbiter Safe (signed out: false, no RPC call).
  arbiter: event.locals.user ? (await ownedSafe(event)) !== null : false,
});
