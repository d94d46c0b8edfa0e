// Stand-in for SvelteKit's `$app/navigation` in unit tests: navigations are recorded, not made.
export const navigations: string[] = [];

export async function goto(url: string | URL): Promise<void> {
  navigations.push(String(url));
}

export async function invalidateAll(): Promise<void> {}

/** Reloads of data that depend on `key`, recorded. */
export const invalidations: string[] = [];

export async function invalidate(key: string): Promise<void> {
  invalidations.push(key);
}
