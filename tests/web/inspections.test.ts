import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistElementCodes } from '../../dispatch/inspections.ts';
import { hydrated } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps } from '../helpers/http.ts';
import { phoneBrowser } from '../helpers/inspections.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The inspector's walk round a building on a phone: score, a defect with a photo, a work appeal, completion. */
describe('web app: a seasonal inspection on a phone', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  const year =
    Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(new Date())) + 1;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    const planned = await t.app.inject({
      method: 'POST',
      url: '/api/inspections/plan',
      headers: await t.signIn(c.users.cityHall.id),
      payload: { year, season: 'spring', buildingIds: [c.building.id] },
    });
    expect(planned.json()).toMatchObject({ created: 1 });
  }, 180_000);
  afterAll(() => t?.close());

  /** The page fits the phone's width: nothing to scroll sideways. */
  const fitsWidth = (page: Page) =>
    page.evaluate(() => {
      // Runs in the page.
      const w = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
      return w.document.documentElement.scrollWidth <= w.innerWidth;
    });

  it('scores every element, records a defect with a camera photo, makes a work appeal of it and completes with the rating', async () => {
    const phone = await phoneBrowser(t, c.users.orgStaff.id);
    try {
      const page = await phone.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/inspections`);
      await page.getByRole('link', { name: 'ул. Баумана, д. 12' }).tap();
      await page.getByRole('heading', { level: 1, name: 'ул. Баумана, д. 12' }).waitFor();
      await page.getByRole('button', { name: 'Начать осмотр' }).tap();
      await page.getByTestId('inspection-status').getByText('Идёт').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      expect(await checkScreen(page, 'inspection-phone-start')).toEqual([]);

      // One card per element: roof 2, gas not in the building, the rest 4.
      for (const element of checklistElementCodes) {
        const card = page.locator(`[data-element="${element}"]`);
        if (element === 'gas') {
          await card.getByRole('radio', { name: 'Нет в доме' }).tap();
          await card.locator('.score.na.chosen').waitFor();
          continue;
        }
        const score = element === 'roof' ? 2 : 4;
        await card.locator(`.score[data-score="${score}"]`).tap();
        await card.locator(`.score.chosen[data-score="${score}"]`).waitFor();
      }
      const roofNote = page.locator('[data-element="roof"]').getByLabel('Заметка');
      await roofNote.fill('Протечки над 3 подъездом');
      await roofNote.blur();
      await expect
        .poll(async () => (await t.db.execute(sql`select note from inspection_scores where element = 'roof'`))[0]?.note)
        .toBe('Протечки над 3 подъездом');

      // A defect with a photo from the camera input.
      const photo = path.join(t.dataDir, 'roof-defect.jpg');
      writeFileSync(photo, await jpegWithGps(5));
      await page.getByLabel('Элемент').selectOption('roof');
      await page.getByRole('radio', { name: 'Значительный', exact: true }).check();
      await page.getByLabel('Описание').fill('Разрушено покрытие кровли над 3 подъездом');
      const camera = page.getByLabel('Фото (камера)');
      expect(await camera.getAttribute('capture')).toBe('environment');
      expect(await camera.getAttribute('accept')).toBe('image/*');
      await camera.setInputFiles(photo);
      await page.getByRole('button', { name: 'Сохранить дефект' }).tap();
      await page.getByText('Разрушено покрытие кровли над 3 подъездом', { exact: true }).waitFor();
      const image = page.getByRole('img', { name: /Кровля: Разрушено покрытие/ });
      await image.waitFor();
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() =>
          image.evaluate(
            (img) =>
              (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
              (img as unknown as { naturalWidth: number }).naturalWidth > 0,
          ),
        )
        .toBe(true);

      await page.getByRole('button', { name: 'Создать заявку на работы' }).tap();
      await page.getByRole('link', { name: /Заявка/ }).waitFor();
      const [defect] = await t.db.execute<{ appeal_id: string | null; author_id: string; category_id: number }>(
        sql`select d.appeal_id, a.author_id, a.category_id from inspection_defects d join appeals a on a.id = d.appeal_id`,
      );
      expect(defect).toMatchObject({ author_id: String(c.users.orgStaff.id), category_id: c.roof.id });
      const [copied] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from attachments where appeal_id = ${defect!.appeal_id}`,
      );
      expect(copied!.n).toBe(1);

      await page.getByLabel('Заключение').fill('Кровле нужен текущий ремонт');
      await page.getByRole('button', { name: 'Завершить осмотр' }).tap();
      // Roof (weight 2) at 2, gas not applicable, the rest (weight 12.5) at 4: 3.7.
      await page.getByTestId('rating').getByText('3,7 из 5').waitFor();
      await page.getByTestId('inspection-status').getByText('Завершён').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      expect(await checkScreen(page, 'inspection-phone-completed')).toEqual([]);

      // The building page shows the condition to anybody.
      await page.goto(`${base}/buildings/${c.building.id}`);
      await page.getByTestId('building-condition').getByText('3,7 из 5').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('lets city hall plan a season and see overdue inspections on the dashboard', async () => {
    const browser = await signedInBrowser(t, c.users.cityHall.id);
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/inspections/plan`);
      await page.getByRole('heading', { name: 'План сезонных осмотров' }).waitFor();
      await hydrated(page);
      await page.getByLabel('Год').selectOption(String(year));
      await page.getByRole('radio', { name: `Осенний осмотр ${year}` }).check();
      await page.getByRole('radio', { name: 'Все дома муниципалитета' }).check();
      expect(await checkScreen(page, 'inspection-plan')).toEqual([]);
      await page.getByRole('button', { name: 'Запланировать осмотры' }).click();
      await page.getByText(/Создано осмотров: 1; уже были в плане: 0/).waitFor();
      await page.getByRole('button', { name: 'Запланировать осмотры' }).click();
      await page.getByText(/Создано осмотров: 0; уже были в плане: 1/).waitFor();

      // Last year's spring inspection, never done: overdue on the dashboard.
      await t.db.execute(
        sql`insert into inspections (municipality_id, building_id, organisation_id, year, season, due_on, created_by)
            values (${c.city.id}, ${c.building.id}, ${c.mc.id}, ${year - 2}, 'spring', ${`${year - 2}-05-31`}, ${c.users.cityHall.id})`,
      );
      await page.goto(`${base}/dashboard`);
      const card = page.getByTestId('inspections-overview');
      await card.getByText('Просрочено осмотров: 1').waitFor();
      // A client-side move straight away, while the heat map is still fitting its cells: leaving it
      // must not throw inside Leaflet (`_leaflet_pos`; pageErrors is checked at the end).
      await card.getByRole('link', { name: 'ул. Баумана, д. 12' }).click();
      await page.waitForURL(/\/inspections\/\d+$/, { waitUntil: 'commit' });

      // City hall reads it (no scoring) and may cancel it with a reason.
      await page.getByTestId('inspection-status').getByText('Запланирован').waitFor();
      expect(await page.getByRole('button', { name: 'Начать осмотр' }).count()).toBe(0);
      expect(await checkScreen(page, 'inspection-city-hall')).toEqual([]);
      await page.getByText('Отменить осмотр').first().click();
      await page.getByLabel('Причина отмены').fill('Дом расселён');
      await page.getByRole('button', { name: 'Отменить осмотр' }).click();
      await page.getByTestId('inspection-status').getByText('Отменён').waitFor();
      const [cancelled] = await t.db.execute(sql`select status from inspections where year = ${year - 2}`);
      expect(cancelled).toEqual({ status: 'cancelled' });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
