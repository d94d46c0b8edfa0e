// The indexer's reorg-aware transport against a stand-in JSON-RPC node answering as real nodes do
// when they no longer have a block: only "the logs of a block by hash" answered "no such block"
// becomes the final error Ponder gives up on at once; everything else passes through unchanged.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { freePort } from "@gavel/scripts/lib/ports.ts";
import { chainTransport } from "@gavel/sdk/transport";
import { HttpRequestError } from "viem";
import { BlockGoneError, reorgAware } from "../src/reorg-aware.ts";

const HASH = `0x${"ab".repeat(32)}`;
/** What the stand-in answers next, as a JSON-RPC error (code, message). */
let nextError: { code: number; message: string } | undefined;
let url = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const call = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: number };
    const answer = nextError ? { error: nextError } : { result: [] };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, ...answer }));
  });
});

before(async () => {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const request = (method: string, params: unknown[]) =>
  reorgAware(chainTransport([url], { retryCount: 0 }))({}).request({ method, params } as never);

test("the logs of a block the node no longer has fail as a final 404, for every node's wording", async () => {
  for (const message of [
    "blockHash cannot be found",
    "unknown block",
    "header not found",
    "block not found",
  ]) {
    nextError = { code: message === "unknown block" ? -32000 : -32602, message };
    const error = await request("eth_getLogs", [{ blockHash: HASH }]).catch((e: unknown) => e);
    assert.ok(error instanceof BlockGoneError, `${message}: ${String(error)}`);
    assert.ok(error instanceof HttpRequestError);
    assert.equal(error.status, 404);
    assert.match(error.details, new RegExp(`${HASH}.*${message}`));
  }
});

test("other errors and other requests pass through as the node answered them", async () => {
  nextError = { code: -32602, message: "blockHash cannot be found" };
  // A range query is not a vanished block: Ponder's own range handling must see the node's error.
  const range = await request("eth_getLogs", [{ fromBlock: "0x1", toBlock: "0x2" }]).catch((e: unknown) => e);
  assert.ok(!(range instanceof BlockGoneError));
  assert.equal((range as { code?: number }).code, -32602);
  nextError = { code: -32005, message: "limit exceeded" };
  const limited = await request("eth_getLogs", [{ blockHash: HASH }]).catch((e: unknown) => e);
  assert.ok(!(limited instanceof BlockGoneError));
  assert.equal((limited as { code?: number }).code, -32005);
  nextError = undefined;
  assert.deepEqual(await request("eth_getLogs", [{ blockHash: HASH }]), []);
});

test("a node that cannot be reached is a transport failure, not a vanished block", async () => {
  const dead = await freePort();
  const transport = reorgAware(chainTransport([`http://127.0.0.1:${dead}`], { retryCount: 0 }));
  const error = await transport({})
    .request({ method: "eth_getLogs", params: [{ blockHash: HASH }] } as never)
    .catch((e: unknown) => e);
  assert.ok(!(error instanceof BlockGoneError), String(error));
});
