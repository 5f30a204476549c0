import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers } from '../../jobs/workers.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { jpegWithGps } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * The whole journey of issue 5 in four real browsers at once, with the real job workers: a resident
 * files an appeal with a photo from the map; routing cannot place it (the building has no
 * management company on record), so it arrives live on the dispatcher's board; the dispatcher
 * hands it to the management company; it arrives live in the company's queue; the company accepts
 * and resolves it with a photo; the resident sees each step live and confirms; the city-hall
 * figures count it.
 */
describe('web app: the journey of an appeal across all its people', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const browsers: TestBrowser[] = [];
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true, workers: true });
    // Every worker of the platform, as api/main.ts runs them (routing, timers, notifications…).
    await startWorkers({ boss: t.boss, db: t.db, clock: () => new Date() });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    await c.make.building(c.city.id, c.district.id, {
      street: 'ул. Пушкина',
      house: '5',
      lon: 49.125,
      lat: 55.792,
      managementCompanyId: null,
    });
  }, 180_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await t?.close();
  });

  const open = async (userId: number) => {
    const browser = await signedInBrowser(t, userId);
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  it('goes from the resident’s map to the city-hall figures, live at every step', async () => {
    const figures = await open(c.users.cityHall.id);
    await figures.goto(`${base}/dashboard`);
    const received = figures.locator('dl.totals div', { hasText: 'Получено' }).locator('dd');
    await received.waitFor();
    const before = Number((await received.textContent())?.replace(/\s/g, ''));

    const board = await open(c.users.dispatcher.id);
    await board.goto(`${base}/board`);
    await board.getByText('Все обращения распределены.').waitFor();
    const queue = await open(c.users.orgStaff.id);
    await queue.goto(`${base}/queue`);
    await queue.getByText('В очереди пусто.').waitFor();
    await queue.getByRole('region', { name: 'Карта: 1 дом организации' }).waitFor();

    // The resident finds the building on the map and files from its popup.
    const resident = await open(c.users.resident.id);
    await resident.goto(`${base}/?municipality=${c.city.code}`);
    await resident.getByRole('searchbox', { name: 'Найти дом по адресу' }).fill('пушкина 5');
    await resident
      .getByRole('list', { name: 'Найденные дома' })
      .getByRole('button', { name: 'ул. Пушкина, д. 5' })
      .click();
    await resident.locator('.leaflet-popup-content').getByRole('link', { name: 'Сообщить о проблеме' }).click();
    await resident.getByRole('searchbox', { name: 'Найти тему' }).fill('кровля');
    await resident.getByRole('button', { name: 'Протекает кровля' }).click();
    await resident.getByLabel('Опишите проблему').fill('Течёт крыша над последним этажом');
    const photo = path.join(t.dataDir, 'leak.jpg');
    writeFileSync(photo, await jpegWithGps(5));
    await resident.getByLabel('Сфотографировать или выбрать фото').setInputFiles(photo);
    await resident.getByRole('img', { name: 'Фото 1' }).waitFor();
    await resident.getByRole('button', { name: 'Далее' }).click();
    await resident.getByRole('button', { name: 'Отправить обращение' }).click();
    await resident.waitForURL(/\/appeals\/[A-Z0-9]+-\d{4}-\d+$/, { waitUntil: 'commit' });
    const number = resident.url().split('/').pop() as string;
    await resident.getByText('Обновляется само').waitFor();

    // Routing (the worker) leaves it to the dispatcher, whose board shows it without a reload.
    await board.getByRole('link', { name: number }).waitFor();
    await board.getByText('У дома нет управляющей компании').waitFor();
    await board.getByRole('checkbox', { name: `Выбрать ${number}` }).check();
    await board.getByLabel('Передать организации').selectOption({ label: 'УК «Уютный дом»' });
    await board.getByLabel('Причина передачи').fill('Дом обслуживает «Уютный дом», в реестре не отмечено');
    await board.getByRole('button', { name: 'Передать выбранные (1)' }).click();
    await board.getByText('Передано: 1.').waitFor();
    await resident.locator('.facts').getByText('Передано исполнителю').waitFor();

    // The company's queue gets it live; its staff accept and resolve it with a photo.
    await queue.getByRole('link', { name: number }).click();
    await queue.getByRole('button', { name: 'Принять в работу' }).click();
    await queue.locator('form').getByRole('button', { name: 'Принять в работу' }).click();
    await resident.locator('.facts').getByText('В работе').waitFor();
    await queue.getByRole('button', { name: 'Отметить решённым' }).click();
    await queue.getByLabel('Текст').fill('Заменили два листа кровли');
    await queue.getByLabel('Фотографии (до 5)').setInputFiles(photo);
    await queue.locator('form').getByRole('button', { name: 'Отметить решённым' }).click();

    // The resident sees the fix arrive, with its photo, and confirms it.
    await resident.locator('.facts').getByText('Решено').waitFor();
    await resident.getByText('Заменили два листа кровли').waitFor();
    expect(await resident.locator('.timeline a[href^="/api/attachments/"]').count()).toBe(1);
    await resident.getByRole('button', { name: 'Подтвердить решение' }).click();
    await resident.getByLabel('Оценка').selectOption('5');
    await resident.locator('form').getByRole('button', { name: 'Подтвердить решение' }).click();
    await resident.locator('.facts').getByText('Закрыто').waitFor();

    // City hall's figures count it (a request catches the rollup up unless the minute job is at it
    // that moment, so give it a few reloads).
    let after = before;
    for (let i = 0; i < 20 && after === before; i++) {
      await figures.reload();
      await received.waitFor();
      after = Number((await received.textContent())?.replace(/\s/g, ''));
      if (after === before) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(after).toBe(before + 1);
    // In the breakdown by organisation (the league below names the company too).
    await figures
      .getByRole('region', { name: 'Разрез', exact: true })
      .first()
      .getByRole('rowheader', { name: 'УК «Уютный дом»' })
      .waitFor();

    for (const b of browsers) expect(b.pageErrors).toEqual([]);
  }, 120_000);
});
