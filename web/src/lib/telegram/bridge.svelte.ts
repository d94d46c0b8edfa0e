/**
 * What pages tell the Telegram Mini App about, in the main bundle (no SDK here): the page's
 * primary action for Telegram's main button, and confirmed transactions for haptic feedback.
 * The lazily loaded Mini App module (miniapp.ts) reads and drives these; in an ordinary browser
 * they are inert.
 */

export interface PrimaryAction {
  /** The button's text, e.g. "Place bid". */
  label: string;
  /** What pressing it does (usually clicks or submits the page's own button or form). */
  run: () => void;
  /** Greyed out, e.g. while a transaction is under way. */
  disabled?: boolean;
}

class MiniAppBridge {
  /** The current page's primary action (null: Telegram's main button is hidden). */
  primary = $state.raw<PrimaryAction | null>(null);
  /** Set by the Mini App module: success haptics. */
  haptic: (() => void) | null = null;
}

export const miniAppBridge = new MiniAppBridge();

/**
 * Declares the calling component's primary action while it is mounted; `get` is re-read when
 * what it reads changes. Call once during component initialisation.
 */
export function primaryAction(get: () => PrimaryAction | null | undefined | false): void {
  $effect(() => {
    const action = get() || null;
    miniAppBridge.primary = action;
    return () => {
      if (miniAppBridge.primary === action) miniAppBridge.primary = null;
    };
  });
}

/** A transaction was confirmed on chain: a success haptic inside Telegram, nothing elsewhere. */
export function transactionConfirmed(): void {
  miniAppBridge.haptic?.();
}
