// startProcess gives a child the niceness asked (default 0), whatever the caller's own: `nice -n`
// adds to the caller's, so a harness running at another priority (the chaos run's load generator
// runs ahead of the services) would otherwise pass its own on to every service it restarts.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { test } from "node:test";
import { waitFor } from "../../scripts/lib/ports.ts";
import { setNiceness, startProcess } from "../../scripts/lib/processes.ts";

const niceOf = async (niceness?: number) => {
  const child = startProcess("sleeper", "sleep", ["30"], { niceness });
  try {
    const pid = child.process.pid as number;
    // Read once `nice` (if used) has set the priority and run the command.
    await waitFor(
      "the child to run sleep",
      async () => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "sleep",
    );
    return getPriority(pid);
  } finally {
    await child.stop(100);
  }
};

test("a child gets the niceness asked, not the caller's plus it", async () => {
  // This file's own process moves to 3 (lowering one's own priority is always allowed).
  setPriority(3);
  assert.equal(getPriority(), 3);
  assert.equal(await niceOf(7), 7, "asked 7: 7, not 3 + 7");
  assert.equal(await niceOf(3), 3);
  let mayRaise = true;
  try {
    setPriority(2);
    setPriority(3);
  } catch {
    mayRaise = false;
  }
  // The default is 0 where raising a priority is permitted; elsewhere the caller's (it cannot go lower).
  assert.equal(await niceOf(), mayRaise ? 0 : 3);
});

test("setNiceness reaches every thread of a running process, not only its main thread", async () => {
  const child = startProcess("node", "node", ["-e", "setTimeout(() => {}, 30000)"], { niceness: 3 });
  try {
    const pid = child.process.pid as number;
    await waitFor("the child's helper threads", async () => readdirSync(`/proc/${pid}/task`).length > 3);
    setNiceness(pid, 6);
    const threads = readdirSync(`/proc/${pid}/task`).map(Number);
    assert.deepEqual(
      threads.map((t) => getPriority(t)),
      threads.map(() => 6),
    );
  } finally {
    await child.stop(100);
  }
});
