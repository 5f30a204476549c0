import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCitizens } from '../../api/identity/stand-in.ts';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { checkScreen } from '../helpers/screens.ts';

/**
 * "Войти через Госуслуги" in a browser: the button on the sign-in screen reaches a real local
 * OpenID Connect provider (the demo's stand-in with its citizens), a citizen is chosen there, and
 * the person comes back signed in; their settings show what was verified, and they unlink it. A
 * refusal at the provider comes back to the sign-in screen with its reason.
 */
describe('web app: signing in with Gosuslugi', () => {
  let t: TestApp;
  let op: TestProvider;
  let city: Awaited<ReturnType<typeof smallCity>>;
  const [alsu] = demoCitizens;

  beforeAll(async () => {
    // The app first (its port names the callback), then the provider that knows that callback.
    t = await startTestApp({
      web: true,
      listen: true,
      env: { OIDC_ISSUER_URL: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'x' },
    });
    city = await smallCity(t.db);
    // The demo citizen's registration building, in this test's city.
    await city.make.building(city.city.id, city.district.id, {
      street: 'ул. Баумана',
      house: '3',
      lon: 49.092,
      lat: 55.7826,
    });
    const callback = `${t.baseUrl}/api/identity/callback`;
    op = await startTestProvider(demoCitizens, { redirectUri: callback });
    Object.assign(t.config, op.env, { OIDC_REDIRECT_URI: callback });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  it('signs a visitor in through the provider and shows the verified data on their settings (390 and 1366 px)', async () => {
    const browser = await launchBrowser({ phone: true });
    const problems: string[] = [];
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/signin?municipality=${city.city.code}&next=/settings/notifications`);
      const button = page.getByRole('link', { name: 'Войти через Госуслуги' });
      await button.waitFor();
      problems.push(...(await checkScreen(page, 'identity-signin-390')));
      await button.click();
      await page.getByRole('heading', { name: 'Демо-стенд Госуслуг' }).waitFor();
      await page.getByText('Это не Госуслуги.').waitFor();
      await page.screenshot({ path: 'tests/.artifacts/screenshots/identity-stand-in-390.png', fullPage: true });
      await page.getByRole('button', { name: /Галиева Алсу Ринатовна/ }).click();

      await page.waitForURL(`${t.baseUrl}/settings/notifications`);
      const section = page.getByRole('region', { name: 'Подтверждённые данные (Госуслуги)' });
      await section.getByText('Галиева Алсу Ринатовна').waitFor();
      await section.getByRole('link', { name: 'ул. Баумана, д. 3' }).waitFor();
      await section.getByText(', кв. 14', { exact: true }).waitFor();
      await section.getByText('12 апр. 1986 г.').waitFor();
      problems.push(...(await checkScreen(page, 'identity-settings-390')));
      await page.setViewportSize({ width: 1366, height: 900 });
      problems.push(...(await checkScreen(page, 'identity-settings-1366')));

      const [identity] = await t.db
        .select()
        .from(s.verifiedIdentities)
        .where(eq(s.verifiedIdentities.subject, alsu.sub));
      expect(identity.registrationApartment).toBe('14');

      page.once('dialog', (dialog) => dialog.accept());
      await section.getByRole('button', { name: 'Отвязать Госуслуги' }).click();
      await section.getByText('Госуслуги отвязаны.').waitFor();
      await section.getByRole('link', { name: 'Подтвердить через Госуслуги' }).waitFor();
      expect(await t.db.select().from(s.verifiedIdentities).where(eq(s.verifiedIdentities.subject, alsu.sub))).toEqual(
        [],
      );
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('brings a refusal at the provider back to the sign-in screen with its reason (1366 px)', async () => {
    const browser = await launchBrowser();
    const problems: string[] = [];
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${t.baseUrl}/signin?municipality=${city.city.code}`);
      await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
      await page.getByRole('button', { name: /Отказать в доступе/ }).click();
      await page.getByRole('alert').getByText('Вход отменён на Госуслугах').waitFor();
      expect(new URL(page.url()).searchParams.get('identity_error')).toBe('identity.denied');
      problems.push(...(await checkScreen(page, 'identity-signin-denied-1366')));
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
