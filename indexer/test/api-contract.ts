// The REST API's declared contract, checked on real answers: every JSON answer the scenario test
// receives must match the response schema its route declares for that status (routes.ts, the
// same schemas the OpenAPI document and the typed client come from). Strict objects: a field the
// schema does not declare fails too.
import assert from "node:assert/strict";
import { getJson as fetchJson, type Indexer } from "@gavel/scripts/lib/stack.ts";
import { responseSchemaFor, routeOf, routes } from "../src/api/routes.ts";
import { ActivityItem } from "../src/api/schemas.ts";

/** route path → statuses whose answers were checked. */
export const checked = new Map<string, Set<number>>();

/** Asserts that `body`, answered with `status` to `path`, matches what its route declares. */
export function assertMatchesContract(path: string, status: number, body: unknown) {
  const route = routeOf(path);
  assert.ok(route, `${path}: no route declares this path`);
  const schema = responseSchemaFor(route, status);
  assert.ok(schema, `${route.path}: answered ${status}, which the route does not declare`);
  const parsed = schema.safeParse(body);
  assert.ok(
    parsed.success,
    `${path} (${status}) does not match its schema:\n${parsed.error ? JSON.stringify(parsed.error.issues, null, 2).slice(0, 2000) : ""}`,
  );
  const statuses = checked.get(route.path) ?? new Set();
  statuses.add(status);
  checked.set(route.path, statuses);
}

/** One event of /api/activity/stream: its data must be an ActivityItem. */
export function assertStreamItem(data: string) {
  const parsed = ActivityItem.safeParse(JSON.parse(data));
  assert.ok(parsed.success, `a stream event does not match ActivityItem: ${data.slice(0, 500)}`);
  const statuses = checked.get("/api/activity/stream") ?? new Set();
  statuses.add(200);
  checked.set("/api/activity/stream", statuses);
}

/** stack.ts's getJson, with the answer checked against its route's declared schema. */
export async function getJson<T = unknown>(indexer: Indexer, path: string, init?: RequestInit) {
  const answer = await fetchJson<T>(indexer, path, init);
  assertMatchesContract(path, answer.status, answer.body);
  return answer;
}

/** Every route whose answers were never checked (by status: 200 always, and each other status declared). */
export function unchecked(): string[] {
  const missing: string[] = [];
  for (const route of routes) {
    for (const status of Object.keys(route.responses).map(Number)) {
      if (!checked.get(route.path)?.has(status)) missing.push(`${route.path} ${status}`);
    }
  }
  return missing;
}
