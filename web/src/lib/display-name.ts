/**
 * What a display name may be (web.profiles; see #lib/server/profiles.ts): 1–32 characters after
 * trimming, no control or invisible formatting characters, not an address look-alike, and unique
 * after folding (`foldName`). Pure: shared by the settings action and its tests.
 */
import { z } from "zod";

/** The name as compared for uniqueness. */
export const foldName = (name: string) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** Control characters, invisible formatting (bidi overrides, zero-width), line and paragraph separators. */
const hidden = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Why a name is refused (the settings page's message keys), or null when it may be used. */
export function nameProblem(name: string): "no_control" | "too_long" | "looks_like_address" | null {
  if (hidden.test(name)) return "no_control";
  if (/^0x[0-9a-f]{4}/i.test(foldName(name))) return "looks_like_address";
  if ([...name].length > 32) return "too_long";
  return null;
}

/** A display name as typed → NFC, runs of spaces as one, trimmed; empty clears the name. */
export const displayNameField = z
  .string()
  .transform((value) =>
    value
      .normalize("NFC")
      .replace(/[ \t\r\n]+/g, " ")
      .trim(),
  )
  .superRefine((value, ctx) => {
    const problem = value === "" ? null : nameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const profileForm = z.object({
  name: displayNameField,
  /** The sha-256 of an image uploaded with POST /media/upload; empty removes the avatar. */
  avatar: z.string().regex(/^(?:[0-9a-f]{64})?$/, "bad_avatar"),
});
