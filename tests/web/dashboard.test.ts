import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen, screenshot } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The city-hall dashboard in a real browser. Roof appeals run on a 24/7 policy (accept 1 h, resolve
 * 10 h), one a day from Monday 2026-04-06 09:00 (Moscow), over four weeks, read on 2026-04-27:
 *
 *   «Малая»    1 appeal, on time                       → 100 % of 1
 *   «Большая» 10 appeals on time, 1 never accepted     → 100 % of 10, 1 overdue now
 *   «Средняя» 10 appeals, 1 of them accepted late      → 90 % of 10
 *
 * By share alone «Малая» ties with «Большая» at 100 % ahead of «Средняя»; by Wilson's lower bound
 * (1/1 → 21 %, 10/10 → 72 %, 9/10 → 60 %) the order is «Большая», «Средняя», «Малая».
 */
describe('web app: the city-hall dashboard', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;
  const t0 = new Date('2026-04-06T06:00:00Z');
  const readAt = new Date(t0.getTime() + 21 * DAY + 2 * HOUR);
  let clock = t0.getTime();
  const cspConsole: string[] = [];

  const act = async (userId: number, id: number, body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: await t.signIn(userId),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** File a roof appeal at a building now (by the test clock), routed to its company. */
  const file = async (buildingId: number) => {
    t.setNow(new Date(clock));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId, description: 'Течёт крыша над кухней' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, new Date(clock)), id)).toBe('assigned');
    return id;
  };
  /** One appeal from filing to resolution: accepted after `acceptAfter`, resolved 3 h after filing. */
  const handled = async (buildingId: number, staffId: number, acceptAfter = 30 * MIN) => {
    const start = clock;
    const id = await file(buildingId);
    t.setNow(new Date(start + acceptAfter));
    await act(staffId, id, { action: 'accept' });
    t.setNow(new Date(start + 3 * HOUR));
    await act(staffId, id, { action: 'resolve', note: 'Сделано' });
    clock = start + DAY;
  };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 10, unit: 'hours' });
    const small = await c.make.organisation(c.city.id, { nameRu: 'УК «Малая»', nameEn: 'Small MC' });
    const middle = await c.make.organisation(c.city.id, { nameRu: 'УК «Средняя»', nameEn: 'Middle MC' });
    const big = await c.make.organisation(c.city.id, { nameRu: 'УК «Большая»', nameEn: 'Big MC' });
    const staff = async (organisationId: number) =>
      (await c.make.user(c.city.id, { role: 'org_staff', organisationId, login: `s-${organisationId}` })).id;
    const at = async (organisationId: number, house: string, lon: number) =>
      (await c.make.building(c.city.id, c.district.id, { house, managementCompanyId: organisationId, lon })).id;
    const [smallHouse, middleHouse, bigHouse] = [
      await at(small.id, '1', 49.105),
      await at(middle.id, '2', 49.125),
      await at(big.id, '3', 49.145),
    ];
    const [smallStaff, middleStaff, bigStaff] = [await staff(small.id), await staff(middle.id), await staff(big.id)];
    await handled(smallHouse, smallStaff);
    for (let i = 0; i < 10; i++) await handled(bigHouse, bigStaff);
    for (let i = 0; i < 10; i++) await handled(middleHouse, middleStaff, i === 0 ? 2 * HOUR : 30 * MIN);
    await file(bigHouse);
    t.setNow(readAt);
    browser = await signedInBrowser(t, c.users.cityHall.id);
    // uPlot styles its elements through CSSOM, which the app's CSP allows: watch for any refusal.
    await browser.context.addInitScript({
      content: `window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));`,
    });
    browser.context.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) cspConsole.push(message.text());
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const total = (page: Page, name: string) => page.locator('dl.totals div', { hasText: name }).locator('dd').first();

  it('shows the period in the date fields, keeps "overdue now" whatever the period, and survives a new period', async () => {
    // A slow device: animation frames come a second late, so a map drawn and removed within one
    // frame (the old page re-created it on every load) leaves a queued redraw behind.
    const slow = await signedInBrowser(t, c.users.cityHall.id);
    await slow.context.addInitScript({
      content: `(() => {
        const frame = window.requestAnimationFrame.bind(window);
        const cancel = window.cancelAnimationFrame.bind(window);
        const pending = new Set();
        window.__framesPending = () => pending.size;
        window.requestAnimationFrame = (cb) => {
          const id = setTimeout(() => { pending.delete(id); frame(cb); }, 1000);
          pending.add(id);
          return id;
        };
        window.cancelAnimationFrame = (id) => { if (pending.delete(id)) clearTimeout(id); else cancel(id); };
      })();`,
    });
    // Every queued frame has run (or one has thrown already, which the test reports below).
    const framesDone = (page: Page) =>
      expect
        .poll(
          async () =>
            slow.pageErrors.length > 0 ||
            (await page.evaluate(() => (globalThis as unknown as { __framesPending(): number }).__framesPending())) ===
              0,
        )
        .toBe(true);
    try {
      const page = await slow.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${base}/dashboard`);
      await page.getByRole('heading', { level: 1, name: 'Показатели города' }).waitFor();
      // The default period (12 Moscow weeks to today) is in the fields, not only in the sentence under them.
      await page.getByText('Период: 9 февр. 2026 г. — 27 апр. 2026 г. (по Москве)').waitFor();
      expect(await page.getByLabel('С', { exact: true }).inputValue()).toBe('2026-02-09');
      expect(await page.getByLabel('По', { exact: true }).inputValue()).toBe('2026-04-27');
      expect(await total(page, 'Получено').textContent()).toBe('22');
      expect(await total(page, 'Просрочено сейчас').textContent()).toBe('1');

      // A new period straight after the heat map drew its squares.
      await page.getByRole('region', { name: /Тепловая карта: 22 обращения/ }).waitFor();
      await page.getByLabel('С', { exact: true }).fill('2026-03-02');
      await page.getByLabel('По', { exact: true }).fill('2026-03-02');
      await page.getByRole('button', { name: 'Показать' }).click();
      await page.getByText('Период: 2 мар. 2026 г. — 2 мар. 2026 г. (по Москве)').waitFor();
      // Nothing received that day, but the appeal overdue now is still overdue now.
      expect(await total(page, 'Получено').textContent()).toBe('0');
      expect(await total(page, 'Просрочено сейчас').textContent()).toBe('1');
      expect(await page.getByLabel('С', { exact: true }).inputValue()).toBe('2026-03-02');
      await framesDone(page);

      // And back: the chart and the heat map redraw without an error.
      await page.getByLabel('С', { exact: true }).fill('2026-04-06');
      await page.getByLabel('По', { exact: true }).fill('2026-04-27');
      await page.getByRole('button', { name: 'Показать' }).click();
      await page.getByRole('region', { name: /Тепловая карта: 22 обращения/ }).waitFor();
      expect(await total(page, 'Получено').textContent()).toBe('22');
      await framesDone(page);
      // A date typed but not yet shown changes neither the figures nor their CSV.
      await page.getByLabel('С', { exact: true }).fill('2026-04-13');
      const csv = page.getByRole('link', { name: 'Скачать CSV' });
      expect(await csv.count()).toBe(3);
      for (const link of await csv.all())
        expect(await link.getAttribute('href')).toContain('from=2026-04-06&to=2026-04-27');
      expect(slow.pageErrors).toEqual([]);
    } finally {
      await slow.close();
    }
  }, 90_000);

  it('draws the weekly trend with axes, a legend and a table of its numbers, and the heat map with its scale, under the CSP', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/dashboard`);
    const trend = page.getByRole('region', { name: 'По неделям' });
    await trend.locator('.uplot canvas').waitFor();
    // x (weeks), appeals (left), share on time (right)
    expect(await trend.locator('.u-axis').count()).toBe(3);
    const legend = trend.locator('.u-legend');
    await legend.getByText('Обращений за неделю').waitFor();
    await legend.getByText('Решено в срок, %').waitFor();
    await trend.getByText('Таблица графика').click();
    const table = trend.getByRole('table', { name: 'Обращения по неделям' });
    // 6 Apr: «Малая» and 6 of «Большая»; 13 Apr: 4 more and 3 of «Средняя», one late; 20 Apr: 7 of
    // «Средняя»; 27 Apr: the one still open.
    for (const row of [
      '6 апр. 2026 г. 7 100 %',
      '13 апр. 2026 г. 7 86 %',
      '20 апр. 2026 г. 7 100 %',
      '27 апр. 2026 г. 1 —',
    ])
      await table.getByRole('row', { name: row, exact: true }).waitFor();
    expect(await table.getByRole('row').count()).toBe(13);
    // The heat map's legend: its scale from one appeal to the busiest cell.
    const heat = page.getByRole('region', { name: 'Откуда обращения' });
    await heat.getByTestId('heat-legend').getByText('1', { exact: true }).waitFor();
    await heat.getByTestId('heat-legend').getByText('11', { exact: true }).waitFor();
    await heat.getByText('Таблица карты').click();
    await heat
      .getByRole('table', { name: /Квадраты с наибольшим числом обращений: 3 из 3/ })
      .getByRole('row')
      .nth(3)
      .waitFor();
    await screenshot(page, 'dashboard-tables');
    expect(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(cspConsole).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('ranks the companies by the lower bound of their share on time and shows their volumes', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/dashboard`);
    const league = page.getByRole('table', { name: 'Рейтинг управляющих компаний' });
    await league.getByRole('row').nth(1).waitFor();
    const rows = await league
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()),
      );
    expect(rows.slice(0, 3)).toEqual([
      '1 УК «Большая» 100 % 10 11 72 %',
      '2 УК «Средняя» 90 % 10 10 60 %',
      '3 УК «Малая» 100 % 1 1 21 %',
    ]);
    await page.getByText(/нижней границе/).waitFor();
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('.uplot canvas').waitFor();
      expect(await checkScreen(page, `dashboard-${width}`)).toEqual([]);
    }
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
