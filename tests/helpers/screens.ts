import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Where browser tests leave their screenshots (a few are copied to docs/ by hand). */
export const SCREENSHOTS = path.join(import.meta.dirname, '..', '.artifacts', 'screenshots');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Run axe-core (WCAG 2.x A and AA rules) on the page as it is and return the serious and critical
 * violations, each as one readable line.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the app's CSP (a nonce for its own scripts) refuses inline tags.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // Runs in the page: axe is the script just evaluated, document the page's.
    const page = globalThis as unknown as {
      axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: Violation[] }> };
      document: unknown;
    };
    const result = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Save a full-page screenshot under tests/.artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A screen that is wider than the window (on a phone: something to scroll sideways), as a problem line. */
export async function widthProblems(page: Page, name: string): Promise<string[]> {
  const { window, content, culprits } = await page.evaluate(() => {
    // Runs in the page: the innermost elements reaching past the window's right edge, leaving out
    // those inside a box that scrolls or clips them.
    type El = {
      tagName: string;
      className: unknown;
      id: string;
      parentElement: El | null;
      contains(o: El): boolean;
      getBoundingClientRect(): { right: number };
    };
    const w = globalThis as unknown as {
      innerWidth: number;
      getComputedStyle(e: El): { overflowX: string };
      document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<El> };
    };
    const clipped = (e: El) => {
      for (let p = e.parentElement; p; p = p.parentElement) {
        if (w.getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= w.innerWidth + 0.5)
          return true;
      }
      return false;
    };
    const over = Array.from(w.document.querySelectorAll('body *')).filter(
      (e) => e.getBoundingClientRect().right > w.innerWidth + 0.5 && !clipped(e),
    );
    const name = (e: El) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    const found = over.filter((e) => !over.some((o) => o !== e && e.contains(o))).map(name);
    const all = Array.from(w.document.querySelectorAll('body *')) as unknown as (El & {
      scrollWidth: number;
      clientWidth: number;
    })[];
    found.push(
      ...all
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && w.getComputedStyle(e).overflowX === 'visible')
        .map((e) => `${name(e)} holds ${e.scrollWidth}px in ${e.clientWidth}px`)
        .slice(0, 3),
    );
    found.push(
      ...(all as unknown as (El & { offsetWidth: number; parentElement: { clientWidth: number } | null })[])
        .filter((e) => e.parentElement && e.offsetWidth > e.parentElement.clientWidth + 1)
        .map((e) => `WIDE ${name(e)} ${e.offsetWidth}`)
        .slice(0, 6),
    );
    return { window: w.innerWidth, content: w.document.documentElement.scrollWidth, culprits: found.slice(0, 14) };
  });
  return content > window
    ? [`layout: ${name} is ${content}px wide in a ${window}px window (it scrolls sideways): ${culprits.join(', ')}`]
    : [];
}

/**
 * Each main screen is scanned (axe, and whether it fits the window's width) and pictured once it
 * shows its content.
 */
export async function checkScreen(page: Page, name: string): Promise<string[]> {
  const problems = [...(await accessibilityProblems(page)), ...(await widthProblems(page, name))];
  await screenshot(page, name);
  return problems;
}
