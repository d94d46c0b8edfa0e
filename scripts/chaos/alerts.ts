// Reads and checks the Prometheus alerting rules (docs/alerts.yml): the file's shape, each rule's
// fields (a bad one is refused naming the rule and the field), and the metric names each
// expression uses, so tests can compare them with what the services expose.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../lib/chain.ts";

export const ALERTS_FILE = join(repoRoot, "docs/alerts.yml");

export interface AlertRule {
  group: string;
  alert: string;
  expr: string;
  for: string | undefined;
  severity: "page" | "ticket";
  summary: string;
  runbook: string;
  /** Metric names the expression reads (Prometheus's own `up` included). */
  metrics: string[];
}

/** PromQL words that look like metric names but are not. */
const PROMQL_WORDS = new Set(
  "sum min max avg count stddev stdvar topk bottomk quantile count_values group by without on ignoring group_left group_right and or unless bool offset rate irate increase delta idelta deriv time histogram_quantile abs absent absent_over_time ceil floor round clamp clamp_min clamp_max changes resets vector scalar sort sort_desc label_replace label_join avg_over_time min_over_time max_over_time sum_over_time count_over_time last_over_time predict_linear timestamp e inf nan".split(
    " ",
  ),
);

/** The metric names an expression reads: label matchers, strings, ranges and groupings removed. */
export function metricsOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const word = match[1] as string;
    if (!PROMQL_WORDS.has(word.toLowerCase())) names.add(word);
  }
  return [...names];
}

const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;

/** Parses `text` (the file's content) into rules; throws naming the rule and field that is wrong. */
export function parseAlertRules(text: string): AlertRule[] {
  const doc = parse(text) as unknown;
  const groups = (doc as { groups?: unknown })?.groups;
  if (!Array.isArray(groups) || groups.length === 0) throw new Error("groups: must be a non-empty list");
  const rules: AlertRule[] = [];
  const seen = new Set<string>();
  for (const [g, group] of groups.entries()) {
    const name = (group as { name?: unknown }).name;
    if (typeof name !== "string" || name === "") throw new Error(`groups[${g}].name: must be set`);
    const list = (group as { rules?: unknown }).rules;
    if (!Array.isArray(list) || list.length === 0) throw new Error(`${name}.rules: must be a non-empty list`);
    for (const raw of list as Record<string, unknown>[]) {
      const alert = raw.alert;
      if (typeof alert !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(alert))
        throw new Error(`${name}: alert: must be a CamelCase name, not ${JSON.stringify(alert)}`);
      if (seen.has(alert)) throw new Error(`${alert}: alert: defined twice`);
      seen.add(alert);
      const expr = raw.expr;
      if (typeof expr !== "string" || expr.trim() === "")
        throw new Error(`${alert}: expr: must be a PromQL expression`);
      let depth = 0;
      for (const c of expr) {
        depth += c === "(" ? 1 : c === ")" ? -1 : 0;
        if (depth < 0) break;
      }
      if (depth !== 0) throw new Error(`${alert}: expr: unbalanced parentheses`);
      const forValue = raw.for;
      if (forValue !== undefined && (typeof forValue !== "string" || !DURATION.test(forValue)))
        throw new Error(`${alert}: for: must be a duration such as 5m`);
      const severity = (raw.labels as { severity?: unknown } | undefined)?.severity;
      if (severity !== "page" && severity !== "ticket")
        throw new Error(`${alert}: labels.severity: must be page or ticket`);
      const annotations = (raw.annotations ?? {}) as { summary?: unknown; runbook?: unknown };
      if (typeof annotations.summary !== "string" || annotations.summary === "")
        throw new Error(`${alert}: annotations.summary: must be set`);
      if (typeof annotations.runbook !== "string" || !/^[a-z0-9-]+$/.test(annotations.runbook))
        throw new Error(`${alert}: annotations.runbook: must name a section of docs/OPERATIONS.md`);
      const metrics = metricsOf(expr);
      if (metrics.length === 0) throw new Error(`${alert}: expr: reads no metric`);
      rules.push({
        group: name,
        alert,
        expr: expr.trim(),
        for: forValue as string | undefined,
        severity,
        summary: annotations.summary,
        runbook: annotations.runbook,
        metrics,
      });
    }
  }
  return rules;
}

export function alertRules(file = ALERTS_FILE): AlertRule[] {
  return parseAlertRules(readFileSync(file, "utf8"));
}

/** Metrics Prometheus makes itself (not exposed by any service). */
export const PROMETHEUS_METRICS = new Set(["up"]);

/**
 * The metric names a Prometheus text exposition (a service's /metrics) offers: every sample's
 * name, and every declared metric even before its first sample (a labelled counter nobody has
 * incremented yet has `# TYPE` but no line), a histogram's and summary's series included.
 */
export function exposedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )/gm)) names.add(match[1] as string);
  for (const match of text.matchAll(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/gm)) {
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_count", "_sum"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_count", "_sum"]) names.add(name + suffix);
  }
  return names;
}

/** The alert rules' metrics that none of `exposed` offers: `{ rule, metric }` for each. */
export function unexposedAlertMetrics(
  exposed: Set<string>,
  rules: AlertRule[] = alertRules(),
): { rule: string; metric: string }[] {
  return rules
    .flatMap((rule) => rule.metrics.map((metric) => ({ rule: rule.alert, metric })))
    .filter(({ metric }) => !PROMETHEUS_METRICS.has(metric) && !exposed.has(metric));
}
