import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';
import { contextAt } from '../helpers/context.ts';

/** The resident's notification settings in a real browser, down to the messages written after. */
describe('web app: notification settings', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    await t.db.execute(
      sql`update user_personal set email = 'petrov@example.org' where user_id = ${c.users.resident.id}`,
    );
    browser = await signedInBrowser(t, c.users.resident.id);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('switches off e-mail for status changes and picks English; the next status change writes no e-mail', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/settings/notifications`);
    const email = page.getByRole('checkbox', { name: 'Статус моих обращений и тех, за которыми слежу: Эл. почта' });
    await email.waitFor();
    expect(await email.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Исполнитель просит уточнить: SMS' }).isChecked()).toBe(true);
    await email.uncheck();
    // Each language of messages is offered in itself, Tatar among them.
    expect(await page.getByLabel('Язык сообщений').locator('option').allTextContents()).toEqual([
      'Русский',
      'English',
      'Татарча',
    ]);
    await page.getByLabel('Язык сообщений').selectOption('en');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено.').waitFor();

    // The page sends every switch; the one turned off is the only change from the defaults.
    const get = await t.app.inject({
      method: 'GET',
      url: '/api/me/notification-preferences',
      headers: await t.signIn(c.users.resident.id),
    });
    expect(get.json().kinds).toEqual([
      { kind: 'status_changed', channels: { sms: false, email: false, push: true } },
      { kind: 'info_requested', channels: { sms: true, email: true, push: true } },
      { kind: 'resolved', channels: { sms: true, email: true, push: true } },
      { kind: 'outage_published', channels: { sms: false, email: true, push: true } },
      { kind: 'outage_changed', channels: { sms: false, email: true, push: true } },
      { kind: 'outage_restored', channels: { sms: false, email: true, push: true } },
      { kind: 'reading_reminder', channels: { sms: false, email: true, push: true } },
      { kind: 'apartment_link', channels: { sms: false, email: true, push: true } },
      { kind: 'appointment', channels: { sms: true, email: true, push: true } },
      { kind: 'discussion', channels: { sms: false, email: true, push: true } },
    ]);
    const [{ language }] = await t.db.execute<{ language: string }>(
      sql`select language from users where id = ${c.users.resident.id}`,
    );
    expect(language).toBe('en');

    // Filed and routed: the status change reaches nobody by e-mail now.
    const day = new Date('2026-05-12T09:00:00Z');
    t.setNow(day);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша' },
    });
    await routeAppeal(contextAt(t, day), filed.json().id);
    const rows = await t.db.execute<{ channel: string }>(
      sql`select channel from notification_outbox where appeal_id = ${filed.json().id} and user_id = ${c.users.resident.id}`,
    );
    expect(rows).toEqual([]);
    await page.close();
  });

  it('lists where the resident is signed in and ends the session of a lost phone from this computer', async () => {
    const resident = c.users.otherResident.id;
    const here = await signedInBrowser(t, resident);
    try {
      const phone = await t.signIn(resident);
      await t.db.execute(
        sql`update sessions set user_agent = 'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
            where token_hash = ${t.app.hashSessionToken(phone.cookie.split('=')[1])}`,
      );
      const page = await here.context.newPage();
      page.setDefaultTimeout(8000);
      await page.goto(`${base}/settings/notifications`);
      const list = page.getByRole('region', { name: 'Где выполнен вход' });
      await list.getByText('Chrome · Android').waitFor();
      expect(await list.getByRole('listitem').count()).toBe(2);
      expect(await list.getByRole('listitem').filter({ hasText: 'Это устройство' }).count()).toBe(1);
      expect(await checkScreen(page, 'settings-sessions')).toEqual([]);

      await list.getByRole('button', { name: 'Завершить сеанс: Chrome · Android' }).click();
      await page.getByText('Сеанс завершён.').waitFor();
      expect(await list.getByRole('listitem').count()).toBe(1);
      // The phone is signed out; this computer is not.
      expect((await t.app.inject({ url: '/api/auth/session', headers: phone })).statusCode).toBe(401);
      await page.reload();
      await list.getByText('Это устройство').waitFor();
      await page.close();
    } finally {
      await here.close();
    }
  });
});
