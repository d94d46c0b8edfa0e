// The chaos run's CPU accounting (scripts/chaos/cpu.ts): where the cores went during the load, per
// part of the cluster. A real child process spinning, and its own child spinning, both count for
// the part its parent is named as; an idle one counts for nearly nothing; processes the run did not
// start are not counted.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { cpuLine, parseStat, partOf, readProcs, sampleCpu } from "../../scripts/chaos/cpu.ts";

test("a /proc stat line is read past a command name holding spaces and parentheses", () => {
  const line = "4242 (node (main) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 1000";
  assert.deepEqual(parseStat(line), { pid: 4242, ppid: 17, ticks: 325 });
  assert.equal(parseStat("garbage"), undefined);
});

test("a process belongs to the part of its nearest named ancestor", () => {
  const procs = new Map([
    [1, { pid: 1, ppid: 0, ticks: 0, cmd: "init" }],
    [10, { pid: 10, ppid: 1, ticks: 0, cmd: "harness" }],
    [20, { pid: 20, ppid: 10, ticks: 0, cmd: "postgres -D x" }],
    [21, { pid: 21, ppid: 20, ticks: 0, cmd: "postgres: backend" }],
    [30, { pid: 30, ppid: 10, ticks: 0, cmd: "node proxy-process.ts" }],
  ]);
  const named = (p: { pid: number; cmd: string }) =>
    p.pid === 20 ? "Postgres" : p.pid === 10 ? "generator" : undefined;
  assert.equal(partOf(21, procs, named), "Postgres");
  assert.equal(partOf(30, procs, named), "generator");
  assert.equal(partOf(1, procs, named), undefined);
});

test("a spinning child and its spinning grandchild count as one busy part; an idle one barely", {
  skip: readProcs().size === 0 ? "no /proc here" : false,
}, async () => {
  // The parent spins and starts a child that spins too: about two cores' worth over the window on
  // an idle machine, at least well above the idle process's.
  const spin = "const end = Date.now() + 1800; while (Date.now() < end) {}";
  const busy = spawn(
    process.execPath,
    [
      "-e",
      `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(spin)}], { stdio: "ignore" }); ${spin}`,
    ],
    { stdio: "ignore" },
  );
  const idle = spawn(process.execPath, ["-e", "setTimeout(() => {}, 1800)"], { stdio: "ignore" });
  const sampler = sampleCpu(
    () => (proc) => (proc.pid === busy.pid ? "busy" : proc.pid === idle.pid ? "idle" : undefined),
    200,
  );
  await Promise.all([once(busy, "exit"), once(idle, "exit")]);
  const figures = sampler.stop();
  const part = (name: string) => figures.parts.find((p) => p.name === name)?.cores ?? 0;
  // Two spinners of ~1.8 s over a ~2 s window share the machine's cores with whatever else runs.
  assert.ok(part("busy") > 0.6, `busy part ${part("busy").toFixed(2)} cores`);
  assert.ok(part("idle") < 0.3, `idle part ${part("idle").toFixed(2)} cores`);
  assert.ok(part("busy") > part("idle") * 3);
  assert.ok(figures.parts.every((p) => p.name === "busy" || p.name === "idle"));
  assert.ok(figures.machineCores !== undefined && figures.machineCores > 0.5);
  assert.match(cpuLine(figures), /^busy \d\.\d\d.*; the machine \d\.\d\d of \d+ cores busy/);
});
