import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { contextAt } from '../helpers/context.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/*
 * The admin's Open311 clients in a real browser (issue 18): a client is created, its key shown once
 * and copied, the key files a report through Open311, and the admin revokes it with a reason.
 */
describe('web app: the admin’s Open311 clients', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  let admin: TestBrowser;
  let phone: TestBrowser;
  let issuedKey = '';

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    admin = await signedInBrowser(t, c.users.admin.id);
    phone = await signedInBrowser(t, c.users.admin.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await admin?.close();
    await phone?.close();
    await t?.close();
  });

  const fileWith = (key: string) =>
    fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        jurisdiction_id: c.city.code,
        service_code: 'pothole',
        lat: '55.78',
        long: '49.11',
        description: 'Яма у пешеходного перехода',
      }),
    });

  it('creates a client, shows its key once with a copy button, and the key files through Open311', async () => {
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await admin.context.newPage();
    page.setDefaultTimeout(8000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'Клиенты Open311' }).click();
    await page.waitForURL(`${base}/admin/api-clients`);
    await page.getByRole('heading', { level: 1, name: 'Клиенты Open311' }).waitFor();
    await page.getByText('Клиентов пока нет.').waitFor();

    await page.getByLabel('Название').fill('Мобильное приложение «Казань 311»');
    await page.getByLabel('Контакт разработчика').fill('dev@kazan311.example.org');
    await page.getByLabel('Обращений в минуту').fill('20');
    await page.getByRole('button', { name: 'Создать и выдать ключ' }).click();
    const issued = page.getByRole('region', { name: /Ключ API/ });
    await issued.waitFor();
    const key = await issued.getByRole('textbox', { name: 'Ключ' }).inputValue();
    expect(key).toMatch(/^otk_[\w-]{43}$/);
    issuedKey = key;
    await issued.getByRole('button', { name: 'Копировать' }).click();
    await issued.getByRole('button', { name: 'Скопировано' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    await page.getByRole('heading', { level: 2, name: 'Мобильное приложение «Казань 311»', exact: true }).waitFor();
    expect(await checkScreen(page, 'admin-api-clients-key-1366')).toEqual([]);

    // The key is nowhere else: once dismissed, the page shows its prefix only.
    await issued.getByRole('button', { name: 'Ключ сохранён' }).click();
    await issued.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);
    await page.getByText(`${key.slice(0, 10)}…`).waitFor();

    const filed = await fileWith(key);
    expect(filed.status).toBe(200);
    await page.reload();
    await page.getByText('подано обращений: 1').waitFor();
    await page.close();
  });

  it('revokes a key with its reason, after which the key is refused; fits a phone', async () => {
    const [{ key_prefix: prefix }] = await t.db.execute<{ key_prefix: string }>(
      sql`select key_prefix from api_clients where municipality_id = ${c.city.id}`,
    );
    const page = await phone.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/api-clients`);
    const card = page.getByRole('listitem').filter({ hasText: prefix });
    await card.getByRole('button', { name: 'Отозвать ключ' }).click();
    await card.getByLabel('Причина отзыва').fill('Ключ попал в открытый репозиторий');
    expect(await checkScreen(page, 'admin-api-clients-revoke-390')).toEqual([]);
    await card.getByRole('button', { name: 'Отозвать', exact: true }).click();
    await page.getByText('Ключ отозван: следующие запросы с ним будут отклонены.').waitFor();
    await card.getByText('Ключ попал в открытый репозиторий').waitFor();
    // The badge and the revocation's line.
    await expect.poll(() => card.getByText('Отозван', { exact: true }).count()).toBe(2);
    expect(await checkScreen(page, 'admin-api-clients-390')).toEqual([]);
    const [{ revoked }] = await t.db.execute<{ revoked: boolean }>(
      sql`select revoked_at is not null as revoked from api_clients where key_prefix = ${prefix}`,
    );
    expect(revoked).toBe(true);
    expect((await fileWith(issuedKey)).status).toBe(403);
    await page.close();
  });

  it('shows the page in English', async () => {
    const page = await admin.context.newPage();
    await admin.context.addCookies([{ name: 'otklik_lang', value: 'en', url: base }]);
    await page.goto(`${base}/admin/api-clients`);
    await page.getByRole('heading', { level: 1, name: 'Open311 clients' }).waitFor();
    await page.getByRole('button', { name: 'Create and issue a key' }).waitFor();
    await page.locator('.badge', { hasText: 'Revoked' }).waitFor();
    await page.close();
  });

  it('shows the company’s staff who reported an appeal filed through Open311, and through which client', async () => {
    const { key } = await interopMakers(t.db).apiClient(c.city.id, { name: 'Городской колл-центр 311' });
    const filed = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        jurisdiction_id: c.city.code,
        service_code: 'roof_leak',
        address_id: String(c.building.id),
        description: 'Протекает потолок на последнем этаже',
        first_name: 'Айгуль',
        last_name: 'Закирова',
        phone: '+79270005566',
        account_id: 'acct-311-9',
        'attribute[apartment]': '72',
      }),
    });
    expect(filed.status).toBe(200);
    const [{ service_request_id: number }] = (await filed.json()) as { service_request_id: string }[];
    const [{ id }] = await t.db.execute<{ id: number }>(sql`select id::int from appeals where number = ${number}`);
    await routeAppeal(contextAt(t, new Date()), id);
    const staff = await signedInBrowser(t, c.users.orgStaff.id);
    try {
      const page = await staff.context.newPage();
      page.setDefaultTimeout(8000);
      await page.goto(`${base}/appeals/${id}`);
      const panel = page.getByTestId('appeal-author');
      await panel.getByText('Open311: Городской колл-центр 311').waitFor();
      await panel.getByText('Айгуль Закирова').waitFor();
      await panel.getByRole('link', { name: '+79270005566' }).waitFor();
      await panel.getByText('72', { exact: true }).waitFor();
      await panel.getByText('acct-311-9').waitFor();
    } finally {
      await staff.close();
    }
  });
});
