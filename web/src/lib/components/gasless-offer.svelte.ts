/**
 * Whether a panel that pays USDC into a house (bid, Dutch buy, sealed commit) goes gasless: the
 * relayer has budget and the signed-in wallet too little ETH for the gas (asked once per wallet,
 * with the wallet code loaded on demand), unless the bidder chose to pay the gas after all. Create
 * it during component initialisation; `GaslessOffer.svelte` shows it.
 */
import { PUBLIC_RELAYER_URL } from "$app/env/public";

export type GaslessFallback = "budget" | "unavailable";

export interface GaslessOfferState {
  /** The relayer has budget and this wallet too little ETH: the panel's button signs instead. */
  readonly offered: boolean;
  /** The bidder chose to pay the gas from the wallet after all (one click, and back). */
  payOwnGas: boolean;
  /** Why the last attempt went wallet-paid although the gasless path was offered. */
  readonly fallback: GaslessFallback | null;
  /** For the next attempt: whether to try the relayer first, and where to say why it was not used. */
  choice(): { gasless: boolean; onFallback: (why: GaslessFallback) => void };
}

type GaslessModule = typeof import("#lib/wallet/gasless.ts");

/**
 * A yes/no about the signed-in wallet's gas, asked of the wallet code (loaded on demand) whenever
 * `question()` changes; `question()` null: not asked now, the answer is no. A stale answer is dropped.
 */
export function walletGasAnswer(question: () => ((gasless: GaslessModule) => Promise<boolean>) | null): {
  readonly yes: boolean;
} {
  let yes = $state(false);
  $effect(() => {
    const ask = question();
    if (!ask) {
      yes = false;
      return;
    }
    let current = true;
    void import("#lib/wallet/gasless.ts")
      .then(ask)
      .then((answer) => {
        if (current) yes = answer;
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  });
  return {
    get yes() {
      return yes;
    },
  };
}

/** `who()`: the signed-in address, and whether this panel takes a payment from it now. */
export function gaslessOffer(who: () => { owner: string | null; eligible: boolean }): GaslessOfferState {
  const answer = walletGasAnswer(() => {
    const { owner, eligible } = who();
    if (!PUBLIC_RELAYER_URL || !owner || !eligible) return null;
    return ({ offerGasless }) => offerGasless(owner as `0x${string}`);
  });
  let payOwnGas = $state(false);
  let fallback = $state<GaslessFallback | null>(null);
  return {
    get offered() {
      return answer.yes;
    },
    get payOwnGas() {
      return payOwnGas;
    },
    set payOwnGas(value: boolean) {
      payOwnGas = value;
    },
    get fallback() {
      return fallback;
    },
    choice() {
      fallback = null;
      return {
        gasless: answer.yes && !payOwnGas,
        onFallback: (why) => {
          fallback = why;
        },
      };
    },
  };
}
