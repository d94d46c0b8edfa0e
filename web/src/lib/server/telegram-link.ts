import { makeLinkToken } from "@gavel/sdk/link-token";
import { LINK_TOKEN_SECRET } from "$app/env/private";
import { PUBLIC_BOT_USERNAME } from "$app/env/public";

/** Seconds a link token stays valid. */
export const LINK_TOKEN_TTL_SECONDS = 600;

/** Both halves of the Telegram link are configured (the shared secret and the bot's name). */
export const telegramLinkAvailable = () => Boolean(LINK_TOKEN_SECRET && PUBLIC_BOT_USERNAME);

/**
 * The bot's deep link that links a chat to `address`: `https://t.me/<bot>?start=link_<token>`
 * with a fresh one-time token (docs/PROTOCOL.md, link tokens). Null when not configured.
 */
export function telegramLink(address: string): { link: string; expiresAt: number } | null {
  if (!LINK_TOKEN_SECRET || !PUBLIC_BOT_USERNAME) return null;
  const expiresAt = Math.floor(Date.now() / 1000) + LINK_TOKEN_TTL_SECONDS;
  const token = makeLinkToken({ address, secret: LINK_TOKEN_SECRET, expiresAt });
  return { link: `https://t.me/${PUBLIC_BOT_USERNAME}?start=link_${token}`, expiresAt };
}
