/**
 * A small per-process cache for reads that every server render repeats (seller reputations,
 * people's names and faces, the pause clock): answers are kept for `ttlMs` (about a second, so
 * a burst of renders shares one read and nobody sees anything older than that), at most
 * `maxEntries` of them (the oldest go first), and renders that ask for the same key while a read
 * is under way wait for that read instead of starting their own. Keys are read in batches: one
 * call asks the loader only for the keys that are neither cached nor being read.
 *
 * A write in this process calls `invalidate(key)`: the entry goes, and a read that was already
 * under way for the key is not stored, so the writer's next render reads afresh. A failed read
 * is never cached (every render waiting for it gets the error).
 */
export interface ReadCacheOptions {
  /** How long an answer is reused, in milliseconds. */
  ttlMs: number;
  /** The most entries kept (an answer of "nothing there" counts as one). */
  maxEntries: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/** One batch read under way: which of its keys were invalidated while it ran. */
interface Batch<V> {
  promise: Promise<Map<string, V>>;
  invalidated: Set<string>;
}

export interface ReadCache<V> {
  /**
   * The answers for `keys` (a key the loader did not answer for is absent): cached ones as they
   * are, keys being read from that read, the rest from one `load(missing)` call.
   */
  many(keys: Iterable<string>, load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>>;
  /** One key's answer (undefined when the loader had none). */
  one(key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets `key` (after a write), or everything. */
  invalidate(key?: string): void;
  /** Entries held now (for tests and metrics). */
  readonly size: number;
}

export function readCache<V>({ ttlMs, maxEntries, now = Date.now }: ReadCacheOptions): ReadCache<V> {
  /** key → answer (undefined: the loader had none) and when it was read; oldest first. */
  const entries = new Map<string, { value: V | undefined; at: number }>();
  const reading = new Map<string, Batch<V>>();

  function store(key: string, value: V | undefined, at: number) {
    entries.delete(key);
    entries.set(key, { value, at });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  async function many(
    keys: Iterable<string>,
    load: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, V>> {
    const out = new Map<string, V>();
    const waits: Promise<void>[] = [];
    const missing: string[] = [];
    const take = (key: string, answers: Map<string, V>) => {
      const value = answers.get(key);
      if (value !== undefined) out.set(key, value);
    };
    for (const key of new Set(keys)) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) {
        if (hit.value !== undefined) out.set(key, hit.value);
        continue;
      }
      if (hit) entries.delete(key);
      const running = reading.get(key);
      if (running) waits.push(running.promise.then((answers) => take(key, answers)));
      else missing.push(key);
    }
    if (missing.length > 0) {
      const batch: Batch<V> = { promise: Promise.resolve(new Map()), invalidated: new Set() };
      batch.promise = (async () => {
        try {
          const answers = await load(missing);
          const at = now();
          for (const key of missing) if (!batch.invalidated.has(key)) store(key, answers.get(key), at);
          return answers;
        } finally {
          for (const key of missing) if (reading.get(key) === batch) reading.delete(key);
        }
      })();
      for (const key of missing) reading.set(key, batch);
      waits.push(
        batch.promise.then((answers) => {
          for (const key of missing) take(key, answers);
        }),
      );
    }
    await Promise.all(waits);
    return out;
  }

  return {
    many,
    async one(key, load) {
      const answers = await many([key], async () => new Map([[key, await load()]]));
      return answers.get(key) as V;
    },
    invalidate(key) {
      if (key === undefined) {
        entries.clear();
        for (const [k, batch] of reading) batch.invalidated.add(k);
        reading.clear();
        return;
      }
      entries.delete(key);
      reading.get(key)?.invalidated.add(key);
      reading.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
