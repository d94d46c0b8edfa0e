/**
 * How to show a link that came from a user or from the chain (dispute evidence, review text,
 * listing metadata, …). ONE rule for the whole app: it becomes an `href` only when it is, exactly
 * as written, an `https:` URL with a host or an `ipfs:` URL. Everything else — `javascript:` in any
 * disguise (mixed case, leading spaces or control characters, characters split by tabs or line
 * breaks, HTML entities), `vbscript:`, `data:`, `http:`, relative and protocol-relative paths — is
 * shown as text. A `data:` URL of a raster image (PNG, JPEG, GIF, WebP) may be shown as an image
 * preview, never as a link; a `data:text/plain` URL (how short evidence and review texts travel)
 * is shown as the text it carries.
 */
export type UserLink =
  | { kind: "link"; href: string; text: string }
  | { kind: "image"; src: string; text: string }
  | { kind: "note"; text: string }
  | { kind: "text"; text: string };

/** Longest link we render as one; longer ones are shown as text. */
const MAX_LINK_LENGTH = 2048;
/** Longest data: image we preview (about 256 KB of picture). */
const MAX_PREVIEW_LENGTH = 350_000;

/** Any character at or below space, DEL, or one browsers drop or fold while parsing a URL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const unsafeCharacter = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff"'<>\\`]/;
const rasterDataUrl = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const plainTextDataUrl = /^data:text\/plain(?:;charset=utf-8)?(;base64)?,/i;
/** Longest text we decode from a data: URL (texts on chain are far shorter). */
const MAX_NOTE_LENGTH = 20_000;

/** The text a `data:text/plain` URL carries (percent- or base64-encoded UTF-8), or null. */
export function dataUrlText(raw: string): string | null {
  if (raw.length > MAX_NOTE_LENGTH) return null;
  const match = plainTextDataUrl.exec(raw);
  if (!match) return null;
  const body = raw.slice(match[0].length);
  try {
    if (!match[1]) return decodeURIComponent(body);
    const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The URL to put in an `href`, or null when `raw` must not be one. */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LINK_LENGTH) return null;
  if (unsafeCharacter.test(raw)) return null;
  // The scheme as written (lowercase letters only): no entity, case trick or space in front.
  const scheme = /^(https|ipfs):/.exec(raw)?.[1];
  if (!scheme) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${scheme}:`) return null;
  if (scheme === "https" && (!url.hostname || !raw.startsWith("https://"))) return null;
  if (scheme === "ipfs" && !/^ipfs:\/\/[A-Za-z0-9]/.test(raw)) return null;
  return raw;
}

/** What to render for a user-supplied link (see the module comment). */
export function userLink(raw: unknown): UserLink {
  const text = typeof raw === "string" ? raw : "";
  const href = safeHref(raw);
  if (href) return { kind: "link", href, text };
  if (text.length <= MAX_PREVIEW_LENGTH && rasterDataUrl.test(text)) {
    return { kind: "image", src: text, text: `${text.slice(0, text.indexOf(",") + 1)}…` };
  }
  const note = dataUrlText(text);
  if (note !== null) return { kind: "note", text: note };
  return { kind: "text", text };
}
