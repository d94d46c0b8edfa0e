// The short form of the chaos run (issue #18): the production shapes of "Running at scale" under
// a light load while one fault of each kind is injected — kill -9 of the indexer writer, an RPC
// URL going dead, Telegram answering 429 and 5xx, a chain reorg of depth ≥ 3, a web and an API
// replica killed, a keeper killed mid-settlement, Postgres stopped — then the checks a user would
// notice: nothing lost, nothing repeated, every ended auction settled and every deal deadline
// acted on, no 5xx outside the fault windows, and the index equal to a clean re-index. The
// Prometheus alert rules (docs/alerts.yml) are checked against the metrics the services expose
// here. `npm run chaos` is the long form, with the full rates.
import assert from "node:assert/strict";
import { test } from "node:test";
import { alertRules, PROMETHEUS_METRICS } from "../../scripts/chaos/alerts.ts";
import { type ChaosResult, optionsFromEnv, runChaos, SHORT } from "../../scripts/chaos/run.ts";

test("chaos run, short form: every fault recovered from, nothing lost or repeated", {
  timeout: 300_000, // the whole run, start-up included, in under five minutes
}, async () => {
  const lines: string[] = [];
  let result: ChaosResult;
  try {
    result = await runChaos(optionsFromEnv(SHORT), (line) => {
      lines.push(line);
      if (process.env.GAVEL_TEST_LOGS) console.log(line);
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- progress\n${lines.join("\n")}`);
  }
  console.log(result.table);
  for (const check of result.checks) assert.ok(check.ok, `${check.name}: ${check.detail}\n\n${result.table}`);
  assert.equal(result.faults.length, 7, "one fault of each kind");
  for (const fault of result.faults) {
    assert.ok(
      fault.recoveryS < 120,
      `${fault.name}: healthy again within two minutes (${fault.recoveryS} s)`,
    );
  }

  // Every alert rule's expression names metrics that the services really expose.
  const missing = alertRules()
    .flatMap((rule) => rule.metrics.map((metric) => ({ rule: rule.alert, metric })))
    .filter(({ metric }) => !PROMETHEUS_METRICS.has(metric) && !result.metricNames.has(metric));
  assert.deepEqual(missing, [], "alert rules reference only exposed metrics");
});
