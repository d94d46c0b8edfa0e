// The live heap of a Node process the chaos run started with `--inspect=127.0.0.1:0`: its
// inspector (the Chrome DevTools Protocol over a WebSocket on loopback) is asked for a full garbage
// collection, then for the heap in use. What is left is what the process holds on to: a leak raises
// it, while the heap a busy process shows between collections swings by tens of MB with the
// collector's timing (the bot's between 40 and 200 MB while about 40 MB stayed live).

/** The inspector's flag for a Node command line: a free port on loopback, chosen by the OS. */
export const INSPECT_FLAG = "--inspect=127.0.0.1:0";

/** The WebSocket URL in Node's "Debugger listening on ws://…" line, if `line` is that line. */
export function inspectorUrl(line: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}

/**
 * Heap in use (MB) right after a full collection, or undefined when the inspector does not answer
 * within `timeoutMs` (the process is gone or stopped).
 */
export async function liveHeapMb(url: string, timeoutMs = 15_000): Promise<number | undefined> {
  let socket: WebSocket | undefined;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  let next = 1;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      socket?.send(JSON.stringify({ id, method }));
    });
  const measure = async () => {
    socket = new WebSocket(url);
    const open = socket;
    await new Promise<void>((resolve, reject) => {
      open.addEventListener("open", () => resolve(), { once: true });
      open.addEventListener("error", () => reject(new Error("inspector unreachable")), { once: true });
    });
    open.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
      if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
    });
    await call("HeapProfiler.collectGarbage");
    const usage = await call("Runtime.getHeapUsage");
    return typeof usage.usedSize === "number" ? usage.usedSize / 2 ** 20 : undefined;
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      measure(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    socket?.close();
  }
}
