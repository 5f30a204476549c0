import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
/** Where browser tests leave their screenshots (a few are copied to docs/ by hand). */
export const SCREENSHOTS = path.join(import.meta.dirname, '..', '.artifacts', 'screenshots');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Run axe-core (WCAG 2.x A and AA rules) on the page as it is and return the serious and critical
 * violations, each as one readable line.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // Runs in the page: axe is the script just added, document the page's.
    const page = globalThis as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: Violation[] }> }; document: unknown };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Save a full-page screenshot under tests/.artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Both: each main screen is scanned and pictured once it shows its content. */
export async function checkScreen(page: Page, name: string): Promise<string[]> {
  const problems = await accessibilityProblems(page);
  await screenshot(page, name);
  return problems;
}
