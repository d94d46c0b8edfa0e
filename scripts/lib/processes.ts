import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM to the child's process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with every output line (stdout and stderr). */
  onLine?: (line: string) => void;
  /** Give the child a stdin pipe (`child.process.stdin`) instead of none. */
  input?: boolean;
  /**
   * The niceness to start it at (default 0, whatever this process's own), through `nice`, so that
   * every thread it makes has that priority. One above this process's own (a lower niceness)
   * needs root or CAP_SYS_NICE: without it the child keeps this process's priority.
   */
  niceness?: number;
}

let raising: boolean | undefined;
/** Whether this process may give a child a priority above the default (Linux: root or CAP_SYS_NICE). */
function mayRaisePriority(): boolean {
  raising ??= (() => {
    try {
      const own = getPriority();
      setPriority(own - 1);
      setPriority(own);
      return true;
    } catch {
      return false;
    }
  })();
  return raising;
}

/**
 * Gives the running process `pid` the priority `niceness`, where permitted (see
 * StartOptions.niceness); otherwise leaves it as it is. Linux keeps a niceness per thread, and
 * `setpriority` on a pid reaches only its main thread: so every thread it has now is given it (a
 * main thread ahead of its garbage collector's helper threads waits on them while they wait
 * behind everyone else). Threads and children it makes later inherit their maker's.
 */
export function setNiceness(pid: number | undefined, niceness: number): void {
  if (pid === undefined) return;
  let threads: number[];
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    threads = [pid]; // not Linux
  }
  for (const thread of threads) {
    try {
      const now = getPriority(thread);
      if (niceness !== now && (niceness > now || mayRaisePriority())) setPriority(thread, niceness);
    } catch (error) {
      if (thread === pid) throw error; // a helper thread may have ended meanwhile
    }
  }
}

/**
 * Spawns a command in its own process group so that stopping it also stops whatever it
 * started (pnpm → node → workers), and nothing outlives the parent.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions = {},
): Child {
  // `node` means this very Node binary: PATH may hold pnpm's shell shim for it, which would
  // stand between us and the process we signal.
  const program = command === "node" ? process.execPath : command;
  // `nice -n` adds to the caller's niceness: a child of a harness running ahead would inherit its
  // priority otherwise (the chaos run's load generator runs ahead of the services it restarts).
  const delta = (options.niceness ?? 0) - getPriority();
  const nice = delta !== 0 && (delta > 0 || mayRaisePriority());
  const child = spawn(nice ? "nice" : program, nice ? ["-n", String(delta), program, ...args] : args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: [options.input ? "pipe" : "ignore", "pipe", "pipe"],
    detached: true,
  });
  const forward = (stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        options.onLine?.(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    });
    stream.on("end", () => {
      if (buffer) options.onLine?.(buffer);
    });
  };
  forward(child.stdout);
  forward(child.stderr);
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    child.on("error", () => resolve("spawn-error"));
  });
  let stopping: Promise<void> | undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name,
    process: child,
    exited,
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          signalGroup("SIGKILL"); // grandchildren that outlived it
          return;
        }
        signalGroup("SIGTERM");
        const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
        signalGroup("SIGKILL");
      })();
      return stopping;
    },
  };
}

/** Runs a command to completion; rejects with its output when it fails. */
export async function run(command: string, args: string[], options: StartOptions = {}): Promise<string> {
  const lines: string[] = [];
  const child = startProcess(command, command, args, {
    ...options,
    onLine: (line) => {
      lines.push(line);
      options.onLine?.(line);
    },
  });
  const code = await child.exited;
  if (code !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${code}):\n${lines.slice(-40).join("\n")}`);
  }
  return lines.join("\n");
}
