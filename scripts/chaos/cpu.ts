// Where the machine's cores go during the load: the CPU time of every process the run started
// (the services and their children, Postgres and its backends, the chain, the RPC proxies, and the
// harness itself, which generates the load and hosts the Telegram stand-in), read from Linux's
// /proc every few seconds and summed per part. A process that dies between two reads loses the
// time since the earlier one; at a read every 5 s that is a few seconds of a killed replica.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

export interface Proc {
  pid: number;
  ppid: number;
  /** User plus system CPU time, in clock ticks. */
  ticks: number;
  cmd: string;
}

/** Parses a /proc/<pid>/stat line (the command name in parentheses may hold spaces). */
export function parseStat(line: string): { pid: number; ppid: number; ticks: number } | undefined {
  const close = line.lastIndexOf(")");
  if (close < 0) return undefined;
  const pid = Number(line.slice(0, line.indexOf(" ")));
  // After ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  const rest = line.slice(close + 2).split(" ");
  const [ppid, utime, stime] = [Number(rest[1]), Number(rest[11]), Number(rest[12])];
  if (![pid, ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, ppid, ticks: utime + stime };
}

/** Every process on the machine (Linux); an empty map elsewhere. */
export function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return procs;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (!stat) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      procs.set(stat.pid, { ...stat, cmd });
    } catch {
      // it ended while being read
    }
  }
  return procs;
}

/** Busy and total clock ticks of the whole machine, all cores (/proc/stat's first line). */
export function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;
/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux almost always). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * The part a process belongs to: that of its nearest ancestor (or itself) that `named` names, else
 * undefined (a process the run did not start).
 */
export function partOf(pid: number, procs: Map<number, Proc>, named: (proc: Proc) => string | undefined) {
  for (let p = procs.get(pid), hops = 0; p && hops < 64; p = procs.get(p.ppid), hops++) {
    const name = named(p);
    if (name !== undefined) return name;
    if (p.ppid === p.pid) break;
  }
  return undefined;
}

export interface CpuShare {
  name: string;
  /** CPU time over the window, as a share of one core (1 = one core busy throughout). */
  cores: number;
}

export interface CpuFigures {
  parts: CpuShare[];
  /** The whole machine's busy time over the window, in cores, and how many cores it has. */
  machineCores: number | undefined;
  cores: number;
  seconds: number;
}

/**
 * Samples every `everyMs` until stopped; `named` names a process by its pid or command line
 * (called with the services' pids as they are at each sample, so a restarted one is still named).
 */
export function sampleCpu(named: () => (proc: Proc) => string | undefined, everyMs = 5_000) {
  // For each process seen: its part, the ticks when first seen (0 if born after the start), the last.
  const seen = new Map<number, { part: string; first: number; last: number }>();
  const startedAt = Date.now();
  const machineStart = machineTicks();
  let first = true;
  const read = () => {
    const procs = readProcs();
    const name = named();
    for (const proc of procs.values()) {
      const known = seen.get(proc.pid);
      if (known) {
        known.last = Math.max(known.last, proc.ticks);
        continue;
      }
      const part = partOf(proc.pid, procs, name);
      if (part === undefined) continue;
      seen.set(proc.pid, { part, first: first ? proc.ticks : 0, last: proc.ticks });
    }
    first = false;
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    stop(): CpuFigures {
      clearInterval(timer);
      read();
      const seconds = (Date.now() - startedAt) / 1000;
      const hz = ticksPerSecond();
      const byPart = new Map<string, number>();
      for (const { part, first, last } of seen.values())
        byPart.set(part, (byPart.get(part) ?? 0) + (last - first));
      const parts = [...byPart]
        .map(([name, ticks]) => ({ name, cores: ticks / hz / seconds }))
        .sort((a, b) => b.cores - a.cores);
      const machineEnd = machineTicks();
      const cores = Math.max(1, cpus().length);
      const machineCores =
        machineStart && machineEnd && machineEnd.total > machineStart.total
          ? ((machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total)) * cores
          : undefined;
      return { parts, machineCores, cores, seconds };
    },
  };
}

/** One line for the table: "generator 0.92, web B 0.31, …; machine 1.97 of 2 cores busy". */
export function cpuLine(figures: CpuFigures): string {
  const parts = figures.parts
    .filter((p) => p.cores >= 0.005)
    .map((p) => `${p.name} ${p.cores.toFixed(2)}`)
    .join(", ");
  const sum = figures.parts.reduce((a, p) => a + p.cores, 0);
  const machine =
    figures.machineCores === undefined
      ? ""
      : `; the machine ${figures.machineCores.toFixed(2)} of ${figures.cores} cores busy (these parts ${sum.toFixed(2)})`;
  return `${parts}${machine}`;
}
