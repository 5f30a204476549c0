import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The building passport page in a real browser: the public view, the company's edit mode and history, the CSV page. */
describe('web app: technical passports', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  const browsers: TestBrowser[] = [];

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    await t.db
      .update(s.buildings)
      .set({ wearPercent: 42.5, entrances: 4, heatingSystem: 'central' })
      .where(eq(s.buildings.id, c.building.id));
    const headers = await t.signIn(c.users.orgStaff.id);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${c.building.id}/passport`,
      headers,
      payload: {
        version: 0,
        passport: {
          general: { cadastralNumber: '16:50:011104:321', series: '1-464А' },
          structure: { roof: { type: 'плоская совмещённая', material: 'рулонная', condition: 'satisfactory' } },
          systems: { heating: { type: 'центральное, однотрубное', replacedYear: 2012 } },
          elevators: [
            {
              entrance: 1,
              serial: 'КМЗ-1234',
              capacityKg: 320,
              commissionedYear: 1979,
              lastInspection: '2026-03-14',
              manufacturer: 'КМЗ',
            },
          ],
          overhauls: [{ year: 2019, works: 'ремонт крыши', cost: 5430000, contractor: 'ООО «Казань-Ремстрой»' }],
        },
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const form = await multipart({ kind: 'passport_scan', title: 'Техпаспорт БТИ 1979' }, [
      { name: 'file', filename: 'p.pdf', type: 'application/pdf', bytes: pdf() },
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: `/api/buildings/${c.building.id}/documents`,
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
  }, 180_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await t?.close();
  });

  it('shows the public passport in sections with its documents and no personal data', async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/buildings/${c.building.id}`);
    await page.getByRole('link', { name: 'Полный технический паспорт' }).click();
    await page.waitForURL(`${base}/buildings/${c.building.id}/passport`);
    await page.getByRole('heading', { level: 1, name: 'ул. Баумана, д. 12' }).waitFor();
    for (const name of [
      'Общие сведения',
      'Конструктивные элементы',
      'Инженерные системы',
      'Лифты',
      'Капитальный ремонт',
      'Документы',
    ]) {
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    const text = (await page.locator('article.tech-passport').textContent()) ?? '';
    expect(text).toContain('16:50:011104:321');
    expect(text).toContain('удовлетворительное');
    expect(text).toContain('КМЗ-1234');
    expect(text).toContain('ООО «Казань-Ремстрой»');
    const facts = await page
      .locator('dl > div')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.querySelector('dt')?.textContent}: ${row.querySelector('dd')?.textContent}`),
      );
    expect(facts).toEqual(
      expect.arrayContaining([
        'Год постройки: 1978',
        'Износ, %: 42,5',
        'Отопление (сводно): от городской сети',
        'Квартир: нет данных',
        'Кадастровый номер: 16:50:011104:321',
      ]),
    );
    await page.getByRole('link', { name: 'Техпаспорт БТИ 1979' }).waitFor();
    expect(text).not.toContain('Иванов');
    expect(await page.getByRole('button', { name: 'Редактировать' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'История изменений' }).count()).toBe(0);
    expect(await checkScreen(page, 'passport-public')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('lets the company’s staff edit a field, shows the API’s field error, then the change in the history', async () => {
    const browser = await signedInBrowser(t, c.users.orgStaff.id);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/buildings/${c.building.id}/passport`);
    await page.getByRole('heading', { name: 'История изменений' }).waitFor();
    await page.getByRole('button', { name: 'Редактировать' }).click();

    const wear = page.getByLabel('Износ, %', { exact: true });
    await wear.fill('130');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Исправьте поля, отмеченные ниже.').waitFor();
    expect(await wear.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#f-wearPercent-error').getByText('от 0 до 100').waitFor();
    expect(await checkScreen(page, 'passport-edit-errors')).toEqual([]);

    await wear.fill('45');
    await page.getByLabel('Серия, тип проекта').fill('1-464А-3');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено.').waitFor();
    const history = page.locator('table.history');
    await history.getByRole('row', { name: /Износ, %.*42\.5 → 45/ }).waitFor();
    const row = history.getByRole('row', { name: /Серия, тип проекта.*1-464А → 1-464А-3/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Иванов Иван Иванович, сотрудник, УК «Уютный дом»');
    await history.getByRole('row', { name: /Крыша: Состояние.*— → удовлетворительное/ }).waitFor();
    const [building] = await t.db.select().from(s.buildings).where(eq(s.buildings.id, c.building.id));
    expect(building.wearPercent).toBe(45);
    expect(await checkScreen(page, 'passport-history')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('gives the supervisor the CSV export and a per-line import report', async () => {
    const browser = await signedInBrowser(t, c.users.orgSupervisor.id);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/`);
    // On a phone the sections are behind the header's menu button.
    await page.getByRole('button', { name: 'Меню' }).click();
    await page.getByRole('link', { name: 'Техпаспорта' }).click();
    await page.getByRole('heading', { level: 1, name: 'Техпаспорта: выгрузка и загрузка CSV' }).waitFor();
    const csv = `buildingId;wearPercent\r\n${c.building.id};50\r\n${c.building.id + 1000};10\r\n`;
    await page
      .getByLabel('Файл CSV')
      .setInputFiles({ name: 'passports.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Только проверить, не применять').uncheck();
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('применено 1, без изменений 0, с ошибками 1.').waitFor();
    await page.getByText('нет такого дома среди ваших').waitFor();
    const [building] = await t.db.select().from(s.buildings).where(eq(s.buildings.id, c.building.id));
    expect(building.wearPercent).toBe(50);
    expect(await checkScreen(page, 'passports-csv')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
