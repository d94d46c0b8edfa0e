// One way for every benchmark to hand its figures to `pnpm bench` (scripts/bench.ts): besides
// its human-readable output, it prints one `BENCH {json}` line per figure.
export interface BenchFigure {
  /** Stable name, e.g. "bot.fanout.throughput". */
  name: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "≤ 300 ms" or "≥ 2000 req/s"; omitted when there is none. */
  target?: string;
  /** Whether the target is met; omitted when there is no target. */
  ok?: boolean;
  /** What was measured and how, in a few words. */
  note?: string;
}

export const BENCH_PREFIX = "BENCH ";

export function reportFigure(figure: BenchFigure): void {
  console.log(`${BENCH_PREFIX}${JSON.stringify(figure)}`);
}

/** `value` against an upper bound: `{ target: "≤ 300 ms", ok }`. */
export function atMost(value: number, limit: number, unit: string): Pick<BenchFigure, "target" | "ok"> {
  return { target: `≤ ${limit.toLocaleString("en-US")} ${unit}`, ok: value <= limit };
}

/** `value` against a lower bound: `{ target: "≥ 2000 req/s", ok }`. */
export function atLeast(value: number, limit: number, unit: string): Pick<BenchFigure, "target" | "ok"> {
  return { target: `≥ ${limit.toLocaleString("en-US")} ${unit}`, ok: value >= limit };
}

export function parseFigures(output: string): BenchFigure[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith(BENCH_PREFIX))
    .map((line) => JSON.parse(line.slice(BENCH_PREFIX.length)) as BenchFigure);
}
