// Memory of each process across the run, and whether it grew beyond noise. The heap a busy Node
// process shows rises and falls with its garbage collector, by tens of MB, at times the collector
// chooses; what a leak raises is what is left after a full collection. So every half minute each
// Node service is asked through its inspector for a full collection and the heap left
// (inspector.ts: the "live" heap), and the lowest live heap of the run's late part is compared with
// the lowest of its early part, after a warm-up. A process without an inspector is judged by the
// lowest heap in use its /metrics showed (prom-client's nodejs_heap_size_used_bytes), sampled every
// few seconds, or else its resident size. Only the process running at the end counts: one the run
// killed and restarted starts over, and is judged over its own life.

export interface MemorySample {
  at: number;
  pid: number;
  rssMb: number | undefined;
  heapMb: number | undefined;
  /** Heap left after a full collection (MB), on the samples that asked for it. */
  liveMb?: number | undefined;
}

export interface MemoryFigure {
  name: string;
  /** Resident size when the load began and when it ended (MB). */
  startMb: number | undefined;
  endMb: number | undefined;
  /** What was compared: "live heap" (after a full collection), "heap" (in use) or "rss". */
  measure: "live heap" | "heap" | "rss" | undefined;
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
  /** Heap left after a full collection (MB); undefined when the process cannot be asked. */
  liveHeapMb(): Promise<number | undefined>;
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

/**
 * Samples every service's memory every `everyMs`, and its live heap every `liveEvery`-th time
 * (each a full collection: a pause of up to a few hundred ms in a busy replica), until stopped;
 * stopping takes one last sample with the live heap.
 */
export function sampleMemory(services: () => Sampled[], everyMs = 5_000, liveEvery = 6) {
  const samples = new Map<string, MemorySample[]>();
  let running = true;
  const round = (live: boolean) =>
    Promise.all(
      services().map(async (s) => {
        const pid = s.pid();
        if (pid === undefined) return;
        const [heapMb, liveMb] = await Promise.all([s.heapMb(), live ? s.liveHeapMb() : undefined]);
        const sample = { at: Date.now(), pid, rssMb: s.rssMb(), heapMb, liveMb };
        const list = samples.get(s.name);
        if (list) list.push(sample);
        else samples.set(s.name, [sample]);
      }),
    );
  const done = (async () => {
    for (let i = 0; running; i++) {
      await round(i % liveEvery === liveEvery - 1);
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await round(true);
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
  const withLive = life.filter((s) => s.liveMb !== undefined).length;
  const measure = withLive >= 4 ? "live heap" : withHeap >= life.length / 2 ? "heap" : "rss";
  const value = (s: MemorySample) =>
    measure === "live heap" ? s.liveMb : measure === "heap" ? s.heapMb : s.rssMb;
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

/** Every sample as CSV (seconds from the first sample, service, pid, RSS, heap and live heap in MB). */
export function memoryCsv(samples: Map<string, MemorySample[]>): string {
  const all = [...samples.values()].flat();
  const t0 = Math.min(...all.map((s) => s.at));
  const cell = (v: number | undefined) => (v === undefined ? "" : v.toFixed(1));
  const rows = [...samples].flatMap(([name, list]) =>
    list.map(
      (s) =>
        `${((s.at - t0) / 1000).toFixed(0)},${name},${s.pid},${cell(s.rssMb)},${cell(s.heapMb)},${cell(s.liveMb)}`,
    ),
  );
  return `seconds,service,pid,rss_mb,heap_mb,live_heap_mb\n${rows.join("\n")}\n`;
}
