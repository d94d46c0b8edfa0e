// The read routes' response cache on its own: kept answers per version, one computation for a
// burst of concurrent misses, and failures that are never kept or shared.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type KeptAnswer, responseCache } from "../src/api/response-cache.ts";

/** A computation that answers `body` once released, counting its calls. */
function gated(body: string, status = 200) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const counter = {
    calls: 0,
    release: () => release(),
    compute: async () => {
      counter.calls++;
      await gate;
      return new Response(body, { status, headers: { "content-type": "application/json" } });
    },
  };
  return counter;
}

const bodyOf = async (answer: KeptAnswer | Response) =>
  answer instanceof Response ? { status: answer.status, body: await answer.text() } : answer;

test("a burst of requests for one key at one version computes once; all get the same answer", async () => {
  const cache = responseCache(1_000_000);
  const computation = gated('{"id":"7"}');
  const burst = Array.from({ length: 50 }, () => cache.answer("auction 7", "v1", computation.compute));
  await new Promise((resolve) => setTimeout(resolve, 10));
  computation.release();
  const answers = await Promise.all(burst.map(async (a) => bodyOf(await a)));
  assert.equal(computation.calls, 1);
  for (const a of answers) {
    assert.equal(a.status, 200);
    assert.equal(a.body, '{"id":"7"}');
  }
  // Kept: the same key at the same version is answered without computing.
  const again = gated("never");
  assert.equal((await bodyOf(await cache.answer("auction 7", "v1", again.compute))).body, '{"id":"7"}');
  assert.equal(again.calls, 0);
});

test("a new version (a new block) computes again; other keys never share an answer", async () => {
  const cache = responseCache(1_000_000);
  const first = gated("old");
  first.release();
  await cache.answer("auction 7", "v1", first.compute);
  const next = gated("new");
  next.release();
  assert.equal((await bodyOf(await cache.answer("auction 7", "v2", next.compute))).body, "new");
  const other = gated("eight");
  other.release();
  assert.equal((await bodyOf(await cache.answer("auction 8", "v2", other.compute))).body, "eight");
  assert.deepEqual([first.calls, next.calls, other.calls], [1, 1, 1]);
});

test("a 404 is kept; a 500 is neither kept nor shared: each waiting request computes its own", async () => {
  const cache = responseCache(1_000_000);
  const missing = gated('{"error":"not_found"}', 404);
  missing.release();
  await cache.answer("auction 9", "v1", missing.compute);
  await cache.answer("auction 9", "v1", missing.compute);
  assert.equal(missing.calls, 1);

  const failing = gated('{"error":"internal"}', 500);
  const burst = Array.from({ length: 3 }, () => cache.answer("auction 10", "v1", failing.compute));
  await new Promise((resolve) => setTimeout(resolve, 10));
  failing.release();
  for (const a of await Promise.all(burst)) assert.equal((await bodyOf(a)).status, 500);
  assert.equal(failing.calls, 3, "the two waiting requests computed their own answers");
  await cache.answer("auction 10", "v1", failing.compute);
  assert.equal(failing.calls, 4, "a 500 was not kept");
});

test("a computation that throws fails its own request; the waiting ones compute their own", async () => {
  const cache = responseCache(1_000_000);
  let calls = 0;
  let fail = () => {};
  const thrown = new Promise<never>((_resolve, reject) => {
    fail = () => reject(new Error("database is down"));
  });
  const leader = cache.answer("browse", "v1", () => {
    calls++;
    return thrown;
  });
  const follower = cache.answer("browse", "v1", async () => {
    calls++;
    return new Response("[]", { status: 200 });
  });
  fail();
  await assert.rejects(leader, /database is down/);
  assert.equal((await bodyOf(await follower)).body, "[]");
  assert.equal(calls, 2);
});

test("0 bytes turns it off: every request computes", async () => {
  const cache = responseCache(0);
  const computation = gated("x");
  computation.release();
  await Promise.all([
    cache.answer("k", "v", computation.compute),
    cache.answer("k", "v", computation.compute),
  ]);
  assert.equal(computation.calls, 2);
});
