// The chaos run's memory judgement (scripts/chaos/memory.ts) on made-up samples: a heap that
// saws up and down around a steady floor passes, one whose floor climbs is a leak, the live heap
// (after a full collection) is judged where the process gives it, and a process restarted near the
// end is judged over its own life only. And the live heap itself, asked of a real Node process
// through its inspector (scripts/chaos/inspector.ts): what it holds counts, its garbage does not.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { INSPECT_FLAG, inspectorUrl, liveHeapMb } from "../../scripts/chaos/inspector.ts";
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

/** `run`'s samples with a live heap from `live(t)` on every sixth, as the sampler asks for it. */
function withLive(samples: MemorySample[], live: (t: number) => number): MemorySample[] {
  return samples.map((s, i) => (i % 6 === 5 ? { ...s, liveMb: live((s.at - samples[0]!.at) / 1000) } : s));
}

test("where the live heap is known it is judged: a heap in use the collector leaves higher late is not growth", () => {
  // The bot's case: between collections its heap in use ran 40-200 MB, and the lowest of the late
  // part happened to be 21 MB above the early part's, while after a full collection it held 45-55.
  const wandering = (t: number) => (t < 150 ? sawtooth(50)(t) : sawtooth(75)(t));
  assert.equal(memoryFigure("bot", run(300, wandering)).grew, true, "judged by the heap in use: growth");
  const m = memoryFigure(
    "bot",
    withLive(run(300, wandering), (t) => 48 + (t % 20) / 4),
  );
  assert.equal(m.measure, "live heap");
  assert.equal(m.grew, false);
  assert.ok((m.earlyFloorMb ?? 0) >= 48 && (m.lateFloorMb ?? 0) < 53);
});

test("a live heap climbing 10 MB a minute is growth", () => {
  const m = memoryFigure(
    "bot",
    withLive(run(300, sawtooth(60)), (t) => 45 + (t / 60) * 10),
  );
  assert.equal(m.measure, "live heap");
  assert.equal(m.grew, true);
});

test("the live heap of a real Node process counts what it holds, not its garbage", async () => {
  // Holds `hold` MB more per line read on stdin, and makes 100 MB of garbage each time.
  const script = `globalThis.kept = [];
    process.stdin.on("data", (line) => {
      const mb = Number(String(line).trim());
      for (let i = 0; i < mb; i++) kept.push(new Array(131072).fill(i));
      let junk = [];
      for (let i = 0; i < 100; i++) junk.push(new Array(131072).fill(i));
      junk = null;
      console.log("done");
    });`;
  const child = spawn(process.execPath, [INSPECT_FLAG, "-e", script], { stdio: ["pipe", "pipe", "pipe"] });
  try {
    let url: string | undefined;
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      for (const line of text.split("\n")) url ??= inspectorUrl(line);
    });
    const step = async (mb: number) => {
      child.stdin.write(`${mb}\n`);
      await once(child.stdout, "data");
      assert.ok(url, "the inspector's URL was printed");
      const live = await liveHeapMb(url);
      assert.ok(live !== undefined, "the inspector answered");
      return live;
    };
    const before = await step(0);
    const after = await step(30);
    // 30 arrays of 131,072 small integers: 1 MB each in V8's heap.
    assert.ok(after - before > 25 && after - before < 40, `held 30 MB more: ${before} → ${after} MB`);
    const again = await step(0);
    assert.ok(
      Math.abs(again - after) < 5,
      `100 MB of garbage left the live heap as it was: ${after} → ${again}`,
    );
  } finally {
    child.kill();
  }
  assert.equal(await liveHeapMb("ws://127.0.0.1:9/nobody", 2_000), undefined, "no inspector: no figure");
});
