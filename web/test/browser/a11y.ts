// Accessibility checks in the browser tests: axe-core (Deque's rules engine, WCAG 2.x A/AA plus
// best practices) runs inside the page as it stands, and a test fails on any serious or critical
// violation, naming the rule and the elements.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Serious and critical axe violations of the page as it is now, one line per rule. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) allows it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, html }) => ({ target, html })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(" ")} ${n.html.slice(0, 120)}`)
          .join(" | ")}`,
    );
}

/** Fails the test when the page has any serious or critical accessibility violation. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `${what}: no serious or critical accessibility violations`);
}
