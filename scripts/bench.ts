// `pnpm bench` (npm run bench): runs every benchmark of the repository one after another and
// writes one table, BENCHMARKS.md, with the figures, their targets and the machine they ran on.
// Benchmarks are never timed tests: they print figures (see scripts/lib/bench.ts).
// Usage: node scripts/bench.ts [name …]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { type BenchFigure, parseFigures } from "./lib/bench.ts";
import { repoRoot } from "./lib/chain.ts";
import { bold, prefixed, red } from "./lib/log.ts";
import { startProcess } from "./lib/processes.ts";

interface Bench {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Figures read from a file the benchmark writes instead of BENCH lines. */
  figures?: () => BenchFigure[];
}

/** Gas targets from issues 3, 4 and 17; every other operation is reported without one. */
const GAS_TARGETS: Record<string, number> = {
  "english.firstBid": 90_000,
  "english.bidWithAuthorization": 95_000,
  "english.outbid": 110_000,
  "english.settle": 130_000,
  "dutch.buy": 150_000,
  "sealed.reveal": 60_000,
};

const benches: Bench[] = [
  {
    name: "gas",
    command: "hardhat",
    args: ["--build-profile", "production", "run", "scripts/gas-snapshot.ts"],
    figures: () => {
      const snapshot = JSON.parse(readFileSync(join(repoRoot, "test/gas-snapshot.json"), "utf8")) as Record<
        string,
        number
      >;
      return Object.entries(snapshot).map(([operation, gas]) => {
        const limit = GAS_TARGETS[operation];
        return {
          name: `gas.${operation}`,
          value: gas,
          unit: "gas",
          ...(limit ? { target: `≤ ${limit.toLocaleString("en-US")} gas`, ok: gas <= limit } : {}),
          note: `production profile, realistic state, ${
            operation.startsWith("fiatTokenV2_2.") ? "Circle's FiatTokenV2_2 behind its proxy" : "TestUSDC"
          } (scripts/gas-snapshot.ts)`,
        };
      });
    },
  },
  {
    name: "indexer",
    command: "pnpm",
    args: ["--filter", "@gavel/indexer", "--if-present", "run", "bench:indexer"],
  },
  { name: "api", command: "pnpm", args: ["--filter", "@gavel/indexer", "--if-present", "run", "bench:api"] },
  { name: "bot", command: "pnpm", args: ["--filter", "@gavel/bot", "--if-present", "run", "bench"] },
  {
    name: "bot-latency",
    command: "pnpm",
    args: ["--filter", "@gavel/bot", "--if-present", "run", "bench:latency"],
  },
  {
    name: "bot-round",
    command: "pnpm",
    args: ["--filter", "@gavel/bot", "--if-present", "run", "bench:round"],
  },
  { name: "web", command: "pnpm", args: ["--filter", "@gavel/web", "--if-present", "run", "bench"] },
  { name: "relayer", command: "pnpm", args: ["--filter", "@gavel/relayer", "--if-present", "run", "bench"] },
  // Issue #17 item 7: signed gasless bid → relayer → indexer → bot → the follower's message.
  {
    name: "relayed-follower",
    command: "pnpm",
    args: ["--filter", "@gavel/bot", "--if-present", "run", "bench:relayed"],
  },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
const rows: (BenchFigure & { bench: string })[] = [];
const failures: string[] = [];
for (const bench of selected) {
  console.log(bold(`\n━━ ${bench.name}: ${bench.command} ${bench.args.join(" ")}`));
  let output = "";
  const child = startProcess(bench.name, bench.command, bench.args, {
    cwd: repoRoot,
    env: bench.env,
    onLine: (line) => {
      output += `${line}\n`;
      prefixed(bench.name)(line);
    },
  });
  const code = await child.exited;
  if (code !== 0) failures.push(`${bench.name} exited ${code}`);
  const figures = bench.figures ? bench.figures() : parseFigures(output);
  rows.push(...figures.map((f) => ({ ...f, bench: bench.name })));
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const date = new Date().toISOString().slice(0, 10);
const cell = (text: string) => text.replaceAll("|", "\\|");
// Running only some benchmarks keeps the other benchmarks' rows from the previous BENCHMARKS.md.
const outFile = join(repoRoot, "BENCHMARKS.md");
const ran = new Set(selected.map((b) => b.name));
/** BENCHMARKS.md without the chaos run's section (its own tables are not benchmark rows). */
const previous = existsSync(outFile) ? (readFileSync(outFile, "utf8").split("\n## Chaos run")[0] ?? "") : "";
const keptRows =
  wanted.length && previous
    ? previous
        .split("\n")
        .filter((line) => /^\| [\w-]+ \| /.test(line) && !line.startsWith("| benchmark "))
        .filter((line) => !ran.has(line.split("|")[1]?.trim() ?? ""))
    : [];
const table = [
  "| benchmark | figure | value | target | met |",
  "|---|---|---:|---|---|",
  ...keptRows,
  ...rows.map(
    (r) =>
      `| ${r.bench} | ${cell(r.name)} | ${r.value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${r.unit} | ${r.target ?? "—"} | ${r.ok === undefined ? "—" : r.ok ? "yes" : "**no**"} |`,
  ),
].join("\n");
const keptNotes =
  wanted.length && previous
    ? previous
        .split("\n")
        .filter((line) => line.startsWith("- `") && !rows.some((r) => line.startsWith(`- \`${r.name}\``)))
        .filter((line) => keptRows.some((row) => row.includes(`| ${line.slice(3, line.indexOf("`", 3))} |`)))
    : [];
// The chaos run's section (`npm run chaos -- --benchmarks`) is written by scripts/chaos.ts: kept.
const chaosSection = existsSync(outFile)
  ? (/\n## Chaos run[\s\S]*$/.exec(readFileSync(outFile, "utf8"))?.[0] ?? "")
  : "";
const notes = [...keptNotes, ...rows.filter((r) => r.note).map((r) => `- \`${r.name}\`: ${r.note}`)];
const markdown = `# Benchmarks

Written by \`pnpm bench\` (scripts/bench.ts) on ${date}.
Machine: ${machine}.

${table}

${notes.length ? `## How each figure was measured\n\n${[...new Set(notes)].join("\n")}\n` : ""}${failures.length ? `\n## Benchmarks that failed\n\n${failures.map((f) => `- ${f}`).join("\n")}\n` : ""}${chaosSection}`;
writeFileSync(outFile, markdown);
console.log(`\n${table}\n\nWrote BENCHMARKS.md (${rows.length} figures).`);
if (failures.length) {
  console.error(red(failures.join("\n")));
  process.exit(1);
}
