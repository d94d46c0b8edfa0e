import { contractAddresses } from "#lib/server/contracts.ts";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  user: locals.user ? { address: locals.user.address } : null,
  contracts: contractAddresses(),
});
