// `npm run test:deep`: the Solidity invariant suites under the `deep` test profile of
// hardhat.config.ts (≥ 1,000,000 handler calls), with progress and the figures at the end.
// CI (`npm test`) runs the same suites under the fast `default` profile.
// Usage: node scripts/test-deep.ts [profile]   (default: deep)

import { readdirSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import hardhatConfig from "../hardhat.config.ts";
import { repoRoot } from "./lib/chain.ts";
import { bold, dim, green, prefixed, red } from "./lib/log.ts";
import { startProcess } from "./lib/processes.ts";

const profile = process.argv[2] ?? "deep";
const profiles = (
  hardhatConfig.test?.solidity as { profiles?: Record<string, { invariant?: { depth?: number } }> }
)?.profiles;
const depth = profiles?.[profile]?.invariant?.depth;
if (depth === undefined) {
  console.error(`hardhat.config.ts has no Solidity test profile "${profile}" with invariant.depth`);
  process.exit(2);
}

const dir = "test/solidity/invariant";
const suites = readdirSync(`${repoRoot}/${dir}`)
  .filter((f) => f.endsWith(".t.sol"))
  .map((f) => `${dir}/${f}`);
console.log(bold(`Invariant suites, profile "${profile}" (depth ${depth}): ${suites.join(", ")}`));
console.log(dim("Each invariant_ function is its own campaign of runs × depth handler calls."));

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
let calls = 0;
let campaigns = 0;
const print = prefixed("deep");
const child = startProcess("hardhat", "hardhat", ["test", "solidity", "--test-profile", profile, ...suites], {
  cwd: repoRoot,
  env: { FORCE_COLOR: "0" },
  onLine: (raw) => {
    print(raw);
    const done = /✔ (invariant_\w+)\(\) \(runs: (\d+)\)/.exec(stripVTControlCharacters(raw));
    if (!done) return;
    campaigns += 1;
    calls += Number(done[2]) * depth;
    console.log(
      dim(`  … ${calls.toLocaleString("en")} handler calls in ${campaigns} campaigns, ${elapsed()}`),
    );
  },
});
const code = await child.exited;
const summary = `${calls.toLocaleString("en")} handler calls (${campaigns} passing invariant campaigns × runs × depth ${depth}) in ${elapsed()}`;
console.log(code === 0 ? green(`\n${summary}`) : red(`\nFAILED (exit ${code}) after ${summary}`));
process.exit(code === 0 ? 0 : 1);
