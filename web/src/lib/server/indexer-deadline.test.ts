// The per-request deadline of the web's indexer calls holds through SvelteKit's event.fetch: given
// a Request, that fetch takes everything from it and ignores its second argument, so a deadline
// passed there never fired and a silent indexer held each page render for undici's 300 s headers
// timeout (the chaos run: thousands of renders waiting, the web replicas' heap up 250 MB).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getAuctions } from "./indexer.ts";

/** A fetch that, like SvelteKit's event.fetch given a Request, reads nothing but the Request. */
const requestOnlyFetch = (input: Request) => globalThis.fetch(input);

describe("a silent indexer", () => {
  let server: Server;
  let baseUrl: string;
  let seen = 0;
  beforeAll(async () => {
    // Accepts every request and never answers it.
    server = createServer(() => {
      seen++;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("costs a page the deadline, not minutes, through a fetch that reads only the Request", async () => {
    const started = performance.now();
    const result = await getAuctions(
      { baseUrl, fetch: requestOnlyFetch as typeof fetch, timeoutMs: 300 },
      {},
    );
    const ms = performance.now() - started;
    expect(seen).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.problem).toBe("unreachable");
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3_000);
  });

  test("and through the global fetch", async () => {
    const started = performance.now();
    const result = await getAuctions({ baseUrl, timeoutMs: 300 }, {});
    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
