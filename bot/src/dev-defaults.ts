// Values published in this repository for local development and tests. Anyone can read them,
// so they must never guard anything real: the bot refuses them at start-up unless it serves the
// local chain (CHAIN_ID 31337).

export const LOCAL_CHAIN_ID = 31337;

/** LINK_TOKEN_SECRET values that appear in the repository (the dev command's default, tests'). */
export const PUBLISHED_LINK_SECRETS: ReadonlySet<string> = new Set([
  "gavel-local-development-link-secret",
  "test-link-secret-0123456789",
]);

/** BOT_TOKEN values that appear in the repository (the dev command's stand-in token). */
export const PUBLISHED_BOT_TOKENS: ReadonlySet<string> = new Set(["123456:local-development-token"]);
