// Memory of each process across the run, and whether it grew beyond noise. A Node process's heap
// rises and falls with its garbage collector; what a leak raises is the floor it falls back to.
// So the heap in use (prom-client's nodejs_heap_size_used_bytes, or the resident size where a
// process does not expose it) is sampled every few seconds, and the lowest value of the run's late
// part is compared with the lowest of its early part, after a warm-up. Only the process running at
// the end counts: one the run killed and restarted starts over, and is judged over its own life.

export interface MemorySample {
  at: number;
  pid: number;
  rssMb: number | undefined;
  heapMb: number | undefined;
}

export interface MemoryFigure {
  name: string;
  /** Resident size when the load began and when it ended (MB). */
  startMb: number | undefined;
  endMb: number | undefined;
  /** What was compared: "heap" (V8 heap in use) or "rss". */
  measure: "heap" | "rss" | undefined;
  /** The lowest heap (or RSS) of the early and of the late part of the last process's life (MB). */
  earlyFloorMb: number | undefined;
  lateFloorMb: number | undefined;
  /** Why the process was not judged (too short a life after a restart, no samples). */
  unjudged?: string;
  grew: boolean;
}

interface Sampled {
  name: string;
  pid(): number | undefined;
  rssMb(): number | undefined;
  heapMb(): Promise<number | undefined>;
}

/** Growth allowed between the early and the late floor: 20 MB, or a quarter of the early floor. */
export const allowedGrowthMb = (earlyFloorMb: number) => Math.max(20, earlyFloorMb * 0.25);
/**
 * A process judged must have lived this long under load. A shorter life cannot tell growth from
 * warm-up: V8 lets the old generation fill for a while before a full collection, so the floor of a
 * window of a few samples can sit high (the short form's two minutes once showed the bot's floor
 * at 46 then 129 MB; the long form's seven, 43 then 56 MB).
 */
export const MIN_LIFE_MS = 240_000;

/** Samples every service's memory every `everyMs` until stopped. */
export function sampleMemory(services: () => Sampled[], everyMs = 5_000) {
  const samples = new Map<string, MemorySample[]>();
  let running = true;
  const done = (async () => {
    while (running) {
      await Promise.all(
        services().map(async (s) => {
          const pid = s.pid();
          if (pid === undefined) return;
          const sample = { at: Date.now(), pid, rssMb: s.rssMb(), heapMb: await s.heapMb() };
          samples.set(s.name, [...(samples.get(s.name) ?? []), sample]);
        }),
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Judges one process's samples (see the file's head). */
export function memoryFigure(name: string, all: MemorySample[]): MemoryFigure {
  const first = all[0];
  const last = all.at(-1);
  const base = { name, startMb: first?.rssMb, endMb: last?.rssMb };
  if (!last)
    return {
      ...base,
      measure: undefined,
      earlyFloorMb: undefined,
      lateFloorMb: undefined,
      unjudged: "no samples",
      grew: false,
    };
  const life = all.filter((s) => s.pid === last.pid);
  // A busy process may miss a few /metrics reads: its heap is judged from the ones it answered.
  const withHeap = life.filter((s) => s.heapMb !== undefined).length;
  const measure = withHeap >= life.length / 2 ? "heap" : "rss";
  const value = (s: MemorySample) => (measure === "heap" ? s.heapMb : s.rssMb);
  const from = life[0]!.at;
  const span = last.at - from;
  if (span < MIN_LIFE_MS)
    return {
      ...base,
      measure,
      earlyFloorMb: undefined,
      lateFloorMb: undefined,
      unjudged:
        life.length < all.length
          ? `restarted ${Math.round(span / 1000)} s before the end`
          : `${Math.round(span / 1000)} s under load is warm-up (needs ${MIN_LIFE_MS / 1000} s)`,
      grew: false,
    };
  const floor = (a: number, b: number) => {
    const values = life
      .filter((s) => s.at >= from + a * span && s.at <= from + b * span)
      .map(value)
      .filter((v): v is number => v !== undefined);
    return values.length ? Math.min(...values) : undefined;
  };
  // The first fifth is warm-up (caches filling, the heap finding its size).
  const earlyFloorMb = floor(0.2, 0.45);
  const lateFloorMb = floor(0.75, 1);
  const grew =
    earlyFloorMb !== undefined &&
    lateFloorMb !== undefined &&
    lateFloorMb - earlyFloorMb > allowedGrowthMb(earlyFloorMb);
  return { ...base, measure, earlyFloorMb, lateFloorMb, grew };
}
