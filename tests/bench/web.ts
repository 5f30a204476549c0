import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { ensureWebBuild, loadWebHandler } from '../../api/web.ts';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { startBoss } from '../../jobs/boss.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { benchDatabase } from './lib/cluster.ts';
import { latencyStats } from './lib/stats.ts';
import type { BenchResult } from './run.ts';

/**
 * The resident's first map: the platform as `npm start` serves it (API and web app on one port) with
 * the demo city, opened cold (a fresh Chromium profile each time, so nothing is cached) on a phone
 * viewport: time from navigation start to the Leaflet map on screen, seen from inside the page (a
 * MutationObserver notes performance.now() when Leaflet's map pane appears). Baseline in the same
 * run: the same browser loading a trivial response (/healthz) from the same server, cold.
 */
export async function web(opts: { quick: boolean }): Promise<BenchResult> {
  const runs = opts.quick ? 3 : 10;
  await ensureWebBuild({ log: (line) => console.log(`  [web] ${line}`) });
  const bd = await benchDatabase('web');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: bd.url, PORT: '0' });
  const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 2 });
  try {
    const seeded = await seedDemoCity(bd.db, { now: new Date() });
    const app = await buildApp({ config, db: bd.db, boss, web: { handler: await loadWebHandler() } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const mapAt: number[] = [];
    const trivial: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const browser = await launchBrowser();
      try {
        await browser.context.addInitScript(() => {
          // Runs in the page (no DOM types in this project's Node tsconfig).
          type Observer = new (cb: () => void) => { observe: (target: unknown, opts: object) => void };
          const g = globalThis as unknown as {
            __mapAt?: number;
            MutationObserver: Observer;
            document: { querySelector: (s: string) => unknown };
          };
          const seen = () => {
            if (g.__mapAt === undefined && g.document.querySelector('.leaflet-map-pane')) g.__mapAt = performance.now();
          };
          new g.MutationObserver(seen).observe(g.document, { childList: true, subtree: true });
        });
        const page = await browser.context.newPage();
        await page.goto(`${base}/`);
        await page.locator('.leaflet-map-pane').waitFor({ state: 'attached' });
        const at = await page.evaluate(() => (globalThis as unknown as { __mapAt: number }).__mapAt);
        const other = await browser.context.newPage();
        await other.goto(`${base}/healthz`);
        const loaded = await other.evaluate(
          () =>
            (performance.getEntriesByType('navigation' as never)[0] as unknown as { loadEventEnd: number })
              .loadEventEnd,
        );
        // The first round warms the server (the web handler's first render, the database's caches).
        if (i > 0) {
          mapAt.push(at);
          trivial.push(loaded);
        }
      } finally {
        await browser.close();
      }
    }
    await app.close();
    const map = latencyStats(mapAt);
    const base0 = latencyStats(trivial);
    const round = (v: number) => Math.round(v);
    return {
      name: 'web',
      description: `${runs} cold loads of / (demo city: ${seeded.buildings} buildings, ${seeded.appeals} appeals) in Debian's Chromium at 390×844; time from navigation start to Leaflet's map pane in the page.`,
      figures: [
        {
          label: 'first map render p50 (cold, demo city)',
          value: round(map.p50),
          unit: 'ms',
          baseline: round(base0.p50),
          baselineLabel: 'cold load of /healthz from the same server',
          ratio: Math.round((map.p50 / base0.p50) * 10) / 10,
        },
        {
          label: 'first map render max',
          value: round(map.max),
          unit: 'ms',
          baseline: round(base0.max),
          baselineLabel: 'cold load of /healthz',
          target: '≤ 2000 ms',
        },
      ],
      raw: { mapAt, trivial },
    };
  } finally {
    await boss.stop({ graceful: false, close: true });
    await bd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
