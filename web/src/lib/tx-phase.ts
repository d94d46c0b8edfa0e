/**
 * Transaction phases in which nothing is happening any more (the form may be used again). Kept
 * apart from the wallet code so pages can ask without loading it.
 */
const resting = new Set([
  "idle",
  "indexed",
  "rejected",
  "failed",
  "insufficient",
  "wrongAccount",
  "wrongNetwork",
  "networkChanged",
]);

/** Whether a transaction is under way in this phase (its buttons stay disabled). */
export function txBusy(phase: { kind: string } | null | undefined): boolean {
  return Boolean(phase && !resting.has(phase.kind));
}

/**
 * One status line fed by successive actions. `start()` begins a new action and answers whether
 * that action is still the latest: a slow answer to an older one (its wallet, its indexer wait)
 * then cannot overwrite what a newer one shows.
 */
export function latestAction(): { start(): () => boolean } {
  let latest = 0;
  return {
    start() {
      latest += 1;
      const mine = latest;
      return () => mine === latest;
    },
  };
}
