/**
 * The browse form's choices. Kept apart from the query schema (browse.ts) so the browse page's
 * JavaScript does not carry zod: a first visit loads only what the page needs.
 */
export const sorts = ["newest", "ending", "price", "bids"] as const;
export const browseFormats = ["english", "dutch", "sealed", "rolling"] as const;
export const browseStatuses = ["active", "ended", "settled", "no_sale", "cancelled"] as const;
