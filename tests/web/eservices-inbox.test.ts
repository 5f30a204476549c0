import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * The department works an application on a desktop (1366 px): finds it in its inbox, takes it,
 * advances it, is told plainly when someone else changed it meanwhile, asks for documents, which the
 * applicant gives on their phone, issues the result with its file and delivers it, and the applicant
 * downloads it. The asked organisation answers an inter-agency request from its own queue.
 */
describe('web app: the department’s inbox and an application worked to its result', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let clerk: TestBrowser;
  let resident: TestBrowser;
  let clerkId: number;
  let supplierStaffId: number;
  let service: { id: number };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    clerkId = (
      await c.make.user(c.city.id, {
        role: 'org_staff',
        organisationId: c.roads.id,
        login: `clerk-${c.city.id}`,
        fullName: 'Иванова Мария Петровна',
      })
    ).id;
    const supplier = await c.make.organisation(c.city.id, {
      kind: 'resource_supplier',
      nameRu: 'Водоканал',
      nameEn: 'Water utility',
    });
    supplierStaffId = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: supplier.id, login: `water-${c.city.id}` })
    ).id;
    clerk = await signedInBrowser(t, clerkId);
    resident = await signedInBrowser(t, c.users.resident.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await clerk?.close();
    await resident?.close();
    await t?.close();
  });

  const desktop = async (browser: TestBrowser) => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    return page;
  };
  const actions = (page: Page) => page.getByRole('region', { name: 'Что можно сделать' });
  const takeStep = async (page: Page, step: string, note?: string) => {
    await actions(page).getByRole('button', { name: step }).click();
    const form = actions(page).locator('form');
    if (note) await form.getByLabel(/Комментарий/).fill(note);
    await form.getByRole('button', { name: step }).click();
  };
  const history = (page: Page) => page.getByRole('region', { name: 'История заявления' });

  it('takes, advances, asks for documents, gets them, issues the result and delivers it', async () => {
    const submitted = await api.submitted(c.users.resident.id, service.id);
    const number = submitted.number as string;
    const problems: string[] = [];

    const page = await desktop(clerk);
    await page.goto(`${t.baseUrl}/applications/inbox`);
    const row = page.getByRole('row').filter({ hasText: number });
    await row.getByText('в срок').waitFor();
    await row.getByText('1. Проверка документов').waitFor();
    problems.push(...(await checkScreen(page, 'eservices-inbox-1366')));
    // A filter by term state narrows the list by the API.
    await page.getByLabel('Срок').selectOption({ label: 'срок нарушен' });
    await page.getByText('Заявлений по этому отбору нет.').waitFor();
    await page.getByLabel('Срок').selectOption({ label: 'Любой срок' });
    await row.getByRole('link', { name: number }).click();

    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await takeStep(page, 'Взять в работу');
    await history(page).getByText('Взято в работу').waitFor();
    await history(page).getByText('Иванова Мария Петровна').first().waitFor();
    await takeStep(page, 'На следующий этап', 'Документы в порядке');
    await page.locator('.stepper li[aria-current="step"]').getByText('Подготовка проекта').waitFor();
    problems.push(...(await checkScreen(page, 'eservices-application-staff-1366')));

    // Someone else takes a step meanwhile: the clerk's next step is refused as stale and the page shows the latest.
    const fresh = (await api.call(clerkId, 'GET', `/api/applications/${submitted.id}`)).json();
    const behind = await api.call(clerkId, 'POST', `/api/applications/${submitted.id}/steps`, {
      step: 'take',
      version: fresh.version,
      note: 'Взяла с другого компьютера',
    });
    expect(behind.statusCode, behind.body).toBe(200);
    await takeStep(page, 'Запросить документы', 'Приложите схему участка');
    await page.getByRole('alert').getByText('Заявление изменилось, пока вы его читали').waitFor();
    await history(page).getByText('Взяла с другого компьютера').waitFor();
    // The form keeps the note: sent again, it goes with the version just read.
    await actions(page).locator('form').getByRole('button', { name: 'Запросить документы' }).click();
    await page.locator('header .badge').getByText('Нужны документы').waitFor();

    // The applicant answers on their phone.
    const phone = await resident.context.newPage();
    phone.setDefaultTimeout(15_000);
    await phone.goto(`${t.baseUrl}/applications/${submitted.id}`);
    const asked = phone.getByRole('region', { name: 'Ведомство просит документы' });
    await asked.getByText('Приложите схему участка').waitFor();
    problems.push(...(await checkScreen(phone, 'eservices-answer-390')));
    await asked.getByLabel('Приложить: Схема участка').setInputFiles({
      name: 'схема.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Схема'),
    });
    await asked.getByRole('link', { name: 'схема.pdf' }).waitFor();
    await asked.getByLabel('Что вы прикладываете').fill('Схема участка с границами');
    await asked.getByRole('button', { name: 'Отправить документы' }).click();
    await history(phone).getByText('Документы представлены').waitFor();
    await phone.locator('header .badge').getByText('Рассматривается').waitFor();

    // The clerk issues the result with its file and delivers it.
    await page.reload();
    await history(page).getByText('Документы представлены').waitFor();
    await actions(page).getByRole('button', { name: 'Выдать результат' }).click();
    const form = actions(page).locator('form');
    await form.getByLabel('Файл результата').setInputFiles({
      name: 'ГПЗУ.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('ГПЗУ'),
    });
    await form.getByRole('radio', { name: 'в личный кабинет' }).check();
    await form.getByRole('button', { name: 'Выдать результат' }).click();
    await page.locator('header .badge').getByText('Результат готов').waitFor();
    await takeStep(page, 'Направить электронно');
    await page.locator('header .badge').getByText('Выдано').waitFor();

    // The applicant's page hears of it and offers the result to download.
    await phone.getByRole('link', { name: 'Скачать ГПЗУ.pdf' }).waitFor();
    await phone.locator('header .badge').getByText('Выдано').waitFor();
    problems.push(...(await checkScreen(phone, 'eservices-result-390')));

    expect(problems).toEqual([]);
    expect(clerk.pageErrors).toEqual([]);
    expect(resident.pageErrors).toEqual([]);
    await phone.close();
    await page.close();
  }, 150_000);

  it('sends an inter-agency request that the asked organisation answers from its queue', async () => {
    const submitted = await api.submitted(c.users.resident.id, service.id);
    const page = await desktop(clerk);
    await page.goto(`${t.baseUrl}/applications/${submitted.id}`);
    await takeStep(page, 'Взять в работу');
    await history(page).getByText('Взято в работу').waitFor();
    await actions(page).getByRole('button', { name: 'Межведомственный запрос' }).click();
    const form = actions(page).locator('form');
    await form.getByLabel('Организация').selectOption({ label: 'Водоканал' });
    await form.getByLabel('Вопрос').fill('Есть ли на участке сети водоснабжения?');
    await form.getByRole('button', { name: 'Отправить' }).click();
    await history(page).getByText('Отправлен межведомственный запрос').waitFor();

    const water = await signedInBrowser(t, supplierStaffId);
    try {
      const queue = await desktop(water);
      await queue.goto(`${t.baseUrl}/interagency`);
      const item = queue.getByRole('listitem').filter({ hasText: submitted.number });
      await item.getByText('Есть ли на участке сети водоснабжения?').waitFor();
      const problems = await checkScreen(queue, 'eservices-interagency-1366');
      await item.getByRole('button', { name: 'Ответ' }).click();
      await item.getByRole('radio', { name: 'Согласовать' }).check();
      await item.getByLabel('Комментарий (обязательно)').fill('Сетей нет, согласовано');
      await item.getByRole('button', { name: 'Отправить' }).click();
      await item.getByText('согласовано', { exact: true }).waitFor();
      expect(problems).toEqual([]);
      expect(water.pageErrors).toEqual([]);
    } finally {
      await water.close();
    }
    await page.reload();
    await history(page).getByText('Получен ответ на межведомственный запрос').waitFor();
    await page.close();
  }, 120_000);

  it('marks a paper result ready (the applicant told where to collect it), hands it over, and refuses another on a ground', async () => {
    const paper = await api.submitted(c.users.resident.id, service.id);
    const page = await desktop(clerk);
    await page.goto(`${t.baseUrl}/applications/${paper.id}`);
    await takeStep(page, 'Взять в работу');
    await history(page).getByText('Взято в работу').waitFor();
    await actions(page).getByRole('button', { name: 'Результат готов (на бумаге)' }).click();
    const form = actions(page).locator('form');
    await form.getByRole('radio', { name: 'заберёт лично' }).check();
    await form.getByRole('button', { name: 'Результат готов (на бумаге)' }).click();
    await page.locator('header .badge').getByText('Результат готов').waitFor();

    const phone = await resident.context.newPage();
    phone.setDefaultTimeout(15_000);
    await phone.goto(`${t.baseUrl}/applications/${paper.id}`);
    await phone.getByRole('region', { name: 'Результат' }).getByText('ул. Баумана, 1, окно 5').waitFor();
    expect(await checkScreen(phone, 'eservices-collect-390')).toEqual([]);

    await takeStep(page, 'Выдан заявителю');
    await page.locator('header .badge').getByText('Выдано').waitFor();
    await phone.locator('header .badge').getByText('Выдано').waitFor();

    const refused = await api.submitted(c.users.resident.id, service.id);
    await page.goto(`${t.baseUrl}/applications/${refused.id}`);
    await actions(page).getByRole('button', { name: 'Отказать' }).click();
    const refusal = actions(page).locator('form');
    await refusal.getByLabel('Основание отказа').selectOption({ label: 'Участок не образован' });
    await refusal.getByLabel(/Комментарий/).fill('Участок не поставлен на кадастровый учёт');
    await refusal.getByRole('button', { name: 'Отказать' }).click();
    await page.locator('header .badge').getByText('Отказ').waitFor();
    await phone.goto(`${t.baseUrl}/applications/${refused.id}`);
    await phone.getByText('Участок не образован').waitFor();
    await phone.getByText('Участок не поставлен на кадастровый учёт').first().waitFor();
    expect(clerk.pageErrors).toEqual([]);
    expect(resident.pageErrors).toEqual([]);
    await phone.close();
    await page.close();
  }, 120_000);
});
