// A stand-in for Telegram's side of a Mini App, as its native clients provide it: launch
// parameters in the URL's hash and `window.TelegramWebviewProxy.postEvent(type, json)`. Every
// event the page posts is recorded in Node; requests the SDK waits for (viewport, safe areas) are
// answered the way Telegram answers them, through `window.Telegram.WebView.receiveEvent`.
import type { BrowserContext, Page } from "playwright-core";

export interface TelegramEvent {
  type: string;
  data: Record<string, unknown> | null;
}

export async function installTelegram(context: BrowserContext): Promise<TelegramEvent[]> {
  const events: TelegramEvent[] = [];
  await context.exposeFunction("recordTelegramEvent", (type: string, data: string | undefined) => {
    events.push({ type, data: data ? (JSON.parse(data) as Record<string, unknown>) : null });
  });
  await context.addInitScript(() => {
    type Receiver = { Telegram?: { WebView?: { receiveEvent?: (type: string, data: unknown) => void } } };
    const answer = (type: string, data: unknown) =>
      setTimeout(() => (window as unknown as Receiver).Telegram?.WebView?.receiveEvent?.(type, data), 0);
    const insets = { top: 0, bottom: 0, left: 0, right: 0 };
    (window as unknown as { TelegramWebviewProxy: unknown }).TelegramWebviewProxy = {
      postEvent(type: string, data?: string) {
        void (
          window as unknown as { recordTelegramEvent: (t: string, d?: string) => Promise<void> }
        ).recordTelegramEvent(type, data);
        if (type === "web_app_request_viewport") {
          answer("viewport_changed", {
            height: window.innerHeight,
            width: window.innerWidth,
            is_expanded: true,
            is_state_stable: true,
          });
        }
        if (type === "web_app_request_safe_area") answer("safe_area_changed", insets);
        if (type === "web_app_request_content_safe_area") answer("content_safe_area_changed", insets);
      },
    };
  });
  return events;
}

/** The hash Telegram opens a Mini App with. */
export function launchHash(initData: string, theme: Record<string, string>): string {
  const params = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "android",
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  return `#${params.toString()}`;
}

/** Telegram tells the page that the user pressed one of its buttons. */
export async function pressTelegram(page: Page, event: "main_button_pressed" | "back_button_pressed") {
  await page.evaluate((type) => {
    (
      window as unknown as { Telegram: { WebView: { receiveEvent: (t: string, d?: unknown) => void } } }
    ).Telegram.WebView.receiveEvent(type);
  }, event);
}
