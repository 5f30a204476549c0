import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl!;
    city = await smallCity(t.db);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds a building by a misspelt address, shows it on the map and opens its passport', async () => {
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
    await page.getByText('На карте 1 дом.').waitFor();
    expect(await checkScreen(page, 'home-map')).toEqual([]);
    await popup.getByRole('link', { name: 'Паспорт дома' }).click();

    await page.waitForURL(`${base}/buildings/${city.building.id}`);
    await page.getByRole('heading', { level: 1, name: 'ул. Баумана, д. 12' }).waitFor();
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

  it('lists the appeal categories grouped by their group', async () => {
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
    await page.getByText(/В этой части карты \d+ обращени/).waitFor();
    expect(await checkScreen(page, 'public-map')).toEqual([]);
    // Only roads: the roof leak leaves the map.
    await page.getByLabel('Тема').selectOption('roads');
    await page.getByText('В этой части карты 0 обращений.').waitFor();
    expect(await page.content()).not.toContain('Петров');
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
  });

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
    expect(await page.getByRole('searchbox').getAttribute('placeholder')).toBe('For example, Baumana 12');

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
