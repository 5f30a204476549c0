import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { outageCity } from '../helpers/outages.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** A management company draws an outage on the map and publishes it; a resident sees it at home. */
describe('web app: outages', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let company: TestBrowser;
  let resident: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await outageCity(t.db);
    company = await signedInBrowser(t, c.users.orgStaff.id);
    resident = await signedInBrowser(t, c.users.resident.id);
  }, 240_000);
  afterAll(async () => {
    await company?.close();
    await resident?.close();
    await t?.close();
  });

  it('the company draws a polygon around its buildings, sees which it catches and publishes; the resident sees it on the building page and follows it instead of filing', async () => {
    const page = await company.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/outages/new`);
    await page.getByRole('heading', { name: 'Новое отключение' }).waitFor();
    await page.getByLabel('Услуга').selectOption('hot_water');
    await page.getByLabel('Причина').fill('Замена задвижки на вводе');
    // The map opens on the company's first building: draw a square around it, corner by corner.
    const map = page.getByTestId('outage-draw-map');
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    // The company's buildings are listed once loaded (the map then centres on them).
    await page.getByRole('radio', { name: 'Списком' }).check();
    await page.getByText('ул. Баумана, д. 14').waitFor();
    await page.getByRole('radio', { name: 'Обвести на карте' }).check();
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    const box = (await map.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (const [dx, dy] of [
      [-90, -80],
      [90, -80],
      [90, 80],
      [-90, 80],
      [0, 120],
    ]) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    await page.getByText('Точек: 5').waitFor();
    await page.getByRole('button', { name: 'Убрать последнюю точку' }).click();
    await page.getByText('Точек: 4').waitFor();
    await page.getByRole('button', { name: 'Показать дома' }).click();
    await expect.poll(() => page.getByTestId('caught').textContent()).toBe('В отключение попадут домов: 2');
    expect(await checkScreen(page, 'outage-publisher')).toEqual([]);
    await page.getByRole('button', { name: 'Опубликовать отключение' }).click();
    await page.waitForURL(/\/outages\/\d+$/);
    await page.getByRole('heading', { name: /Горячая вода: плановое/ }).waitFor();
    await page.getByText('Опубликовано').waitFor();
    expect(await checkScreen(page, 'outage-page')).toEqual([]);
    const id = Number(/\/outages\/(\d+)$/.exec(page.url())?.[1]);
    const [row] = await t.db.execute<{ n: number; area: string | null }>(
      sql`select (select count(*)::int from outage_buildings where outage_id = ${id}) as n, area::text from outages where id = ${id}`,
    );
    expect(row.n).toBe(2);
    expect(row.area).not.toBeNull();

    const home = await resident.context.newPage();
    home.setDefaultTimeout(10_000);
    await home.goto(`${base}/buildings/${c.building.id}`);
    const section = home.getByRole('region', { name: 'Отключения в доме' });
    await section.getByRole('link', { name: 'Горячая вода' }).waitFor();
    expect(await section.textContent()).toContain('Замена задвижки на вводе');
    expect(await checkScreen(home, 'building-outage')).toEqual([]);

    // About to file "no hot water", the resident is offered to follow the outage instead.
    await home.goto(`${base}/appeals/new?building=${c.building.id}`);
    await home.getByRole('searchbox', { name: 'Найти тему' }).fill('горячей');
    await home.getByRole('button', { name: 'Нет горячей воды' }).click();
    const notice = home.getByTestId('outage-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Замена задвижки на вводе');
    await notice.getByRole('button', { name: 'Следить за отключением вместо обращения' }).click();
    await notice.getByText('Вы следите за этим отключением').waitFor();
    expect(await checkScreen(home, 'filing-outage')).toEqual([]);
    const [follows] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from outage_followers where outage_id = ${id} and user_id = ${c.users.resident.id}`,
    );
    expect(follows.n).toBe(1);
    expect([...company.pageErrors, ...resident.pageErrors]).toEqual([]);
  });
});
