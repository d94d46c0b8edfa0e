/**
 * The dApp inside Telegram, on the Mini Apps SDK (@tma.js/sdk). Only ever loaded with a dynamic
 * `import()` by the root layout when `launchedInTelegram()` says so: a page opened in an ordinary
 * browser never requests this chunk. The SDK reads the launch parameters from the URL's hash (or
 * where it stored them) and talks to Telegram through `window.TelegramWebviewProxy.postEvent`
 * (native clients) or `postMessage` to the parent frame (web clients); nothing is loaded from
 * telegram.org, so the Content-Security-Policy stays as it is.
 */
import {
  backButton,
  hapticFeedback,
  init,
  isColorDark,
  mainButton,
  miniApp,
  openTelegramLink,
  retrieveRawInitData,
  themeParams,
  viewport,
} from "@tma.js/sdk";
import { miniAppBridge, type PrimaryAction } from "./bridge.svelte.ts";
import { rememberMiniApp } from "./detect.ts";

/** Telegram's theme parameter → the app's own CSS variable it stands for (see +layout.svelte). */
export const THEME_VARIABLES: Record<string, string[]> = {
  bg_color: ["--bg"],
  secondary_bg_color: ["--surface-2"],
  section_bg_color: ["--surface"],
  text_color: ["--text"],
  hint_color: ["--text-muted"],
  button_color: ["--accent"],
  button_text_color: ["--on-accent"],
  section_separator_color: ["--border"],
  destructive_text_color: ["--danger"],
};

/** Sets the app's variables on <html> from Telegram's theme (CSSOM, allowed by the CSP). */
function applyTheme(params: Record<string, unknown>) {
  const root = document.documentElement.style;
  for (const [key, variables] of Object.entries(THEME_VARIABLES)) {
    const value = params[key];
    if (typeof value !== "string") continue;
    for (const variable of variables) root.setProperty(variable, value);
  }
  // The section colour falls back to the background, as Telegram's own UI does.
  if (typeof params.section_bg_color !== "string" && typeof params.bg_color === "string") {
    root.setProperty("--surface", params.bg_color);
  }
  if (typeof params.bg_color === "string") {
    const dark = isColorDark(params.bg_color);
    root.setProperty("color-scheme", dark ? "dark" : "light");
    document.documentElement.dataset.telegramTheme = dark ? "dark" : "light";
  }
}

export interface MiniApp {
  /** The raw init data to send to POST /auth/telegram (null: Telegram gave none). */
  initData: string | null;
  /** Shows Telegram's back button on every page but the root. */
  setRoot(isRoot: boolean): void;
  /** Puts the page's primary action on Telegram's main button (null hides it). */
  setPrimary(action: PrimaryAction | null): void;
  /** Opens a t.me link inside Telegram (the bot's link deep link). */
  openTelegramLink(url: string): void;
  stop(): void;
}

/**
 * Starts the Mini App: theme, viewport, back button (calls `goBack`), main button, haptics.
 * Each feature is optional: an older Telegram client without one just lacks it.
 */
export function startMiniApp(goBack: () => void): MiniApp {
  const cleanups: Array<() => void> = [];
  const attempt = (what: string, step: () => void) => {
    try {
      step();
    } catch (error) {
      console.warn(`Telegram Mini App: ${what} unavailable`, error);
    }
  };
  cleanups.push(init());
  rememberMiniApp();
  document.documentElement.dataset.miniapp = "";

  attempt("theme", () => {
    themeParams.mount();
    themeParams.bindCssVars();
    applyTheme(themeParams.state());
    cleanups.push(themeParams.state.sub((state) => applyTheme(state)));
  });
  attempt("viewport", () => {
    // Stable height and safe areas as --tg-viewport-* CSS variables (used by the layout).
    void viewport
      .mount({ timeout: 3_000 })
      .then(() => {
        viewport.bindCssVars();
        if (!viewport.isExpanded()) viewport.expand();
      })
      .catch((error: unknown) => console.warn("Telegram Mini App: viewport unavailable", error));
  });
  attempt("mini app", () => {
    miniApp.mount();
    miniApp.ready();
  });
  attempt("back button", () => {
    backButton.mount();
    cleanups.push(backButton.onClick(goBack));
  });
  let primary: PrimaryAction | null = null;
  attempt("main button", () => {
    mainButton.mount();
    cleanups.push(mainButton.onClick(() => primary?.run()));
  });
  if (hapticFeedback.isSupported()) {
    miniAppBridge.haptic = () => attempt("haptics", () => hapticFeedback.notificationOccurred("success"));
  }

  let initData: string | null = null;
  try {
    initData = retrieveRawInitData() ?? null;
  } catch {
    initData = null;
  }

  return {
    initData,
    setRoot(isRoot) {
      attempt("back button", () => (isRoot ? backButton.hide() : backButton.show()));
    },
    setPrimary(action) {
      primary = action;
      attempt("main button", () => {
        if (!action) {
          mainButton.setParams({ isVisible: false });
          return;
        }
        mainButton.setParams({
          text: action.label,
          isVisible: true,
          isEnabled: !action.disabled,
          isLoaderVisible: Boolean(action.disabled),
        });
      });
    },
    openTelegramLink(url) {
      openTelegramLink(url);
    },
    stop() {
      miniAppBridge.haptic = null;
      for (const cleanup of cleanups.reverse()) attempt("cleanup", cleanup);
    },
  };
}
