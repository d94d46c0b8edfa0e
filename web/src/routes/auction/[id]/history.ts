/**
 * Bids an auction page shows, newest first; the whole history (as the indexer serves it, its
 * latest 200) is on /auction/{id}/bids. An auction bid on every few seconds had pages of hundreds
 * of lines (a 120-bid page weighed 194 KB and took about 8 ms of the server's CPU to render).
 */
export const SHOWN_BIDS = 20;
