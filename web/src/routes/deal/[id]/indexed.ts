import type { Translator } from "#lib/i18n/index.ts";
import { invalidate } from "$app/navigation";

/** The deal transactions the page sends (each with its own progress). */
export type Action =
  | "ship"
  | "confirm"
  | "extend"
  | "release"
  | "reclaim"
  | "refund"
  | "dispute"
  | "timeout"
  | "review";

/** What `/deal/[id]/state` answers: this site's view of the indexer for one deal. */
export interface DealState {
  status: string;
  dispute: boolean;
  reviews: number;
  confirmExtension: number;
}

/** One deal transaction, told in words from the wallet to "indexed"; true once it is sent. */
export type Run = (
  action: Action,
  functionName: string,
  args: readonly unknown[],
  done: (s: DealState) => boolean,
) => Promise<boolean>;

/** Uploads pictures, then stores a note; answers its on-chain hash and URI (null: failed, said). */
export type StoreNote = (
  action: Action,
  kind: "evidence" | "review",
  text: string,
  files: FileList | null,
) => Promise<{ uri: string; hash: `0x${string}` } | null>;

/** Polls this site's view of the indexer until `done` (or a minute), then reloads the page's data. */
export async function waitIndexed(dealId: string, done: (state: DealState) => boolean): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    const response = await fetch(`/deal/${dealId}/state`).catch(() => null);
    if (response?.ok && done((await response.json()) as DealState)) {
      await invalidate(`deal:${dealId}`);
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

export const statusIs = (status: string) => (s: DealState) => s.status === status;

export const DAY = 86_400;

/** A span of seconds in whole days (and hours when it is not whole days). */
export function span(i18n: Translator, seconds: number): string {
  const days = Math.floor(seconds / DAY);
  const hours = Math.floor((seconds % DAY) / 3600);
  return hours === 0
    ? i18n.t("duration.days", { count: days })
    : days === 0
      ? i18n.t("duration.hours", { count: hours })
      : `${i18n.t("duration.days", { count: days })} ${i18n.t("duration.hours", { count: hours })}`;
}
