import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createPublicClient } from "viem";
import { chainTransport, splitRpcUrls } from "../src/transport.ts";

/** A JSON-RPC node on loopback that answers eth_chainId (0x7a69) and eth_blockNumber. */
let node: Server;
let nodeUrl: string;
/** A port nothing listens on: connections are refused. */
let deadUrl: string;

before(async () => {
  node = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      if (method === "eth_sendRawTransaction") {
        // A node's answer that is an error: the transaction is refused, as Hardhat refuses a used nonce.
        const error = { code: -32000, message: "Nonce too low. Expected nonce to be 1 but got 0." };
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", id, error }));
        return;
      }
      const result = method === "eth_chainId" ? "0x7a69" : "0x2a";
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
  nodeUrl = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
after(() => new Promise<void>((resolve) => node.close(() => resolve())));

test("splitRpcUrls reads a comma-separated list and drops empty entries", () => {
  assert.deepEqual(splitRpcUrls(" http://a:1 , http://b:2,,"), ["http://a:1", "http://b:2"]);
});

for (const order of ["dead first", "dead second"] as const) {
  test(`with the dead URL ${order}, reads are answered by the live one at once`, async () => {
    const urls = order === "dead first" ? [deadUrl, nodeUrl] : [nodeUrl, deadUrl];
    const client = createPublicClient({ transport: chainTransport(urls, { timeout: 1_000 }) });
    const started = performance.now();
    assert.equal(await client.getChainId(), 31337);
    assert.equal(await client.getBlockNumber({ cacheTime: 0 }), 42n);
    assert.ok(performance.now() - started < 1_000, "failover took longer than one timeout");
  });
}

for (const order of ["dead first", "dead second"] as const) {
  test(`with the dead URL ${order}, a node's error answer comes through as it is (not the dead URL's)`, async () => {
    const urls = order === "dead first" ? [deadUrl, nodeUrl] : [nodeUrl, deadUrl];
    const client = createPublicClient({ transport: chainTransport(urls, { timeout: 1_000 }) });
    // Once with the live URL preferred (it answered the chain id), once from a fresh start.
    await client.getChainId();
    for (let round = 0; round < 2; round++) {
      await assert.rejects(
        client.request({ method: "eth_sendRawTransaction", params: ["0x00"] }),
        (error: Error) => /Nonce too low/.test(error.message) && !/HTTP request failed/.test(error.message),
      );
    }
  });
}

test("with every URL dead, the read fails rather than hanging", async () => {
  const client = createPublicClient({ transport: chainTransport([deadUrl, deadUrl], { timeout: 500 }) });
  await assert.rejects(client.getChainId());
});

test("no URL at all is refused", () => {
  assert.throws(() => chainTransport([]), /no RPC URL/);
});

test("a silent URL (it accepts but never answers) costs one timeout, not one per read", async () => {
  const silent = createServer(() => {}); // reads the request, never answers
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const client = createPublicClient({ transport: chainTransport([silentUrl, nodeUrl], { timeout: 400 }) });
  const timed = async (read: () => Promise<unknown>) => {
    const started = performance.now();
    await read();
    return performance.now() - started;
  };
  try {
    const first = await timed(() => client.getChainId());
    assert.ok(
      first >= 400 && first < 1_500,
      `the first read waits out the silent URL once (${Math.round(first)} ms)`,
    );
    for (let i = 0; i < 3; i++) {
      const next = await timed(() => client.getBlockNumber({ cacheTime: 0 }));
      assert.ok(next < 200, `later reads start at the URL that answered (${Math.round(next)} ms)`);
    }
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
