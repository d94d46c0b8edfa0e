// The signed-out page cache: one render serves a burst, nothing that may not be shared is kept,
// and a page is never older than its time to live.
import { describe, expect, test } from "vitest";
import { pageCache } from "./page-cache.ts";

function html(body: string, init: ResponseInit = {}): Response {
  return new Response(body, {
    status: 200,
    ...init,
    headers: { "content-type": "text/html", ...(init.headers as Record<string, string>) },
  });
}

describe("pageCache", () => {
  test("one render answers a burst of requests for the same page, each with its own copy", async () => {
    const cache = pageCache({ ttlMs: 2_000, staleMs: 0 });
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return html(`<p>render ${renders}</p>`, {
        headers: { "content-security-policy": "script-src 'sha256-x'" },
      });
    };
    const served = await Promise.all(Array.from({ length: 20 }, () => cache.serve("en / /", render)));
    expect(renders).toBe(1);
    expect(served.filter((s) => s.outcome === "miss")).toHaveLength(1);
    expect(served.filter((s) => s.outcome === "hit")).toHaveLength(19);
    for (const { response } of served) {
      expect(await response.text()).toBe("<p>render 1</p>");
      expect(response.headers.get("content-security-policy")).toBe("script-src 'sha256-x'");
    }
    // Other keys (another language, another URL) render on their own.
    await cache.serve("ru / /", render);
    await cache.serve("en / /auction/1", render);
    expect(renders).toBe(3);
  });

  test("a page is rendered again once its time to live has passed", async () => {
    let clock = 0;
    const cache = pageCache({ ttlMs: 2_000, staleMs: 0, now: () => clock });
    let renders = 0;
    const render = async () => html(`<p>${++renders}</p>`);
    expect(await (await cache.serve("k", render)).response.text()).toBe("<p>1</p>");
    clock = 1_999;
    expect(await (await cache.serve("k", render)).response.text()).toBe("<p>1</p>");
    clock = 2_000;
    const again = await cache.serve("k", render);
    expect(again.outcome).toBe("miss");
    expect(await again.response.text()).toBe("<p>2</p>");
  });

  test("error pages, redirects, other content and answers that set a cookie are never kept", async () => {
    const cache = pageCache({ ttlMs: 60_000, staleMs: 0 });
    const answers: Array<() => Response> = [
      () => html("<p>not found</p>", { status: 404 }),
      () => new Response(null, { status: 303, headers: { location: "/" } }),
      () => new Response("{}", { headers: { "content-type": "application/json" } }),
      () => html("<p>hello</p>", { headers: { "set-cookie": "gavel_session=secret" } }),
    ];
    for (const [i, answer] of answers.entries()) {
      let renders = 0;
      const render = async () => {
        renders++;
        return answer();
      };
      const first = await cache.serve(`key ${i}`, render);
      const second = await cache.serve(`key ${i}`, render);
      expect(first.outcome).toBe("uncacheable");
      expect(second.outcome).toBe("uncacheable");
      expect(renders).toBe(2);
      expect(second.response.status).toBe(answer().status);
      expect(second.response.headers.get("set-cookie")).toBe(answer().headers.get("set-cookie"));
    }
  });

  test("keeps at most maxEntries pages, dropping the oldest", async () => {
    const cache = pageCache({ ttlMs: 60_000, staleMs: 0, maxEntries: 2 });
    let renders = 0;
    const render = async () => html(`<p>${++renders}</p>`);
    await cache.serve("a", render);
    await cache.serve("b", render);
    await cache.serve("c", render);
    expect((await cache.serve("b", render)).outcome).toBe("hit");
    expect((await cache.serve("a", render)).outcome).toBe("miss");
  });

  test("past its time to live a page is served at once while one request renders it again", async () => {
    let clock = 0;
    const cache = pageCache({ ttlMs: 2_000, staleMs: 30_000, now: () => clock });
    let renders = 0;
    let release: () => void = () => {};
    const render = async () => {
      const n = ++renders;
      if (n > 1) await new Promise<void>((resolve) => (release = resolve));
      return html(`<p>${n}</p>`);
    };
    await cache.serve("k", render);
    clock = 5_000;
    // A slow render under way: every visitor meanwhile gets the kept page, and only one render runs.
    const meanwhile = await Promise.all(Array.from({ length: 5 }, () => cache.serve("k", render)));
    expect(meanwhile.map((s) => s.outcome)).toEqual(Array(5).fill("stale"));
    for (const { response } of meanwhile) expect(await response.text()).toBe("<p>1</p>");
    expect(renders).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = await cache.serve("k", render);
    expect(after.outcome).toBe("hit");
    expect(await after.response.text()).toBe("<p>2</p>");
    // Older than time to live and stale window together: the visitor waits for a new render.
    clock = 5_000 + 32_000;
    const late = cache.serve("k", render);
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    const waited = await late;
    expect(waited.outcome).toBe("miss");
    expect(await waited.response.text()).toBe("<p>3</p>");
  });

  test("a background render that fails leaves the kept page and is reported", async () => {
    let clock = 0;
    const errors: unknown[] = [];
    const cache = pageCache({
      ttlMs: 1_000,
      staleMs: 10_000,
      now: () => clock,
      onBackgroundError: (e) => errors.push(e),
    });
    let fail = false;
    const render = async () => {
      if (fail) throw new Error("indexer down");
      return html("<p>kept</p>");
    };
    await cache.serve("k", render);
    clock = 2_000;
    fail = true;
    const stale = await cache.serve("k", render);
    expect(await stale.response.text()).toBe("<p>kept</p>");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
    expect(await (await cache.serve("k", render)).response.text()).toBe("<p>kept</p>");
  });

  test("a stale page says so in its head, so the browser reloads its data once hydrated", async () => {
    let clock = 0;
    const cache = pageCache({ ttlMs: 1_000, staleMs: 10_000, now: () => clock });
    const render = async () => html('<!doctype html>\n<html lang="ru">\n<head>\n</head><p>лот</p></html>');
    await cache.serve("k", render);
    expect(await (await cache.serve("k", render)).response.text()).toBe(
      '<!doctype html>\n<html lang="ru">\n<head>\n</head><p>лот</p></html>',
    );
    clock = 2_000;
    expect(await (await cache.serve("k", render)).response.text()).toBe(
      '<!doctype html>\n<html lang="ru">\n<head>\n    <meta name="gavel-stale" content="" />\n</head><p>лот</p></html>',
    );
  });
});
