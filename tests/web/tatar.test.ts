import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** A resident of Kazan reads the app in Tatar, on a phone, from the map to a filed appeal. */
describe('web app: in Tatar', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    browser = await signedInBrowser(t, c.users.resident.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('switches to Tatar, shows the building and the filing form in it, and answers a short description in Tatar', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/?municipality=${c.city.code}`);
    const languages = page.getByRole('group', { name: 'Язык интерфейса' });
    expect(await languages.getByRole('button').allTextContents()).toEqual(['Русский', 'English', 'Татарча']);
    await languages.getByRole('button', { name: 'Татарча' }).click();
    await page.getByRole('searchbox', { name: 'Йортны адрес буенча табу' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('tt');
    // The switch names itself in the language now chosen and marks that language as pressed.
    const switched = page.getByRole('group', { name: 'Интерфейс теле' });
    expect(await switched.getByRole('button', { name: 'Татарча' }).getAttribute('aria-pressed')).toBe('true');

    // The server renders the choice from the cookie, and the building page speaks Tatar.
    await page.goto(`${base}/buildings/${c.building.id}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('tt');
    await page.getByRole('heading', { level: 1, name: 'ул. Баумана, д. 12' }).waitFor();
    const facts = await page
      .locator('article.passport dl > div')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.querySelector('dt')?.textContent}: ${row.querySelector('dd')?.textContent}`),
      );
    expect(facts).toEqual(expect.arrayContaining(['Төзелгән елы: 1978', 'Катлар: 9', 'Лифтлар: мәгълүмат юк']));
    await page.getByText('Ачык мөрәҗәгатьләр юк.').waitFor();
    expect(await checkScreen(page, 'tt-building')).toEqual([]);

    await page.goto(`${base}/appeals/new?building=${c.building.id}`);
    await page.getByRole('heading', { level: 1, name: 'Проблема турында хәбәр итү' }).waitFor();
    await page.locator('#step-title').getByText('Нәрсә булды').waitFor();
    await page.getByText('ул. Баумана, д. 12').waitFor();
    await page.getByRole('button', { name: 'Артка' }).click();
    await page.getByLabel('Фатир').fill('57');
    expect(await checkScreen(page, 'tt-file-place')).toEqual([]);
    await page.getByRole('button', { name: 'Алга' }).click();
    // Categories carry Russian and English names only: Tatar shows the Russian one.
    await page.getByRole('button', { name: /^Йорт һәм подъезд/ }).click();
    await page.getByRole('button', { name: 'Протекает кровля' }).click();
    await page.getByLabel('Проблеманы тасвирлагыз').fill('Ага');
    await page.getByRole('button', { name: 'Алга' }).click();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/appeals') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Мөрәҗәгатьне җибәрү' }).click();
    const problem = await refused;
    expect(problem.status()).toBe(400);
    expect(await problem.json()).toMatchObject({
      code: 'request.invalid',
      detail: 'Сорау мәгълүматларында хата.',
      errors: [{ field: 'body.description', reason: 'проблеманы тасвирлагыз (кимендә 5 символ)' }],
    });
    await page
      .getByRole('alert')
      .getByText('Мөрәҗәгать җибәрелмәде. проблеманы тасвирлагыз (кимендә 5 символ)')
      .waitFor();
    expect(await checkScreen(page, 'tt-file-appeal')).toEqual([]);

    // Back to the description, where the refusal is written under the field.
    await page.getByRole('button', { name: /^Үзгәртү[:\s]+Проблеманы тасвирлагыз$/ }).click();
    await page.getByText('проблеманы тасвирлагыз (кимендә 5 символ)').waitFor();
    await page.getByLabel('Проблеманы тасвирлагыз').fill('Кухня өстендә түбә ага, түшәмдә тап');
    await page.getByRole('button', { name: 'Алга' }).click();
    await page.getByRole('button', { name: 'Мөрәҗәгатьне җибәрү' }).click();
    await page.waitForURL(/\/appeals\/[A-Z0-9]+-\d{4}-\d+$/, { waitUntil: 'commit' });
    const number = page.url().split('/').pop() as string;
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await page.getByText('Үзе яңара').waitFor();
    await page.getByText('Мөрәҗәгать бирелде').first().waitFor();
    expect(await checkScreen(page, 'tt-appeal')).toEqual([]);
    const [{ description }] = await t.db.execute<{ description: string }>(
      sql`select description from appeals where number = ${number}`,
    );
    expect(description).toBe('Кухня өстендә түбә ага, түшәмдә тап');
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
