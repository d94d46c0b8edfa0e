// `npm run chaos`: the long form of the chaos run (issue #18) — the production shapes under load
// while every fault is injected in turn — printing the table of checks and figures. Rates and
// durations come from CHAOS_* variables (scripts/chaos/run.ts, `optionsFromEnv`), e.g.
//   CHAOS_BIDS_PER_SECOND=10 CHAOS_READS_PER_SECOND=200 CHAOS_DURATION_S=300 npm run chaos
// `--short` runs the short form (the one `npm test` runs) instead; `--benchmarks` writes the table
// into BENCHMARKS.md's "Chaos run" section (which `npm run bench` keeps), leaving the others.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { LONG, optionsFromEnv, runChaos, SHORT } from "./chaos/run.ts";
import { repoRoot } from "./lib/chain.ts";
import { bold, green, red } from "./lib/log.ts";

let options: ReturnType<typeof optionsFromEnv>;
try {
  options = optionsFromEnv(process.argv.includes("--short") ? SHORT : LONG);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const started = Date.now();
const result = await runChaos(options, (line) =>
  console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
);
const cpu = cpus();
console.log(bold("\n━━ Chaos run"));
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`machine: ${machine}`);
console.log(result.table);
console.log(result.ok ? green("\nevery check held") : red("\nsome checks FAILED"));
if (process.argv.includes("--benchmarks")) {
  const file = join(repoRoot, "BENCHMARKS.md");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const form = process.argv.includes("--short") ? "short form" : "long form";
  const section = `## Chaos run\n\nWritten by \`npm run chaos -- --benchmarks\` (${form}) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.\n\n${result.table}\n`;
  // Only this section is replaced (up to the next "## " heading); the rest of the file stays.
  const at = text.indexOf("\n## Chaos run\n");
  const next = at < 0 ? -1 : text.indexOf("\n## ", at + 1);
  writeFileSync(
    file,
    at < 0
      ? `${text.trimEnd()}\n\n${section}`
      : `${text.slice(0, at)}\n${section}${next < 0 ? "" : text.slice(next)}`,
  );
  console.log("Wrote the chaos run into BENCHMARKS.md");
}
process.exit(result.ok ? 0 : 1);
