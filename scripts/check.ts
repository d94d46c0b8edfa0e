// `pnpm check`: lint, format check, import boundaries and type checks of every package. Exits
// non-zero on any finding.

import { boundaryCheck } from "./lib/boundaries.ts";
import { repoRoot } from "./lib/chain.ts";
import { bold, green, prefixed, red } from "./lib/log.ts";
import { startProcess } from "./lib/processes.ts";

const checks: [name: string, command: string, args: string[]][] = [
  ["biome", "biome", ["check", "."]],
  ["solhint", "solhint", ["--max-warnings", "0", "contracts/**/*.sol"]],
  ["prettier", "prettier", ["--check", "contracts/**/*.sol", "test/solidity/**/*.sol"]],
  // Services never import scripts/, web and bot never import each other, the browser bundle
  // never imports server-only code (.dependency-cruiser.cjs).
  ["boundaries", ...boundaryCheck()],
  ["tsc root", "tsc", ["--noEmit", "-p", "."]],
  ["packages", "pnpm", ["-r", "--workspace-concurrency=1", "run", "check"]],
];

let failed = 0;
for (const [name, command, args] of checks) {
  console.log(bold(`\n━━ ${name}: ${command} ${args.join(" ")}`));
  const child = startProcess(name, command, args, { cwd: repoRoot, onLine: prefixed(name) });
  const code = await child.exited;
  if (code !== 0) {
    failed++;
    console.log(red(`${name} failed (${code})`));
  }
}
console.log(failed ? red(`\n${failed} check(s) failed`) : green("\nall checks passed"));
process.exit(failed ? 1 : 0);
