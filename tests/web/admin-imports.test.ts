import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importsDirOf } from '../../api/imports/service.ts';
import { registerImports } from '../../jobs/imports.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { importCity } from '../helpers/imports.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/*
 * The admin's imports in a real browser (issue 18): a register checked first (the dry run's counts
 * and refused lines, nothing changed), then imported; the past runs; on a phone and in English.
 */
const register = [
  'external_id;street;house;lat;lon;management_company;floors',
  'web-1;ул. Баумана;1;55,79;49,10;uk-hand;9',
  'web-2;ул. Баумана;3;55,79;49,101;nobody;5',
  'web-3;ул. Баумана;5;55,79;49,102;;много',
  'web-4;ул. Баумана;7;57,79;49,102;;5',
].join('\n');

describe('web app: the registers’ imports', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof importCity>>;
  let desktop: TestBrowser;
  let phone: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await importCity(t.db);
    const admin = await c.make.user(c.city.id, { role: 'admin' });
    await registerImports(t.boss, t.db, () => new Date(), { dir: importsDirOf(t.dataDir) });
    desktop = await signedInBrowser(t, admin.id);
    phone = await signedInBrowser(t, admin.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await t?.close();
  });

  it('checks a register first (counts and refused lines, nothing changed), then imports it', async () => {
    const page = await desktop.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${t.baseUrl}/admin`);
    await page.getByRole('link', { name: 'Импорт реестров' }).click();
    await page.getByRole('heading', { level: 1, name: 'Импорт реестров' }).waitFor();
    await page.getByText('Импортов ещё не было.').waitFor();
    await page.getByLabel('Реестр', { exact: true }).selectOption('buildings');
    await page.getByLabel('Файл (CSV или GeoJSON, до 50 МБ)').setInputFiles({
      name: 'kazan-houses.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(register),
    });
    expect(await page.getByRole('button', { name: 'Импортировать' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Проверить без изменений' }).click();
    await page.getByRole('heading', { name: 'Итог проверки (ничего не изменено): kazan-houses.csv' }).waitFor();
    const totals = page.locator('dl.totals');
    await expect.poll(() => totals.locator('div', { hasText: 'будет создано' }).locator('dd').textContent()).toBe('1');
    expect(await totals.locator('div', { hasText: 'отклонено' }).locator('dd').textContent()).toBe('3');
    const rows = page.getByRole('region', { name: 'Отклонённые строки' }).locator('tbody tr');
    expect(await rows.allTextContents()).toEqual([
      '3management_companyнет организации «nobody» (идентификатор реестра, ОГРН, ИНН или код): сначала загрузите реестр организаций',
      '4floorsожидается число',
      '5latточка вне границ муниципалитета',
    ]);
    const [{ n: before }] = await t.db.$client`select count(*)::int as n from buildings where external_id like 'web-%'`;
    expect(before).toBe(0);
    expect(await checkScreen(page, 'admin-imports-1366')).toEqual([]);

    await page.getByText('Проверка прошла: теперь можно импортировать этот файл.').waitFor();
    await page.getByRole('button', { name: 'Импортировать' }).click();
    await page.getByRole('heading', { name: 'Итог: kazan-houses.csv' }).waitFor();
    expect(await totals.locator('div', { hasText: 'создано' }).first().locator('dd').textContent()).toBe('1');
    const [{ n: after }] = await t.db.$client`select count(*)::int as n from buildings where external_id like 'web-%'`;
    expect(after).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Прошлые импорты' }).locator('tbody tr').count()).toBe(2);
    await page.close();
  });

  it('fits a phone, and speaks English', async () => {
    const page = await phone.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.baseUrl}/admin/imports`);
    const history = page.getByRole('region', { name: 'Прошлые импорты' });
    await history.waitFor();
    await history.getByRole('button', { name: 'Показать' }).first().click();
    await page.getByRole('heading', { name: 'Итог: kazan-houses.csv' }).waitFor();
    expect(await checkScreen(page, 'admin-imports-390')).toEqual([]);
    await phone.context.addCookies([{ name: 'otklik_lang', value: 'en', url: t.baseUrl as string }]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Register imports' }).waitFor();
    await page.getByRole('region', { name: 'Past imports' }).getByRole('button', { name: 'Show' }).first().click();
    await page.getByRole('cell', { name: 'expected a number' }).waitFor();
    await page.close();
  });
});
