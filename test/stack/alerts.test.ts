// The Prometheus alerting rules (docs/alerts.yml) as an operator loads them: the file parses,
// every rule is complete (expression, duration, severity, summary) and points at a section of the
// runbook (docs/OPERATIONS.md) that exists, and every metric it reads belongs to a service that
// exposes it. A broken rule is refused naming the rule and the field. The end-to-end journey
// (fullstack.test.ts) and the chaos run (chaos.test.ts) check the same metric names against the
// live services' /metrics.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  alertRules,
  exposedMetricNames,
  metricsOf,
  PROMETHEUS_METRICS,
  parseAlertRules,
  unexposedAlertMetrics,
} from "../../scripts/chaos/alerts.ts";
import { repoRoot } from "../../scripts/lib/chain.ts";

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchors = (markdown: string) =>
  new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, "")
        .trim()
        .replace(/\s/g, "-"),
    ),
  );

describe("alert rules (docs/alerts.yml)", () => {
  test("parse, are complete, and each names a runbook section that exists", () => {
    const rules = alertRules();
    assert.ok(rules.length >= 10, `${rules.length} rules`);
    const runbook = anchors(readFileSync(join(repoRoot, "docs/OPERATIONS.md"), "utf8"));
    for (const rule of rules) {
      assert.ok(
        runbook.has(rule.runbook),
        `${rule.alert}: runbook section #${rule.runbook} exists in OPERATIONS.md`,
      );
      for (const metric of rule.metrics) {
        assert.ok(
          PROMETHEUS_METRICS.has(metric) ||
            /^(ponder_|gavel_(web|bot|keeper|relayer)_|process_)/.test(metric),
          `${rule.alert}: ${metric} belongs to a Gavel service`,
        );
      }
    }
    // Every service has at least one alert on it.
    const all = rules.flatMap((r) => r.metrics).join(" ");
    for (const prefix of ["ponder_", "gavel_web_", "gavel_bot_", "gavel_keeper_", "gavel_relayer_"])
      assert.ok(all.includes(prefix), prefix);
  });

  test("metric names are read from expressions, not labels, strings or functions", () => {
    assert.deepEqual(
      metricsOf('sum(rate(a_total{status=~"5..", job="x_y"}[5m])) by (le) / sum(rate(b_count[5m])) > 0.01'),
      ["a_total", "b_count"],
    );
    assert.deepEqual(metricsOf("time() - max(gavel_keeper_last_round_timestamp_seconds) > 300"), [
      "gavel_keeper_last_round_timestamp_seconds",
    ]);
  });

  test("a service's /metrics text offers its samples' names and every declared metric, sampled or not", () => {
    const text = [
      "# HELP a_total Things",
      "# TYPE a_total counter",
      "# HELP b_seconds Time",
      "# TYPE b_seconds histogram",
      'b_seconds_bucket{le="1"} 1',
      "# TYPE c summary",
      'd{x="y"} 3',
      "e 1",
    ].join("\n");
    assert.deepEqual([...exposedMetricNames(text)].sort(), [
      "a_total",
      "b_seconds",
      "b_seconds_bucket",
      "b_seconds_count",
      "b_seconds_sum",
      "c",
      "c_count",
      "c_sum",
      "d",
      "e",
    ]);
    const rules = parseAlertRules(
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(a_total[5m]) > 1 or up == 0 or missing_total > 0\n        labels: { severity: page }\n        annotations: { summary: s, runbook: r }\n",
    );
    assert.deepEqual(unexposedAlertMetrics(exposedMetricNames(text), rules), [
      { rule: "A", metric: "missing_total" },
    ]);
  });

  test("a broken rule is refused naming the rule and the field", () => {
    const rule = (fields: string) =>
      `groups:\n  - name: g\n    rules:\n      - alert: Broken\n${fields
        .split("\n")
        .map((l) => `        ${l}`)
        .join("\n")}\n`;
    const complete =
      "expr: up == 0\nfor: 1m\nlabels: { severity: page }\nannotations: { summary: s, runbook: r }";
    assert.equal(parseAlertRules(rule(complete)).length, 1);
    assert.throws(() => parseAlertRules(rule(complete.replace("expr: up == 0", "expr: ''"))), /Broken: expr/);
    assert.throws(() => parseAlertRules(rule(complete.replace("for: 1m", "for: soon"))), /Broken: for/);
    assert.throws(
      () => parseAlertRules(rule(complete.replace("page", "urgent"))),
      /Broken: labels\.severity/,
    );
    assert.throws(
      () => parseAlertRules(rule(complete.replace("up == 0", "sum(rate(x[5m]) > 1"))),
      /unbalanced/,
    );
    assert.throws(() => parseAlertRules(rule(complete.replace("summary: s, ", ""))), /annotations\.summary/);
    assert.throws(() => parseAlertRules("groups: []\n"), /groups/);
  });
});
