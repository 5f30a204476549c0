import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { outageCity } from '../helpers/outages.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

const TITLE = 'Проект планировки квартала у Кремлёвской набережной';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The organiser draws a territory and announces the discussion; a visitor finds it on the map and reads its page. */
describe('web app: public discussions', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let organiser: TestBrowser;
  let visitor: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await outageCity(t.db);
    organiser = await signedInBrowser(t, c.users.orgSupervisor.id);
    visitor = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await organiser?.close();
    await visitor?.close();
    await t?.close();
  });

  async function clickCorners(page: Page, corners: [number, number][]) {
    const map = page.getByTestId('territory-draw-map');
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    const box = (await map.boundingBox())!;
    for (const [dx, dy] of corners) {
      await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
      await page.waitForTimeout(150);
    }
  }

  it('the organiser draws a territory with a hole, attaches a document and announces; a visitor sees it on the map and its page', async () => {
    const page = await organiser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/discussions/new`);
    await page.getByRole('heading', { name: 'Новое обсуждение' }).waitFor();
    await page.getByLabel('Название (рус.)').fill(TITLE);
    await page.getByLabel('Место и часы экспозиции').fill('ул. Баумана, 2, каб. 101, пн–пт 9:00–18:00');
    await page.getByTestId('territory-draw-map').waitFor();
    await clickCorners(page, [
      [-120, -100],
      [120, -100],
      [120, 100],
      [-120, 100],
    ]);
    await page.getByRole('button', { name: 'Завершить контур' }).click();
    await page.getByText('Контуров: 1').waitFor();
    await page.getByRole('button', { name: 'Добавить вырез' }).click();
    await clickCorners(page, [
      [-30, -30],
      [30, -30],
      [0, 30],
    ]);
    await page.getByRole('button', { name: 'Завершить вырез' }).click();
    expect(await checkScreen(page, 'discussion-new')).toEqual([]);
    await page.getByRole('button', { name: 'Создать черновик' }).click();
    await page.waitForURL(/\/discussions\/\d+\/edit$/);
    const id = Number(/\/discussions\/(\d+)\/edit$/.exec(page.url())?.[1]);
    await page.getByRole('heading', { name: /Подготовка обсуждения/ }).waitFor();
    // The dates came from the law's defaults: a week's notice.
    await expect.poll(() => page.getByLabel('Оповещение', { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [row] = await t.db.execute<{ holes: number }>(
      sql`select jsonb_array_length(territory->'areas'->0->'holes') as holes from discussions where id = ${id}`,
    );
    expect(row.holes).toBe(1);

    await page.getByLabel('Название документа').fill('Основная часть проекта');
    await page
      .getByLabel('Файл: PDF, PNG или JPEG')
      .setInputFiles({ name: 'project.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Приложить документ' }).click();
    await page.getByRole('link', { name: 'Основная часть проекта' }).waitFor();
    expect(await checkScreen(page, 'discussion-edit')).toEqual([]);
    await page.getByRole('button', { name: 'Опубликовать оповещение' }).click();
    await page.waitForURL(new RegExp(`/discussions/${id}$`));
    await page.getByTestId('discussion-status').filter({ hasText: 'оповещение опубликовано' }).waitFor();
    expect(organiser.pageErrors).toEqual([]);

    const list = await visitor.context.newPage();
    list.setDefaultTimeout(10_000);
    for (const width of [390, 1366]) {
      await list.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await list.goto(`${base}/discussions?municipality=${c.city.code}`);
      await list.getByRole('button', { name: 'Скоро' }).click();
      await list.getByRole('link', { name: TITLE }).waitFor();
      await list.locator('.leaflet-container path.leaflet-interactive, .leaflet-container canvas').first().waitFor();
      expect(await checkScreen(list, `discussions-${width}`)).toEqual([]);
      await list.getByRole('link', { name: TITLE }).click();
      await list.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await list.getByRole('link', { name: 'Основная часть проекта' }).waitFor();
      await list.getByTestId('discussion-stages').getByText('сейчас').waitFor();
      expect(await checkScreen(list, `discussion-${width}`)).toEqual([]);
    }
    const download = await list.request.get(`${base}/api/discussions/${id}/documents/${await documentId(id)}`);
    expect(download.status()).toBe(200);
    expect(visitor.pageErrors).toEqual([]);
  });

  const documentId = async (discussionId: number) =>
    (
      await t.db.execute<{ id: string }>(
        sql`select id from discussion_documents where discussion_id = ${discussionId} limit 1`,
      )
    )[0].id;
});
