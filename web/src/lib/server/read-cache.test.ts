// The per-process read cache that server renders share: how long an answer lives, how many are
// kept, that concurrent renders share one read, and that a write in this process is seen at once.
import { describe, expect, test } from "vitest";
import { readCache } from "./read-cache.ts";

/** A loader that answers `key → "key@n"` (n: which call) and records what it was asked for. */
function counting() {
  const calls: string[][] = [];
  const load = async (missing: string[]) => {
    calls.push(missing);
    return new Map(missing.filter((k) => !k.startsWith("none")).map((k) => [k, `${k}@${calls.length}`]));
  };
  return { calls, load };
}

/** A loader whose calls answer only when released (`release(call, version)`, call 0 first). */
function gated() {
  const calls: string[][] = [];
  const releases: ((version: string) => void)[] = [];
  const load = (missing: string[]) => {
    calls.push(missing);
    return new Promise<Map<string, string>>((resolve) => {
      releases.push((version) => resolve(new Map(missing.map((k) => [k, `${k}@${version}`]))));
    });
  };
  return { calls, load, release: (call: number, version: string) => releases[call]?.(version) };
}

describe("readCache", () => {
  test("reuses an answer within its time to live and reads again after it", async () => {
    let clock = 1_000;
    const cache = readCache<string>({ ttlMs: 1_000, maxEntries: 10, now: () => clock });
    const { calls, load } = counting();
    expect(await cache.many(["a", "b"], load)).toEqual(
      new Map([
        ["a", "a@1"],
        ["b", "b@1"],
      ]),
    );
    clock += 999;
    expect(await cache.many(["b", "a", "c"], load)).toEqual(
      new Map([
        ["b", "b@1"],
        ["a", "a@1"],
        ["c", "c@2"],
      ]),
    );
    expect(calls).toEqual([["a", "b"], ["c"]]);
    clock += 1; // a and b are a second old now
    expect(await cache.many(["a"], load)).toEqual(new Map([["a", "a@3"]]));
    expect(calls.at(-1)).toEqual(["a"]);
  });

  test("remembers that a key has no answer, and does not ask for it again within the time to live", async () => {
    const cache = readCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    const { calls, load } = counting();
    expect(await cache.many(["none-1", "a"], load)).toEqual(new Map([["a", "a@1"]]));
    expect(await cache.many(["none-1"], load)).toEqual(new Map());
    expect(calls).toEqual([["none-1", "a"]]);
  });

  test("keeps at most maxEntries, dropping the oldest first", async () => {
    const cache = readCache<string>({ ttlMs: 60_000, maxEntries: 3 });
    const { calls, load } = counting();
    await cache.many(["a", "b", "c"], load);
    await cache.many(["d"], load);
    expect(cache.size).toBe(3);
    // "a" was dropped; "b", "c" and "d" are still served from the cache.
    expect(await cache.many(["b", "c", "d", "a"], load)).toEqual(
      new Map([
        ["b", "b@1"],
        ["c", "c@1"],
        ["d", "d@2"],
        ["a", "a@3"],
      ]),
    );
    expect(calls).toEqual([["a", "b", "c"], ["d"], ["a"]]);
    expect(cache.size).toBe(3);
  });

  test("concurrent renders share one read: the second asks only for keys nobody is reading", async () => {
    const cache = readCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    const { calls, load, release } = gated();
    const first = cache.many(["a", "b"], load);
    const second = cache.many(["b", "a"], load);
    expect(calls).toEqual([["a", "b"]]);
    release(0, "1");
    expect(await first).toEqual(
      new Map([
        ["a", "a@1"],
        ["b", "b@1"],
      ]),
    );
    expect(await second).toEqual(
      new Map([
        ["b", "b@1"],
        ["a", "a@1"],
      ]),
    );
    expect(calls).toHaveLength(1);
  });

  test("a failed read is not cached: everyone waiting gets the error, the next render reads again", async () => {
    const cache = readCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    let fail = true;
    const load = async (missing: string[]) => {
      await Promise.resolve();
      if (fail) throw new Error("indexer down");
      return new Map(missing.map((k) => [k, `${k}!`]));
    };
    const results = await Promise.allSettled([cache.many(["a"], load), cache.many(["a"], load)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(cache.size).toBe(0);
    fail = false;
    expect(await cache.one("a", async () => "a!")).toBe("a!");
  });

  test("a write in this process is seen by the next render, even while an older read is under way", async () => {
    const cache = readCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    const { calls, load, release } = gated();
    // A render started reading "a" before the write…
    const before = cache.many(["a"], load);
    // …the owner saved, and invalidated:
    cache.invalidate("a");
    // …their next render does not join the old read.
    const after = cache.many(["a"], load);
    expect(calls).toEqual([["a"], ["a"]]);
    release(1, "new"); // the second read answers first
    expect(await after).toEqual(new Map([["a", "a@new"]]));
    // The old read finishing late answers its own render but does not put its older answer back.
    release(0, "old");
    expect(await before).toEqual(new Map([["a", "a@old"]]));
    expect(await cache.many(["a"], load)).toEqual(new Map([["a", "a@new"]]));
    expect(calls).toHaveLength(2);
  });

  test("an entry invalidated after it was cached is read again", async () => {
    const cache = readCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    const { calls, load } = counting();
    await cache.many(["a", "b"], load);
    cache.invalidate("a");
    expect(await cache.many(["a", "b"], load)).toEqual(
      new Map([
        ["a", "a@2"],
        ["b", "b@1"],
      ]),
    );
    cache.invalidate();
    expect(cache.size).toBe(0);
    expect(await cache.many(["b"], load)).toEqual(new Map([["b", "b@3"]]));
    expect(calls).toEqual([["a", "b"], ["a"], ["b"]]);
  });
});
