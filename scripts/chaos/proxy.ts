// A small loopback HTTP proxy for the chaos run. With one upstream it stands for one RPC URL
// that can go dead (`down()`: the port refuses connections) and come back (`up()`). With several
// it is the load balancer in front of replicas: round robin, and a request whose upstream refuses
// the connection is tried on the next one (as a balancer's passive health check would), so a
// killed replica costs no answer that had not started, and a GET whose reused connection the
// upstream had just closed is tried again. Bodies are piped, so server-sent events
// (the bot's activity stream) pass through.
import { fork } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { setNiceness } from "../lib/processes.ts";

export interface LoopbackProxy {
  url: string;
  port: number;
  /** Stops listening and cuts every open connection: the URL is dead. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(upstreams: string[], port = 0): Promise<LoopbackProxy> {
  if (upstreams.length === 0) throw new Error("startProxy: at least one upstream is needed");
  let next = 0;
  const sockets = new Set<Socket>();
  const handler: Parameters<typeof createServer>[1] = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const first = next++ % upstreams.length;
      const attempt = (tried: number) => {
        const target = new URL(req.url ?? "/", upstreams[(first + tried) % upstreams.length]);
        const upstream = request(
          target,
          { method: req.method, headers: { ...req.headers, host: target.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          // As nginx's proxy_next_upstream: a refused connection goes to the next upstream; an
          // idempotent request whose reused keep-alive connection was reset is tried once more.
          const idempotent = req.method === "GET" || req.method === "HEAD";
          const retry =
            (error.code === "ECONNREFUSED" && tried + 1 < upstreams.length) ||
            (idempotent && error.code === "ECONNRESET" && tried <= upstreams.length);
          if (!res.headersSent && retry) {
            attempt(tried + 1);
          } else if (!res.headersSent) {
            res.writeHead(502, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: `upstream: ${error.code ?? error.message}` }));
          } else res.destroy();
        });
        res.on("close", () => upstream.destroy());
        upstream.end(body);
      };
      attempt(0);
    });
  };
  let server: Server = createServer(handler);
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer(handler);
      // As production balancers (60–75 s): an idle client connection outlives the client's own
      // idle timeout, so a busy loop closing it at Node's default 5 s cannot race a request the
      // client is sending on it (the client sees "other side closed", which is no answer).
      server.keepAliveTimeout = 65_000;
      server.on("connection", (socket: Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : p);
      });
    });
  const bound = await listen(port);
  let listening = true;
  const down = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    down,
    async up() {
      if (listening) return;
      await listen(bound);
      listening = true;
    },
    close: down,
  };
}

/** Proxies hosted by a child process (proxy-process.ts): the same interface, another event loop. */
export interface ProxyHost {
  start(upstreams: string[], port?: number): Promise<LoopbackProxy>;
  /** Ends the process (and every proxy in it). */
  stop(): Promise<void>;
}

/**
 * The proxy process; `niceness` is given to each of its threads once it is ready: a negative one
 * only where this process may raise priority (`setNiceness`).
 */
export async function startProxyHost(niceness = 0): Promise<ProxyHost> {
  const child = fork(fileURLToPath(new URL("./proxy-process.ts", import.meta.url)), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let exited = false;
  type Reply = { id: number; proxy?: number; port?: number; error?: string };
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the proxy process exited (${code}) before it was ready`)));
  });
  // Once ready, so that its helper threads are there to be given it too.
  setNiceness(child.pid, niceness);
  child.on("message", (reply: Reply) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (reply.error) entry.reject(new Error(reply.error));
    else entry.resolve(reply);
  });
  child.on("exit", (code) => {
    exited = true;
    for (const entry of waiting.values()) entry.reject(new Error(`the proxy process exited (${code})`));
    waiting.clear();
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<Reply>((resolve, reject) => {
      if (exited) return reject(new Error("the proxy process has exited"));
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  return {
    async start(upstreams, port) {
      const { proxy, port: bound } = await ask({ cmd: "start", upstreams, port });
      const command = async (cmd: "down" | "up" | "close") => {
        await ask({ cmd, proxy });
      };
      return {
        url: `http://127.0.0.1:${bound}`,
        port: bound as number,
        down: () => command("down"),
        up: () => command("up"),
        close: () => (exited ? Promise.resolve() : command("close")),
      };
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.disconnect();
      await gone;
    },
  };
}
