// The chaos run's proxies in their own process: a balancer over two upstreams, an RPC URL that
// goes dead and comes back, all driven from the harness over IPC.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, test } from "node:test";
import { startProxyHost } from "../../scripts/chaos/proxy.ts";

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function upstream(name: string): Promise<string> {
  const server = createServer((_req, res) => res.end(name));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

test("proxies hosted by a child process balance, go dead, come back and end with it", async () => {
  const host = await startProxyHost();
  try {
    const balancer = await host.start([await upstream("a"), await upstream("b")]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await (await fetch(balancer.url)).text());
    assert.deepEqual(answers.sort(), ["a", "a", "b", "b"], "round robin over both upstreams");

    const rpc = await host.start([await upstream("chain")]);
    assert.equal(await (await fetch(rpc.url)).text(), "chain");
    await rpc.down();
    await assert.rejects(fetch(rpc.url), "a dead URL refuses the connection");
    await rpc.up();
    assert.equal(await (await fetch(rpc.url)).text(), "chain", "and answers again on the same port");
    await assert.rejects(host.start([]), /at least one upstream/);
  } finally {
    await host.stop();
  }
  await assert.rejects(host.start(["http://127.0.0.1:9"]), /exited/, "gone with stop()");
});
