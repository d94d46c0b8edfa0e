// The chaos run's memory judgement (scripts/chaos/memory.ts) on made-up samples: a heap that
// saws up and down around a steady floor passes, one whose floor climbs is a leak, and a process
// restarted near the end is judged over its own life only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type MemorySample, memoryFigure } from "../../scripts/chaos/memory.ts";

/** Samples every 5 s for `seconds`, heap from `heap(t)` (t in seconds since the first). */
function run(seconds: number, heap: (t: number) => number, pid = 1, from = 0): MemorySample[] {
  return Array.from({ length: seconds / 5 + 1 }, (_, i) => ({
    at: from + i * 5_000,
    pid,
    rssMb: 150 + i,
    heapMb: heap(i * 5),
  }));
}

/** A garbage-collected heap: climbs 4 MB per sample from `floor`, collected back every 6. */
const sawtooth =
  (floor: number, climbPerMinute = 0) =>
  (t: number) =>
    floor + ((t / 5) % 6) * 4 + (t / 60) * climbPerMinute;

test("a heap that rises and falls around a steady floor did not grow", () => {
  const m = memoryFigure("bot", run(300, sawtooth(60)));
  assert.equal(m.measure, "heap");
  assert.equal(m.grew, false);
  assert.equal(m.earlyFloorMb, 60);
  assert.equal(m.lateFloorMb, 60);
  assert.equal(m.startMb, 150);
  assert.equal(m.endMb, 210);
});

test("a floor climbing 10 MB a minute over five minutes is growth", () => {
  const m = memoryFigure("bot", run(300, sawtooth(60, 10)));
  assert.equal(m.grew, true);
  assert.ok((m.lateFloorMb ?? 0) - (m.earlyFloorMb ?? 0) > 20);
});

test("a small climb (under 20 MB and a quarter of the floor) is noise", () => {
  const m = memoryFigure("bot", run(300, sawtooth(60, 2)));
  assert.equal(m.grew, false);
});

test("a run shorter than four minutes judges nothing (it would be judging warm-up)", () => {
  const m = memoryFigure("bot", run(150, sawtooth(46, 30)));
  assert.equal(m.grew, false);
  assert.match(m.unjudged ?? "", /150 s under load is warm-up/);
});

test("a process restarted near the end is not judged; one restarted early is judged over its new life", () => {
  const late = memoryFigure("web A", [...run(240, sawtooth(80, 30)), ...run(30, sawtooth(40), 2, 250_000)]);
  assert.match(late.unjudged ?? "", /restarted 30 s before the end/);
  assert.equal(late.grew, false);
  const early = memoryFigure("web A", [...run(30, sawtooth(300)), ...run(270, sawtooth(50), 2, 35_000)]);
  assert.equal(early.unjudged, undefined);
  assert.equal(early.grew, false, "the first life's bigger heap is not compared with the second's");
});

test("a few missed /metrics reads (a busy process) still judge the heap, from the samples that have it", () => {
  const samples = run(300, sawtooth(60, 10)).map((s, i) => (i % 4 === 0 ? { ...s, heapMb: undefined } : s));
  const m = memoryFigure("API replica A", samples);
  assert.equal(m.measure, "heap");
  assert.equal(m.grew, true);
});

test("without heap figures (no prom-client defaults) the resident size is compared", () => {
  const samples = run(300, () => 0).map((s) => ({ ...s, heapMb: undefined }));
  const m = memoryFigure("indexer writer", samples);
  assert.equal(m.measure, "rss");
  // RSS climbs 1 MB per sample: 60 samples, floors ~ 162 → 195 (under a quarter of the floor).
  assert.equal(m.grew, false);
});
