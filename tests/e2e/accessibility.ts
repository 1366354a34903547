// axe-core run inside the page: a screen passes when axe finds nothing "serious" or "critical".
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const blocking = new Set(['serious', 'critical']);
let axeSource: Promise<string> | undefined;

function loadAxeSource(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The serious and critical violations axe finds on the page as it stands now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${await loadAxeSource()}\n;undefined`);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script, without types in the page
    const { axe } = window as any;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations as AxeViolation[];
  });
  return violations.filter((violation) => blocking.has(violation.impact ?? ''));
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes
          .map(
            (node) => `    at ${JSON.stringify(node.target)}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/** Fails with every serious or critical violation's id, targets and help text. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0)
    throw new Error(`axe found ${violations.length} serious or critical violation(s) on ${screen}:\n${describeViolations(violations)}`);
}
