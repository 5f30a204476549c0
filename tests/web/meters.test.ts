import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The resident's meters page and the company's readings page in a real browser. */
describe('web app: meters and readings', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  const browsers: TestBrowser[] = [];
  let meterId: number;
  let pendingLink: number;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    const r = readingMakers(t.db);
    const a = await r.apartment(c.building.id, {
      number: '42',
      account: '4200',
      meters: [{ kind: 'cold_water', serial: 'КВ-42' }],
    });
    meterId = a.meterIds[0];
    await r.link(a.id, c.users.resident.id, 'confirmed');
    await r.history(meterId, c.users.resident.id, [
      { period: '2026-07', values: [100] },
      { period: '2026-08', values: [105], consumption: [5] },
      { period: '2026-09', values: [111], consumption: [6] },
    ]);
    const b = await r.apartment(c.building.id, { number: '43', account: '4300' });
    await r.apartment(c.building.id, { number: '44', account: '4400' });
    pendingLink = await r.link(b.id, c.users.otherResident.id, 'pending');
    // The 20th: inside the 15th–25th window.
    t.setNow(new Date('2026-10-20T09:00:00Z'));
  }, 180_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await t?.close();
  });

  it('a resident submits a reading, is told what its flag means, and sees the history chart', async () => {
    const browser = await signedInBrowser(t, c.users.resident.id);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/meters`);
    await page.getByRole('heading', { name: `${c.building.address}, квартира 42` }).waitFor();
    await page.getByText('Приём показаний открыт до 25 окт. 2026 г. включительно.').waitFor();
    // On a phone the sections are behind the header's menu button.
    await page.getByRole('button', { name: 'Меню' }).click();
    expect(await page.getByRole('link', { name: 'Счётчики' }).getAttribute('href')).toBe('/meters');
    await page.getByRole('button', { name: 'Меню' }).click();
    expect(await checkScreen(page, 'meters')).toEqual([]);

    // 40 m³ against an average of 5.5: more than three times.
    await page.getByLabel('Показание, м³').fill('151');
    await page.getByRole('button', { name: 'Передать' }).click();
    await page.getByText('Показания за октябрь 2026 г. приняты.').waitFor();
    await page.getByText('Расход больше чем втрое выше среднего за полгода — проверьте показание.').waitFor();
    const [row] = await t.db.execute(
      sql`select values::float8[] as v, flags from meter_readings where meter_id = ${meterId} and period = '2026-10'`,
    );
    expect(row).toEqual({ v: [151], flags: ['high_consumption'] });

    // A decrease is refused with the reason, in the page's language.
    await page.getByLabel('Показание, м³').fill('90');
    await page.getByRole('button', { name: 'Передать' }).click();
    await page.getByText(/Меньше предыдущего \(111\)/).waitFor();

    await page.getByRole('button', { name: 'История' }).click();
    await page.getByRole('img', { name: 'Расход по месяцам: Холодная вода' }).waitFor();
    expect(await page.locator('figure.chart rect').count()).toBe(4);
    expect(await checkScreen(page, 'meters-history')).toEqual([]);

    // Asking for a second apartment: found by address, then apartment and personal account.
    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).fill('баумана 12');
    await page.getByRole('list', { name: 'Найденные дома' }).getByRole('button', { name: c.building.address }).click();
    await page.getByText(`Выбран дом: ${c.building.address}`).waitFor();
    await page.getByLabel('Квартира', { exact: true }).fill('44');
    await page.getByLabel('Лицевой счёт (из квитанции)').fill('4400');
    await page.getByRole('button', { name: 'Отправить заявку' }).click();
    await page.getByText('Заявка отправлена. Управляющая компания проверит лицевой счёт и подтвердит.').waitFor();
    await page.getByRole('heading', { name: `${c.building.address}, квартира 44` }).waitFor();
    await page.getByText('ждёт подтверждения').waitFor();
    const [asked] = await t.db.execute(
      sql`select l.status, l.evidence from apartment_links l join apartments a on a.id = l.apartment_id where a.number = '44' and l.user_id = ${c.users.resident.id}`,
    );
    expect(asked).toEqual({ status: 'pending', evidence: '4400' });
  });

  it('the management company confirms a resident’s link and imports a file with a per-line report', async () => {
    const browser = await signedInBrowser(t, c.users.orgStaff.id);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/housing/readings`);
    await page.getByText(`${c.building.address}, квартира 43`).waitFor();
    // The resident gave 1234567; the apartment's account is 4300.
    await page.getByText('не совпадает').waitFor();
    expect(await page.getByRole('link', { name: 'Скачать XLSX' }).getAttribute('href')).toMatch(/format=xlsx/);
    expect(await checkScreen(page, 'housing-readings')).toEqual([]);
    const item = (n: string) => page.getByRole('listitem').filter({ hasText: `${c.building.address}, квартира ${n}` });
    await item('43').getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText(`${c.building.address}, 43: Подтверждено.`).waitFor();
    // The other request (apartment 44, from the first test) is rejected with a reason.
    await item('44').getByLabel('Причина отказа').fill('Лицевой счёт оформлен на другого собственника');
    await item('44').getByRole('button', { name: 'Отклонить' }).click();
    await page.getByText('Новых заявок нет.').waitFor();
    const [rejected] = await t.db.execute(
      sql`select l.status, l.note from apartment_links l join apartments a on a.id = l.apartment_id where a.number = '44'`,
    );
    expect(rejected).toEqual({ status: 'rejected', note: 'Лицевой счёт оформлен на другого собственника' });
    const [link] = await t.db.execute(
      sql`select status, decided_by::int as by from apartment_links where id = ${pendingLink}`,
    );
    expect(link).toEqual({ status: 'confirmed', by: c.users.orgStaff.id });

    // An upload: one line taken, one refused with its line number and reason.
    await page.getByLabel('Файл CSV').setInputFiles({
      name: 'october.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('serial;value1\nКВ-42;160\nНЕТ-1;5\n'),
    });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('За октябрь 2026 г.: получено 2, принято 1 (из них исправлено 1), отклонено 1.').waitFor();
    await page.getByRole('cell', { name: 'нет такого счётчика в ваших домах' }).waitFor();
    const [row] = await t.db.execute(
      sql`select values::float8[] as v, source from meter_readings where meter_id = ${meterId} and period = '2026-10'`,
    );
    expect(row).toEqual({ v: [160], source: 'import' });
  });
});
