// The bare comparison app of `bench:indexer` uses the indexer's own configuration (same chain,
// contracts, events and RPC settings); only its schema and handlers differ: they store each raw log.
export { default } from "../../ponder.config.ts";
