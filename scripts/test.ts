// `npm test`: every suite of the repository against real components, one after another,
// ending with one summary line: "N passed, N failed".
// Usage: node scripts/test.ts [suite …]   (default: all; names below)

import { stripVTControlCharacters } from "node:util";
import { repoRoot } from "./lib/chain.ts";
import { bold, dim, green, prefixed, red } from "./lib/log.ts";
import { startProcess } from "./lib/processes.ts";

interface Suite {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const pnpmRun = (pkg: string, script: string): Pick<Suite, "command" | "args"> => ({
  command: "pnpm",
  args: ["--filter", pkg, "run", "--silent", script],
});

const suites: Suite[] = [
  // Seconds each, no chain: the sdk's unit tests (typed data, hashes, link tokens), and the proof
  // that `pnpm check`'s import-boundary check fails on planted violations and passes on the tree.
  { name: "sdk", ...pnpmRun("@gavel/sdk", "test") },
  {
    name: "boundaries",
    command: "node",
    args: ["--test", "--test-timeout=120000", "test/boundaries.test.ts"],
  },
  { name: "contracts", command: "hardhat", args: ["test", "nodejs"] },
  { name: "solidity", command: "hardhat", args: ["test", "solidity"] },
  { name: "indexer", ...pnpmRun("@gavel/indexer", "test") },
  { name: "web", ...pnpmRun("@gavel/web", "test") },
  { name: "bot", ...pnpmRun("@gavel/bot", "test") },
  {
    // The committed gas snapshot must match the contracts (production profile).
    name: "gas",
    command: "hardhat",
    args: ["--build-profile", "production", "run", "scripts/gas-snapshot.ts"],
    env: { GAS_SNAPSHOT_CHECK: "1" },
  },
  {
    name: "stack",
    command: "node",
    args: ["--test", "--test-timeout=300000", "--test-concurrency=1", "test/stack/*.test.ts"],
  },
];

/**
 * Counts from the runners' own closing lines: node:test ("ℹ pass 3"), Hardhat/mocha style
 * ("3 passing") and vitest ("Tests  2 failed | 40 passed (42)"); a suite that runs vitest and then
 * node:test (web) counts both.
 */
function countResults(raw: string): { passed: number; failed: number } | undefined {
  // Vitest colours its summary even with FORCE_COLOR=0.
  const output = stripVTControlCharacters(raw);
  const last = (re: RegExp) => {
    const all = [...output.matchAll(re)];
    return all.length ? all.map((m) => Number(m[1])).reduce((a, b) => a + b, 0) : undefined;
  };
  // node:test prints one summary per run; Hardhat prints a summary per runner.
  const passed = last(/^\s*(?:ℹ|#) pass (\d+)\s*$/gm) ?? last(/^\s*(\d+) passing\b/gm);
  // A cancelled node:test test (its file's `before` failed, or it outlived its parent) never ran:
  // it counts as failed.
  const failed =
    (last(/^\s*(?:ℹ|#) fail (\d+)\s*$/gm) ?? last(/^\s*(\d+) failing\b/gm) ?? 0) +
    (last(/^\s*(?:ℹ|#) cancelled (\d+)\s*$/gm) ?? 0);
  const vitest = [...output.matchAll(/^\s*Tests\s+((?:\d+ \w+(?: \| )?)+)\s+\(\d+\)\s*$/gm)].map((m) => {
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(m[1] ?? "")?.[1] ?? 0);
    return { passed: count("passed"), failed: count("failed") };
  });
  if (passed === undefined && vitest.length === 0) return undefined;
  return {
    passed: (passed ?? 0) + vitest.reduce((n, v) => n + v.passed, 0),
    failed: failed + vitest.reduce((n, v) => n + v.failed, 0),
  };
}

/**
 * The failed tests' names with the first line of each one's error, from node:test's closing
 * "failing tests" list and vitest's "Failed Tests" section: repeated after the summary so that the
 * tail of a long log (all a CI page may show) still names what failed.
 */
function failureLines(raw: string, max = 8): string[] {
  const lines = stripVTControlCharacters(raw).split("\n");
  const found: string[] = [];
  const firstErrorAfter = (i: number) => {
    for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
      const text = lines[j]?.trim() ?? "";
      if (text && !text.startsWith("⎯") && !text.startsWith("test at ")) return text;
    }
    return "";
  };
  const add = (name: string, at: number) => {
    const error = firstErrorAfter(at);
    found.push(`✖ ${name}${error ? ` — ${error}` : ""}`.slice(0, 600));
  };
  const nodeList = lines.findIndex((l) => /^\s*✖ failing tests:\s*$/.test(l));
  if (nodeList >= 0) {
    for (let i = nodeList + 1; i < lines.length; i++) {
      const m = /^\s*✖ (.+?) \([\d.]+m?s\)\s*$/.exec(lines[i] ?? "");
      if (m?.[1]) add(m[1], i);
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*FAIL\s+(.+\S)\s*$/.exec(lines[i] ?? "");
    if (m?.[1] && !found.some((f) => f.startsWith(`✖ ${m[1]}`))) add(m[1], i);
  }
  return found.length > max ? [...found.slice(0, max), `… and ${found.length - max} more`] : found;
}

async function runSuite(
  suite: Suite,
): Promise<{ passed: number; failed: number; ok: boolean; seconds: number; failures: string[] }> {
  const print = prefixed(suite.name);
  const started = Date.now();
  let output = "";
  const child = startProcess(suite.name, suite.command, suite.args, {
    cwd: suite.cwd ?? repoRoot,
    env: { FORCE_COLOR: "0", ...suite.env },
    onLine: (line) => {
      output += `${line}\n`;
      print(line);
    },
  });
  const code = await child.exited;
  await child.stop();
  const counts = countResults(output);
  const ok = code === 0 && (counts?.failed ?? 0) === 0;
  const seconds = (Date.now() - started) / 1000;
  // A suite without test counts (a check such as the gas snapshot) counts as one test; one that
  // fails without a countable result (crash, build error) counts as one failure.
  const failures = ok ? [] : failureLines(output);
  if (!counts) return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, ok, seconds, failures };
  return { passed: counts.passed, failed: counts.failed || (ok ? 0 : 1), ok, seconds, failures };
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; known: ${suites.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;

const results: {
  name: string;
  passed: number;
  failed: number;
  ok: boolean;
  seconds: number;
  failures: string[];
}[] = [];
for (const suite of selected) {
  console.log(bold(`\n━━ ${suite.name}: ${suite.command} ${suite.args.join(" ")}`));
  results.push({ name: suite.name, ...(await runSuite(suite)) });
}

console.log(bold("\n━━ Summary"));
for (const r of results) {
  const mark = r.ok ? green("ok  ") : red("FAIL");
  console.log(
    `${mark} ${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${dim(`${r.seconds.toFixed(1)} s`)}`,
  );
}
for (const r of results) for (const line of r.failures) console.log(red(`  ${r.name}: ${line}`));
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const allOk = results.every((r) => r.ok);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(allOk && failed === 0 ? 0 : 1);
