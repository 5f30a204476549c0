import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { signedInBrowser } from '../helpers/web.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';

/** The admin's page in a real browser: deadlines, the escalation ladder, routing rules, the dev outbox. */
describe('web app: administration of dispatch', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    browser = await signedInBrowser(t, c.users.admin.id);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('changes a deadline, the ladder and the routing rules, and shows the dev outbox', async () => {
    // A sign-in code requested on this installation lands in the dev outbox.
    const code = await fetch(`${base}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destination: '+79175550011', municipality: c.city.code }),
    });
    expect(code.status).toBe(202);

    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor();
    await page.getByText('+79175550011').waitFor();
    expect(await checkScreen(page, 'admin')).toEqual([]);

    // Emergencies: accept within 20 minutes instead of 30.
    await page.getByLabel('авария: Принять', { exact: true }).fill('20');
    await page.getByRole('group', { name: 'авария', exact: true }).getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('#sla-title ~ p.status').getByText('Сохранено.').waitFor();
    const [policy] = await t.db.execute<{ accept_duration: { amount: number; unit: string } }>(
      sql`select accept_duration from sla_policies where municipality_id = ${c.city.id} and category_id is null and priority = 'emergency'`,
    );
    expect(policy.accept_duration).toEqual({ amount: 20, unit: 'minutes' });

    // Low urgency: resolved on working time, 09:00–18:00.
    await page.getByLabel('низкий: Решить: календарь').selectOption('working');
    await page.getByLabel('низкий: Решить: с').fill('09:00');
    await page.getByLabel('низкий: Решить: до').fill('18:00');
    await page.getByRole('group', { name: 'низкий', exact: true }).getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('#sla-title ~ p.status').getByText('Сохранено.').waitFor();
    const [low] = await t.db.execute<{
      resolve_calendar: { kind: string; week: Record<string, { start: string; end: string }[]> };
    }>(
      sql`select resolve_calendar from sla_policies where municipality_id = ${c.city.id} and category_id is null and priority = 'low'`,
    );
    expect(low.resolve_calendar.kind).toBe('working_hours');
    expect(low.resolve_calendar.week.mon).toEqual([{ start: '09:00', end: '18:00' }]);

    // City hall hears of appeals from 100 % on, not only at 200 %.
    await page.getByLabel('100 %: сообщить в мэрию').check();
    await page
      .getByRole('region', { name: /Лестница эскалации/ })
      .getByRole('button', { name: 'Сохранить' })
      .click();
    await page
      .getByRole('region', { name: /Лестница эскалации/ })
      .getByText('Сохранено.')
      .waitFor();
    const [{ escalation_ladder: ladder }] = await t.db.execute<{ escalation_ladder: Record<string, string[]> }>(
      sql`select escalation_ladder from municipalities where id = ${c.city.id}`,
    );
    expect(ladder['100']).toEqual(expect.arrayContaining(['overdue_queue', 'warn_supervisor', 'notify_city_hall']));

    // Roof leaks go to the other management company.
    const rules = page.getByRole('region', { name: 'Правила распределения' });
    await rules.getByText('Правил нет').waitFor();
    await page.getByLabel('Тема', { exact: true }).selectOption({ label: 'Протекает кровля' });
    await page.getByLabel('Организация').selectOption({ label: 'УК «Другая»' });
    await page.getByLabel('Приоритет').fill('10');
    await page.getByRole('button', { name: 'Добавить правило' }).click();
    await rules.getByText('Протекает кровля → УК «Другая»').waitFor();
    const [rule] = await t.db.execute<{ target_org_id: number; priority: number }>(
      sql`select target_org_id, priority from routing_rules where municipality_id = ${c.city.id}`,
    );
    expect(rule).toEqual({ target_org_id: c.otherMc.id, priority: 10 });
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('lays the deadlines out as cards that fit the page on a wide screen and on a phone', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/admin`);
      await page.getByLabel('низкий: Решить', { exact: true }).waitFor();
      // Every field of every urgency inside the section's card (before: the table reached 2,425 px on a phone).
      const section = page.locator('section[aria-labelledby="sla-title"]');
      const edge = await section.boundingBox();
      const overflow: string[] = [];
      for (const control of await section.locator('input, select, button').all()) {
        const box = await control.boundingBox();
        if (box && box.x + box.width > edge!.x + edge!.width + 0.5)
          overflow.push((await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '?');
      }
      expect(overflow).toEqual([]);
      // A working-time calendar adds two fields; they stay inside too.
      await page.getByLabel('авария: Решить: календарь').selectOption('working');
      await page.getByLabel('авария: Решить: до').waitFor();
      const card = await page.locator('section[aria-labelledby="sla-title"]').boundingBox();
      const to = await page.getByLabel('авария: Решить: до').boundingBox();
      expect(to!.x + to!.width).toBeLessThanOrEqual(card!.x + card!.width);
      expect(await checkScreen(page, `admin-sla-${width}`)).toEqual([]);
    }
    await page.close();
  }, 60_000);

  it('adds a staff account and disables it, and refuses a duplicate login naming the field', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/directory`);
    await page.getByRole('heading', { level: 1, name: 'Справочники: люди, организации, темы' }).waitFor();
    await page.getByText('Петров Пётр').waitFor();
    expect(await checkScreen(page, 'admin-directory')).toEqual([]);
    await page.getByLabel('Роль', { exact: true }).selectOption('org_staff');
    await page.getByLabel('Организация', { exact: true }).selectOption({ label: 'Дороги' });
    await page.getByLabel('ФИО', { exact: true }).fill('Дорожкин Семён');
    await page.getByLabel('Логин', { exact: true }).fill('roads.semyon');
    await page.getByLabel('Пароль', { exact: true }).fill('длинный-пароль-2026');
    await page.getByRole('button', { name: 'Создать' }).click();
    const row = page.locator('.list li').filter({ hasText: 'Дорожкин Семён' });
    await row.waitFor();
    // Made a supervisor, given a new password (the old sessions end, as the API says).
    await row.getByRole('button', { name: 'Роль и пароль' }).click();
    await row.getByLabel('Роль', { exact: true }).selectOption('org_supervisor');
    await row.getByRole('button', { name: 'Сохранить' }).click();
    await row.locator('.badge', { hasText: 'руководитель организации' }).waitFor();
    await page.getByLabel('Новый пароль').fill('ещё-более-длинный-пароль-2027');
    await page.getByRole('button', { name: 'Задать пароль' }).click();
    await page.getByText('Сохранено.').waitFor();

    // Disabling asks first, naming the person; Escape leaves the account as it was.
    const disabledAt = async () =>
      (
        await t.db.execute<{ disabled_at: Date | null }>(
          sql`select disabled_at from users where login = 'roads.semyon'`,
        )
      )[0].disabled_at;
    await row.getByRole('button', { name: 'Отключить' }).click();
    const ask = page.getByRole('dialog', { name: 'Отключить учётную запись «Дорожкин Семён»?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Отмена' }).waitFor();
    // The safe answer has the focus.
    expect((await page.locator(':focus').textContent())?.trim()).toBe('Отмена');
    expect(await checkScreen(page, 'admin-disable-confirm')).toEqual([]);
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await disabledAt()).toBeNull();
    await row.getByRole('button', { name: 'Отключить' }).click();
    await ask.getByRole('button', { name: 'Да, отключить' }).click();
    await row.getByText('отключён').waitFor();
    expect(await disabledAt()).not.toBeNull();
    // The same login again: the API's problem names the field, shown beside it.
    await page.getByLabel('ФИО', { exact: true }).fill('Другой Семён');
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.locator('#u-login-error').waitFor();
    expect(await page.getByLabel('Логин', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('adds a building and changes its management company; a point outside the city is refused beside its field', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/directory`);
    await page.getByRole('button', { name: 'Дома' }).click();
    await page.getByRole('link', { name: 'ул. Баумана, д. 12' }).waitFor();
    expect(await checkScreen(page, 'admin-buildings')).toEqual([]);
    await page.getByLabel('Улица', { exact: true }).fill('ул. Кремлёвская');
    await page.getByLabel('Дом', { exact: true }).fill('18');
    await page.getByLabel('Широта', { exact: true }).fill('10');
    await page.getByLabel('Долгота', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.locator('#b-lat[aria-invalid="true"]').waitFor();
    await page.getByLabel('Широта', { exact: true }).fill('55.7901');
    await page.getByLabel('Долгота', { exact: true }).fill('49.1201');
    await page.getByLabel('Этажей', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Создать' }).click();
    const row = page.locator('.list li').filter({ hasText: 'ул. Кремлёвская, д. 18' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Сменить УК' }).click();
    await row.getByRole('combobox').selectOption({ label: 'УК «Другая»' });
    await page.getByText('Сохранено.').waitFor();
    await row.getByText('УК «Другая»').waitFor();

    // The message was the buildings'; on another tab it is gone, and it does not come back.
    await page.getByRole('button', { name: 'Организации' }).click();
    await page.locator('.list li').filter({ hasText: 'Дороги' }).waitFor();
    expect(await page.getByText('Сохранено.').count()).toBe(0);
    await page.getByRole('button', { name: 'Дома' }).click();
    await row.waitFor();
    expect(await page.getByText('Сохранено.').count()).toBe(0);
    const [b] = await t.db.execute<{ management_company_id: number; floors: number }>(
      sql`select management_company_id, floors from buildings where street = 'ул. Кремлёвская'`,
    );
    expect(b).toEqual({ management_company_id: c.otherMc.id, floors: 5 });
    await page.close();
  }, 60_000);

  it('edits an organisation and a topic', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/directory`);
    await page.getByRole('button', { name: 'Организации' }).click();
    await page.locator('.list li').filter({ hasText: 'Дороги' }).getByRole('button', { name: 'Изменить' }).click();
    await page.getByRole('heading', { name: 'Изменение' }).waitFor();
    await page.getByLabel('Телефон', { exact: true }).fill('+7 843 222-11-00');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.list li').filter({ hasText: 'Дороги' }).getByText('+7 843 222-11-00').waitFor();
    await page.getByRole('button', { name: 'Темы обращений' }).click();
    await page
      .locator('.list li')
      .filter({ hasText: 'Яма на дороге' })
      .getByRole('button', { name: 'Изменить' })
      .click();
    await page.getByLabel('Название (рус.)', { exact: true }).fill('Яма или выбоина на дороге');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.list li').getByText('Яма или выбоина на дороге').waitFor();
    await page.close();
  }, 60_000);

  it('shows the city figures with their CSV exports', async () => {
    const roof = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над кухней' },
    });
    expect(roof.statusCode).toBe(201);
    const cityHall = await signedInBrowser(t, c.users.cityHall.id);
    const page = await cityHall.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Показатели города' }).waitFor();
    const totals = page.locator('dl.totals');
    await totals.getByText('Получено').waitFor();
    expect(
      Number((await totals.locator('div', { hasText: 'Получено' }).locator('dd').textContent())?.replace(/\s/g, '')),
    ).toBeGreaterThanOrEqual(1);
    await page.getByRole('region', { name: 'По неделям' }).getByRole('img').waitFor();
    await page.getByRole('region', { name: /Тепловая карта: 1 обращение/ }).waitFor();
    expect(await checkScreen(page, 'dashboard')).toEqual([]);
    await page.getByRole('button', { name: 'Район' }).click();
    await page.getByRole('rowheader', { name: 'Вахитовский' }).waitFor();
    const csv = await page.getByRole('link', { name: 'Скачать CSV' }).first().getAttribute('href');
    const answer = await fetch(`${base}${csv}`, { headers: { cookie: (await t.signIn(c.users.cityHall.id)).cookie } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await answer.text()).toContain('Вахитовский');
    expect(cityHall.pageErrors).toEqual([]);
    await cityHall.close();
  }, 60_000);

  it('is for admins only', async () => {
    const other = await signedInBrowser(t, c.users.dispatcher.id);
    const page = await other.context.newPage();
    await page.goto(`${base}/admin`);
    await page.getByText('Страница для администраторов муниципалитета.').waitFor();
    await other.close();
  });
});
