import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { eserviceMakers, stage } from '../helpers/eservices-make.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * The project office's page in a real browser, read on Tuesday 2026-12-01 (the default period:
 * 3 September to 1 December). Roads provides «Выдача ГПЗУ» (10 working days; reception 1, review 7):
 *   one application issued in 9 working days (1 in reception, 8 in review: over the review's 7),
 *   one refused in 4 (1 and 3), one open past its due day.
 */
describe('web app: the project office’s e-service figures', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  const msk = (local: string) => `${local}+03:00`;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    const c = await smallCity(t.db);
    const e = eserviceMakers(t.db);
    const gpzu = await e.service(c.city.id, c.roads.id, {
      code: 'gpzu',
      ru: 'Выдача ГПЗУ',
      en: 'Urban plan of a land plot',
      termDays: 10,
      termUnit: 'working_days',
      stages: [stage('reception', 'Приём', 'Reception', 1), stage('review', 'Рассмотрение', 'Review', 7)],
    });
    const common = { municipalityId: c.city.id, applicantId: c.users.resident.id, serviceId: gpzu.id };
    const roads = { ...common, departmentId: c.roads.id };
    // Fri 30 Oct → Fri 13 Nov: 9 working days (4 Nov is a holiday); review from Mon 2 Nov: 8.
    await e.application({
      ...roads,
      status: 'issued',
      submittedAt: msk('2026-10-30T10:00:00'),
      termStartOn: '2026-10-30',
      dueOn: '2026-11-16',
      decidedAt: msk('2026-11-13T12:00:00'),
      moves: [{ at: msk('2026-11-02T11:00:00'), from: 0, to: 1 }],
    });
    // Mon 16 Nov → Fri 20 Nov: 4 working days, review from Tue 17 Nov: 3.
    await e.application({
      ...roads,
      channel: 'office',
      status: 'refused',
      submittedAt: msk('2026-11-16T10:00:00'),
      termStartOn: '2026-11-16',
      dueOn: '2026-11-30',
      decidedAt: msk('2026-11-20T12:00:00'),
      moves: [{ at: msk('2026-11-17T11:00:00'), from: 0, to: 1 }],
    });
    await e.application({
      ...roads,
      status: 'in_progress',
      submittedAt: msk('2026-11-02T10:00:00'),
      termStartOn: '2026-11-02',
      dueOn: '2026-11-17',
    });
    t.setNow(new Date(msk('2026-12-01T12:00:00')));
    browser = await signedInBrowser(t, c.users.cityHall.id);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const total = (page: Page, name: string) =>
    page.locator('dl.totals div', { hasText: name }).locator('dd').first().textContent();
  const rows = (page: Page, table: string) =>
    page
      .locator(`section.scroll[aria-label="${table}"]`)
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()),
      );

  it('shows the totals, the services, the departments and which stage eats the term', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/eservices/office`);
    await page.getByRole('heading', { level: 1, name: 'Проектный офис: муниципальные услуги' }).waitFor();
    await page.getByText('Период: 3 сент. 2026 г. — 1 дек. 2026 г.').waitFor();
    expect(await page.getByLabel('С', { exact: true }).inputValue()).toBe('2026-09-03');
    expect(await total(page, 'Подано')).toBe('3');
    expect(await total(page, 'Доля онлайн')).toBe('67 %');
    expect(await total(page, 'В срок')).toBe('100 %');
    expect(await total(page, 'Просрочено сейчас')).toBe('1');
    // Working days 4 and 9: median 6.5, p90 4 + 0.9 × 5 = 8.5; calendar 4 and 14: median 9.
    expect(await rows(page, 'По услугам')).toEqual(['Выдача ГПЗУ Дороги 10 раб. дн. 3 67 % 2 100 % 1 1 6,5 8,5 9']);
    expect(await rows(page, 'По подразделениям')).toEqual(['Дороги 3 67 % 2 100 % 1 1 6,5 8,5']);
    // Reception 1 and 1; review 8 and 3: median 5.5 (under 7), p90 7.5, one over the term.
    expect(await rows(page, 'Время по этапам')).toEqual([
      '1. Приём Выдача ГПЗУ 1 2 0 1 1',
      '2. Рассмотрение Выдача ГПЗУ 7 2 1 5,5 7,5',
    ]);
    await page.getByRole('img', { name: 'Рассмотрение: медиана 5,5, срок 7' }).waitFor();
    // One service: its stages without the service's name.
    await page.getByLabel('Услуга', { exact: true }).selectOption({ label: 'Выдача ГПЗУ' });
    await expect
      .poll(() => rows(page, 'Время по этапам'))
      .toEqual(['1. Приём 1 2 0 1 1', '2. Рассмотрение 7 2 1 5,5 7,5']);
    const csv = page.getByRole('link', { name: 'Скачать CSV' });
    expect(await csv.count()).toBe(3);
    for (const link of await csv.all())
      expect(await link.getAttribute('href')).toContain('format=csv&from=2026-09-03&to=2026-12-01');
    expect(await csv.nth(2).getAttribute('href')).toMatch(/serviceId=\d+/);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a phone and a desktop screen and passes the accessibility checks', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/eservices/office`);
    await page.locator('section.scroll[aria-label="По услугам"] tbody tr').first().waitFor();
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await checkScreen(page, `eservice-office-${width}`)).toEqual([]);
    }
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
