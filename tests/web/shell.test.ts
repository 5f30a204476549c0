import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';
import type { Page } from 'playwright-core';

/**
 * Dates as the interface writes them: `i18n.date`, `i18n.dateTime`, `i18n.month` («7 дек. 2026 г.»,
 * «октябрь 2026 г.»). These are the shapes that leaked before: 2026-10-12 and 2026-10, 15.09.2026,
 * and «25-12» on a chart's axis (a phone number's «222-11-00» is no date: the digits around it count).
 */
const RAW_DATES = [
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\b\d{4}-\d{2}\b/,
  /\b\d{2}\.\d{2}\.\d{4}\b/,
  /\b\d{2}\/\d{2}\/\d{4}\b/,
  /(?<![\d-])\d{2}-\d{2}(?![\d-])/,
];

/** Every line of the page's text (SVG labels too) that shows a date in a shape other than the interface's. */
async function rawDates(page: Page): Promise<string[]> {
  const text = [await page.locator('body').innerText(), ...(await page.locator('svg text').allTextContents())];
  return text
    .flatMap((t) => t.split('\n'))
    .filter((line) => RAW_DATES.some((pattern) => pattern.test(line)))
    .map((line) => line.trim());
}

/** The site header, the one date format and the reading window's message, in a real browser. */
describe('web app: the header on a phone, dates, the reading window', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  const browsers: TestBrowser[] = [];
  const open = async (userId: number) => {
    const browser = await signedInBrowser(t, userId);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    const r = readingMakers(t.db);
    const a = await r.apartment(c.building.id, {
      number: '42',
      account: '4200',
      meters: [{ kind: 'cold_water', serial: 'КВ-42', verificationDue: '2030-05-31' }],
    });
    await r.link(a.id, c.users.resident.id, 'confirmed');
    await r.history(a.meterIds[0], c.users.resident.id, [
      { period: '2026-08', values: [100] },
      { period: '2026-09', values: [105], consumption: [5] },
    ]);
    const b = await r.apartment(c.building.id, { number: '43', account: '4300' });
    await r.link(b.id, c.users.otherResident.id, 'pending');
    // The 10th: before the municipality's 15th–25th window.
    t.setNow(new Date('2026-10-10T09:00:00Z'));
  }, 180_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await t?.close();
  });

  it('folds the sections behind a menu button on a phone, worked with the keyboard', async () => {
    const page = await open(c.users.resident.id);
    await page.goto(`${base}/meters`);
    await page.getByRole('heading', { level: 1, name: 'Мои счётчики' }).waitFor();
    // The resident's sections are in the page (the session is known), folded away.
    await page.locator('#site-nav a[href="/meters"]').waitFor({ state: 'attached' });
    const header = page.locator('header.site-header');
    // Before: 234–285 px of an 844 px screen, the language buttons on two rows.
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
    const menu = page.getByRole('button', { name: 'Меню' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Счётчики' }).isVisible()).toBe(false);
    // The languages stay in reach without the menu: at the foot of the page, one switch.
    expect(await page.getByRole('group', { name: 'Язык интерфейса' }).count()).toBe(1);
    expect(await page.locator('footer').getByRole('button', { name: 'Русский' }).isVisible()).toBe(true);

    // Tab: the skip link, the name, then the menu button; Enter opens it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await menu.evaluate((b) => b.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Счётчики' }).waitFor();
    expect(await checkScreen(page, 'header-phone-menu')).toEqual([]);
    // The next Tab goes into the sections; Escape closes them and gives the focus back to the button.
    await page.keyboard.press('Tab');
    expect(await page.getByRole('link', { name: 'Карта обращений' }).evaluate((a) => a.matches(':focus'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((b) => b.matches(':focus'))).toBe(true);
    await page.getByRole('link', { name: 'Счётчики' }).waitFor({ state: 'hidden' });

    // Space opens it too; following a section closes it on the next page.
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/outages$/);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  });

  it('shows every section in one header on a wide screen, without the menu button', async () => {
    const page = await open(c.users.admin.id);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor();
    // The sections of the signed-in admin appear once the session is known.
    await page.getByRole('navigation').getByText('Выйти', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Меню' }).isVisible()).toBe(false);
    for (const name of ['Карта обращений', 'Диспетчерская', 'Показатели', 'Администрирование', 'Выйти'])
      expect(await page.getByRole('navigation').getByText(name, { exact: true }).isVisible()).toBe(true);
    expect((await page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(64);
    expect(await checkScreen(page, 'header-wide')).toEqual([]);
  });

  it('says when the reading window opens, and which days it takes, when a reading comes too early', async () => {
    const page = await open(c.users.resident.id);
    await page.goto(`${base}/meters`);
    await page.getByText('Приём показаний откроется 15 окт. 2026 г.').waitFor();
    await page.getByLabel('Показание, м³').fill('111');
    await page.getByRole('button', { name: 'Передать' }).click();
    // Before: the API's bare clause «показания принимаются с 15 по 25 число».
    await page
      .getByRole('status')
      .getByText('Приём показаний ещё не открыт. Следующее окно: с 15 окт. 2026 г. по 25 окт. 2026 г.', { exact: true })
      .waitFor();
    expect(await page.getByText('показания принимаются').count()).toBe(0);
    expect(await checkScreen(page, 'meters-window-not-open')).toEqual([]);
  });

  it('writes every date of the resident’s and the staff’s housing and admin screens in the one format', async () => {
    const resident = await open(c.users.resident.id);
    await resident.goto(`${base}/meters`);
    await resident.getByText('Последнее: 105 м³ за сентябрь 2026 г.').waitFor();
    await resident.getByText('поверка до 31 мая 2030 г.').waitFor();
    await resident.getByRole('button', { name: 'История' }).click();
    await resident.getByRole('img', { name: 'Расход по месяцам: Холодная вода' }).waitFor();
    expect(await resident.locator('svg text').allTextContents()).toContain('сент.');
    expect(await rawDates(resident)).toEqual([]);

    const staff = await open(c.users.orgStaff.id);
    await staff.goto(`${base}/housing/readings`);
    await staff.getByText(`${c.building.address}, квартира 43`).waitFor();
    expect(await rawDates(staff)).toEqual([]);
    await staff.goto(`${base}/housing/buildings`);
    await staff.getByText('Приём показаний откроется 15 окт. 2026 г.').first().waitFor();
    expect(await rawDates(staff)).toEqual([]);
    await staff.goto(`${base}/housing/buildings/${c.building.id}`);
    await staff.getByText('Поверка до: 31 мая 2030 г.').waitFor();
    expect(await rawDates(staff)).toEqual([]);

    // The admin's dev outbox (a sign-in code sent just now) and the directory.
    const code = await fetch(`${base}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destination: '+79175550012', municipality: c.city.code }),
    });
    expect(code.status).toBe(202);
    const admin = await open(c.users.admin.id);
    await admin.goto(`${base}/admin`);
    await admin.getByText('+79175550012').waitFor();
    expect(await rawDates(admin)).toEqual([]);
    await admin.goto(`${base}/admin/directory`);
    await admin.getByRole('heading', { name: 'Новый сотрудник' }).waitFor();
    expect(await rawDates(admin)).toEqual([]);
  });
});
