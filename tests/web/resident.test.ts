import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { jpegWithGps } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * The resident's journey in a real browser: sign in with a code, file an appeal with a photo from
 * the building on the map, and watch it move live while the organisation works it over the API.
 */
describe('web app: the resident files an appeal and follows it live', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const staffAct = async (id: number, body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: await t.signIn(c.users.orgStaff.id),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('signs in with a code, files with a photo, sees the organisation’s work arrive and confirms', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    const [{ phone }] = await t.db.execute<{ phone: string }>(
      sql`select phone from user_personal where user_id = ${c.users.resident.id}`,
    );

    await page.goto(
      `${base}/signin?municipality=${c.city.code}&next=${encodeURIComponent(`/appeals/new?building=${c.building.id}`)}`,
    );
    await page.getByLabel('Телефон или эл. почта').waitFor();
    expect(await checkScreen(page, 'sign-in')).toEqual([]);
    await page.getByLabel('Телефон или эл. почта').fill(phone);
    await page.getByRole('button', { name: 'Получить код' }).click();
    await page.getByText('Код отправлен').waitFor();
    // No SMS gateway here: the code is in the dev outbox, as an admin would read it.
    const [{ body }] = await t.db.execute<{ body: string }>(
      sql`select body from notification_outbox where destination = ${phone} order by id desc limit 1`,
    );
    const code = /\d{6}/.exec(body)?.[0] as string;
    await page.getByLabel('Код из сообщения').fill(code);
    await page.getByRole('button', { name: 'Войти' }).click();

    await page.waitForURL(/\/appeals\/new\?/, { waitUntil: 'commit' });
    // The building came with the link: the flow opens at the topic; the apartment is one step back.
    await page.locator('#step-title').getByText('Что случилось').waitFor();
    await page.getByText('ул. Баумана, д. 12').waitFor();
    await page.getByRole('button', { name: 'Назад' }).click();
    await page.getByLabel('Квартира').fill('57');
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('button', { name: /^Дом и подъезд/ }).click();
    await page.getByRole('button', { name: 'Протекает кровля' }).click();
    await page.getByLabel('Опишите проблему').fill('Течёт крыша над кухней, на потолке пятно');
    const photo = path.join(t.dataDir, 'roof.jpg');
    writeFileSync(photo, await jpegWithGps(3));
    await page.getByLabel('Сфотографировать или выбрать фото').setInputFiles(photo);
    await page.getByRole('img', { name: 'Фото 1' }).waitFor();
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByText('Квартира: 57').waitFor();
    expect(await checkScreen(page, 'file-appeal')).toEqual([]);
    await page.getByRole('button', { name: 'Отправить обращение' }).click();

    await page.waitForURL(/\/appeals\/[A-Z0-9]+-\d{4}-\d+$/, { waitUntil: 'commit' });
    const number = page.url().split('/').pop() as string;
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    const [{ id }] = await t.db.execute<{ id: number }>(sql`select id from appeals where number = ${number}`);
    expect(await page.locator('.photos img').count()).toBe(1);
    await page.getByText('Обновляется само').waitFor();

    // The organisation works it through the API; the page follows without a reload.
    await routeAppeal(contextAt(t, new Date()), Number(id));
    await page.locator('.facts').getByText('Передано исполнителю').waitFor();
    await staffAct(Number(id), { action: 'accept' });
    await page.locator('.facts').getByText('В работе').waitFor();
    await staffAct(Number(id), { action: 'resolve', note: 'Кровлю над кв. 57 залатали' });
    await page.locator('.facts').getByText('Решено').waitFor();
    await page.getByText('Кровлю над кв. 57 залатали').waitFor();
    expect(await checkScreen(page, 'appeal-resolved')).toEqual([]);

    await page.getByRole('button', { name: 'Подтвердить решение' }).click();
    await page.getByLabel('Оценка').selectOption('5');
    await page.locator('form').getByRole('button', { name: 'Подтвердить решение' }).click();
    await page.locator('.facts').getByText('Закрыто').waitFor();

    await page.goto(`${base}/appeals`);
    await page.getByRole('link', { name: number }).waitFor();
    expect(await checkScreen(page, 'my-appeals')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps an appeal that is not yours from you', async () => {
    const page = await browser.context.newPage();
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.otherResident.id),
      payload: { categoryId: c.privateCategory.id, buildingId: c.building.id, description: 'Соседи шумят по ночам' },
    });
    expect(other.statusCode).toBe(201);
    await page.goto(`${base}/appeals/${other.json().number}`);
    await page.getByText('Обращение не найдено или недоступно вам.').waitFor();
    await page.close();
  });
});
