import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellOf } from '../../dispatch/map.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';

describe('web app: home and building pages', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    // Builds the web app first when it is missing or stale.
    // Counted afresh on every request: the appeals placed by a test show at once.
    t = await startTestApp({ web: true, listen: true, map: { cacheMs: 0 } });
    base = t.baseUrl!;
    city = await smallCity(t.db);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let serial = 0;
  /**
   * Public appeals straight into the table, `count` of them on a small grid from (lon, lat); numbered
   * in a past year, so the appeals filed later keep theirs.
   */
  async function placeAppeals(o: { count: number; lon: number; lat: number; status: 'accepted' | 'resolved' }) {
    for (let i = 0; i < o.count; i++) {
      serial += 1;
      await t.db.execute(sql`
        insert into appeals (municipality_id, number, author_id, category_id, location, description, priority, status, channel, public)
        values (${city.city.id}, ${`${city.city.code}-2020-${String(serial).padStart(6, '0')}`}, ${city.users.resident.id},
          ${city.roof.id}, point(${o.lon + (i % 5) * 0.0008}::float8, ${o.lat + Math.floor(i / 5) * 0.0006}::float8),
          'Течёт крыша, Петров, +79171234567', 'normal', ${o.status}, 'web', true)`);
    }
  }

  const clusterCounts = async (page: Page) =>
    (await page.locator('.appeal-cluster').allTextContents()).map(Number).sort((a, b) => b - a);
  /** The popup's link by its name, and where it leads (path and query). */
  const popupLink = (page: Page, name: string) =>
    page.locator('.leaflet-popup-content').getByRole('link', { name, exact: true });

  it('opens on the city’s appeals counted in clusters, which split as the map zooms in', async () => {
    // Two groups a kilometre apart: one cell of the grid at the city's zoom (12), two cells at 13.
    const west = { lon: 49.089, lat: 55.799 };
    const east = { lon: 49.103, lat: 55.799 };
    expect(cellOf(west.lon, west.lat, 12)).toEqual(cellOf(east.lon + 0.0032, east.lat, 12));
    expect(cellOf(west.lon + 0.0032, west.lat, 13)).not.toEqual(cellOf(east.lon, east.lat, 13));
    await placeAppeals({ ...west, count: 20, status: 'accepted' });
    await placeAppeals({ ...east, count: 8, status: 'accepted' });
    await placeAppeals({ lon: east.lon, lat: east.lat + 0.0012, count: 2, status: 'resolved' });

    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/map/appeals')) requests.push(r.url());
    });
    await page.goto(`${base}/?municipality=${city.city.code}`);
    // The address box comes first, then the map with the city's appeals at city scale.
    const search = page.getByRole('searchbox', { name: 'Найти дом по адресу' });
    await search.waitFor();
    await page.getByText('Здесь 30 обращений жителей.').waitFor();
    expect(await clusterCounts(page)).toEqual([30]);
    // Counted by the server (clusters at city scale), not 30 dots sent to the phone.
    expect(new URL(requests.at(-1)!).searchParams.get('maxPoints')).toBe('0');
    expect(await page.getByText('Приблизьте карту').count()).toBe(0);
    const searchBox = await search.boundingBox();
    const mapBox = await page.locator('.leaflet-container').boundingBox();
    expect(searchBox!.y).toBeLessThan(mapBox!.y);
    expect(await checkScreen(page, 'home-390')).toEqual([]);

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => clusterCounts(page)).toEqual([20, 10]);
    await page.getByText('Здесь 30 обращений жителей.').waitFor();

    // A cluster is a button: Enter zooms in on it, down to the appeals one by one.
    await page.locator('.appeal-cluster').filter({ hasText: /^20$/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Здесь 20 обращений жителей.').waitFor();
    expect(await clusterCounts(page)).toEqual([]);
    expect(await page.content()).not.toContain('Петров');

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/?municipality=${city.city.code}`);
    await page.getByText(/Здесь \d+ обращени/).waitFor();
    await page.locator('.appeal-cluster').first().waitFor();
    expect(await checkScreen(page, 'home-1366')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('finds a building by a misspelt address, shows it on the map and opens the building’s page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Отклик');

    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).fill('бауманна 12');
    const result = page
      .getByRole('list', { name: 'Найденные дома' })
      .getByRole('button', { name: 'ул. Баумана, д. 12' });
    await result.click();

    // Tiles cannot load here (no tile server), yet the map, its marker and popup work.
    const popup = page.locator('.leaflet-popup-content');
    await popup.getByText('ул. Баумана, д. 12').waitFor();
    // Zoomed in to the building: the buildings in view came from GET /api/buildings?bbox=.
    await page.getByText(/На карте 1 дом\./).waitFor();
    expect(await checkScreen(page, 'home-map')).toEqual([]);
    // The link says what it opens: the building's page (its technical passport is one more step).
    expect(await popup.getByRole('link', { name: 'Паспорт дома' }).count()).toBe(0);
    await popup.getByRole('link', { name: 'Страница дома' }).click();

    await page.waitForURL(`${base}/buildings/${city.building.id}`);
    await page.getByRole('heading', { level: 1, name: 'ул. Баумана, д. 12' }).waitFor();
    expect(await page.locator('article.passport .kicker').textContent()).toBe('Страница дома');
    const passport = page.locator('article.passport');
    expect(await passport.textContent()).toContain('Вахитовский');
    expect(await passport.textContent()).toContain('УК «Уютный дом»');
    const facts = await passport
      .locator('dl > div')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.querySelector('dt')?.textContent}: ${row.querySelector('dd')?.textContent}`),
      );
    expect(facts).toEqual(expect.arrayContaining(['Год постройки: 1978', 'Этажей: 9', 'Лифтов: нет данных']));
    await page.getByText('Открытых обращений нет.').waitFor();
    await page.getByRole('link', { name: 'Сообщить о проблеме' }).first().waitFor();
    expect(await checkScreen(page, 'building-passport')).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('leaves the home page mid-zoom without an error from the map it takes down', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    const categories = page.getByRole('region', { name: 'О чём можно сообщить' });
    await categories.getByText('Яма на дороге').waitFor();
    // '+' on the focused map starts Leaflet's zoom animation; a topic's link leaves the page at once.
    await page.locator('.leaflet-container').first().focus();
    await page.keyboard.press('+');
    await categories.getByRole('link', { name: 'Яма на дороге' }).click();
    await page.waitForURL(/\/appeals\/new/, { waitUntil: 'commit' });
    // Past the animation's end (250 ms) and the map's removal after it.
    await page.waitForTimeout(800);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('can be searched with the keyboard alone', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).pressSequentially('баумана 12');
    await page.getByRole('status').filter({ hasText: 'Найден 1 дом' }).waitFor();
    await page.keyboard.press('ArrowDown');
    expect((await page.locator(':focus').textContent())?.trim()).toBe('ул. Баумана, д. 12');
    await page.keyboard.press('Enter');
    await page.locator('.leaflet-popup-content').getByText('ул. Баумана, д. 12').waitFor();
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('lists the categories by group; each starts filing with it, from the keyboard too', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    const categories = page.getByRole('region', { name: 'О чём можно сообщить' });
    await categories.getByText('Протекает кровля').waitFor();
    expect((await categories.locator('h3, li').allTextContents()).map((text) => text.trim())).toEqual([
      'Дом и подъезд',
      'Протекает кровля',
      'Шум от соседей',
      'Дороги',
      'Яма на дороге',
    ]);
    const pothole = categories.getByRole('link', { name: 'Яма на дороге' });
    expect(await pothole.getAttribute('href')).toBe(
      `/appeals/new?category=${city.pothole.id}&municipality=${city.city.code}`,
    );
    // From the address box, Tab reaches the topics (the map's controls on the way), Enter opens one.
    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).focus();
    const focused = () => page.locator(':focus').textContent();
    for (let i = 0; i < 40 && (await focused())?.trim() !== 'Яма на дороге'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/appeals/new?category=${city.pothole.id}&municipality=${city.city.code}`, {
      waitUntil: 'commit',
    });

    // With a building chosen in the search, the topics start filing there.
    await page.goto(`${base}/?municipality=${city.city.code}`);
    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).fill('баумана 12');
    await page.getByRole('button', { name: 'ул. Баумана, д. 12' }).click();
    await page.getByText('Место: ул. Баумана, д. 12').waitFor();
    const roof = categories.getByRole('link', { name: 'Протекает кровля' });
    expect(await roof.getAttribute('href')).toBe(
      `/appeals/new?category=${city.roof.id}&building=${city.building.id}&municipality=${city.city.code}`,
    );
    await page.getByRole('button', { name: 'Сбросить место' }).click();
    expect(await roof.getAttribute('href')).toBe(
      `/appeals/new?category=${city.roof.id}&municipality=${city.city.code}`,
    );
    await page.close();
  }, 60_000);

  it('says so when the house asked for does not exist, and suggests one that does', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    const search = page.getByRole('searchbox', { name: 'Найти дом по адресу' });
    expect(await search.getAttribute('placeholder')).toBe('Например, Баумана 1');
    // The street is there, house 99 is not: its neighbours are offered, but not as if they were it.
    await search.fill('Баумана 99');
    await page
      .getByRole('status')
      .filter({ hasText: 'Дом 99 не найден. Проверьте номер или выберите адрес ниже — или отметьте место на карте.' })
      .waitFor();
    await page.getByRole('button', { name: 'ул. Баумана, д. 12' }).waitFor();
    await search.fill('Баумана 12');
    await page.getByRole('status').filter({ hasText: 'Найден 1 дом' }).waitFor();
    // Nothing like it at all.
    await search.fill('Несуществующая 5');
    await page
      .getByRole('status')
      .filter({ hasText: 'Дом не найден. Проверьте улицу и номер дома — или отметьте место на карте.' })
      .waitFor();
    expect(await checkScreen(page, 'home-not-found')).toEqual([]);
    await page.close();
  });

  it('shows the public appeals map with its filters and no personal data', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(city.users.resident.id),
      payload: { categoryId: city.roof.id, buildingId: city.building.id, description: 'Течёт крыша, Петров, кв. 57' },
    });
    expect(filed.statusCode).toBe(201);
    const page = await browser.context.newPage();
    await page.goto(`${base}/map`);
    await page.getByRole('heading', { level: 1, name: 'Карта обращений' }).waitFor();
    // At city scale, counted in clusters as on the home page: the 30 placed and the one just filed.
    await page.getByText('В этой части карты 31 обращение.').waitFor();
    expect((await page.locator('.cluster').allTextContents()).map(Number).sort((a, b) => b - a)).toEqual([30, 1]);
    expect(await checkScreen(page, 'public-map')).toEqual([]);
    // Only roads: the roof leak leaves the map.
    await page.getByLabel('Тема').selectOption('roads');
    await page.getByText('В этой части карты 0 обращений.').waitFor();
    expect(await page.content()).not.toContain('Петров');
    await page.close();
  });

  it('offers to report a problem where the map is tapped, with the building there when it is one', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    const map = page.locator('.leaflet-container');
    await page.getByText(/Здесь \d+ обращени/).waitFor();
    await map.click({ position: { x: 60, y: 60 } });
    const here = popupLink(page, 'Сообщить о проблеме здесь');
    expect(await here.getAttribute('href')).toMatch(
      new RegExp(`^/appeals/new\\?lat=55\\.\\d{6}&lon=49\\.\\d{6}&municipality=${city.city.code}$`),
    );
    // The categories now start filing at that point.
    await page.getByText(/Место: точка на карте 55\.\d+, 49\.\d+/).waitFor();
    const pothole = page.getByRole('link', { name: 'Яма на дороге' });
    expect(await pothole.getAttribute('href')).toMatch(
      new RegExp(`^/appeals/new\\?category=${city.pothole.id}&lat=55\\.\\d{6}&lon=49\\.\\d{6}&municipality=`),
    );

    // From the keyboard: Enter on the focused map marks its centre.
    const tapHref = await here.getAttribute('href');
    await page.keyboard.press('Escape');
    await map.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => here.getAttribute('href')).not.toBe(tapHref);
    expect(await here.getAttribute('href')).toMatch(
      new RegExp(`^/appeals/new\\?lat=55\\.\\d{6}&lon=49\\.\\d{6}&municipality=${city.city.code}$`),
    );

    // Close to the building (at street scale, a few metres off its dot): the tap names it.
    await page.getByRole('searchbox', { name: 'Найти дом по адресу' }).fill('баумана 12');
    await page.getByRole('button', { name: 'ул. Баумана, д. 12' }).click();
    await page.getByText(/На карте 1 дом\./).waitFor();
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 + 18, y: box.height / 2 + 8 } });
    const link = popupLink(page, 'Сообщить о проблеме здесь');
    await expect
      .poll(() => link.getAttribute('href'))
      .toMatch(
        new RegExp(`^/appeals/new\\?building=${city.building.id}&lat=55\\.\\d{6}&lon=49\\.\\d{6}&municipality=`),
      );
    await page.locator('.leaflet-popup-content').getByText('ул. Баумана, д. 12').waitFor();
    await link.click();
    await page.waitForURL(new RegExp(`/appeals/new\\?building=${city.building.id}&lat=55\\.\\d+&lon=49\\.\\d+`), {
      waitUntil: 'commit',
    });
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('files a pothole at a point of the map, outside any building', async () => {
    const [name, value] = (await t.signIn(city.users.resident.id)).cookie.split('=');
    await browser.context.addCookies([{ name, value, url: base }]);
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    await page.locator('.leaflet-container').waitFor();
    await page.locator('.leaflet-container').click({ position: { x: 60, y: 60 } });
    await page.locator('.leaflet-popup-content').getByRole('link', { name: 'Сообщить о проблеме здесь' }).click();
    await page.getByText(/Точка на карте: 55\.\d+, 49\.\d+/).waitFor();
    // Only the categories that need no building are offered.
    await page.getByRole('button', { name: 'Яма на дороге' }).waitFor();
    expect(await page.getByRole('button', { name: 'Протекает кровля' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Яма на дороге' }).click();
    await page.getByLabel('Опишите проблему').fill('Глубокая яма у перехода');
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await page.waitForURL(/\/appeals\/[A-Z0-9]+-\d{4}-\d+$/, { waitUntil: 'commit' });
    await page.getByText('Глубокая яма у перехода').waitFor();
    await browser.context.clearCookies();
    await page.close();
  }, 60_000);

  it('says so when a building does not exist', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/buildings/999999`);
    await page.getByText('Такого дома нет').waitFor();
    await page.close();
  });

  it('switches to English and remembers the choice', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?municipality=${city.city.code}`);
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe('Отклик');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Otklik' }).waitFor();
    expect(await page.getByRole('searchbox').getAttribute('placeholder')).toBe('For example, Baumana 1');

    await page.reload();
    expect(await heading.textContent()).toBe('Otklik');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отклик' }).waitFor();
    await page.close();
  });

  it('serves the web app beside the API on one port; unknown API paths stay problem+json', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(await home.text()).toContain('<html lang="ru">');

    const unknownApi = await fetch(`${base}/api/no-such-thing`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const unknownPage = await fetch(`${base}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(unknownPage.status).toBe(404);
    expect(await unknownPage.text()).toContain('Страница не найдена');

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/categories?municipality=${city.city.code}`)).status).toBe(200);
  });
});
