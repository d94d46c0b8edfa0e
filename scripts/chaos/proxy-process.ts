// The chaos run's balancers and RPC proxies in a process of their own (started by
// `startProxyHost` in proxy.ts), as a load balancer runs apart from its clients in production:
// in the harness's own process, a busy load generator slowed the RPC reads of the writer it was
// measuring. Commands arrive over the IPC channel; the process ends with its parent.
import { type LoopbackProxy, startProxy } from "./proxy.ts";

type Command =
  | { id: number; cmd: "start"; upstreams: string[]; port?: number }
  | { id: number; cmd: "down" | "up" | "close"; proxy: number };

const proxies: LoopbackProxy[] = [];
const send = (message: unknown) => process.send?.(message);

process.on("message", (message: Command) => {
  void (async () => {
    try {
      if (message.cmd === "start") {
        const proxy = await startProxy(message.upstreams, message.port);
        proxies.push(proxy);
        send({ id: message.id, proxy: proxies.length - 1, port: proxy.port });
      } else {
        const proxy = proxies[message.proxy];
        if (!proxy) throw new Error(`no proxy ${message.proxy}`);
        await proxy[message.cmd]();
        send({ id: message.id });
      }
    } catch (error) {
      send({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on("disconnect", () => process.exit(0));
send({ ready: true });
