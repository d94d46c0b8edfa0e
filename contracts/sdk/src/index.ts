// @gavel/sdk: the contracts' TypeScript client, shared by the indexer, web app, bot, keeper and
// scripts. Everything exported here is browser-safe (viem only). The link-token format needs
// node:crypto and is its own entry point, `@gavel/sdk/link-token`.
export * from "./authorization.ts";
export * from "./contracts.ts";
export * from "./permit.ts";
export * from "./safe.ts";
export * from "./sealed.ts";
export * from "./transport.ts";
export * from "./usdc.ts";
