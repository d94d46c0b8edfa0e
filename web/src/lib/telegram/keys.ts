/**
 * Telegram's published Ed25519 public keys for third-party validation of Mini App initData
 * (core.telegram.org/bots/webapps, "Validating data for third-party use"). Kept apart from the
 * validator so that the environment schema (src/env.ts) can name them without loading it.
 */
/** Production environment: the default of TELEGRAM_INIT_DATA_PUBLIC_KEY. */
export const TELEGRAM_PRODUCTION_PUBLIC_KEY =
  "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";
/** Telegram's test environment (bots made in the test DC). */
export const TELEGRAM_TEST_PUBLIC_KEY = "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec";
