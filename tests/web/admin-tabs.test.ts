import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** What the page sees of itself: enough of the DOM for the checks below (the tests compile without the DOM's types). */
type PageGlobals = {
  document: {
    querySelector(selector: string): { textContent: string | null } | null;
    addEventListener(type: string, listener: (e: { timeStamp: number }) => void, options: object): void;
  };
  performance: { now(): number };
  __clickAt?: number;
};

/**
 * The admin's directory on the demo city (its real organisations and management companies): a tab
 * switch asks the API for that tab's list only and shows it without a list of every company per
 * building. The times are measured in the page (click to the tab's content) and printed for the
 * record; the test asserts on requests and on what is rendered, never on time.
 */
describe('web app: the admin directory’s tabs on the demo city', () => {
  let t: TestApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    // A small demo city: the directory shows 100 rows at most, and the organisations are the full city's.
    await seedDemoCity(t.db, { buildings: 400, appeals: 150, seed: 7, now: new Date('2026-11-20T09:30:00Z') });
    const [admin] = await t.db.$client<{ id: number }[]>`select id from users where login = 'admin'`;
    browser = await signedInBrowser(t, admin.id);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks for one list per tab switch and renders the buildings without a company list per row', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const api: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) api.push(`${r.method()} ${url.pathname}`);
    });
    await page.goto(`${t.baseUrl}/admin/directory`);
    await page.getByRole('heading', { name: 'Новый сотрудник' }).waitFor();
    // The first screen: the users and, beside them, the organisations their forms choose from.
    expect(api.filter((r) => r.includes('/api/admin/')).sort()).toEqual([
      'GET /api/admin/organisations',
      'GET /api/admin/users',
    ]);

    const tabs = [
      ['Организации', 'Новая организация', '/api/admin/organisations'],
      ['Темы обращений', 'Новая тема', '/api/admin/categories'],
      ['Дома', 'Новый дом', '/api/admin/buildings'],
      ['Пользователи', 'Новый сотрудник', '/api/admin/users'],
      ['Дома', 'Новый дом', '/api/admin/buildings'],
    ] as const;
    const figures: string[] = [];
    for (const [tab, heading, list] of tabs) {
      api.length = 0;
      await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        g.document.addEventListener('click', (e) => (g.__clickAt = e.timeStamp), { capture: true, once: true });
      });
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === list);
      await page.getByRole('button', { name: tab, exact: true }).click();
      // Measured in the page, frame by frame: from the click to the tab's form being on screen.
      const shown = await page.waitForFunction(
        (title) => {
          const g = globalThis as unknown as PageGlobals;
          const form = g.document.querySelector('main form.create h2');
          return form?.textContent?.trim() === title ? g.performance.now() - (g.__clickAt ?? 0) : null;
        },
        heading,
        { polling: 'raf' },
      );
      figures.push(`${tab}: ${Math.round((await shown.jsonValue()) as number)} ms`);
      // The tab's own list, and nothing else (a tab seen before is fetched again in the background).
      await answered;
      expect(api.filter((r) => r.startsWith('GET /api/'))).toEqual([`GET ${list}`]);
      if (tab === 'Дома') {
        const rows = page.locator('.list li');
        expect(await rows.count()).toBe(100);
        // Each row names its company; the list of every company appears only for the row being changed.
        expect(await page.locator('.list option').count()).toBe(0);
        await rows.first().getByRole('button', { name: 'Сменить УК' }).click();
        expect(await rows.first().locator('option').count()).toBeGreaterThan(1);
        await rows.first().getByRole('button', { name: 'Сменить УК' }).click();
      }
    }

    // Back to a tab seen before: its rows are on screen while their refresh is still on the way.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/admin/categories*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Темы обращений', exact: true }).click();
    await page.getByRole('heading', { name: 'Новая тема' }).waitFor();
    expect(await page.locator('.list li').count()).toBeGreaterThan(10);
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/categories');
    release();
    await refreshed;
    await page.unroute('**/api/admin/categories*');

    // Typing a search asks nothing (before: every keystroke reloaded the list); «Найти» asks once.
    api.length = 0;
    await page.getByRole('searchbox', { name: 'Поиск' }).pressSequentially('вод');
    const found = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'вод');
    await page.getByRole('button', { name: 'Найти' }).click();
    await found;
    expect(api).toEqual(['GET /api/admin/categories']);

    console.log(`admin directory tab switches (click → tab shown, in the page): ${figures.join(', ')}`);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
