import { invalidate } from "$app/navigation";

/** What `/auction/[id]/state` answers: this site's view of the indexer for one auction. */
export interface AuctionState {
  transactions: string[];
  settled: boolean;
  committed: string[];
  revealed: string[];
}

/**
 * Polls this site's view of the indexer until `done` sees the transaction's effect (or gives up
 * after a minute), then reloads the page's data.
 */
export async function waitIndexed(
  auctionId: string,
  done: (state: AuctionState) => boolean,
): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    const response = await fetch(`/auction/${auctionId}/state`).catch(() => null);
    if (response?.ok) {
      const state = (await response.json()) as AuctionState;
      if (done(state)) {
        await invalidate(`auction:${auctionId}`);
        return true;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
