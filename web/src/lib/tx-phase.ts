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
