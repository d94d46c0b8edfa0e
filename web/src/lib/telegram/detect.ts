/**
 * Is this page a Telegram Mini App? Decided without the Mini Apps SDK, so that a page opened in an
 * ordinary browser never loads it: Telegram opens a Mini App with its launch parameters in the
 * URL's hash (`#tgWebAppData=…&tgWebAppVersion=…`), and its native clients provide
 * `window.TelegramWebviewProxy`. After the first page the hash is gone; the SDK keeps the launch
 * parameters in sessionStorage, and so does this marker.
 */
const MARKER = "gavel:miniapp";

export function launchedInTelegram(): boolean {
  if (typeof window === "undefined") return false;
  if (/(?:^#|&)tgWebAppData=/.test(window.location.hash)) return true;
  try {
    if (window.sessionStorage.getItem(MARKER) === "1") return true;
  } catch {
    // storage disabled: fall through
  }
  return "TelegramWebviewProxy" in window;
}

/** Remembers, for this tab, that it is a Mini App (later pages have no launch parameters). */
export function rememberMiniApp(): void {
  try {
    window.sessionStorage.setItem(MARKER, "1");
  } catch {
    // storage disabled: the SDK's own launch-parameter storage may still work
  }
}
