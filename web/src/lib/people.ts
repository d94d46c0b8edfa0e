/**
 * How people are shown: the name and avatar a wallet set on Gavel (web.profiles), else its Base
 * name (when NAME_RPC_URL is configured), else nothing (the caller shows the short address).
 * Loads put a `people` map (lowercase address → Person) in the page data; AddressLink reads it.
 */
export interface Person {
  /** Display name set on Gavel. */
  name: string | null;
  /** `/media/<sha-256>` on this site, or null. */
  avatar: string | null;
  /** Reverse-resolved Base name (e.g. alice.base.eth), when configured and found. */
  baseName?: string | null;
}

export type People = Record<string, Person>;

/** The name to show: Gavel's display name wins, then the Base name; null for the short address. */
export function displayName(person: Person | null | undefined): string | null {
  return person?.name || person?.baseName || null;
}
