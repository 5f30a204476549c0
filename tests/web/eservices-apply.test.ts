import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * A resident applies for a municipal service on a phone (390 px), end to end: finds it in the
 * catalogue, reads it, fills the form (the draft kept on the server over a reload), attaches a PDF,
 * submits, is told the field the API refused next to it, then gets the number and the due day, and
 * finds the application in "my applications".
 */
describe('web app: applying for a municipal service on a phone', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let resident: TestBrowser;
  let service: { id: number };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await smallCity(t.db);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    await eserviceMakers(t.db).service(c.city.id, c.roads.id, {
      code: 'ARCHIVE1',
      name: { ru: 'Архивная справка', en: 'Archive certificate', tt: 'Архив белешмәсе' },
      resultKind: 'certificate',
      termDays: 30,
      termUnit: 'calendar_days',
    });
    resident = await signedInBrowser(t, c.users.resident.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await resident?.close();
    await t?.close();
  });

  const layoutOf = async (page: Page, name: string) => checkScreen(page, `eservices-${name}-390`);

  it('finds the service, fills the form, attaches a PDF, submits and sees the number and the due day', async () => {
    const page = await resident.context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];

    await page.goto(`${t.baseUrl}/services`);
    await page.getByRole('link', { name: 'Архивная справка' }).waitFor();
    problems.push(...(await layoutOf(page, 'catalogue')));
    await page.getByRole('searchbox', { name: 'Найти услугу' }).fill('градостроительный');
    await expect.poll(() => page.getByRole('link', { name: 'Архивная справка' }).count()).toBe(0);
    const card = page.getByRole('listitem').filter({ hasText: 'Градостроительный план' });
    await expect.poll(() => card.textContent()).toContain('14 рабочих дней');
    await card.getByRole('link').click();

    await page.getByRole('heading', { level: 1, name: 'Градостроительный план земельного участка' }).waitFor();
    await page.getByText('Физическое лицо, Индивидуальный предприниматель, Юридическое лицо').waitFor();
    await page.getByText('Подготовка проекта').waitFor();
    problems.push(...(await layoutOf(page, 'service')));
    await page.getByRole('link', { name: 'Подать заявление' }).click();

    // The applicant: a person by default; the draft is made on leaving this step.
    await page.getByRole('heading', { name: 'Заявитель' }).waitFor();
    problems.push(...(await layoutOf(page, 'apply-applicant')));
    await expect.poll(() => page.getByRole('radio', { name: 'Физическое лицо' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Далее' }).click();

    await page.getByRole('heading', { name: 'Сведения' }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('draft')).toMatch(/^\d+$/);
    // A cadastral number not as the register writes it: refused with its reason beside it, the rest saved.
    const cadastral = page.getByLabel('Кадастровый номер');
    await cadastral.fill('16:50:11');
    await page.getByLabel('Площадь, м²').fill('600');
    await page.getByLabel('Назначение').selectOption({ label: 'Жилой дом' });
    await page.locator('#field-cadastral-problem').getByText('Неверный формат').waitFor();
    await expect.poll(() => cadastral.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Черновик сохранён').waitFor();
    problems.push(...(await layoutOf(page, 'apply-form')));
    // A reload keeps the draft: it is on the server (without the refused answer).
    await page.reload();
    await page.getByRole('heading', { name: 'Сведения' }).waitFor();
    await expect.poll(() => page.getByLabel('Площадь, м²').inputValue()).toBe('600');
    await expect.poll(() => page.getByLabel('Назначение').inputValue()).toBe('house');
    await page.getByRole('button', { name: 'Далее' }).click();

    await page.getByRole('heading', { name: 'Документы' }).waitFor();
    await page.getByText('PDF, JPEG, PNG или WebP; файл — до 20 МБ').waitFor();
    await page.getByLabel('Приложить: Паспорт').setInputFiles({
      name: 'паспорт.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Паспорт'),
    });
    await page.getByRole('link', { name: 'паспорт.pdf' }).waitFor();
    problems.push(...(await layoutOf(page, 'apply-documents')));
    await page.getByRole('button', { name: 'Далее' }).click();

    await page.getByRole('heading', { name: 'Проверка и отправка' }).waitFor();
    problems.push(...(await layoutOf(page, 'apply-review')));
    await page.getByRole('button', { name: 'Подать заявление' }).click();
    // The required number is missing: back at the form, the reason next to the field.
    await page.getByRole('heading', { name: 'Сведения' }).waitFor();
    await expect.poll(() => cadastral.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#field-cadastral-problem').waitFor();
    await cadastral.fill('16:50:011105:12');
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('heading', { name: 'Документы' }).waitFor();
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('heading', { name: 'Проверка и отправка' }).waitFor();
    await page.getByText('16:50:011105:12').waitFor();
    await page.getByRole('button', { name: 'Подать заявление' }).click();

    await page.getByRole('heading', { name: 'Заявление подано' }).waitFor();
    const number = (await page.locator('.done .number').textContent())?.trim() ?? '';
    expect(number).not.toBe('');
    await page.getByText('Ответ — не позже').waitFor();
    problems.push(...(await layoutOf(page, 'apply-done')));

    await page.getByRole('link', { name: 'Мои заявления' }).click();
    const row = page.getByRole('listitem').filter({ hasText: number });
    await row.getByText('Подано').first().waitFor();
    await row.getByText('Проверка документов').waitFor();
    await row.getByText('в срок').waitFor();
    problems.push(...(await layoutOf(page, 'mine')));
    await row.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await page.getByRole('region', { name: 'История заявления' }).getByText('Заявление подано').waitFor();
    problems.push(...(await layoutOf(page, 'application')));

    expect(problems).toEqual([]);
    expect(resident.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('signs a visitor in with a one-time code inside the flow, then takes an organisation with its INN checked', async () => {
    const visitor = await launchBrowser({ phone: true });
    try {
      const page = await visitor.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/services?municipality=${c.city.code}`);
      await page.getByRole('link', { name: 'Градостроительный план земельного участка' }).click();
      await page.getByRole('link', { name: 'Подать заявление' }).click();
      await page.getByRole('heading', { name: 'Войдите, чтобы подать заявление' }).waitFor();
      expect(await layoutOf(page, 'apply-sign-in')).toEqual([]);
      const [{ phone }] = await t.db.execute<{ phone: string }>(
        sql`select phone from user_personal where user_id = ${c.users.otherResident.id}`,
      );
      await page.getByLabel('Телефон или эл. почта').fill(phone);
      await page.getByRole('button', { name: 'Получить код' }).click();
      await page.getByText('Код отправлен').waitFor();
      const [{ body }] = await t.db.execute<{ body: string }>(
        sql`select body from notification_outbox where destination = ${phone} order by id desc limit 1`,
      );
      await page.getByLabel('Код из сообщения').fill(/\d{6}/.exec(body)?.[0] as string);
      await page.getByRole('button', { name: 'Войти' }).click();

      await page.getByRole('heading', { name: 'Заявитель' }).waitFor();
      await page.getByRole('radio', { name: 'Юридическое лицо' }).check();
      await page.getByLabel('Наименование организации').fill('ООО «Казанский дом»');
      await page.getByLabel('ИНН').fill('12345');
      await page.getByRole('button', { name: 'Далее' }).click();
      await expect.poll(() => page.getByLabel('ИНН').getAttribute('aria-invalid')).toBe('true');
      await page.locator('#org-inn-problem').waitFor();
      expect(await layoutOf(page, 'apply-inn')).toEqual([]);
      await page.getByLabel('ИНН').fill('1655000000');
      await page.getByRole('button', { name: 'Далее' }).click();
      await page.getByRole('heading', { name: 'Сведения' }).waitFor();
      expect(visitor.pageErrors).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 90_000);

  it('shows the catalogue in Tatar', async () => {
    const page = await resident.context.newPage();
    await page.goto(`${t.baseUrl}/services`);
    await page.getByRole('button', { name: 'Татарча' }).click();
    await page.getByRole('link', { name: 'Җир кишәрлегенең шәһәр төзелеше планы' }).waitFor();
    await page.getByText('14 эш көне').waitFor();
    expect(await layoutOf(page, 'catalogue-tt')).toEqual([]);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.close();
  }, 60_000);

  it('withdraws an application after asking to confirm', async () => {
    const applied = await eserviceCalls(t).submitted(c.users.resident.id, service.id);
    const page = await resident.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/applications/${applied.id}`);
    await page.getByRole('button', { name: 'Отозвать заявление' }).click();
    const confirm = page.getByRole('group', { name: /Отозвать заявление\?/ });
    await confirm.getByLabel('Причина (необязательно)').fill('Подам позже с другими документами');
    expect(await layoutOf(page, 'withdraw-confirm')).toEqual([]);
    await confirm.getByRole('button', { name: 'Да, отозвать' }).click();
    await page.locator('header .badge').getByText('Отозвано').waitFor();
    await page.getByRole('region', { name: 'История заявления' }).getByText('Заявление отозвано').waitFor();
    expect(await page.getByRole('button', { name: 'Отозвать заявление' }).count()).toBe(0);
    expect(resident.pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
